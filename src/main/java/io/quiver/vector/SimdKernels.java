package io.quiver.vector;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * Kernels on the Java Vector API at the machine's preferred width (AVX2: 8 floats, AVX-512: 16).
 * Two independent accumulators hide the latency of the fused multiply-add; a scalar loop takes the
 * tail, so any length works (the differential test uses odd lengths such as 1021).
 */
public final class SimdKernels implements VectorKernels {
    private static final VectorSpecies<Float> SPECIES = FloatVector.SPECIES_PREFERRED;
    private static final int LANES = SPECIES.length();

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
        float s = acc1.add(acc2).reduceLanes(VectorOperators.ADD);
        for (; i < n; i++) {
            s += a[i] * b[i];
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
        float s = acc1.add(acc2).reduceLanes(VectorOperators.ADD);
        for (; i < n; i++) {
            float d = a[i] - b[i];
            s += d * d;
        }
        return s;
    }
}
