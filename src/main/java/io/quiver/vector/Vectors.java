package io.quiver.vector;

/** Checks and small helpers for float vectors. */
public final class Vectors {
    private Vectors() {
    }

    /**
     * Throws {@link IllegalArgumentException} unless {@code v} is a usable vector of dimension
     * {@code dim}: not empty, the right length, every component finite.
     */
    public static void check(float[] v, int dim) {
        if (v == null || v.length == 0) {
            throw new IllegalArgumentException("the vector is empty");
        }
        if (v.length != dim) {
            throw new IllegalArgumentException("wrong vector dimension: expected " + dim + ", got " + v.length);
        }
        for (int i = 0; i < v.length; i++) {
            if (!Float.isFinite(v[i])) {
                throw new IllegalArgumentException("the vector has a non-finite component (" + v[i] + ") at position " + i);
            }
        }
    }

    public static double norm(float[] v) {
        double s = 0;
        for (float x : v) {
            s += (double) x * x;
        }
        return Math.sqrt(s);
    }

    /** MaxSim of prepared query rows against prepared point rows, in the metric's rank scale (see {@link Metric#rank}). */
    public static float maxSim(VectorKernels k, Metric metric, float[][] query, float[][] point) {
        return MultiVectorIndex.maxSim(k, metric, query, point);
    }
}
