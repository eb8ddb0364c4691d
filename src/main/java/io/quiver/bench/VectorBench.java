package io.quiver.bench;

import io.quiver.app.Quiver;
import io.quiver.config.ConfigKeys;
import io.quiver.config.QuiverConfig;
import io.quiver.shard.Shard;
import io.quiver.shard.VectorOp;
import io.quiver.vector.CollectionConfig;
import io.quiver.vector.CollectionShardInfo;
import io.quiver.vector.GraphParams;
import io.quiver.vector.IndexKind;
import io.quiver.vector.Metric;
import io.quiver.vector.PointId;
import io.quiver.vector.SearchParams;
import io.quiver.vector.ShardHits;
import io.quiver.vector.VectorRuntime;
import io.quiver.vector.io.Texmex;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The vector benchmark: {@code bin/quiver bench --data DIR} with a texmex data set in DIR
 * ({@code base.fvecs}, {@code query.fvecs}, {@code groundtruth.ivecs}; euclidean). Prints build time,
 * memory per vector, and for flat and graph at several search depths: recall@10, single-client
 * queries/s and p50/p99 latency in-process (one {@link Shard}, driven directly on this thread: the
 * shard code alone) and over HTTP with concurrent clients; then runs hnswlib (M=16,
 * ef_construction=100) on the same data through {@code bench/hnswlib_bench.py} and prints the
 * Quiver/hnswlib throughput ratio at recall@10 >= 0.98. Bounded: every measurement runs for about
 * {@code --seconds} seconds.
 */
public final class VectorBench {
    private static final String COLLECTION = "bench";
    private static final int K = 10;

    private final Path data;
    private final int[] efs;
    private final int clients;
    private final int shards;
    private final double seconds;
    private final boolean http;
    private final boolean inProcess;
    private final String python;
    private float[][] base;
    private float[][] queries;
    private int[][] truth;
    private final Map<Integer, Row> graphRows = new LinkedHashMap<>();
    private final Map<String, Row> httpRows = new LinkedHashMap<>();

    private VectorBench(Map<String, String> args) {
        this.data = Path.of(args.getOrDefault("data", "../shared/datasets/fashion-mnist-10k"));
        this.efs = Arrays.stream(args.getOrDefault("efs", "10,16,24,32,48,64").split(",")).mapToInt(Integer::parseInt).toArray();
        this.clients = Integer.parseInt(args.getOrDefault("clients", "8"));
        this.shards = Integer.parseInt(args.getOrDefault("shards", "2"));
        this.seconds = Double.parseDouble(args.getOrDefault("seconds", "2"));
        this.http = !args.containsKey("no-http");
        this.inProcess = !args.containsKey("no-in-process");
        this.python = args.containsKey("no-hnswlib") ? null : args.getOrDefault("python", "/usr/bin/python3");
    }

    public static void main(String[] argv) throws Exception {
        Map<String, String> args = new LinkedHashMap<>();
        for (int i = 0; i < argv.length; i++) {
            String a = argv[i];
            if (!a.startsWith("--")) {
                throw new IllegalArgumentException("unexpected argument " + a);
            }
            String name = a.substring(2);
            boolean flag = name.startsWith("no-");
            args.put(name, flag ? "true" : argv[++i]);
        }
        new VectorBench(args).run();
        System.exit(0);
    }

    private void run() throws Exception {
        String provider = VectorRuntime.configure(System.getProperty("jvector.vectorization_provider", "panama"));
        base = Texmex.readFvecs(data.resolve("base.fvecs"), 0);
        queries = Texmex.readFvecs(data.resolve("query.fvecs"), 0);
        truth = Texmex.readIvecs(data.resolve("groundtruth.ivecs"));
        out("# Quiver vector benchmark: %s (%d x %d base, %d queries, euclidean), %d cores, java %s, jvector %s",
                data.getFileName(), base.length, base[0].length, queries.length, Runtime.getRuntime().availableProcessors(),
                System.getProperty("java.version"), provider);
        out("machine load average at start (other work on the same cores skews wall-clock figures): %s", loadAverage());

        if (inProcess) {
            out("%n## In-process: one shard, driven directly on one thread");
            inProcess(IndexKind.FLAT, null);
            inProcess(IndexKind.GRAPH, graphRows);
            crossover();
        }
        if (http) {
            overHttp();
        }
        if (python != null) {
            compareWithHnswlib();
        }
    }

    // ---- in-process ----

    /**
     * One measured setting. {@code cpuQps} counts queries per second of the searching thread's CPU
     * time: on a machine shared with other work, wall-clock throughput also measures the neighbours,
     * CPU time measures the search. Zero where it does not apply (HTTP).
     */
    private record Row(int ef, double recall, double qps, double cpuQps, double p50us, double p99us) {
    }

    private void inProcess(IndexKind kind, Map<Integer, Row> rows) {
        System.gc();
        long heapBefore = usedHeap();
        Shard shard = new Shard(0);
        CollectionConfig config = new CollectionConfig(COLLECTION, base[0].length, Metric.EUCLIDEAN, kind, GraphParams.DEFAULTS, 0);
        shard.execute(new VectorOp.CreateCollection(config));
        long t0 = System.nanoTime();
        for (int from = 0; from < base.length; from += 512) {
            int n = Math.min(512, base.length - from);
            PointId[] ids = new PointId[n];
            for (int i = 0; i < n; i++) {
                ids[i] = PointId.of(from + i);
            }
            float[][] copies = new float[n][];
            for (int i = 0; i < n; i++) {
                copies[i] = base[from + i].clone(); // the shard owns its copy, so the heap delta counts the vectors
            }
            shard.execute(new VectorOp.Upsert(COLLECTION, null, ids, copies, null, false));
        }
        double buildSecs = (System.nanoTime() - t0) / 1e9;
        CollectionShardInfo info = (CollectionShardInfo) shard.execute(new VectorOp.Info(COLLECTION));
        System.gc();
        long heapAfter = usedHeap();
        out("%n%s: build %.2f s (%.0f vectors/s), memory per vector %.0f bytes estimated, %.0f bytes measured (raw vector %d bytes)",
                kind.wireName(), buildSecs, base.length / buildSecs, (double) info.memoryBytes() / base.length,
                (double) (heapAfter - heapBefore) / base.length, 4 * base[0].length);
        out("| index | ef | recall@10 | queries/s (wall) | queries/s (thread CPU) | p50 µs | p99 µs |");
        out("|---|---|---|---|---|---|---|");
        int[] depths = kind == IndexKind.FLAT ? new int[]{0} : efs;
        for (int ef : depths) {
            Row r = measure(shard, new SearchParams(ef, false));
            out("| %s | %s | %.4f | %.0f | %.0f | %.0f | %.0f |", kind.wireName(), ef == 0 ? "exact" : Integer.toString(ef),
                    r.recall, r.qps, r.cpuQps, r.p50us, r.p99us);
            if (rows != null) {
                rows.put(ef, r);
            }
        }
    }

    /** Runs the queries (in order, repeatedly) for about {@code seconds}; the first pass gives recall. */
    private Row measure(Shard shard, SearchParams params) {
        for (int i = 0; i < Math.min(queries.length, 100); i++) { // warm-up
            search(shard, queries[i], params);
        }
        List<Long> latencies = new ArrayList<>();
        double recall = 0;
        java.lang.management.ThreadMXBean cpu = java.lang.management.ManagementFactory.getThreadMXBean();
        long cpuStart = cpu.getCurrentThreadCpuTime();
        long start = System.nanoTime(), deadline = start + (long) (seconds * 1e9);
        int pass = 0;
        do {
            for (int q = 0; q < queries.length; q++) {
                long t = System.nanoTime();
                ShardHits h = search(shard, queries[q], params);
                latencies.add(System.nanoTime() - t);
                if (pass == 0) {
                    recall += recall(h.ids(), q);
                }
            }
            pass++;
        } while (System.nanoTime() < deadline);
        double elapsed = (System.nanoTime() - start) / 1e9;
        double cpuSecs = (cpu.getCurrentThreadCpuTime() - cpuStart) / 1e9;
        return new Row(params.ef(), recall / queries.length, latencies.size() / elapsed, latencies.size() / cpuSecs,
                percentile(latencies, 0.50) / 1e3, percentile(latencies, 0.99) / 1e3);
    }

    private static ShardHits search(Shard shard, float[] q, SearchParams params) {
        return ((ShardHits[]) shard.execute(new VectorOp.Search(COLLECTION, new float[][]{q}, new int[]{K},
                new SearchParams[]{params})))[0];
    }

    private double recall(PointId[] found, int q) {
        Set<Long> t = new HashSet<>();
        for (int i = 0; i < K; i++) {
            t.add((long) truth[q][i]);
        }
        int hit = 0;
        for (PointId id : found) {
            hit += t.contains(id.number()) ? 1 : 0;
        }
        return hit / (double) K;
    }

    /** Flat vs graph latency as a shard's part grows: where the auto index should switch. */
    private void crossover() {
        out("%n## Auto-index crossover: exact vs graph (default ef) latency by points in one shard's part");
        out("| points | flat p50 µs | graph p50 µs | graph recall@10 vs exact |");
        out("|---|---|---|---|");
        for (int n : new int[]{128, 256, 512, 1024, 2048, 4096}) {
            if (n > base.length) {
                break;
            }
            Shard shard = new Shard(0);
            shard.execute(new VectorOp.CreateCollection(new CollectionConfig(COLLECTION, base[0].length, Metric.EUCLIDEAN,
                    IndexKind.GRAPH, GraphParams.DEFAULTS, 0)));
            PointId[] ids = new PointId[n];
            for (int i = 0; i < n; i++) {
                ids[i] = PointId.of(i);
            }
            shard.execute(new VectorOp.Upsert(COLLECTION, null, ids, Arrays.copyOf(base, n), null, false));
            double[] p50 = new double[2];
            double agree = 0;
            for (int mode = 0; mode < 2; mode++) {
                SearchParams params = new SearchParams(0, mode == 0);
                List<Long> lat = new ArrayList<>();
                long deadline = System.nanoTime() + (long) (Math.min(seconds, 1.0) * 1e9);
                do {
                    for (float[] q : queries) {
                        long t = System.nanoTime();
                        search(shard, q, params);
                        lat.add(System.nanoTime() - t);
                    }
                } while (System.nanoTime() < deadline);
                p50[mode] = percentile(lat, 0.5) / 1e3;
            }
            for (float[] q : queries) {
                Set<PointId> exact = new HashSet<>(Arrays.asList(search(shard, q, new SearchParams(0, true)).ids()));
                for (PointId id : search(shard, q, SearchParams.DEFAULT).ids()) {
                    agree += exact.contains(id) ? 1 : 0;
                }
            }
            out("| %d | %.0f | %.0f | %.4f |", n, p50[0], p50[1], agree / (queries.length * (double) K));
        }
    }

    // ---- over HTTP ----

    private void overHttp() throws Exception {
        QuiverConfig config = QuiverConfig.defaults().with(ConfigKeys.HTTP_PORT, 0).with(ConfigKeys.RESP_PORT, 0)
                .with(ConfigKeys.SHARDS, shards).with(ConfigKeys.METRICS, false)
                .with(ConfigKeys.IMPORT_DIR, data.toAbsolutePath().toString());
        Quiver quiver = Quiver.start(config).await(60, TimeUnit.SECONDS);
        try {
            HttpClient setup = HttpClient.newHttpClient();
            String url = "http://127.0.0.1:" + quiver.httpPort();
            send(setup, url + "/collections/" + COLLECTION, "PUT",
                    "{\"vectors\":{\"size\":" + base[0].length + ",\"distance\":\"Euclid\"},\"quiver\":{\"index\":\"graph\"}}");
            long t0 = System.nanoTime();
            send(setup, url + "/collections/" + COLLECTION + "/import", "POST", "{\"path\":\"base.fvecs\",\"wait\":true}");
            out("%n## Over HTTP: %d shards, %d concurrent clients (keep-alive, one request at a time each), POST .../points/search limit 10",
                    shards, clients);
            out("import of base.fvecs through POST /collections/%s/import with the graph built: %.2f s", COLLECTION,
                    (System.nanoTime() - t0) / 1e9);
            out("| index | ef | recall@10 | queries/s | p50 µs | p99 µs | process CPU µs per query (server + clients) |");
            out("|---|---|---|---|---|---|---|");
            List<String> modes = new ArrayList<>();
            modes.add("exact");
            for (int ef : efs) {
                modes.add(Integer.toString(ef));
            }
            for (String mode : modes) {
                String params = mode.equals("exact") ? "{\"exact\":true}" : "{\"hnsw_ef\":" + mode + "}";
                String[] bodies = new String[queries.length];
                for (int q = 0; q < queries.length; q++) {
                    bodies[q] = "{\"vector\":" + Arrays.toString(queries[q]) + ",\"limit\":" + K + ",\"params\":" + params + "}";
                }
                Row r = httpLoad(url + "/collections/" + COLLECTION + "/points/search", bodies);
                out("| %s | %s | %.4f | %.0f | %.0f | %.0f | %.0f |", mode.equals("exact") ? "flat" : "graph", mode, r.recall, r.qps,
                        r.p50us, r.p99us, r.cpuQps);
                httpRows.put(mode, r);
            }
        } finally {
            quiver.close().await(30, TimeUnit.SECONDS);
        }
        if (!graphRows.isEmpty()) {
            out("%nHTTP (%d clients) vs in-process (one thread, wall clock) throughput, same beam:", clients);
            for (Map.Entry<Integer, Row> e : graphRows.entrySet()) {
                Row h = httpRows.get(Integer.toString(e.getKey()));
                if (h != null) {
                    out("  ef=%d: %.0f / %.0f q/s = %.0f%%", e.getKey(), h.qps, e.getValue().qps, 100 * h.qps / e.getValue().qps);
                }
            }
        }
    }

    private static String send(HttpClient c, String url, String method, String body) throws IOException, InterruptedException {
        HttpResponse<String> r = c.send(HttpRequest.newBuilder(URI.create(url)).method(method,
                HttpRequest.BodyPublishers.ofString(body)).header("Content-Type", "application/json").build(),
                HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 200) {
            throw new IOException(method + " " + url + " -> " + r.statusCode() + " " + r.body());
        }
        return r.body();
    }

    private static final Pattern ID = Pattern.compile("\"id\":(\\d+)");

    private Row httpLoad(String url, String[] bodies) throws Exception {
        URI uri = URI.create(url);
        byte[][] requests = new byte[bodies.length][];
        double recall = 0;
        try (RawHttpClient one = new RawHttpClient(uri.getHost(), uri.getPort())) { // recall: one sequential pass
            for (int q = 0; q < bodies.length; q++) {
                requests[q] = one.post(uri.getPath(), bodies[q]);
                Matcher m = ID.matcher(one.send(requests[q]));
                List<PointId> ids = new ArrayList<>();
                while (m.find()) {
                    ids.add(PointId.of(Long.parseLong(m.group(1))));
                }
                recall += recall(ids.toArray(new PointId[0]), q);
            }
        }
        // The load runs for a warm-up period first (the HTTP path's code must be compiled, as the
        // in-process loop's is after its warm-up), then for the measured window.
        AtomicBoolean stop = new AtomicBoolean();
        AtomicBoolean measuring = new AtomicBoolean();
        List<List<Long>> perClient = new ArrayList<>();
        List<Thread> threads = new ArrayList<>();
        for (int c = 0; c < clients; c++) {
            List<Long> lat = new ArrayList<>();
            perClient.add(lat);
            int offset = c * 37;
            threads.add(new Thread(() -> {
                try (RawHttpClient client = new RawHttpClient(uri.getHost(), uri.getPort())) {
                    int i = offset;
                    while (!stop.get()) {
                        long s = System.nanoTime();
                        client.send(requests[i++ % requests.length]);
                        if (measuring.get()) {
                            lat.add(System.nanoTime() - s);
                        }
                    }
                } catch (IOException e) {
                    throw new IllegalStateException(e);
                }
            }));
        }
        var os = (com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory.getOperatingSystemMXBean();
        threads.forEach(Thread::start);
        Thread.sleep((long) (Math.min(2, seconds) * 1000));
        long cpuStart = os.getProcessCpuTime();
        long start = System.nanoTime();
        measuring.set(true);
        Thread.sleep((long) (seconds * 1000));
        measuring.set(false);
        long end = System.nanoTime();
        long cpuEnd = os.getProcessCpuTime();
        stop.set(true);
        for (Thread t : threads) {
            t.join();
        }
        double elapsed = (end - start) / 1e9;
        long cpuNanos = cpuEnd - cpuStart;
        List<Long> all = new ArrayList<>();
        perClient.forEach(all::addAll);
        // for HTTP rows the "cpuQps" slot carries the process CPU microseconds spent per query
        return new Row(0, recall / bodies.length, all.size() / elapsed, cpuNanos / 1e3 / Math.max(1, all.size()),
                percentile(all, 0.5) / 1e3, percentile(all, 0.99) / 1e3);
    }

    // ---- hnswlib ----

    private void compareWithHnswlib() throws Exception {
        Path script = Path.of(System.getProperty("quiver.home", ".")).resolve("bench/hnswlib_bench.py");
        if (!Files.isRegularFile(script)) {
            out("%nhnswlib: %s not found, comparison skipped", script);
            return;
        }
        out("%n## hnswlib (M=16, ef_construction=100) on the same data, same machine, same run");
        Process p = new ProcessBuilder(python, script.toString(), "--data", data.toString(), "--efs",
                String.join(",", Arrays.stream(efs).mapToObj(Integer::toString).toList()), "--seconds", Double.toString(seconds))
                .redirectErrorStream(true).start();
        double hnswQps = -1, hnswCpuQps = -1;
        int hnswEf = -1;
        try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = r.readLine()) != null) {
                out("%s", line);
                // result rows: "| hnswlib | ef | recall | qps | ..."
                String[] cells = line.split("\\|");
                if (cells.length > 6 && cells[1].trim().equals("hnswlib")) {
                    double recall = Double.parseDouble(cells[3].trim());
                    if (recall >= 0.98 && hnswQps < 0) {
                        hnswEf = Integer.parseInt(cells[2].trim());
                        hnswQps = Double.parseDouble(cells[4].trim());
                        hnswCpuQps = Double.parseDouble(cells[5].trim());
                    }
                }
            }
        }
        p.waitFor(10, TimeUnit.MINUTES);
        Row quiver = graphRows.values().stream().filter(r -> r.recall >= 0.98).findFirst().orElse(null);
        if (quiver == null || hnswQps < 0) {
            out("%nratio: no setting reached recall@10 >= 0.98 on %s", quiver == null ? "Quiver" : "hnswlib");
            return;
        }
        out("%nAt recall@10 >= 0.98 on one thread (lowest beam reaching it): Quiver graph ef=%d (recall %.4f) vs hnswlib ef=%d:",
                quiver.ef, quiver.recall, hnswEf);
        out("  by thread CPU time: Quiver %.0f q/s, hnswlib %.0f q/s: ratio %.2fx", quiver.cpuQps, hnswCpuQps, quiver.cpuQps / hnswCpuQps);
        out("  by wall clock:      Quiver %.0f q/s, hnswlib %.0f q/s: ratio %.2fx", quiver.qps, hnswQps, quiver.qps / hnswQps);
    }

    // ---- helpers ----

    private static double percentile(List<Long> values, double p) {
        long[] v = values.stream().mapToLong(Long::longValue).sorted().toArray();
        return v.length == 0 ? 0 : v[Math.min(v.length - 1, (int) Math.floor(p * v.length))];
    }

    private static String loadAverage() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).trim();
        } catch (IOException e) {
            return "unknown";
        }
    }

    private static long usedHeap() {
        Runtime rt = Runtime.getRuntime();
        return rt.totalMemory() - rt.freeMemory();
    }

    private static void out(String format, Object... args) {
        System.out.println(String.format(Locale.ROOT, format, args));
    }
}
