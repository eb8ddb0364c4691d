package io.quiver.vector;

import java.util.Locale;

/** Which index a collection's shard parts search with. */
public enum IndexKind {
    /** Exact: every live vector is compared with the query (SIMD). Always right, linear cost. */
    FLAT,
    /** Approximate: a jvector graph (Vamana/HNSW-like), sub-linear cost, recall below 1. */
    GRAPH,
    /**
     * Exact while a shard's part is small, a graph once it grows past the collection's
     * {@code autoThreshold} live points (the graph is then built from every live point, once).
     */
    AUTO;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static IndexKind parse(String s) {
        return switch (s.toLowerCase(Locale.ROOT)) {
            case "flat", "exact" -> FLAT;
            case "graph", "hnsw" -> GRAPH;
            case "auto" -> AUTO;
            default -> throw new IllegalArgumentException("unknown index kind '" + s + "': use flat, graph or auto");
        };
    }
}
