package io.quiver.vector;

/**
 * Per-query knobs.
 *
 * @param ef    search beam for the graph (0: the collection's default); raised to k when smaller
 * @param exact search exactly even where a graph exists (Qdrant's {@code params.exact}, Redis's {@code TRUTH})
 */
public record SearchParams(int ef, boolean exact) {
    public static final SearchParams DEFAULT = new SearchParams(0, false);
}
