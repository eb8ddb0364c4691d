package io.quiver.vector;

/**
 * A stored point as retrieval returns it.
 *
 * @param id      the point's id
 * @param vector  the stored vector (unit length for cosine collections), or null when not asked for
 * @param norm    the vector's length before cosine normalisation (1 for other metrics), so the
 *                original can be given back (Redis's VEMB)
 * @param payload the payload as JSON object text, or null when there is none or it was not asked for
 * @param vectors in a collection with a {@link VectorSchema}: every vector the point has, by space
 *                (asked for), else null; {@code vector} is then the unnamed one, or null
 */
public record PointRecord(PointId id, float[] vector, float norm, String payload, PointVectors vectors) {
    public PointRecord(PointId id, float[] vector, float norm, String payload) {
        this(id, vector, norm, payload, null);
    }
}
