package io.quiver.vector;

import io.github.jbellis.jvector.vector.VectorSimilarityFunction;

import java.util.Locale;

/**
 * How two vectors are compared, and what the {@code score} of a search hit means (as in Qdrant):
 * <ul>
 *   <li>{@link #COSINE}: cosine similarity in -1..1, <b>higher is better</b>. Vectors are normalised
 *       to unit length when stored (as Qdrant does), so cosine is computed as a dot product.</li>
 *   <li>{@link #DOT}: the dot product, <b>higher is better</b>; vectors are stored as given.</li>
 *   <li>{@link #EUCLIDEAN}: the euclidean (L2) distance, <b>lower is better</b>.</li>
 *   <li>{@link #MANHATTAN}: the Manhattan (L1) distance, <b>lower is better</b>. jvector has no L1
 *       similarity, so a Manhattan space is always searched exactly ({@link #graphable}).</li>
 * </ul>
 * Internally every index ranks by a "rank" value where higher is always better (the similarity, or
 * the negated squared distance), so merging code needs no per-metric branches; {@link #score}
 * turns a rank into the public score.
 */
public enum Metric {
    // Cosine vectors are stored at unit length (and queries prepared so), where the dot product is the
    // cosine: jvector's COSINE would recompute both norms in every comparison for the same ranking.
    COSINE("Cosine", VectorSimilarityFunction.DOT_PRODUCT),
    DOT("Dot", VectorSimilarityFunction.DOT_PRODUCT),
    EUCLIDEAN("Euclid", VectorSimilarityFunction.EUCLIDEAN),
    MANHATTAN("Manhattan", null);

    private final String qdrantName;
    private final VectorSimilarityFunction jvector;

    Metric(String qdrantName, VectorSimilarityFunction jvector) {
        this.qdrantName = qdrantName;
        this.jvector = jvector;
    }

    /** Qdrant's spelling: {@code Cosine}, {@code Dot}, {@code Euclid}. */
    public String qdrantName() {
        return qdrantName;
    }

    /** jvector's function. Cosine maps to jvector's DOT_PRODUCT: on the stored unit vectors it is the cosine. */
    public VectorSimilarityFunction jvectorFunction() {
        if (jvector == null) {
            throw new IllegalStateException(qdrantName + " has no jvector similarity: its spaces are searched exactly");
        }
        return jvector;
    }

    /** Whether a jvector graph (and its quantization) can index this metric; Manhattan's cannot. */
    public boolean graphable() {
        return jvector != null;
    }

    /** Whether a higher public score is better (cosine, dot) or a lower one (euclidean distance). */
    public boolean higherIsBetter() {
        return this != EUCLIDEAN && this != MANHATTAN;
    }

    /** The rank of stored vector {@code v} for query {@code q} (both prepared): higher is closer. */
    public float rank(VectorKernels k, float[] q, float[] v) {
        return switch (this) {
            case EUCLIDEAN -> -k.squareDistance(q, v);
            case MANHATTAN -> -k.manhattanDistance(q, v);
            default -> k.dot(q, v);
        };
    }

    /** The public score of a rank: the similarity, or the euclidean or Manhattan distance. */
    public float score(float rank) {
        return switch (this) {
            case EUCLIDEAN -> (float) Math.sqrt(-rank);
            case MANHATTAN -> -rank;
            default -> rank;
        };
    }

    /**
     * A vector as the index keeps it: a unit-length copy for cosine (a zero vector, which has no
     * direction, stays zeros: its similarity to every vector is 0, as in Qdrant and Redis), the vector
     * itself otherwise. The caller has checked it with {@link Vectors#check}.
     */
    public float[] prepare(float[] v) {
        if (this != COSINE) {
            return v;
        }
        double norm = Vectors.norm(v);
        if (norm == 0) {
            return v.clone();
        }
        float[] out = new float[v.length];
        for (int i = 0; i < v.length; i++) {
            out[i] = (float) (v[i] / norm);
        }
        return out;
    }

    /** Parses {@code cosine}/{@code dot}/{@code euclid}/{@code euclidean}/{@code l2}/{@code manhattan}/{@code l1}, any case. */
    public static Metric parse(String s) {
        return switch (s.toLowerCase(Locale.ROOT)) {
            case "cosine" -> COSINE;
            case "dot" -> DOT;
            case "euclid", "euclidean", "l2" -> EUCLIDEAN;
            case "manhattan", "l1" -> MANHATTAN;
            default -> throw new IllegalArgumentException("unknown distance '" + s + "': use Cosine, Dot, Euclid or Manhattan");
        };
    }
}
