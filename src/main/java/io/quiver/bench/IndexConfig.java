package io.quiver.bench;

import io.quiver.vector.CollectionConfig;
import io.quiver.vector.GraphParams;
import io.quiver.vector.IndexKind;
import io.quiver.vector.Metric;

/**
 * One index the benchmark builds: flat, or a graph with a max degree and a construction beam,
 * optionally compressed with product quantization, split over a number of shards.
 *
 * @param pqSubspaces PQ subspaces (bytes per vector of the codes); 0 = no compression
 */
record IndexConfig(IndexKind kind, int maxDegree, int efConstruct, int pqSubspaces, int shards) {

    static IndexConfig flat(int shards) {
        return new IndexConfig(IndexKind.FLAT, 0, 0, 0, shards);
    }

    static IndexConfig graph(int maxDegree, int efConstruct, int pqSubspaces, int shards) {
        return new IndexConfig(IndexKind.GRAPH, maxDegree, efConstruct, pqSubspaces, shards);
    }

    boolean isFlat() {
        return kind == IndexKind.FLAT;
    }

    /** The name in tables and plot legends: {@code flat s=2}, {@code graph M=32 efC=100 PQ32 s=1}. */
    String label() {
        if (isFlat()) {
            return "flat s=" + shards;
        }
        return "graph M=" + maxDegree + " efC=" + efConstruct + (pqSubspaces > 0 ? " PQ" + pqSubspaces : "") + " s=" + shards;
    }

    /** "none" or "pq32": the CSV's compression column. */
    String compression() {
        return pqSubspaces > 0 ? "pq" + pqSubspaces : "none";
    }

    /** The collection as the shards create it (euclidean: the data sets' metric). */
    CollectionConfig collection(String name, int dimension) {
        GraphParams graph = isFlat() ? GraphParams.DEFAULTS : GraphParams.DEFAULTS.withMaxDegree(maxDegree).withEfConstruct(efConstruct);
        return new CollectionConfig(name, dimension, Metric.EUCLIDEAN, kind, graph, 0);
    }
}
