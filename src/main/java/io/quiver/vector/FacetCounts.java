package io.quiver.vector;

/**
 * Qdrant's facet counts: each value found at a payload key (a keyword or uuid as a string, an
 * integer as a Long, a bool) with how many points hold it; parallel arrays, in no order.
 */
public record FacetCounts(Object[] values, long[] counts) {
    public FacetCounts {
        if (values.length != counts.length) {
            throw new IllegalArgumentException("one count per value");
        }
    }
}
