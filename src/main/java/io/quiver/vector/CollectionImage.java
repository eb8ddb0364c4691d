package io.quiver.vector;

/**
 * One shard part of a collection as of a snapshot's copy step: its config, its points (a copy of
 * references) and, when it has a graph, a copy of the graph's adjacency (references to jvector's
 * immutable neighbour lists; see {@link GraphImage}).
 *
 * @param graph null when the part has no graph (flat, or auto below its threshold, or empty)
 * @param payloadIndexes the part's payload indexes (specs; their contents are derived from the points)
 * @param stored for a collection with a {@link VectorSchema}: its points (then {@code points} and
 *               {@code graph} are null; the spaces' indexes are rebuilt when loaded), else null
 */
public record CollectionImage(CollectionConfig config, PointsImage points, GraphImage graph,
                              java.util.List<StoredPoint> stored, java.util.List<PayloadIndexSpec> payloadIndexes) {
    public CollectionImage(CollectionConfig config, PointsImage points, GraphImage graph) {
        this(config, points, graph, null, java.util.List.of());
    }

    public CollectionImage(CollectionConfig config, PointsImage points, GraphImage graph, java.util.List<StoredPoint> stored) {
        this(config, points, graph, stored, java.util.List.of());
    }

    /** How many points the image holds. */
    public int liveCount() {
        return stored != null ? stored.size() : points.liveCount();
    }
}
