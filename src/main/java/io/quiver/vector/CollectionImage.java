package io.quiver.vector;

/**
 * One shard part of a collection as of a snapshot's copy step: its config, its points (a copy of
 * references) and, when it has a graph, a handle to write the graph out later (see
 * {@link GraphImage} for why the graph is written in the background).
 *
 * @param graph null when the part has no graph (flat, or auto below its threshold, or empty)
 */
public record CollectionImage(CollectionConfig config, PointsImage points, GraphImage graph) {

    /** Releases the graph handle (cleanup may run again). Call once the snapshot is done, whatever became of it. */
    public void release() {
        if (graph != null) {
            graph.release();
        }
    }
}
