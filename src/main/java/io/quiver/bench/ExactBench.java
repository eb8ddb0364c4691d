package io.quiver.bench;

import io.quiver.vector.SearchParams;
import io.quiver.vector.ShardHits;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

/**
 * {@code bin/quiver bench --exact}: exact (flat) search over uniform random vectors
 * ({@code --synthetic N}, default 1M, {@code --dim} 128), single queries and batches of
 * {@code --batch} (64), on each {@code --shards} count, against numpy on the same array in the same
 * run (each figure the best of five rounds) ({@code bench/exact_numpy.py}: sgemv per query, one sgemm per batch; OpenBLAS on one thread and
 * on all cores, with {@code OPENBLAS_CORETYPE=SkylakeX} for that command only). Quiver's searches go
 * through the server's shard code ({@link ShardedIndex}); the batch is one {@code Search} op to every
 * shard, as {@code POST /points/search/batch} sends it. Before timing, a batch's answers are checked
 * against one search per query (they must be identical).
 */
final class ExactBench {
    private static final int K = 10;
    private static final int ROUNDS = 5;
    private final BenchOptions o;

    ExactBench(BenchOptions o) {
        this.o = o;
    }

    void run(Path out) throws Exception {
        int n = o.has("synthetic") ? BenchOptions.count(o.get("synthetic", "")) : 1_000_000;
        int dim = o.integer("dim", 128);
        int batch = o.integer("batch", 64);
        double seconds = o.number("seconds", 3);
        SplittableRandom r = new SplittableRandom(o.integer("seed", 42));
        float[][] base = uniform(r, n, dim);
        float[][] queries = uniform(r, Math.max(batch, 256), dim);
        float[][] block = Arrays.copyOf(queries, batch);
        VectorBench.out("%n### Exact search: %,d x %d uniform random vectors (euclidean), top %d%n", n, dim, K);
        VectorBench.out("| engine | mode | threads/shards | queries/s | queries/s without top-k |");
        VectorBench.out("|---|---|---|---|---|");
        List<double[]> quiver = new ArrayList<>();
        for (int shards : o.integers("shards", "1,2")) {
            try (ShardedIndex index = ShardedIndex.build(IndexConfig.flat(shards), base)) {
                SearchParams exact = new SearchParams(0, true);
                checkBatchAgrees(index, block, exact);
                int[] next = {0};
                double single = timed(() -> index.search(queries[next[0]++ % queries.length], K, exact), 1, seconds);
                double batched = timed(() -> index.searchBatch(block, K, exact), batch, seconds);
                VectorBench.out("| quiver | single | %d shards | %,.1f | |", shards, single);
                VectorBench.out("| quiver | batch %d | %d shards | %,.1f | |", batch, shards, batched);
                quiver.add(new double[]{shards, single, batched});
            }
        }
        Path dir = Files.createTempDirectory("quiver-exact-bench");
        try {
            write(dir.resolve("base.f32"), base);
            write(dir.resolve("queries.f32"), queries);
            base = null; // numpy has its own copy; let this one go
            for (String threads : new String[]{"1", ""}) {
                numpy(dir, dim, batch, seconds, threads);
            }
        } finally {
            Files.deleteIfExists(dir.resolve("base.f32"));
            Files.deleteIfExists(dir.resolve("queries.f32"));
            Files.deleteIfExists(dir);
        }
    }

    private static float[][] uniform(SplittableRandom r, int n, int dim) {
        float[][] v = new float[n][dim];
        for (float[] row : v) {
            for (int d = 0; d < dim; d++) {
                row[d] = (float) r.nextDouble();
            }
        }
        return v;
    }

    /** The batch must answer exactly as one search per query does: same ids, same ranks, same order. */
    private static void checkBatchAgrees(ShardedIndex index, float[][] block, SearchParams exact) {
        ShardHits[] batch = index.searchBatch(block, K, exact);
        for (int q = 0; q < block.length; q++) {
            ShardHits one = index.search(block[q], K, exact);
            if (!Arrays.equals(one.ids(), batch[q].ids()) || !Arrays.equals(one.ranks(), batch[q].ranks())) {
                throw new IllegalStateException("batched exact search disagrees with a single search on query " + q
                        + ": " + Arrays.toString(one.ids()) + " vs " + Arrays.toString(batch[q].ids()));
            }
        }
        VectorBench.out("(%d batched answers identical to single searches)", block.length);
    }

    /**
     * Queries per second of {@code search} (each call answering {@code perCall} queries): the best of
     * five rounds of {@code seconds / 5}, after a warm-up. On cores shared with other work the best
     * round is the one least disturbed; numpy is measured the same way.
     */
    private static double timed(Runnable search, int perCall, double seconds) {
        long warm = System.nanoTime() + (long) (Math.min(1, seconds / 3) * 1e9);
        do {
            search.run();
        } while (System.nanoTime() < warm);
        double best = 0;
        for (int round = 0; round < ROUNDS; round++) {
            long start = System.nanoTime(), deadline = start + (long) (seconds / ROUNDS * 1e9);
            long calls = 0;
            do {
                search.run();
                calls++;
            } while (System.nanoTime() < deadline);
            best = Math.max(best, calls * perCall / ((System.nanoTime() - start) / 1e9));
        }
        return best;
    }

    private static void write(Path file, float[][] rows) throws IOException {
        int dim = rows[0].length;
        ByteBuffer buf = ByteBuffer.allocateDirect(4 * dim * 4096).order(ByteOrder.LITTLE_ENDIAN);
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            for (float[] row : rows) {
                if (buf.remaining() < 4 * dim) {
                    buf.flip();
                    while (buf.hasRemaining()) {
                        ch.write(buf);
                    }
                    buf.clear();
                }
                for (float f : row) {
                    buf.putFloat(f);
                }
            }
            buf.flip();
            while (buf.hasRemaining()) {
                ch.write(buf);
            }
        }
    }

    private void numpy(Path dir, int dim, int batch, double seconds, String threads) throws Exception {
        Path script = Path.of(System.getProperty("quiver.home", ".")).resolve("bench/exact_numpy.py");
        ProcessBuilder pb = new ProcessBuilder(o.get("python", "/usr/bin/python3"), script.toString(), "--base",
                dir.resolve("base.f32").toString(), "--queries", dir.resolve("queries.f32").toString(), "--dim",
                Integer.toString(dim), "--batch", Integer.toString(batch), "--k", Integer.toString(K), "--seconds",
                Double.toString(seconds)).redirectErrorStream(true);
        pb.environment().put("OPENBLAS_CORETYPE", "SkylakeX"); // Debian's OpenBLAS uses AVX-512 here only when told
        if (!threads.isEmpty()) {
            pb.environment().put("OPENBLAS_NUM_THREADS", threads);
        }
        Process p = pb.start();
        try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line; (line = r.readLine()) != null; ) {
                VectorBench.out("%s", line);
            }
        }
        if (!p.waitFor(10, TimeUnit.MINUTES) || p.exitValue() != 0) {
            VectorBench.out("(numpy failed: it needs Debian's python3-numpy under /usr/bin/python3)");
        }
    }
}
