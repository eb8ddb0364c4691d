package io.quiver.vector;

import java.util.Arrays;
import java.util.Random;

/**
 * TurboQuant codes of one shard's part (Qdrant 1.19's {@code turbo}): each vector is turned by a
 * fixed random rotation, after which every component of a unit vector is close to a Gaussian of
 * variance {@code 1/P} whatever the data, so one codebook fits all components: the Lloyd-Max
 * levels for a Gaussian with 2^b levels (b = 4, 2 or 1 bits), {@code b} bits per component, packed
 * into bytes. One float per vector rescales its levels to it (the least-squares factor, norm
 * included) and one more keeps its squared norm, for euclidean distances. The rotation comes from a
 * fixed seed; as a graph's walk codes ({@link #of}) the vectors are first centred on the part's mean
 * (taken once the part has {@link GraphIndex#QUANTIZE_MIN} points, as Qdrant's TQ+ shifts its
 * components); as a datatype ({@link TurboSlab}) they are not, so a vector codes the same everywhere.
 * {@code bits1_5} rotates into {@code P = ceil(1.5 d)} components (the vector zero-padded) and
 * codes each with one bit, as Qdrant does.
 *
 * <p>The rotation: sign flips, a permutation and a Walsh-Hadamard transform over power-of-two
 * blocks of the padded vector (63 = 32 + 16 + 8 + 4 + 2 + 1), twice (the permutation mixes the
 * blocks), each step orthogonal, so dot products and norms are kept.
 *
 * <p>Scoring: the query is rotated once; then for every byte position of the codes a table holds,
 * for each of the 256 byte values, the query's dot product with the levels that byte encodes, so a
 * comparison is one table lookup and add per code byte.
 */
final class TurboCodes {
    /** Lloyd-Max reconstruction levels for N(0, 1), the positive half (the codebook is symmetric). */
    private static final float[] LEVELS_1 = {0.7979f};
    private static final float[] LEVELS_2 = {0.4528f, 1.5104f};
    private static final float[] LEVELS_4 = {0.1284f, 0.3881f, 0.6568f, 0.9424f, 1.2562f, 1.6181f, 2.0690f, 2.7326f};
    private static final long SEED = 0x7A5B0C4E1D2F3A69L;

    private final int dimension;
    private final int padded;
    private final int bits;
    private final int bytesPerVector;
    private final Metric metric;
    /** The codebook, ascending, 2^bits levels (for unit-variance components). */
    private final float[] levels;
    /** Decision thresholds between consecutive levels. */
    private final float[] thresholds;
    private final Rotation rotation;
    private byte[] codes;
    private float[] scales;
    private float[] sqNorms;
    /** A search's lookup table, reused (a shard runs one search at a time). */
    private float[] table;
    /** Subtracted from every vector before it is coded (the part's mean when trained by {@link #of}), or null. */
    private float[] mean;

    TurboCodes(int dimension, Metric metric, Quantization.TurboBits size) {
        this.dimension = dimension;
        this.metric = metric;
        this.bits = size.codeBits;
        this.padded = (int) Math.ceil(dimension * (double) size.padding);
        this.bytesPerVector = (padded * bits + 7) / 8;
        float[] half = switch (bits) {
            case 4 -> LEVELS_4;
            case 2 -> LEVELS_2;
            default -> LEVELS_1;
        };
        levels = new float[2 * half.length];
        for (int i = 0; i < half.length; i++) {
            levels[half.length + i] = half[i];
            levels[half.length - 1 - i] = -half[i];
        }
        thresholds = new float[levels.length - 1];
        for (int i = 0; i < thresholds.length; i++) {
            thresholds[i] = (levels[i] + levels[i + 1]) / 2;
        }
        rotation = new Rotation(padded, new Random(SEED ^ padded));
        codes = new byte[16 * bytesPerVector];
        scales = new float[16];
        sqNorms = new float[16];
    }

    /**
     * Centres the codes on the mean of the vectors the store holds (fixed from then on) and encodes
     * them all (live and retired). Without it, data far from the origin (all-positive pixels, say)
     * puts one common direction into every rotated component and leaves the codes little to tell
     * vectors apart by: measured on Fashion-MNIST 60k, bits1 recall@10 0.19 uncentred.
     */
    static TurboCodes of(PointStore store, Metric metric, Quantization.TurboBits size) {
        TurboCodes t = new TurboCodes(store.dimension(), metric, size);
        double[] sum = new double[store.dimension()];
        int[] n = {0};
        store.forEachVector((ord, v) -> {
            for (int d = 0; d < v.length; d++) {
                sum[d] += v[d];
            }
            n[0]++;
        });
        if (n[0] > 0) {
            t.mean = new float[store.dimension()];
            for (int d = 0; d < sum.length; d++) {
                t.mean[d] = (float) (sum[d] / n[0]);
            }
        }
        store.forEachVector(t::encode);
        return t;
    }

    /** Code bytes per vector. */
    int bytesPerVector() {
        return bytesPerVector;
    }

    void encode(int ord, float[] v) {
        long need = (long) (ord + 1) * bytesPerVector;
        if (need > Integer.MAX_VALUE - 16) {
            throw new IllegalStateException("turbo codes for more than " + (Integer.MAX_VALUE / bytesPerVector)
                    + " vectors in one shard's part: use more shards");
        }
        if (need > codes.length) {
            codes = Arrays.copyOf(codes, (int) Math.max(need, codes.length + (codes.length >> 1)));
        }
        if (ord >= scales.length) {
            int n = Math.max(ord + 1, scales.length + (scales.length >> 1));
            scales = Arrays.copyOf(scales, n);
            sqNorms = Arrays.copyOf(sqNorms, n);
        }
        float[] y = rotation.apply(centred(v));
        double sq = 0;
        for (float x : y) {
            sq += (double) x * x;
        }
        float norm = (float) Math.sqrt(sq);
        // components of the unit vector times sqrt(P): about N(0, 1)
        float toUnit = norm > 0 && Float.isFinite(norm) ? (float) (Math.sqrt(padded) / norm) : 0f;
        int o = ord * bytesPerVector;
        Arrays.fill(codes, o, o + bytesPerVector, (byte) 0);
        double dotYL = 0, dotLL = 0;
        for (int i = 0; i < padded; i++) {
            int c = code(y[i] * toUnit);
            int bit = i * bits;
            codes[o + (bit >>> 3)] |= (byte) (c << (bit & 7));
            float l = levels[c];
            dotYL += (double) y[i] * l;
            dotLL += (double) l * l;
        }
        scales[ord] = dotLL > 0 ? (float) (dotYL / dotLL) : 0f;
        sqNorms[ord] = (float) sq;
    }

    private float[] centred(float[] v) {
        if (mean == null) {
            return v;
        }
        float[] c = new float[v.length];
        for (int d = 0; d < v.length; d++) {
            c[d] = v[d] - mean[d];
        }
        return c;
    }

    private int code(float z) {
        int c = 0;
        while (c < thresholds.length && z > thresholds[c]) {
            c++;
        }
        return c;
    }

    private TurboCodes(TurboCodes from) {
        dimension = from.dimension;
        padded = from.padded;
        bits = from.bits;
        bytesPerVector = from.bytesPerVector;
        metric = from.metric;
        levels = from.levels;
        thresholds = from.thresholds;
        rotation = from.rotation;
        mean = from.mean;
        codes = from.codes.clone();
        scales = from.scales.clone();
        sqNorms = from.sqNorms.clone();
    }

    /** A copy of the codes as they are now (a snapshot's view; later encodes do not reach it). */
    TurboCodes copy() {
        return new TurboCodes(this);
    }

    /** The decoded (approximate) vector of {@code ord}, rotated back into the input space. */
    float[] decode(int ord) {
        float[] y = new float[padded];
        int o = ord * bytesPerVector, mask = (1 << bits) - 1;
        for (int i = 0; i < padded; i++) {
            int bit = i * bits;
            y[i] = scales[ord] * levels[(codes[o + (bit >>> 3)] >>> (bit & 7)) & mask];
        }
        float[] x = Arrays.copyOf(rotation.invert(y), dimension);
        if (mean != null) {
            for (int d = 0; d < dimension; d++) {
                x[d] += mean[d];
            }
        }
        return x;
    }

    long ramBytesUsed() {
        return codes.length + 8L * scales.length + 4L * (table == null ? 0 : table.length) + rotation.ramBytesUsed() + 64;
    }

    /** A query prepared for these codes: its per-byte lookup table over the rotated query. */
    Query query(float[] q) {
        // euclidean: |q - x|² = |(q - m) - (x - m)|²; dot: q·x = q·(x - m) + q·m, the last the same for every x
        boolean euclid = metric == Metric.EUCLIDEAN;
        float offset = 0;
        if (mean != null && !euclid) {
            for (int d = 0; d < dimension; d++) {
                offset += q[d] * mean[d];
            }
        }
        float[] centredQuery = euclid ? centred(q) : q;
        float[] y = rotation.apply(centredQuery);
        if (table == null) {
            table = new float[bytesPerVector * 256];
        }
        int perByte = 8 / bits, mask = (1 << bits) - 1;
        for (int b = 0; b < bytesPerVector; b++) {
            int first = b * perByte, base = b * 256;
            for (int value = 0; value < 256; value++) {
                float s = 0;
                for (int j = 0; j < perByte; j++) {
                    int i = first + j;
                    if (i < padded) {
                        s += y[i] * levels[(value >>> (j * bits)) & mask];
                    }
                }
                table[base + value] = s;
            }
        }
        double sq = 0;
        for (float x : centredQuery) {
            sq += (double) x * x;
        }
        return new Query(table, (float) sq, offset);
    }

    final class Query implements CodedRanks {
        private final float[] table;
        private final float querySq;
        private final float offset;

        private Query(float[] table, float querySq, float offset) {
            this.table = table;
            this.querySq = querySq;
            this.offset = offset;
        }

        /** The approximate dot product with ordinal {@code ord}'s vector. */
        float dot(int ord) {
            int o = ord * bytesPerVector;
            float s = 0;
            for (int b = 0, t = 0; b < bytesPerVector; b++, t += 256) {
                s += table[t + (codes[o + b] & 0xff)];
            }
            return scales[ord] * s;
        }

        @Override
        public float rank(int ord) {
            float dot = dot(ord);
            return metric == Metric.EUCLIDEAN ? -Math.max(0f, querySq - 2 * dot + sqNorms[ord]) : offset + dot;
        }
    }

    /** The orthogonal rotation: (signs, permutation, blocked Hadamard) twice, over {@code n} components. */
    static final class Rotation {
        private final int n;
        private final float[][] signs = new float[2][];
        private final int[][] permutations = new int[2][];

        Rotation(int n, Random r) {
            this.n = n;
            for (int round = 0; round < 2; round++) {
                signs[round] = new float[n];
                permutations[round] = new int[n];
                for (int i = 0; i < n; i++) {
                    signs[round][i] = r.nextBoolean() ? 1f : -1f;
                    permutations[round][i] = i;
                }
                for (int i = n - 1; i > 0; i--) {
                    int j = r.nextInt(i + 1), t = permutations[round][i];
                    permutations[round][i] = permutations[round][j];
                    permutations[round][j] = t;
                }
            }
        }

        long ramBytesUsed() {
            return 16L * n;
        }

        /** The rotated copy of {@code v} (zero-padded to {@code n}). */
        float[] apply(float[] v) {
            float[] x = new float[n];
            for (int i = 0; i < Math.min(v.length, n); i++) {
                x[i] = v[i];
            }
            float[] tmp = new float[n];
            for (int round = 0; round < 2; round++) {
                float[] s = signs[round];
                int[] p = permutations[round];
                for (int i = 0; i < n; i++) {
                    tmp[p[i]] = x[i] * s[i];
                }
                hadamard(tmp);
                float[] t = x;
                x = tmp;
                tmp = t;
            }
            return x;
        }

        /** The inverse of {@link #apply}: every step undone in reverse order. */
        float[] invert(float[] y) {
            float[] x = y.clone();
            float[] tmp = new float[n];
            for (int round = 1; round >= 0; round--) {
                hadamard(x); // orthonormal and symmetric: its own inverse
                float[] s = signs[round];
                int[] p = permutations[round];
                for (int i = 0; i < n; i++) {
                    tmp[i] = x[p[i]] * s[i];
                }
                float[] t = x;
                x = tmp;
                tmp = t;
            }
            return x;
        }

        /** The orthonormal Walsh-Hadamard transform of each power-of-two block, largest first. */
        private void hadamard(float[] x) {
            int start = 0;
            while (start < n) {
                int size = Integer.highestOneBit(n - start);
                for (int h = 1; h < size; h <<= 1) {
                    for (int i = start; i < start + size; i += h << 1) {
                        for (int j = i; j < i + h; j++) {
                            float a = x[j], b = x[j + h];
                            x[j] = a + b;
                            x[j + h] = a - b;
                        }
                    }
                }
                float norm = (float) (1 / Math.sqrt(size));
                for (int i = start; i < start + size; i++) {
                    x[i] *= norm;
                }
                start += size;
            }
        }
    }
}
