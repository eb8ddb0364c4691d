package io.quiver.vector;

/**
 * How a collection's graph compresses its vectors for the walk (Qdrant's {@code quantization_config}).
 * {@link Kind#SCALAR_INT8}: every component as one signed byte over the range that holds
 * {@code quantile} of all components (Qdrant's scalar quantization), so the walk reads a quarter of
 * the bytes; the beam is then rescored with the original float vectors, which stay in memory.
 *
 * @param kind      none, or int8 scalar quantization
 * @param quantile  share of the components the code range covers (0.5..1; outliers beyond it clamp)
 * @param alwaysRam Qdrant's flag; Quiver keeps codes and originals in RAM either way
 */
public record Quantization(Kind kind, float quantile, boolean alwaysRam) {
    public static final Quantization NONE = new Quantization(Kind.NONE, 1f, false);

    public enum Kind { NONE, SCALAR_INT8 }

    public Quantization {
        if (!(quantile >= 0.5f && quantile <= 1f)) {
            throw new IllegalArgumentException("quantile must be between 0.5 and 1, not " + quantile);
        }
    }

    public static Quantization scalar(float quantile, boolean alwaysRam) {
        return new Quantization(Kind.SCALAR_INT8, quantile, alwaysRam);
    }

    public boolean enabled() {
        return kind != Kind.NONE;
    }
}
