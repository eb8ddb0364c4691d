package io.quiver.vector;

/** A point of a collection with a {@link VectorSchema} as stored: what snapshots and re-sharding move. */
public record StoredPoint(PointId id, String payload, PointVectors vectors) {
}
