package io.quiver.bench;

import io.quiver.app.Quiver;
import io.quiver.config.ConfigKeys;
import io.quiver.config.QuiverConfig;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code --http}: the same data through the real server, started in this process on a free port
 * (persistence off), for each shard count: the base imported with {@code POST /collections/bench/import}
 * into a graph (the first {@code --degrees} and {@code --beams}), then {@code --clients} keep-alive
 * connections each sending one {@code POST .../points/search} (limit 10) at a time, for exact search
 * and each search depth. Besides recall, throughput and latency it reports the server's own
 * {@code Server-Timing} phases (medians), which split each request's time into waiting for a shard,
 * running on it, and merging.
 */
final class HttpBench {
    private static final Pattern ID = Pattern.compile("\"id\":(\\d+)");
    private static final Pattern PHASE = Pattern.compile("(queue|shard|merge|total);dur=([0-9.]+)");
    private static final String COLLECTION = "bench";

    private final BenchOptions o;
    private final double seconds;
    private final int clients;

    HttpBench(BenchOptions o) {
        this.o = o;
        this.seconds = o.number("seconds", 1);
        this.clients = o.integer("clients", 4);
    }

    void run(Dataset data, Path out) throws Exception {
        try (Dataset.BaseFile file = data.baseFile(out)) {
            Path fvecs = file.path();
            int m = o.integers("degrees", "32")[0], beam = o.integers("beams", "100")[0];
            VectorBench.out("%n### %s over HTTP: graph M=%d efC=%d, %d clients (keep-alive, one request at a time each), "
                    + "POST /collections/%s/points/search limit 10%n", data.name(), m, beam, clients, COLLECTION);
            VectorBench.out("| shards | ef | recall@10 | q/s | p50 µs | p99 µs | server queue p50 µs | shard p50 µs | merge p50 µs | total p50 µs |");
            VectorBench.out("|---|---|---|---|---|---|---|---|---|---|");
            for (int shards : o.integers("shards", "1,2")) {
                runServer(data, fvecs, shards, m, beam);
            }
        }
    }

    /** The real server in this process on free ports, persistence off, importing from {@code fvecs}'s directory. */
    static Quiver startServer(Path fvecs, int shards) throws Exception {
        return start(serverConfig(shards).with(ConfigKeys.IMPORT_DIR, fvecs.toAbsolutePath().getParent().toString()));
    }

    /** A benchmark's server: ephemeral ports, {@code shards} shards, no metrics, nothing on disk. */
    static QuiverConfig serverConfig(int shards) {
        return QuiverConfig.defaults().with(ConfigKeys.HTTP_PORT, 0).with(ConfigKeys.RESP_PORT, 0)
                .with(ConfigKeys.SHARDS, shards).with(ConfigKeys.METRICS, false).with(ConfigKeys.PERSISTENCE, false);
    }

    static Quiver start(QuiverConfig config) throws Exception {
        return Quiver.start(config).await(60, TimeUnit.SECONDS);
    }

    private void runServer(Dataset data, Path fvecs, int shards, int m, int beam) throws Exception {
        Quiver quiver = startServer(fvecs, shards);
        try {
            HttpClient setup = HttpClient.newHttpClient();
            String url = "http://127.0.0.1:" + quiver.httpPort() + "/collections/" + COLLECTION;
            send(setup, url, "PUT", "{\"vectors\":{\"size\":" + data.dimension() + ",\"distance\":\"Euclid\"},"
                    + "\"quiver\":{\"index\":\"graph\",\"max_degree\":" + m + ",\"ef_construct\":" + beam + "}}");
            long t0 = System.nanoTime();
            send(setup, url + "/import", "POST", "{\"path\":\"" + fvecs.getFileName() + "\",\"wait\":true}");
            VectorBench.out("| %d | import with the graph built: %.2f s | | | | | | | | |", shards, (System.nanoTime() - t0) / 1e9);
            List<String> modes = new ArrayList<>(List.of("exact"));
            for (int ef : o.integers("efs", "10,20,40,80,160")) {
                modes.add(Integer.toString(ef));
            }
            for (String mode : modes) {
                String params = mode.equals("exact") ? "{\"exact\":true}" : "{\"hnsw_ef\":" + mode + "}";
                load(data, url + "/points/search", searchBodies(data, params), shards, mode);
            }
        } finally {
            quiver.close().await(30, TimeUnit.SECONDS);
        }
    }

    private void load(Dataset data, String url, String[] bodies, int shards, String mode) throws Exception {
        Measured r = measure(data, url, bodies, clients, seconds);
        VectorBench.out("| %d | %s | %.4f | %,.0f | %,.0f | %,.0f | %,.0f | %,.0f | %,.0f | %,.0f |", shards, mode, r.recall(), r.qps(),
                r.p50Micros(), r.p99Micros(), r.server()[0].percentileMicros(0.5), r.server()[1].percentileMicros(0.5),
                r.server()[2].percentileMicros(0.5), r.server()[3].percentileMicros(0.5));
    }

    /** One {@code POST .../points/search} body per query: limit 10 with these {@code params}. */
    static String[] searchBodies(Dataset data, String params) {
        String[] bodies = new String[data.queries().length];
        for (int q = 0; q < bodies.length; q++) {
            bodies[q] = "{\"vector\":" + Arrays.toString(data.queries()[q]) + ",\"limit\":10,\"params\":" + params + "}";
        }
        return bodies;
    }

    /** Recall@10, queries/s, one client's latency and the server's Server-Timing phases (queue, shard, merge, total). */
    record Measured(double recall, double qps, double p50Micros, double p99Micros, Latencies[] server) {
    }

    /** One pass for recall, a warm-up, then {@code clients} connections for {@code seconds}. */
    static Measured measure(Dataset data, String url, String[] bodies, int clients, double seconds) throws Exception {
        URI uri = URI.create(url);
        byte[][] requests = new byte[bodies.length][];
        double recall = 0;
        try (RawHttpClient one = new RawHttpClient(uri.getHost(), uri.getPort())) {
            for (int q = 0; q < bodies.length; q++) {
                requests[q] = one.post(uri.getPath(), bodies[q]);
                Matcher ids = ID.matcher(one.send(requests[q]));
                Set<Long> truth = new HashSet<>();
                for (int i = 0; i < Sweep.K; i++) {
                    truth.add((long) data.truth()[q][i]);
                }
                int hit = 0;
                while (ids.find()) {
                    hit += truth.contains(Long.parseLong(ids.group(1))) ? 1 : 0;
                }
                recall += hit / (double) Sweep.K;
            }
        }
        AtomicBoolean stop = new AtomicBoolean(), measuring = new AtomicBoolean();
        List<Latencies> latencies = new ArrayList<>();
        List<Latencies[]> phases = new ArrayList<>();
        List<Thread> threads = new ArrayList<>();
        for (int c = 0; c < clients; c++) {
            Latencies lat = new Latencies();
            Latencies[] server = {new Latencies(), new Latencies(), new Latencies(), new Latencies()};
            latencies.add(lat);
            phases.add(server);
            int offset = c * 37;
            threads.add(new Thread(() -> {
                try (RawHttpClient client = new RawHttpClient(uri.getHost(), uri.getPort())) {
                    for (int i = offset; !stop.get(); i++) {
                        long s = System.nanoTime();
                        client.send(requests[i % requests.length]);
                        if (measuring.get()) {
                            lat.add(System.nanoTime() - s);
                            recordPhases(client.serverTiming(), server);
                        }
                    }
                } catch (IOException e) {
                    throw new IllegalStateException(e);
                }
            }, "http-client-" + c));
        }
        threads.forEach(Thread::start);
        Thread.sleep((long) (Math.min(1, seconds) * 1000)); // warm-up: the HTTP path's code gets compiled
        long start = System.nanoTime();
        measuring.set(true);
        Thread.sleep((long) (seconds * 1000));
        measuring.set(false);
        long end = System.nanoTime();
        stop.set(true);
        for (Thread t : threads) {
            t.join();
        }
        Latencies all = new Latencies();
        latencies.forEach(all::addAll);
        Latencies[] server = {new Latencies(), new Latencies(), new Latencies(), new Latencies()};
        for (Latencies[] p : phases) {
            for (int i = 0; i < 4; i++) {
                server[i].addAll(p[i]);
            }
        }
        return new Measured(recall / bodies.length, all.count() / ((end - start) / 1e9), all.percentileMicros(0.5),
                all.percentileMicros(0.99), server);
    }

    /** queue, shard, merge, total from a Server-Timing header (milliseconds) into nanosecond latencies. */
    private static void recordPhases(String header, Latencies[] into) {
        if (header == null) {
            return;
        }
        Matcher m = PHASE.matcher(header);
        while (m.find()) {
            int i = switch (m.group(1)) {
                case "queue" -> 0;
                case "shard" -> 1;
                case "merge" -> 2;
                default -> 3;
            };
            into[i].add((long) (Double.parseDouble(m.group(2)) * 1e6));
        }
    }

    /** One request; its body, or an IOException with the status and body when it is not a 200. */
    static String send(HttpClient c, String url, String method, String body) throws IOException, InterruptedException {
        HttpResponse<String> r = c.send(HttpRequest.newBuilder(URI.create(url)).method(method,
                        body.isEmpty() ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body))
                        .header("Content-Type", "application/json").build(),
                HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 200) {
            throw new IOException(method + " " + url + " -> " + r.statusCode() + " " + r.body());
        }
        return r.body();
    }
}
