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
 *   <li>{@link Kind#BINARY}: one bit per component, set when the component is above zero (Qdrant's
 *       {@code binary} with {@code encoding: one_bit}): 32 times fewer bytes; the walk compares by
 *       the popcount of the XOR, with the query as bits too or, asymmetrically, as 4- or 8-bit
 *       scalars ({@code query_encoding}).</li>
 *   <li>{@link Kind#TURBO}: TurboQuant (Qdrant 1.19's {@code turbo}): a fixed random rotation, then
 *       every rotated component as a 4-, 2- or 1-bit Lloyd-Max code for a Gaussian, one scale per
 *       vector; {@code bits1_5} is 1 bit over a rotation into 1.5 times the dimension.</li>
 * </ul>
 *
 * @param kind        none, int8 scalar or product quantization
 * @param quantile    scalar: share of the components the code range covers (0.5..1; outliers beyond it clamp)
 * @param alwaysRam   Qdrant's flag; Quiver keeps the codes in RAM either way
 * @param compression product: float32 bytes per code byte, one of 4, 8, 16, 32, 64 (0 for the other kinds)
 * @param options     binary, turbo and scalar: what was asked and how (one byte, logged as is):
 *                    bits 0-2 the binary {@link QueryEncoding} or the {@link TurboBits} (0: not given),
 *                    bit 3 binary's {@code encoding: one_bit} given, bit 4 {@code always_ram} given
 *                    (Qdrant reports only the fields given; scalar has bit 4 only); 0 for the other kinds
 */
public record Quantization(Kind kind, float quantile, boolean alwaysRam, int compression, int options) {
    public static final Quantization NONE = new Quantization(Kind.NONE, 1f, false, 0);

    private static final int ENCODING_GIVEN = 1 << 3;
    private static final int ALWAYS_RAM_GIVEN = 1 << 4;

    /** Binary's {@code query_encoding}: how the query is compared with the stored bits. */
    public enum QueryEncoding {
        /** not given (as {@link #DEFAULT}) */
        UNSET(null, 1),
        DEFAULT("default", 1),
        BINARY("binary", 1),
        SCALAR4BITS("scalar4bits", 4),
        SCALAR8BITS("scalar8bits", 8);

        public final String qdrantName;
        /** Bits per query component: 1 compares bits with bits (XOR popcount), 4 or 8 compares a scalar query with them. */
        public final int queryBits;

        QueryEncoding(String qdrantName, int queryBits) {
            this.qdrantName = qdrantName;
            this.queryBits = queryBits;
        }
    }

    /** TurboQuant's {@code bits}: code bits per (padded) component. */
    public enum TurboBits {
        /** not given: Qdrant's default, {@code bits4} */
        UNSET(null, 4, 1f),
        BITS4("bits4", 4, 1f),
        BITS2("bits2", 2, 1f),
        BITS1_5("bits1_5", 1, 1.5f),
        BITS1("bits1", 1, 1f);

        public final String qdrantName;
        public final int codeBits;
        /** How much larger the rotated (padded) space is than the vectors. */
        public final float padding;

        TurboBits(String qdrantName, int codeBits, float padding) {
            this.qdrantName = qdrantName;
            this.codeBits = codeBits;
            this.padding = padding;
        }
    }

    public Quantization(Kind kind, float quantile, boolean alwaysRam, int compression) {
        this(kind, quantile, alwaysRam, compression, 0);
    }

    /** Qdrant's product compression ratios. */
    public static final Set<Integer> COMPRESSIONS = Set.of(4, 8, 16, 32, 64);

    /** In the order the op codec numbers them (the ordinal is written to the log). */
    public enum Kind { NONE, SCALAR_INT8, PRODUCT, BINARY, TURBO }

    public Quantization {
        if (!(quantile >= 0.5f && quantile <= 1f)) {
            throw new IllegalArgumentException("quantile must be between 0.5 and 1, not " + quantile);
        }
        if (kind == Kind.PRODUCT ? !COMPRESSIONS.contains(compression) : compression != 0) {
            throw new IllegalArgumentException("product compression must be one of x4, x8, x16, x32, x64, not " + compression);
        }
        int low = options & 7;
        boolean valid = switch (kind) {
            case BINARY -> (options & ~0x1f) == 0 && low < QueryEncoding.values().length;
            case TURBO -> (options & ~0x17) == 0 && low < TurboBits.values().length;
            case SCALAR_INT8 -> (options & ~ALWAYS_RAM_GIVEN) == 0;
            default -> options == 0;
        };
        if (!valid) {
            throw new IllegalArgumentException("impossible " + kind + " quantization options " + options);
        }
    }

    /**
     * Qdrant's {@code binary}: {@code oneBitGiven} whether {@code encoding: one_bit} was written,
     * {@code alwaysRam} null when not given.
     */
    public static Quantization binary(boolean oneBitGiven, QueryEncoding query, Boolean alwaysRam) {
        return new Quantization(Kind.BINARY, 1f, Boolean.TRUE.equals(alwaysRam), 0,
                query.ordinal() | (oneBitGiven ? ENCODING_GIVEN : 0) | (alwaysRam != null ? ALWAYS_RAM_GIVEN : 0));
    }

    /** Qdrant's {@code turbo}; {@code alwaysRam} null when not given. */
    public static Quantization turbo(TurboBits bits, Boolean alwaysRam) {
        return new Quantization(Kind.TURBO, 1f, Boolean.TRUE.equals(alwaysRam), 0,
                bits.ordinal() | (alwaysRam != null ? ALWAYS_RAM_GIVEN : 0));
    }

    public QueryEncoding queryEncoding() {
        return kind == Kind.BINARY ? QueryEncoding.values()[options & 7] : QueryEncoding.UNSET;
    }

    public TurboBits turboBits() {
        return kind == Kind.TURBO ? TurboBits.values()[options & 7] : TurboBits.UNSET;
    }

    /** Binary: whether {@code encoding: one_bit} was written (the only encoding Quiver has). */
    public boolean encodingGiven() {
        return (options & ENCODING_GIVEN) != 0;
    }

    /**
     * Whether {@code always_ram} was given (else it is not reported, as Qdrant reports only the fields
     * given): binary, turbo and scalar keep it in their options (a scalar config logged before it did
     * counts as given when true); product always reports it.
     */
    public boolean alwaysRamGiven() {
        return switch (kind) {
            case BINARY, TURBO -> (options & ALWAYS_RAM_GIVEN) != 0;
            case SCALAR_INT8 -> alwaysRam || (options & ALWAYS_RAM_GIVEN) != 0;
            default -> true;
        };
    }

    public static Quantization scalar(float quantile, boolean alwaysRam) {
        return new Quantization(Kind.SCALAR_INT8, quantile, alwaysRam, 0, ALWAYS_RAM_GIVEN);
    }

    /** Qdrant's {@code scalar} int8 as given: {@code alwaysRam} null when not given (then not reported). */
    public static Quantization scalarAsGiven(float quantile, Boolean alwaysRam) {
        return new Quantization(Kind.SCALAR_INT8, quantile, Boolean.TRUE.equals(alwaysRam), 0, alwaysRam != null ? ALWAYS_RAM_GIVEN : 0);
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
