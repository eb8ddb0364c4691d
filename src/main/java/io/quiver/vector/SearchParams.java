package io.quiver.vector;

import io.quiver.vector.filter.Filter;

/**
 * Per-query knobs.
 *
 * @param ef     search beam for the graph (0: the collection's default); raised to k when smaller
 * @param exact  search exactly even where a graph exists (Qdrant's {@code params.exact}, Redis's {@code TRUTH})
 * @param quantization how a quantized graph is used (Qdrant's {@code params.quantization}); defaults when null
 * @param filter only points passing it are returned, or null; it travels to the shards in a
 *               {@code VectorOp.Filtered} (the plain search ops' layout has no room for it)
 */
public record SearchParams(int ef, boolean exact, Filter filter, QuantizedSearch quantization) {
    public static final SearchParams DEFAULT = new SearchParams(0, false, null);

    public SearchParams {
        if (quantization == null) {
            quantization = QuantizedSearch.DEFAULT;
        }
    }

    public SearchParams(int ef, boolean exact, Filter filter) {
        this(ef, exact, filter, QuantizedSearch.DEFAULT);
    }

    public SearchParams(int ef, boolean exact) {
        this(ef, exact, null);
    }

    public SearchParams withFilter(Filter f) {
        return new SearchParams(ef, exact, f, quantization);
    }

    public SearchParams withQuantization(QuantizedSearch q) {
        return new SearchParams(ef, exact, filter, q);
    }
}
