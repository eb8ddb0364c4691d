package io.quiver.vector;

import java.util.Set;

/**
 * How a collection's graph compresses its vectors for the walk (Qdrant's {@code quantization_config});
 * the beam is then rescored with the original float vectors (on the heap, or memory-mapped with
 * {@code on_disk}).
 * <ul>
 *   <li>{@link Kind#SCALAR_INT8}: every component as one signed byte over the range that holds
 *       {@code quantile} of all components (Qdrant's scalar quantization): a quarter of the bytes.</li>
 *   <li>{@link Kind#PRODUCT}: jvector's product quantization, {@code 4 * dimension / compression}
 *       subspaces of 256 centroids, one byte of code per subspace (Qdrant's {@code product} with
 *       {@code compression: "xN"}): {@code compression} times fewer bytes than float32.</li>
 * </ul>
 *
 * @param kind        none, int8 scalar or product quantization
 * @param quantile    scalar: share of the components the code range covers (0.5..1; outliers beyond it clamp)
 * @param alwaysRam   Qdrant's flag; Quiver keeps the codes in RAM either way
 * @param compression product: float32 bytes per code byte, one of 4, 8, 16, 32, 64 (0 for the other kinds)
 */
public record Quantization(Kind kind, float quantile, boolean alwaysRam, int compression) {
    public static final Quantization NONE = new Quantization(Kind.NONE, 1f, false, 0);

    /** Qdrant's product compression ratios. */
    public static final Set<Integer> COMPRESSIONS = Set.of(4, 8, 16, 32, 64);

    /** In the order the op codec numbers them (the ordinal is written to the log). */
    public enum Kind { NONE, SCALAR_INT8, PRODUCT }

    public Quantization {
        if (!(quantile >= 0.5f && quantile <= 1f)) {
            throw new IllegalArgumentException("quantile must be between 0.5 and 1, not " + quantile);
        }
        if (kind == Kind.PRODUCT ? !COMPRESSIONS.contains(compression) : compression != 0) {
            throw new IllegalArgumentException("product compression must be one of x4, x8, x16, x32, x64, not " + compression);
        }
    }

    public static Quantization scalar(float quantile, boolean alwaysRam) {
        return new Quantization(Kind.SCALAR_INT8, quantile, alwaysRam, 0);
    }

    public static Quantization product(int compression, boolean alwaysRam) {
        return new Quantization(Kind.PRODUCT, 1f, alwaysRam, compression);
    }

    public boolean enabled() {
        return kind != Kind.NONE;
    }

    /** Product quantization's subspaces for a dimension: one code byte each, at least one. */
    public int subspaces(int dimension) {
        return Math.max(1, Math.min(dimension, 4 * dimension / compression));
    }
}
