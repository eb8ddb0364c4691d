package io.quiver.bench;

import io.quiver.vector.VectorKernels;

import java.util.stream.IntStream;

/**
 * Exact k nearest neighbours by euclidean distance, nearest first, ties to the lower row: the
 * answers recall is measured against. Uses the same SIMD kernels as Quiver's exact search
 * ({@link VectorKernels#active()}), so the flat index reproduces it exactly.
 *
 * <p>Multi-threaded over blocks of queries; each block walks the base in chunks small enough to
 * stay in the processor's cache while every query of the block is compared with them, so the base
 * is read from memory once per block rather than once per query.
 */
final class GroundTruth {
    private static final int QUERY_BLOCK = 32;
    private static final int BASE_CHUNK = 1024;

    private GroundTruth() {
    }

    static int[][] compute(float[][] base, float[][] queries, int k) {
        VectorKernels kernels = VectorKernels.active();
        int depth = Math.min(k, base.length);
        int[][] truth = new int[queries.length][];
        int blocks = (queries.length + QUERY_BLOCK - 1) / QUERY_BLOCK;
        try (Progress p = Progress.start("ground truth", queries.length, "queries")) {
            IntStream.range(0, blocks).parallel().forEach(b -> {
                int from = b * QUERY_BLOCK, to = Math.min(queries.length, from + QUERY_BLOCK);
                Nearest[] nearest = new Nearest[to - from];
                for (int q = from; q < to; q++) {
                    nearest[q - from] = new Nearest(depth);
                }
                for (int chunk = 0; chunk < base.length; chunk += BASE_CHUNK) {
                    int end = Math.min(base.length, chunk + BASE_CHUNK);
                    for (int q = from; q < to; q++) {
                        Nearest n = nearest[q - from];
                        for (int i = chunk; i < end; i++) {
                            n.offer(i, kernels.squareDistance(queries[q], base[i]));
                        }
                    }
                }
                for (int q = from; q < to; q++) {
                    truth[q] = nearest[q - from].ids();
                }
                p.add(to - from);
            });
        }
        return truth;
    }

    /** The k smallest (distance, id) seen, kept sorted (k is small); ties go to the lower id. */
    static final class Nearest {
        private final int[] ids;
        private final float[] distances;
        private int size;

        Nearest(int k) {
            ids = new int[k];
            distances = new float[k];
        }

        void offer(int id, float distance) {
            // ids arrive in increasing order, so an equal distance never displaces a kept id
            if (size == ids.length && distance >= distances[size - 1]) {
                return;
            }
            int i = size == ids.length ? size - 1 : size++;
            while (i > 0 && distances[i - 1] > distance) {
                distances[i] = distances[i - 1];
                ids[i] = ids[i - 1];
                i--;
            }
            distances[i] = distance;
            ids[i] = id;
        }

        int[] ids() {
            return java.util.Arrays.copyOf(ids, size);
        }
    }
}
