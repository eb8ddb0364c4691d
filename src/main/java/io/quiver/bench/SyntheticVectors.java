package io.quiver.bench;

import java.util.SplittableRandom;
import java.util.stream.IntStream;

/**
 * Synthetic data: a mixture of Gaussian clusters. {@code clusters} centres are drawn with every
 * coordinate from N(0, 1); each vector picks a centre uniformly and adds noise with every coordinate
 * from N(0, spread²). Queries come from the same mixture (new draws, not base vectors). The exact
 * neighbours are computed by {@link GroundTruth}.
 *
 * <p>Seeded and deterministic whatever the number of threads: vectors are made in blocks of
 * {@value #BLOCK}, each block from a generator seeded by (seed, stream, block number).
 */
final class SyntheticVectors {
    private static final int BLOCK = 4096;
    private static final long BASE_STREAM = 1, QUERY_STREAM = 2, CENTRE_STREAM = 3;

    private SyntheticVectors() {
    }

    static Dataset generate(int n, int dim, int clusters, double spread, int queryCount, long seed, int k) {
        if (n < 1 || dim < 1 || clusters < 1 || queryCount < 1) {
            throw new IllegalArgumentException("synthetic data needs n, dim, clusters and queries of at least 1");
        }
        float[][] centres = new float[clusters][dim];
        SplittableRandom r = random(seed, CENTRE_STREAM, 0);
        for (float[] c : centres) {
            for (int i = 0; i < dim; i++) {
                c[i] = (float) r.nextGaussian();
            }
        }
        float[][] base = new float[n][];
        float[][] queries = new float[queryCount][];
        try (Progress p = Progress.start("generating", (long) n + queryCount, "vectors")) {
            fill(base, centres, spread, seed, BASE_STREAM, p);
            fill(queries, centres, spread, seed, QUERY_STREAM, p);
        }
        int[][] truth = GroundTruth.compute(base, queries, k);
        String name = "synthetic-" + n + "x" + dim;
        String source = String.format(java.util.Locale.ROOT, "clustered Gaussian: n=%d dim=%d clusters=%d spread=%s queries=%d seed=%d",
                n, dim, clusters, spread, queryCount, seed);
        return new Dataset(name, source, base, queries, truth, null);
    }

    private static void fill(float[][] out, float[][] centres, double spread, long seed, long stream, Progress p) {
        int dim = centres[0].length;
        int blocks = (out.length + BLOCK - 1) / BLOCK;
        IntStream.range(0, blocks).parallel().forEach(b -> {
            SplittableRandom r = random(seed, stream, b);
            int to = Math.min(out.length, (b + 1) * BLOCK);
            for (int i = b * BLOCK; i < to; i++) {
                float[] c = centres[r.nextInt(centres.length)];
                float[] v = new float[dim];
                for (int d = 0; d < dim; d++) {
                    v[d] = c[d] + (float) (spread * r.nextGaussian());
                }
                out[i] = v;
            }
            p.add(to - b * BLOCK);
        });
    }

    /** A generator for one block of one stream: the seed mixed with both (SplitMix64's finaliser). */
    private static SplittableRandom random(long seed, long stream, long block) {
        long z = seed + 0x9E3779B97F4A7C15L * (stream * 0x100000000L + block + 1);
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return new SplittableRandom(z ^ (z >>> 31));
    }
}
