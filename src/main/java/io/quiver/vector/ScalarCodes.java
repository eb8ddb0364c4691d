package io.quiver.vector;

import java.util.Arrays;

/**
 * int8 scalar quantization of one shard's part (Qdrant's {@code scalar} / {@code int8}): every
 * component {@code x} becomes one signed byte {@code c}, with {@code x ≈ base + step * c}, over the
 * range that holds {@code quantile} of all components (trained once on the part's vectors; later
 * vectors use the same range, clamped). The codes of all vectors sit in one byte array, ordinal
 * after ordinal, so the graph's walk reads {@code dimension} contiguous bytes per comparison instead
 * of a separate float array four times as large.
 *
 * <p>Approximate scores: {@code q·x ≈ base·Σq + step·Σ q_i c_i} (one {@link VectorKernels#dotBytes}
 * per vector), and for euclidean {@code |q - x|² ≈ |q|² - 2 q·x + |x̂|²} with each vector's
 * {@code |x̂|²} kept beside its codes.
 */
final class ScalarCodes {
    /** Components sampled to find the range: enough for a stable quantile, bounded work. */
    private static final int SAMPLE = 200_000;

    private final int dimension;
    private final boolean euclidean;
    private final float base;
    private final float step;
    private byte[] codes;
    private float[] sqNorms;

    private ScalarCodes(int dimension, boolean euclidean, float base, float step) {
        this.dimension = dimension;
        this.euclidean = euclidean;
        this.base = base;
        this.step = step;
        this.codes = new byte[16 * dimension];
        this.sqNorms = new float[euclidean ? 16 : 0];
    }

    /** Trains the range on the store's vectors (live and retired) and encodes them all. */
    static ScalarCodes train(PointStore store, Metric metric, float quantile) {
        int dim = store.dimension(), upper = store.upperBound();
        int vectors = 0;
        for (int ord = 0; ord < upper; ord++) {
            vectors += store.hasVector(ord) ? 1 : 0;
        }
        int stride = Math.max(1, (int) ((long) vectors * dim / SAMPLE));
        float[] sample = new float[(int) Math.min((long) vectors * dim, SAMPLE + dim)];
        int n = 0;
        long component = 0;
        float[] scratch = new float[dim];
        for (int ord = 0; ord < upper && n < sample.length; ord++) {
            if (!store.hasVector(ord)) {
                continue;
            }
            float[] v = store.vector(ord, scratch);
            for (int d = 0; d < dim && n < sample.length; d++, component++) {
                if (component % stride == 0) {
                    sample[n++] = v[d];
                }
            }
        }
        Arrays.sort(sample, 0, n);
        float lo = sample[(int) Math.floor((1 - quantile) / 2 * (n - 1))];
        float hi = sample[(int) Math.ceil((1 - (1 - quantile) / 2) * (n - 1))];
        if (!(hi > lo)) {
            hi = lo + 1e-6f;
        }
        float step = (hi - lo) / 255f;
        ScalarCodes codes = new ScalarCodes(dim, metric == Metric.EUCLIDEAN, lo + 128 * step, step);
        store.forEachVector(codes::encode);
        return codes;
    }

    void encode(int ord, float[] v) {
        long needed = (long) (ord + 1) * dimension;
        if (needed > Integer.MAX_VALUE - 16) {
            throw new IllegalStateException("int8 codes for more than " + (Integer.MAX_VALUE / dimension)
                    + " vectors of " + dimension + " dimensions in one shard's part: use more shards");
        }
        int need = (int) needed;
        if (need > codes.length) {
            codes = Arrays.copyOf(codes, Math.max(need, codes.length + (codes.length >> 1)));
        }
        int o = ord * dimension;
        float sq = 0;
        for (int d = 0; d < dimension; d++) {
            int c = Math.round((v[d] - base) / step);
            c = Math.max(-128, Math.min(127, c));
            codes[o + d] = (byte) c;
            float x = base + step * c;
            sq += x * x;
        }
        if (euclidean) {
            if (ord >= sqNorms.length) {
                sqNorms = Arrays.copyOf(sqNorms, Math.max(ord + 1, sqNorms.length + (sqNorms.length >> 1)));
            }
            sqNorms[ord] = sq;
        }
    }

    long ramBytesUsed() {
        return codes.length + 4L * sqNorms.length + 32;
    }

    /** A query prepared for this part's codes: its rank estimate of any coded ordinal. */
    Query query(float[] q, VectorKernels kernels) {
        float sum = 0, sq = 0;
        for (float x : q) {
            sum += x;
            sq += x * x;
        }
        return new Query(q, base * sum, sq, kernels);
    }

    final class Query implements CodedRanks {
        private final float[] q;
        private final float offset;
        private final float querySq;
        private final VectorKernels kernels;

        private Query(float[] q, float offset, float querySq, VectorKernels kernels) {
            this.q = q;
            this.offset = offset;
            this.querySq = querySq;
            this.kernels = kernels;
        }

        /** The approximate dot product with ordinal {@code ord}'s vector. */
        float dot(int ord) {
            return offset + step * kernels.dotBytes(q, codes, ord * dimension);
        }

        @Override
        public float rank(int ord) {
            float dot = dot(ord);
            return euclidean ? -Math.max(0f, querySq - 2 * dot + sqNorms[ord]) : dot;
        }
    }
}
