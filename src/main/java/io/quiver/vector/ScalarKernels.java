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

    /** Eight vectors per block: the plain loop has no register width to match. */
    @Override
    public int blockWidth() {
        return 8;
    }

    @Override
    public void dotBlock(float[][] queries, float[] block, float[] out) {
        int w = blockWidth();
        for (int q = 0; q < queries.length; q++) {
            float[] query = queries[q];
            int o = q * w;
            java.util.Arrays.fill(out, o, o + w, 0f);
            for (int d = 0; d < query.length; d++) {
                float c = query[d];
                int b = d * w;
                for (int j = 0; j < w; j++) {
                    out[o + j] += c * block[b + j];
                }
            }
        }
    }
}
