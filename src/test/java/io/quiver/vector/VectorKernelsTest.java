package io.quiver.vector;

import org.junit.jupiter.api.Test;

import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The SIMD kernels against the scalar reference, on lengths that exercise every tail (as jvector's own test does). */
class VectorKernelsTest {
    private static final int[] LENGTHS = {1, 2, 3, 7, 15, 16, 17, 31, 33, 100, 784, 1021};
    private final VectorKernels scalar = new ScalarKernels();
    private final VectorKernels simd = new SimdKernels();

    private static float[] random(Random r, int n) {
        float[] v = new float[n];
        for (int i = 0; i < n; i++) {
            v[i] = r.nextFloat() * 2 - 1;
        }
        return v;
    }

    @Test
    void simdDotMatchesScalarOnOddLengths() {
        Random r = new Random(42);
        for (int n : LENGTHS) {
            for (int rep = 0; rep < 20; rep++) {
                float[] a = random(r, n), b = random(r, n);
                assertEquals(scalar.dot(a, b), simd.dot(a, b), 1e-4f * Math.max(1, n / 64f), "length " + n);
            }
        }
    }

    @Test
    void simdSquareDistanceMatchesScalarOnOddLengths() {
        Random r = new Random(7);
        for (int n : LENGTHS) {
            for (int rep = 0; rep < 20; rep++) {
                float[] a = random(r, n), b = random(r, n);
                float expected = scalar.squareDistance(a, b);
                assertEquals(expected, simd.squareDistance(a, b), 1e-5f * Math.max(1, expected), "length " + n);
            }
        }
    }

    @Test
    void simdManhattanDistanceMatchesScalarOnOddLengths() {
        Random r = new Random(9);
        for (int n : LENGTHS) {
            for (int rep = 0; rep < 20; rep++) {
                float[] a = random(r, n), b = random(r, n);
                float expected = scalar.manhattanDistance(a, b);
                assertEquals(expected, simd.manhattanDistance(a, b), 1e-5f * Math.max(1, expected), "length " + n);
            }
        }
    }

    @Test
    void kernelsAreExactOnSmallIntegers() {
        float[] a = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17};
        float[] b = new float[a.length];
        java.util.Arrays.fill(b, 1);
        assertEquals(153f, simd.dot(a, b));
        assertEquals(scalar.squareDistance(a, b), simd.squareDistance(a, b));
        assertEquals(136f, simd.manhattanDistance(a, b));
        assertEquals(136f, scalar.manhattanDistance(a, b));
    }

    @Test
    void fourAtOnceGiveTheSameBitsAsOneAtATime() {
        Random r = new Random(11);
        float[] out = new float[4];
        for (VectorKernels k : new VectorKernels[]{scalar, simd}) {
            for (int n : LENGTHS) {
                float[] q = random(r, n);
                float[][] v = {random(r, n), random(r, n), random(r, n), random(r, n)};
                k.dot4(q, v[0], v[1], v[2], v[3], out);
                for (int j = 0; j < 4; j++) {
                    assertEquals(Float.floatToIntBits(k.dot(q, v[j])), Float.floatToIntBits(out[j]), k.name() + " dot, length " + n);
                }
                k.squareDistance4(q, v[0], v[1], v[2], v[3], out);
                for (int j = 0; j < 4; j++) {
                    assertEquals(Float.floatToIntBits(k.squareDistance(q, v[j])), Float.floatToIntBits(out[j]),
                            k.name() + " squareDistance, length " + n);
                }
            }
        }
    }

    /** Transposes vectors into a block of {@code kernels.blockWidth()} columns, zero-padded. */
    private static float[] block(VectorKernels kernels, float[][] vectors, int dim) {
        int w = kernels.blockWidth();
        float[] block = new float[dim * w];
        for (int j = 0; j < vectors.length; j++) {
            for (int d = 0; d < dim; d++) {
                block[d * w + j] = vectors[j][d];
            }
        }
        return block;
    }

    @Test
    void blockDotProductsMatchOneDotPerPairForEveryQueryCount() {
        Random r = new Random(3);
        for (VectorKernels k : new VectorKernels[]{scalar, simd}) {
            int w = k.blockWidth();
            for (int dim : new int[]{1, 3, 17, 100}) {
                for (int nq = 1; nq <= 9; nq++) {
                    float[][] queries = new float[nq][];
                    for (int q = 0; q < nq; q++) {
                        queries[q] = random(r, dim);
                    }
                    float[][] vectors = new float[w - 1][]; // one column left as padding
                    for (int j = 0; j < vectors.length; j++) {
                        vectors[j] = random(r, dim);
                    }
                    float[] out = new float[nq * w];
                    k.dotBlock(queries, block(k, vectors, dim), out);
                    for (int q = 0; q < nq; q++) {
                        for (int j = 0; j < vectors.length; j++) {
                            assertEquals(scalar.dot(queries[q], vectors[j]), out[q * w + j], 1e-4f * Math.max(1, dim / 64f),
                                    k.name() + " dim " + dim + " queries " + nq);
                        }
                        assertEquals(0f, out[q * w + w - 1], "a zero padding column scores 0");
                    }
                }
            }
        }
    }

    @Test
    void activeKernelsAreChosenOnceAndNamed() {
        VectorKernels k = VectorKernels.active();
        assertTrue(k == VectorKernels.active());
        assertTrue(k.name().startsWith("simd") || k.name().equals("scalar"));
    }
}
