package io.quiver.bench;

import io.quiver.shard.Shard;
import io.quiver.shard.VectorOp;
import io.quiver.vector.PointId;
import io.quiver.vector.SearchParams;
import io.quiver.vector.ShardHits;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * Measurements of ONE shard driven directly on the calling thread (no hand-off, no other thread):
 * the index code alone, as single-threaded libraries are measured.
 * <ul>
 *   <li>{@code --hnswlib}: Quiver's graph (the first {@code --degrees} and {@code --beams}) at each search
 *       depth against hnswlib (M=16, ef_construction=100) through {@code bench/hnswlib_bench.py}, and the
 *       ratio of queries/s at recall@10 >= 0.98. Besides wall-clock queries/s it gives queries per second
 *       of the searching thread's CPU time: on a shared machine that measures the search, not the
 *       neighbours.</li>
 *   <li>{@code --crossover}: exact against graph latency as a shard's part grows, where the
 *       {@code auto} index should switch (README: Index kinds).</li>
 * </ul>
 */
final class OneThreadBench {
    private final BenchOptions o;
    private final double seconds;
    private final int[] efs;

    OneThreadBench(BenchOptions o) {
        this.o = o;
        this.seconds = o.number("seconds", 1);
        this.efs = o.integers("efs", "10,20,40,80,160");
    }

    void run(Dataset data) throws Exception {
        if (o.has("hnswlib")) {
            compareWithHnswlib(data);
        }
        if (o.has("crossover")) {
            crossover(data);
        }
    }

    private record Row(int ef, double recall, double qps, double cpuQps, double p50us, double p99us) {
    }

    private Shard build(Dataset data, IndexConfig config, int n) {
        Shard shard = new Shard(0);
        shard.execute(new VectorOp.CreateCollection(config.collection(ShardedIndex.COLLECTION, data.dimension())));
        PointId[] ids = new PointId[n];
        for (int i = 0; i < n; i++) {
            ids[i] = PointId.of(i);
        }
        shard.execute(new VectorOp.Upsert(ShardedIndex.COLLECTION, null, ids, Arrays.copyOf(data.base(), n), null, false));
        return shard;
    }

    private static ShardHits search(Shard shard, float[] q, SearchParams params) {
        return ((ShardHits[]) shard.execute(new VectorOp.Search(ShardedIndex.COLLECTION, new float[][]{q}, new int[]{Sweep.K},
                new SearchParams[]{params})))[0];
    }

    private void compareWithHnswlib(Dataset data) throws Exception {
        Path script = Path.of(System.getProperty("quiver.home", ".")).resolve("bench/hnswlib_bench.py");
        if (!data.hasGroundTruthFile() || !Files.isRegularFile(script)) {
            VectorBench.out("%nhnswlib comparison skipped: it needs a texmex directory with groundtruth.ivecs and %s", script);
            return;
        }
        IndexConfig config = IndexConfig.graph(o.integers("degrees", "32")[0], o.integers("beams", "100")[0],
                IndexConfig.compression(o.words("compression", "none").get(0), Math.max(1, data.dimension() / 4)), 1);
        long t0 = System.nanoTime();
        Shard shard = build(data, config, data.base().length);
        double build = (System.nanoTime() - t0) / 1e9;
        long bytes = shard.collection(ShardedIndex.COLLECTION).memoryEstimate();
        VectorBench.out("%n### %s: one shard on one thread (%s, build %.2f s, %,.0f vectors/s, %,.0f bytes/vector) against hnswlib%n",
                data.name(), config.label(), build, data.base().length / build, bytes / (double) data.base().length);
        VectorBench.out("| index | ef | recall@10 | q/s (wall) | q/s (thread CPU) | p50 µs | p99 µs |");
        VectorBench.out("|---|---|---|---|---|---|---|");
        java.util.List<Row> quiver = new java.util.ArrayList<>();
        Row byDefault = measure(shard, data, SearchParams.DEFAULT);
        VectorBench.out("| quiver | default (%d) | %.4f | %,.0f | %,.0f | %,.0f | %,.0f |",
                shard.collection(ShardedIndex.COLLECTION).defaultEf(Sweep.K), byDefault.recall, byDefault.qps, byDefault.cpuQps,
                byDefault.p50us, byDefault.p99us);
        for (int ef : efs) {
            Row r = measure(shard, data, new SearchParams(ef, false));
            VectorBench.out("| quiver | %d | %.4f | %,.0f | %,.0f | %,.0f | %,.0f |", ef, r.recall, r.qps, r.cpuQps, r.p50us, r.p99us);
            quiver.add(r);
        }
        shard.execute(ShardedIndex.dropOp()); // frees the graph

        Process p = new ProcessBuilder(o.get("python", "/usr/bin/python3"), script.toString(), "--data",
                data.fvecs().getParent().toString(), "--efs", String.join(",", Arrays.stream(efs).mapToObj(Integer::toString).toList()),
                "--seconds", Double.toString(seconds)).redirectErrorStream(true).start();
        java.util.List<Row> hnswlib = new java.util.ArrayList<>();
        try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line; (line = r.readLine()) != null; ) {
                VectorBench.out("%s", line);
                String[] cells = line.split("\\|"); // result rows: "| hnswlib | ef | recall | qps | cpu qps | p50 | p99 |"
                if (cells.length > 7 && cells[1].trim().equals("hnswlib")) {
                    hnswlib.add(new Row(Integer.parseInt(cells[2].trim()), Double.parseDouble(cells[3].trim()),
                            Double.parseDouble(cells[4].trim()), Double.parseDouble(cells[5].trim()),
                            Double.parseDouble(cells[6].trim()), Double.parseDouble(cells[7].trim())));
                }
            }
        }
        p.waitFor(10, TimeUnit.MINUTES);
        for (double target : new double[]{0.95, 0.98, 0.99}) {
            Row q = lowestReaching(quiver, target), h = lowestReaching(hnswlib, target);
            if (q == null || h == null) {
                VectorBench.out("%nAt recall@10 >= %.2f: no search depth reached it on %s", target, q == null ? "Quiver" : "hnswlib");
                continue;
            }
            VectorBench.out("%nAt recall@10 >= %.2f (lowest depth reaching it): Quiver ef=%d (%.4f) vs hnswlib ef=%d (%.4f):",
                    target, q.ef, q.recall, h.ef, h.recall);
            VectorBench.out("- by thread CPU time: %,.0f vs %,.0f q/s = %.2fx", q.cpuQps, h.cpuQps, q.cpuQps / h.cpuQps);
            VectorBench.out("- by wall clock: %,.0f vs %,.0f q/s = %.2fx", q.qps, h.qps, q.qps / h.qps);
        }
    }

    private static Row lowestReaching(java.util.List<Row> rows, double recall) {
        return rows.stream().filter(r -> r.recall >= recall).findFirst().orElse(null);
    }

    /** The queries in order, repeatedly, for about {@code seconds}; the first pass gives recall. */
    private Row measure(Shard shard, Dataset data, SearchParams params) {
        float[][] queries = data.queries();
        for (int i = 0; i < Math.min(queries.length, 100); i++) { // warm-up
            search(shard, queries[i], params);
        }
        Latencies latencies = new Latencies();
        double recall = 0;
        ThreadMXBean cpu = ManagementFactory.getThreadMXBean();
        long cpuStart = cpu.getCurrentThreadCpuTime();
        long start = System.nanoTime(), deadline = start + (long) (seconds * 1e9);
        int pass = 0;
        do {
            for (int q = 0; q < queries.length; q++) {
                long t = System.nanoTime();
                ShardHits h = search(shard, queries[q], params);
                latencies.add(System.nanoTime() - t);
                if (pass == 0) {
                    recall += Sweep.recall(h, data.truth()[q]);
                }
            }
            pass++;
        } while (System.nanoTime() < deadline);
        double elapsed = (System.nanoTime() - start) / 1e9;
        double cpuSecs = (cpu.getCurrentThreadCpuTime() - cpuStart) / 1e9;
        return new Row(params.ef(), recall / queries.length, latencies.count() / elapsed, latencies.count() / cpuSecs,
                latencies.percentileMicros(0.5), latencies.percentileMicros(0.99));
    }

    /** Flat vs graph latency by the number of points in one shard's part. */
    private void crossover(Dataset data) {
        VectorBench.out("%n### %s: exact vs graph (default search depth) latency by points in one shard's part%n", data.name());
        VectorBench.out("| points | flat p50 µs | graph p50 µs | graph recall@10 vs exact |");
        VectorBench.out("|---|---|---|---|");
        IndexConfig graph = IndexConfig.graph(o.integers("degrees", "32")[0], o.integers("beams", "100")[0], 0, 1);
        for (int n : new int[]{128, 256, 512, 1024, 2048, 4096}) {
            if (n > data.base().length) {
                break;
            }
            Shard shard = build(data, graph, n);
            double[] p50 = new double[2];
            for (int mode = 0; mode < 2; mode++) {
                SearchParams params = new SearchParams(0, mode == 0);
                Latencies lat = new Latencies();
                long deadline = System.nanoTime() + (long) (Math.min(seconds, 1.0) * 1e9);
                do {
                    for (float[] q : data.queries()) {
                        long t = System.nanoTime();
                        search(shard, q, params);
                        lat.add(System.nanoTime() - t);
                    }
                } while (System.nanoTime() < deadline);
                p50[mode] = lat.percentileMicros(0.5);
            }
            double agree = 0;
            for (float[] q : data.queries()) {
                Set<PointId> exact = new HashSet<>(Arrays.asList(search(shard, q, new SearchParams(0, true)).ids()));
                for (PointId id : search(shard, q, SearchParams.DEFAULT).ids()) {
                    agree += exact.contains(id) ? 1 : 0;
                }
            }
            VectorBench.out("| %d | %.0f | %.0f | %.4f |", n, p50[0], p50[1], agree / (data.queries().length * (double) Sweep.K));
            shard.execute(ShardedIndex.dropOp()); // frees the graph
        }
    }
}
