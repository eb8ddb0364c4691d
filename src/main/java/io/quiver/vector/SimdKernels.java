package io.quiver.vector;

import jdk.incubator.vector.ByteVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorShape;
import jdk.incubator.vector.VectorShuffle;
import jdk.incubator.vector.VectorSpecies;

/**
 * Kernels on the Java Vector API at the machine's preferred width (AVX2: 8 floats, AVX-512: 16).
 * Two independent accumulators hide the latency of the fused multiply-add; a scalar loop takes the
 * tail, so any length works (the differential test uses odd lengths such as 1021).
 */
public final class SimdKernels implements VectorKernels {
    private static final VectorSpecies<Float> SPECIES = FloatVector.SPECIES_PREFERRED;
    private static final int LANES = SPECIES.length();
    /** Shuffles that move lane i + LANES/2, i + LANES/4, ... onto lane i: the steps of {@link #sum}. */
    private static final VectorShuffle<Float>[] FOLDS = folds();

    @SuppressWarnings("unchecked")
    private static VectorShuffle<Float>[] folds() {
        int steps = Integer.numberOfTrailingZeros(LANES);
        VectorShuffle<Float>[] out = new VectorShuffle[steps];
        for (int s = 0, half = LANES / 2; s < steps; s++, half /= 2) {
            int h = half;
            out[s] = VectorShuffle.fromOp(SPECIES, i -> (i + h) % LANES);
        }
        return out;
    }

    /**
     * The sum of the lanes in a fixed tree order. {@code reduceLanes(ADD)} leaves the order to the
     * implementation, and the JIT's intrinsic and the interpreter's loop differ in the last bits:
     * the same query could score a point differently before and after warm-up, or in a batch and
     * alone. Lane-wise adds of fixed shuffles give one answer on every tier.
     */
    private static float sum(FloatVector v) {
        for (VectorShuffle<Float> fold : FOLDS) {
            v = v.add(v.rearrange(fold));
        }
        return v.lane(0);
    }

    @Override
    public String name() {
        return "simd (Java Vector API, " + SPECIES.vectorBitSize() + "-bit, " + LANES + " floats)";
    }

    @Override
    public float dot(float[] a, float[] b) {
        int n = a.length;
        int i = 0;
        FloatVector acc1 = FloatVector.zero(SPECIES), acc2 = FloatVector.zero(SPECIES);
        for (int bound = n - 2 * LANES; i <= bound; i += 2 * LANES) {
            acc1 = FloatVector.fromArray(SPECIES, a, i).fma(FloatVector.fromArray(SPECIES, b, i), acc1);
            acc2 = FloatVector.fromArray(SPECIES, a, i + LANES).fma(FloatVector.fromArray(SPECIES, b, i + LANES), acc2);
        }
        for (int bound = n - LANES; i <= bound; i += LANES) {
            acc1 = FloatVector.fromArray(SPECIES, a, i).fma(FloatVector.fromArray(SPECIES, b, i), acc1);
        }
        float s = sum(acc1.add(acc2));
        for (; i < n; i++) {
            s += a[i] * b[i];
        }
        return s;
    }

    @Override
    public float manhattanDistance(float[] a, float[] b) {
        int n = a.length;
        int i = 0;
        FloatVector acc = FloatVector.zero(SPECIES);
        for (int bound = n - LANES; i <= bound; i += LANES) {
            acc = acc.add(FloatVector.fromArray(SPECIES, a, i).sub(FloatVector.fromArray(SPECIES, b, i)).abs());
        }
        float s = sum(acc);
        for (; i < n; i++) {
            s += Math.abs(a[i] - b[i]);
        }
        return s;
    }

    @Override
    public float squareDistance(float[] a, float[] b) {
        int n = a.length;
        int i = 0;
        FloatVector acc1 = FloatVector.zero(SPECIES), acc2 = FloatVector.zero(SPECIES);
        for (int bound = n - 2 * LANES; i <= bound; i += 2 * LANES) {
            FloatVector d1 = FloatVector.fromArray(SPECIES, a, i).sub(FloatVector.fromArray(SPECIES, b, i));
            FloatVector d2 = FloatVector.fromArray(SPECIES, a, i + LANES).sub(FloatVector.fromArray(SPECIES, b, i + LANES));
            acc1 = d1.fma(d1, acc1);
            acc2 = d2.fma(d2, acc2);
        }
        for (int bound = n - LANES; i <= bound; i += LANES) {
            FloatVector d = FloatVector.fromArray(SPECIES, a, i).sub(FloatVector.fromArray(SPECIES, b, i));
            acc1 = d.fma(d, acc1);
        }
        float s = sum(acc1.add(acc2));
        for (; i < n; i++) {
            float d = a[i] - b[i];
            s += d * d;
        }
        return s;
    }

    /** Bytes with as many lanes as {@link #SPECIES}: one load of codes widens to one register of floats. */
    private static final VectorSpecies<Byte> BYTES = VectorSpecies.of(byte.class, VectorShape.forBitSize(LANES * 8));

    @Override
    public float dotBytes(float[] q, byte[] codes, int offset) {
        int n = q.length;
        int i = 0;
        FloatVector acc1 = FloatVector.zero(SPECIES), acc2 = FloatVector.zero(SPECIES);
        for (int bound = n - 2 * LANES; i <= bound; i += 2 * LANES) {
            FloatVector c1 = (FloatVector) ByteVector.fromArray(BYTES, codes, offset + i).convertShape(VectorOperators.B2F, SPECIES, 0);
            FloatVector c2 = (FloatVector) ByteVector.fromArray(BYTES, codes, offset + i + LANES).convertShape(VectorOperators.B2F, SPECIES, 0);
            acc1 = FloatVector.fromArray(SPECIES, q, i).fma(c1, acc1);
            acc2 = FloatVector.fromArray(SPECIES, q, i + LANES).fma(c2, acc2);
        }
        for (int bound = n - LANES; i <= bound; i += LANES) {
            FloatVector c = (FloatVector) ByteVector.fromArray(BYTES, codes, offset + i).convertShape(VectorOperators.B2F, SPECIES, 0);
            acc1 = FloatVector.fromArray(SPECIES, q, i).fma(c, acc1);
        }
        float s = sum(acc1.add(acc2));
        for (; i < n; i++) {
            s += q[i] * codes[offset + i];
        }
        return s;
    }

    /** Four of {@link #dot}'s loops interleaved: the same accumulators and order per vector, so the same bits. */
    @Override
    public void dot4(float[] q, float[] a, float[] b, float[] c, float[] d, float[] out) {
        int n = q.length;
        int i = 0;
        FloatVector a1 = FloatVector.zero(SPECIES), a2 = a1, b1 = a1, b2 = a1, c1 = a1, c2 = a1, d1 = a1, d2 = a1;
        for (int bound = n - 2 * LANES; i <= bound; i += 2 * LANES) {
            FloatVector x1 = FloatVector.fromArray(SPECIES, q, i), x2 = FloatVector.fromArray(SPECIES, q, i + LANES);
            a1 = x1.fma(FloatVector.fromArray(SPECIES, a, i), a1);
            a2 = x2.fma(FloatVector.fromArray(SPECIES, a, i + LANES), a2);
            b1 = x1.fma(FloatVector.fromArray(SPECIES, b, i), b1);
            b2 = x2.fma(FloatVector.fromArray(SPECIES, b, i + LANES), b2);
            c1 = x1.fma(FloatVector.fromArray(SPECIES, c, i), c1);
            c2 = x2.fma(FloatVector.fromArray(SPECIES, c, i + LANES), c2);
            d1 = x1.fma(FloatVector.fromArray(SPECIES, d, i), d1);
            d2 = x2.fma(FloatVector.fromArray(SPECIES, d, i + LANES), d2);
        }
        for (int bound = n - LANES; i <= bound; i += LANES) {
            FloatVector x1 = FloatVector.fromArray(SPECIES, q, i);
            a1 = x1.fma(FloatVector.fromArray(SPECIES, a, i), a1);
            b1 = x1.fma(FloatVector.fromArray(SPECIES, b, i), b1);
            c1 = x1.fma(FloatVector.fromArray(SPECIES, c, i), c1);
            d1 = x1.fma(FloatVector.fromArray(SPECIES, d, i), d1);
        }
        float sa = sum(a1.add(a2)), sb = sum(b1.add(b2)), sc = sum(c1.add(c2)), sd = sum(d1.add(d2));
        for (; i < n; i++) {
            sa += q[i] * a[i];
            sb += q[i] * b[i];
            sc += q[i] * c[i];
            sd += q[i] * d[i];
        }
        out[0] = sa;
        out[1] = sb;
        out[2] = sc;
        out[3] = sd;
    }

    /** Four of {@link #squareDistance}'s loops interleaved, as {@link #dot4}. */
    @Override
    public void squareDistance4(float[] q, float[] a, float[] b, float[] c, float[] d, float[] out) {
        int n = q.length;
        int i = 0;
        FloatVector a1 = FloatVector.zero(SPECIES), a2 = a1, b1 = a1, b2 = a1, c1 = a1, c2 = a1, d1 = a1, d2 = a1;
        for (int bound = n - 2 * LANES; i <= bound; i += 2 * LANES) {
            FloatVector x1 = FloatVector.fromArray(SPECIES, q, i), x2 = FloatVector.fromArray(SPECIES, q, i + LANES);
            FloatVector t1 = x1.sub(FloatVector.fromArray(SPECIES, a, i)), t2 = x2.sub(FloatVector.fromArray(SPECIES, a, i + LANES));
            a1 = t1.fma(t1, a1);
            a2 = t2.fma(t2, a2);
            t1 = x1.sub(FloatVector.fromArray(SPECIES, b, i));
            t2 = x2.sub(FloatVector.fromArray(SPECIES, b, i + LANES));
            b1 = t1.fma(t1, b1);
            b2 = t2.fma(t2, b2);
            t1 = x1.sub(FloatVector.fromArray(SPECIES, c, i));
            t2 = x2.sub(FloatVector.fromArray(SPECIES, c, i + LANES));
            c1 = t1.fma(t1, c1);
            c2 = t2.fma(t2, c2);
            t1 = x1.sub(FloatVector.fromArray(SPECIES, d, i));
            t2 = x2.sub(FloatVector.fromArray(SPECIES, d, i + LANES));
            d1 = t1.fma(t1, d1);
            d2 = t2.fma(t2, d2);
        }
        for (int bound = n - LANES; i <= bound; i += LANES) {
            FloatVector x1 = FloatVector.fromArray(SPECIES, q, i);
            FloatVector t = x1.sub(FloatVector.fromArray(SPECIES, a, i));
            a1 = t.fma(t, a1);
            t = x1.sub(FloatVector.fromArray(SPECIES, b, i));
            b1 = t.fma(t, b1);
            t = x1.sub(FloatVector.fromArray(SPECIES, c, i));
            c1 = t.fma(t, c1);
            t = x1.sub(FloatVector.fromArray(SPECIES, d, i));
            d1 = t.fma(t, d1);
        }
        float sa = sum(a1.add(a2)), sb = sum(b1.add(b2)), sc = sum(c1.add(c2)), sd = sum(d1.add(d2));
        for (; i < n; i++) {
            float ta = q[i] - a[i], tb = q[i] - b[i], tc = q[i] - c[i], td = q[i] - d[i];
            sa += ta * ta;
            sb += tb * tb;
            sc += tc * tc;
            sd += td * td;
        }
        out[0] = sa;
        out[1] = sb;
        out[2] = sc;
        out[3] = sd;
    }

    @Override
    public int blockWidth() {
        return 2 * LANES;
    }

    /**
     * Four queries at a time against the block's two registers of vectors: per component, two
     * block loads and four broadcasts feed eight fused multiply-adds into eight accumulators
     * (enough independent chains to keep both FMA pipes busy). A remainder of one to three
     * queries takes them one at a time.
     */
    @Override
    public void dotBlock(float[][] queries, float[] block, float[] out) {
        final int w = 2 * LANES;
        int nq = queries.length;
        int q = 0;
        for (; q + 4 <= nq; q += 4) {
            float[] q0 = queries[q], q1 = queries[q + 1], q2 = queries[q + 2], q3 = queries[q + 3];
            int dim = q0.length;
            FloatVector a0 = FloatVector.zero(SPECIES), b0 = FloatVector.zero(SPECIES);
            FloatVector a1 = FloatVector.zero(SPECIES), b1 = FloatVector.zero(SPECIES);
            FloatVector a2 = FloatVector.zero(SPECIES), b2 = FloatVector.zero(SPECIES);
            FloatVector a3 = FloatVector.zero(SPECIES), b3 = FloatVector.zero(SPECIES);
            for (int d = 0, base = 0; d < dim; d++, base += w) {
                FloatVector lo = FloatVector.fromArray(SPECIES, block, base);
                FloatVector hi = FloatVector.fromArray(SPECIES, block, base + LANES);
                FloatVector c0 = FloatVector.broadcast(SPECIES, q0[d]);
                FloatVector c1 = FloatVector.broadcast(SPECIES, q1[d]);
                FloatVector c2 = FloatVector.broadcast(SPECIES, q2[d]);
                FloatVector c3 = FloatVector.broadcast(SPECIES, q3[d]);
                a0 = lo.fma(c0, a0);
                b0 = hi.fma(c0, b0);
                a1 = lo.fma(c1, a1);
                b1 = hi.fma(c1, b1);
                a2 = lo.fma(c2, a2);
                b2 = hi.fma(c2, b2);
                a3 = lo.fma(c3, a3);
                b3 = hi.fma(c3, b3);
            }
            int o = q * w;
            a0.intoArray(out, o);
            b0.intoArray(out, o + LANES);
            a1.intoArray(out, o + w);
            b1.intoArray(out, o + w + LANES);
            a2.intoArray(out, o + 2 * w);
            b2.intoArray(out, o + 2 * w + LANES);
            a3.intoArray(out, o + 3 * w);
            b3.intoArray(out, o + 3 * w + LANES);
        }
        for (; q < nq; q++) {
            float[] q0 = queries[q];
            FloatVector a0 = FloatVector.zero(SPECIES), b0 = FloatVector.zero(SPECIES);
            for (int d = 0, base = 0; d < q0.length; d++, base += w) {
                FloatVector c0 = FloatVector.broadcast(SPECIES, q0[d]);
                a0 = FloatVector.fromArray(SPECIES, block, base).fma(c0, a0);
                b0 = FloatVector.fromArray(SPECIES, block, base + LANES).fma(c0, b0);
            }
            a0.intoArray(out, q * w);
            b0.intoArray(out, q * w + LANES);
        }
    }
}
