package io.quiver.vector;

import java.util.Arrays;

/**
 * Binary quantization of one shard's part (Qdrant's {@code binary}, {@code encoding: one_bit}): bit
 * {@code i} of a vector is set when its component {@code i} is above zero, 64 components to a
 * {@code long}, every vector's words contiguous ordinal after ordinal. Nothing is trained: a vector
 * is encoded as it comes. Beside the bits each vector keeps its norm (4 bytes), so the codes'
 * approximate scores are in the metric's own units.
 *
 * <p>Comparison, as Qdrant's: with a binary query (the default) the number of components on
 * different sides of zero is the popcount of the XOR of the two bit strings; with a 4- or 8-bit
 * scalar query ({@code query_encoding: scalar4bits|scalar8bits}, asymmetric) the query's components
 * are quantized to levels {@code 0..M} over {@code [-max|q_i|, max|q_i|]} (as Qdrant: zero, where the
 * stored bits split, is the middle level) and split into bit planes, and the
 * "distance" {@code Σ (bit_i ? M - c_i : c_i) / M} is {@code Σ_b 2^b popcount(plane_b XOR bits) / M}.
 * Either way {@code h / d} (0: same signs, 1: opposite) stands for the angle: the approximate cosine is
 * {@code 1 - 2h/d}, the dot product {@code |q| |x|} times that, the squared euclidean distance
 * {@code |q|² + |x|² - 2 q·x}.
 */
final class BinaryCodes {
    private final int dimension;
    private final int words;
    private final Metric metric;
    private final int queryBits;
    private long[] bits;
    private float[] norms;

    BinaryCodes(int dimension, Metric metric, Quantization.QueryEncoding query) {
        this.dimension = dimension;
        this.words = (dimension + 63) >>> 6;
        this.metric = metric;
        this.queryBits = query.queryBits;
        this.bits = new long[16 * words];
        this.norms = new float[16];
    }

    /** Encodes every vector the store holds (live and retired): a part that was filled before its graph. */
    static BinaryCodes of(PointStore store, Metric metric, Quantization.QueryEncoding query) {
        BinaryCodes codes = new BinaryCodes(store.dimension(), metric, query);
        store.forEachVector(codes::encode);
        return codes;
    }

    void encode(int ord, float[] v) {
        long need = (long) (ord + 1) * words;
        if (need > Integer.MAX_VALUE - 16) {
            throw new IllegalStateException("binary codes for more than " + (Integer.MAX_VALUE / words)
                    + " vectors of " + dimension + " dimensions in one shard's part: use more shards");
        }
        if (need > bits.length) {
            bits = Arrays.copyOf(bits, (int) Math.max(need, bits.length + (bits.length >> 1)));
        }
        if (ord >= norms.length) {
            norms = Arrays.copyOf(norms, Math.max(ord + 1, norms.length + (norms.length >> 1)));
        }
        int o = ord * words;
        Arrays.fill(bits, o, o + words, 0L);
        float sq = 0;
        for (int d = 0; d < dimension; d++) {
            if (v[d] > 0f) {
                bits[o + (d >>> 6)] |= 1L << (d & 63);
            }
            sq += v[d] * v[d];
        }
        norms[ord] = (float) Math.sqrt(sq);
    }

    long ramBytesUsed() {
        return 8L * bits.length + 4L * norms.length + 32;
    }

    /** A query prepared for these codes: its bits, or its bit planes for an asymmetric query. */
    Query query(float[] q) {
        float sq = 0;
        for (float x : q) {
            sq += x * x;
        }
        long[][] planes = new long[queryBits][words];
        if (queryBits == 1) {
            for (int d = 0; d < dimension; d++) {
                if (q[d] > 0f) {
                    planes[0][d >>> 6] |= 1L << (d & 63);
                }
            }
        } else {
            // the range is symmetric about zero, where the stored bits split: level M/2 is the bits' threshold
            // (over the query's own min..max, a query of non-negative components would put it at its middle value)
            float maxAbs = 0;
            for (float x : q) {
                maxAbs = Math.max(maxAbs, Math.abs(x));
            }
            float lo = -maxAbs, hi = maxAbs;
            int max = (1 << queryBits) - 1;
            float step = hi > lo ? (hi - lo) / max : 1f;
            for (int d = 0; d < dimension; d++) {
                int level = Math.max(0, Math.min(max, Math.round((q[d] - lo) / step)));
                for (int b = 0; b < queryBits; b++) {
                    if ((level & (1 << b)) != 0) {
                        planes[b][d >>> 6] |= 1L << (d & 63);
                    }
                }
            }
        }
        return new Query(planes, (float) Math.sqrt(sq));
    }

    final class Query implements CodedRanks {
        private final long[][] planes;
        private final float norm;
        private final float scale;

        private Query(long[][] planes, float norm) {
            this.planes = planes;
            this.norm = norm;
            this.scale = 1f / (((1 << planes.length) - 1) * (float) dimension);
        }

        /** The share of components on opposite sides, 0..1 (see the class comment). */
        float distance(int ord) {
            int o = ord * words;
            long h = 0;
            for (int b = 0; b < planes.length; b++) {
                long[] plane = planes[b];
                long count = 0;
                for (int w = 0; w < words; w++) {
                    count += Long.bitCount(plane[w] ^ bits[o + w]);
                }
                h += count << b;
            }
            // the padding bits of the last word are zero in both, so they never count
            return h * scale;
        }

        @Override
        public float rank(int ord) {
            float cos = 1f - 2f * distance(ord);
            float x = norms[ord];
            return switch (metric) {
                case EUCLIDEAN -> -Math.max(0f, norm * norm + x * x - 2f * norm * x * cos);
                case COSINE -> cos;
                default -> norm * x * cos;
            };
        }
    }
}
