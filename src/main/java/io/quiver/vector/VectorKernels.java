package io.quiver.vector;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Locale;

/**
 * The arithmetic of exact search: dot product and squared euclidean distance over float arrays.
 * Two implementations exist, {@link SimdKernels} (the Java Vector API, {@code jdk.incubator.vector})
 * and {@link ScalarKernels} (plain loops, the fallback and the reference the SIMD one is tested
 * against). {@link #active()} picks one once per JVM and logs which; the system property
 * {@code quiver.vector.kernels=simd|scalar} forces a choice (as jvector's
 * {@code jvector.vectorization_provider} does for its own kernels).
 */
public interface VectorKernels {

    String name();

    /** {@code sum(a[i] * b[i])}; the arrays have the same length. */
    float dot(float[] a, float[] b);

    /** {@code sum((a[i] - b[i])^2)}; the arrays have the same length. */
    float squareDistance(float[] a, float[] b);

    /** {@code sum(|a[i] - b[i]|)} (Manhattan, L1); the arrays have the same length. */
    default float manhattanDistance(float[] a, float[] b) {
        float s = 0;
        for (int i = 0; i < a.length; i++) {
            s += Math.abs(a[i] - b[i]);
        }
        return s;
    }

    /**
     * {@code sum(q[i] * codes[offset + i])} for {@code i < q.length}: a float query against one
     * vector's int8 codes (scalar quantization), the bytes widened to floats as they are read.
     */
    default float dotBytes(float[] q, byte[] codes, int offset) {
        float s = 0;
        for (int i = 0; i < q.length; i++) {
            s += q[i] * codes[offset + i];
        }
        return s;
    }

    /**
     * {@link #dot} of {@code q} with four vectors at once, into {@code out[0..4)}, bit for bit the
     * same values as four calls. A single exact query is bound by memory latency, not arithmetic:
     * four independent vectors in flight give the memory system four streams to fetch at once
     * where one {@link #dot} after another waits for each vector in turn.
     */
    default void dot4(float[] q, float[] a, float[] b, float[] c, float[] d, float[] out) {
        out[0] = dot(q, a);
        out[1] = dot(q, b);
        out[2] = dot(q, c);
        out[3] = dot(q, d);
    }

    /** {@link #squareDistance} of {@code q} with four vectors at once, as {@link #dot4}. */
    default void squareDistance4(float[] q, float[] a, float[] b, float[] c, float[] d, float[] out) {
        out[0] = squareDistance(q, a);
        out[1] = squareDistance(q, b);
        out[2] = squareDistance(q, c);
        out[3] = squareDistance(q, d);
    }

    /**
     * How many stored vectors {@link #dotBlock} scores at once: the width of a transposed block
     * (two SIMD registers' worth of lanes, so each query component multiplies two registers).
     */
    int blockWidth();

    /**
     * Dot products of a batch of queries with a block of {@link #blockWidth} stored vectors held
     * transposed ({@code block[d * width + j]} is component {@code d} of vector {@code j}):
     * {@code out[q * width + j] = sum_d queries[q][d] * block[d * width + j]}. Transposed, one load of
     * the block serves several queries and no horizontal sum is needed; the block (a few KB) stays
     * in the first-level cache while every query passes over it. The summation order differs from
     * {@link #dot}, so callers re-score finalists with {@link #dot}.
     */
    void dotBlock(float[][] queries, float[] block, float[] out);

    /** The kernels this JVM uses, chosen on first use. */
    static VectorKernels active() {
        return Holder.ACTIVE;
    }

    /**
     * Runs the kernels on tiny inputs until the JIT has compiled them. Vector API code is fast only
     * once C2 has compiled it (interpreted or at C1 it boxes every vector, about a thousand times
     * slower), and the batch kernel, called once per block, would otherwise reach C2's threshold
     * only after seconds of a first large batch (a first exact batch search timed out in tests).
     * Twelve thousand calls on 16 dimensions, on a thread of their own at first use, once per JVM
     * (about a second of one core).
     */
    static void warmUp(VectorKernels k) {
        int dim = 16, w = k.blockWidth();
        float[][] queries = new float[5][dim]; // 5: the four-query tile and the single-query tail
        float[] block = new float[dim * w], out = new float[queries.length * w];
        for (int i = 0; i < dim; i++) {
            queries[i % 5][i] = i;
            block[i * w] = 1;
        }
        float sink = 0;
        for (int rep = 0; rep < 12_000; rep++) {
            k.dotBlock(queries, block, out);
            sink += out[rep % out.length] + k.dot(queries[0], queries[1]) + k.squareDistance(queries[2], queries[3]);
        }
        if (sink == 42) { // keeps the loop from being optimised away
            System.out.print("");
        }
    }

    /** Lazy holder so the choice (and its log line) happens once, on first use. */
    final class Holder {
        private static final Logger log = LoggerFactory.getLogger(VectorKernels.class);
        static final VectorKernels ACTIVE = choose();

        private Holder() {
        }

        private static VectorKernels choose() {
            String forced = System.getProperty("quiver.vector.kernels", "").toLowerCase(Locale.ROOT);
            if (forced.equals("scalar")) {
                log.info("exact-search kernels: scalar (forced by -Dquiver.vector.kernels=scalar)");
                return new ScalarKernels();
            }
            if (ModuleLayer.boot().findModule("jdk.incubator.vector").isEmpty()) {
                log.warn("exact-search kernels: scalar, because module jdk.incubator.vector is not loaded "
                        + "(start the JVM with --add-modules jdk.incubator.vector for SIMD)");
                return new ScalarKernels();
            }
            try {
                SimdKernels simd = new SimdKernels();
                Thread warm = new Thread(() -> {
                    long t0 = System.nanoTime();
                    warmUp(simd);
                    log.debug("exact-search kernels warmed up in {} ms", (System.nanoTime() - t0) / 1_000_000);
                }, "vector-kernels-warm-up");
                warm.setDaemon(true);
                warm.start(); // in the background: start-up does not wait, the first searches rarely do
                log.info("exact-search kernels: {}", simd.name());
                return simd;
            } catch (LinkageError e) {
                log.warn("exact-search kernels: scalar, the Vector API failed to load: {}", e.toString());
                return new ScalarKernels();
            }
        }
    }
}
