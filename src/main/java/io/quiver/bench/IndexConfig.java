package io.quiver.bench;

import io.quiver.vector.CollectionConfig;
import io.quiver.vector.GraphParams;
import io.quiver.vector.IndexKind;
import io.quiver.vector.Metric;

/**
 * One index the benchmark builds: flat, or a graph with a max degree and a construction beam,
 * optionally compressed with product quantization, split over a number of shards.
 *
 * @param pqSubspaces PQ subspaces (bytes per vector of the codes); 0 = no compression; {@link #SQ8}: the
 *                    collection's int8 scalar quantization (Qdrant's {@code quantization_config.scalar})
 */
record IndexConfig(IndexKind kind, int maxDegree, int efConstruct, int pqSubspaces, int shards) {

    static final int SQ8 = -1;

    /** {@code --compression} words: none, pq (with {@code pq} subspaces), sq8. */
    static int compression(String word, int pq) {
        return switch (word) {
            case "none" -> 0;
            case "pq" -> pq;
            case "sq8" -> SQ8;
            default -> throw new IllegalArgumentException("--compression takes none, pq and sq8, not " + word);
        };
    }

    private static float quantile = 0.99f;

    /** Graph settings beyond degree and beam, and the metric: from the command line ({@link #tune}), the same for every index of a run. */
    private static GraphParams tuning = GraphParams.DEFAULTS;
    private static Metric metric = Metric.EUCLIDEAN;

    /** {@code --alpha}, {@code --overflow}, {@code --ef} (default search beam) and {@code --metric} (euclid, or cosine/dot for unit-vector data). */
    static void tune(BenchOptions o) {
        tuning = GraphParams.DEFAULTS.withAlpha((float) o.number("alpha", GraphParams.DEFAULTS.alpha()))
                .withNeighborOverflow((float) o.number("overflow", GraphParams.DEFAULTS.neighborOverflow()))
                .withSearchEf(o.integer("ef", GraphParams.DEFAULTS.searchEf()));
        metric = Metric.parse(o.get("metric", "euclid"));
        quantile = (float) o.number("quantile", 0.99);
    }

    static Metric metric() {
        return metric;
    }

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
        return "graph M=" + maxDegree + " efC=" + efConstruct + (pqSubspaces > 0 ? " PQ" + pqSubspaces : pqSubspaces == SQ8 ? " SQ8" : "") + " s=" + shards;
    }

    /** "none" or "pq32": the CSV's compression column. */
    String compression() {
        return pqSubspaces > 0 ? "pq" + pqSubspaces : pqSubspaces == SQ8 ? "sq8" : "none";
    }

    /**
     * The collection as the shards create it: euclidean, the data sets' metric, unless {@code --metric}
     * names another (the ground truth stays euclidean: right for cosine or dot on unit vectors only).
     */
    CollectionConfig collection(String name, int dimension) {
        GraphParams graph = isFlat() ? tuning : tuning.withMaxDegree(maxDegree).withEfConstruct(efConstruct);
        CollectionConfig c = new CollectionConfig(name, dimension, metric, kind, graph, 0);
        return pqSubspaces == SQ8 ? c.withQuantization(io.quiver.vector.Quantization.scalar(quantile, true)) : c;
    }
}
