package io.quiver.bench;

import io.quiver.app.Quiver;
import io.quiver.config.ConfigKeys;

import java.net.http.HttpClient;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * {@code --payload}: what payloads and payload indexes cost in RAM, and what an index buys a filtered
 * search, through the real server started in this process (persistence off). {@code --points} points
 * (default 1,000,000) of 4 dimensions go into two collections: one without payloads (the baseline),
 * one with three fields ({@code tenant}: one of 1,000 keywords, {@code year}: an integer of 35 values,
 * {@code price}: a float of 10,000 values). Heap after a full GC is read after each step: the payloads,
 * each index (keyword, integer, float), and the parsed payloads a filter evaluated over every point
 * leaves cached. Filtered searches (limit 10, one client) on {@code tenant} (0.1 % of the points), a
 * {@code year} value (2.9 %) and a {@code price} range (1 %) are timed before and after the indexes.
 */
final class PayloadBench {
    private static final int DIM = 4, BATCH = 1000;
    private final BenchOptions o;

    PayloadBench(BenchOptions o) {
        this.o = o;
    }

    static String payload(int i) {
        return "{\"tenant\":\"t" + (i % 1000) + "\",\"year\":" + (1990 + i % 35) + ",\"price\":" + (i % 10000) / 100.0 + "}";
    }

    private static final String[][] FILTERS = {
            {"tenant = t7 (0.1 %)", "{\"must\":[{\"key\":\"tenant\",\"match\":{\"value\":\"t7\"}}]}"},
            {"year = 2001 (2.9 %)", "{\"must\":[{\"key\":\"year\",\"match\":{\"value\":2001}}]}"},
            {"10 <= price < 11 (1 %)", "{\"must\":[{\"key\":\"price\",\"range\":{\"gte\":10,\"lt\":11}}]}"},
    };

    void run(Path out) throws Exception {
        int n = o.integer("points", 1_000_000), shards = o.integers("shards", "2")[0];
        double seconds = o.number("seconds", 3);
        // an unindexed filter reads every payload of a million-point part: slower than the default request-timeout
        Quiver quiver = HttpBench.start(HttpBench.serverConfig(shards).with(ConfigKeys.REQUEST_TIMEOUT, 600_000L));
        try {
            HttpClient http = HttpClient.newHttpClient();
            String base = "http://127.0.0.1:" + quiver.httpPort() + "/collections/";
            VectorBench.out("%n### Payloads and payload indexes: %,d points of %d dimensions, %d shard(s), through HTTP%n", n, DIM, shards);
            VectorBench.out("heap: used heap after a full GC, the step's increase, per point; payload: %s (about %d bytes of JSON)",
                    payload(123_456), payload(123_456).length());
            VectorBench.out("%n| step | heap B/point | seconds |");
            VectorBench.out("|---|---|---|");
            long heap = StorageBench.usedHeapAfterGc();
            heap = step("points without payloads (baseline)", heap, n, () -> load(http, base + "bare", n, false));
            heap = step("the same points with the 3-field payload", heap, n, () -> load(http, base + "pay", n, true));
            double[] before = new double[FILTERS.length];
            for (int f = 0; f < FILTERS.length; f++) {
                before[f] = queriesPerSecond(http, base + "pay/points/search", FILTERS[f][1], seconds);
            }
            heap = step("payloads parsed by an unindexed filter (kept for later ones)", heap, n, () -> { });
            heap = step("keyword index on tenant", heap, n, () -> index(http, base + "pay", "tenant", "keyword"));
            heap = step("integer index on year", heap, n, () -> index(http, base + "pay", "year", "integer"));
            step("float index on price", heap, n, () -> index(http, base + "pay", "price", "float"));
            VectorBench.out("%n| filtered search (limit 10, 1 client) | q/s without indexes | q/s with indexes | ratio |");
            VectorBench.out("|---|---|---|---|");
            for (int f = 0; f < FILTERS.length; f++) {
                double after = queriesPerSecond(http, base + "pay/points/search", FILTERS[f][1], seconds);
                VectorBench.out("| %s | %,.0f | %,.0f | %.1fx |", FILTERS[f][0], before[f], after, after / before[f]);
            }
        } finally {
            quiver.close().await(60, TimeUnit.SECONDS);
        }
    }

    private interface Step {
        void run() throws Exception;
    }

    /** Runs a step and prints the heap it added per point; returns the heap after it. */
    private static long step(String label, long before, int n, Step step) throws Exception {
        long t0 = System.nanoTime();
        step.run();
        double s = (System.nanoTime() - t0) / 1e9;
        long after = StorageBench.usedHeapAfterGc();
        VectorBench.out("| %s | %,.1f | %.1f |", label, (after - before) / (double) n, s);
        return after;
    }

    private static void load(HttpClient http, String url, int n, boolean payloads) throws Exception {
        HttpBench.send(http, url, "PUT", "{\"vectors\":{\"size\":" + DIM + ",\"distance\":\"Euclid\"},\"quiver\":{\"index\":\"flat\"}}");
        java.util.Random r = new java.util.Random(7);
        StringBuilder b = new StringBuilder(BATCH * 120);
        for (int from = 0; from < n; from += BATCH) {
            b.setLength(0);
            b.append("{\"points\":[");
            for (int i = from; i < Math.min(n, from + BATCH); i++) {
                b.append(i > from ? "," : "").append("{\"id\":").append(i).append(",\"vector\":[");
                for (int d = 0; d < DIM; d++) {
                    b.append(d > 0 ? "," : "").append(r.nextInt(1000) / 1000.0);
                }
                b.append(']');
                if (payloads) {
                    b.append(",\"payload\":").append(payload(i));
                }
                b.append('}');
            }
            HttpBench.send(http, url + "/points?wait=true", "PUT", b.append("]}").toString());
        }
    }

    private static void index(HttpClient http, String url, String field, String type) throws Exception {
        HttpBench.send(http, url + "/index?wait=true", "PUT", "{\"field_name\":\"" + field + "\",\"field_schema\":\"" + type + "\"}");
    }

    private static double queriesPerSecond(HttpClient http, String url, String filter, double seconds) throws Exception {
        String body = "{\"vector\":[0.5,0.5,0.5,0.5],\"limit\":10,\"filter\":" + filter + "}";
        HttpBench.send(http, url, "POST", body); // warm-up
        long end = System.nanoTime() + (long) (seconds * 1e9), t0 = System.nanoTime();
        int done = 0;
        do {
            HttpBench.send(http, url, "POST", body);
            done++;
        } while (System.nanoTime() < end);
        return done / ((System.nanoTime() - t0) / 1e9);
    }
}
