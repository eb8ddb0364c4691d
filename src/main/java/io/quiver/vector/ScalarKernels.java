package io.quiver.vector;

/** Plain-loop kernels: the fallback without the Vector API, and the reference in tests. */
public final class ScalarKernels implements VectorKernels {

    @Override
    public String name() {
        return "scalar";
    }

    @Override
    public float dot(float[] a, float[] b) {
        float s = 0;
        for (int i = 0; i < a.length; i++) {
            s += a[i] * b[i];
        }
        return s;
    }

    @Override
    public float squareDistance(float[] a, float[] b) {
        float s = 0;
        for (int i = 0; i < a.length; i++) {
            float d = a[i] - b[i];
            s += d * d;
        }
        return s;
    }
}
