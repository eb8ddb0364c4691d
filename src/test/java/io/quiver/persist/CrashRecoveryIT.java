package io.quiver.persist;

import io.quiver.cli.RespClient;
import io.quiver.testing.QuiverProcess;
import org.junit.jupiter.api.Test;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * The server as a separate process with {@code appendfsync always}: several clients write, the
 * process is killed with SIGKILL in the middle of it, and after a restart every write that was
 * acknowledged is there.
 */
class CrashRecoveryIT {
    private static final int CLIENTS = 6;
    private static final int VECTOR_CLIENTS = 2;

    @Test
    void everyAcknowledgedWriteSurvivesSigkill() throws Exception {
        Path data = Files.createTempDirectory("quiver-crash-it");
        // small logs, so snapshots and log rotations also run while the writes go on and the kill comes
        String[] flags = {"--data-dir", data.toString(), "--appendfsync", "always", "--shards", "3",
                "--snapshot-log-size", "32kb"};
        Map<String, String> acknowledged = new ConcurrentHashMap<>();
        /** key → value sent but not acknowledged when the kill came (either may be there after it). */
        Map<String, String> inFlight = new ConcurrentHashMap<>();
        AtomicLong acks = new AtomicLong();
        VectorWrites vectors = new VectorWrites();
        try (QuiverProcess server = QuiverProcess.start(flags)) {
            vectors.createCollection(server);
            List<Thread> writers = new ArrayList<>();
            for (int c = 0; c < CLIENTS; c++) {
                int client = c;
                Thread t = new Thread(() -> write(server, client, acknowledged, inFlight, acks));
                t.start();
                writers.add(t);
            }
            for (int c = 0; c < VECTOR_CLIENTS; c++) {
                int client = c;
                Thread t = new Thread(() -> vectors.write(server, client));
                t.start();
                writers.add(t);
            }
            // kill once writes have been acknowledged and a snapshot has rotated a log, in the middle of the stream
            long deadline = System.currentTimeMillis() + 60_000;
            while ((acks.get() < 3000 || vectors.upserted.size() < 1000 || !snapshotWritten(data))
                    && System.currentTimeMillis() < deadline) {
                Thread.sleep(20);
            }
            assertTrue(acks.get() >= 3000 && vectors.upserted.size() >= 1000 && snapshotWritten(data),
                    "writes were acknowledged and a snapshot written before the kill: " + acks.get() + " keys, "
                            + vectors.upserted.size() + " points\n" + server.output());
            long more = acks.get() + 500;
            while (acks.get() < more && System.currentTimeMillis() < deadline) {
                Thread.sleep(5);
            }
            server.kill();
            for (Thread t : writers) {
                t.join(30_000);
            }
        }
        try (QuiverProcess server = QuiverProcess.start(flags); RespClient c = server.client()) {
            int missing = 0;
            StringBuilder examples = new StringBuilder();
            for (Map.Entry<String, String> e : acknowledged.entrySet()) {
                Object v = c.call("GET", e.getKey());
                String got = v == null ? null : new String((byte[]) v, StandardCharsets.UTF_8);
                boolean ok = e.getValue().equals(got) || (got != null && got.equals(inFlight.get(e.getKey())));
                if (!ok && missing++ < 5) {
                    examples.append(e.getKey()).append(" = ").append(e.getValue()).append(", found ").append(got).append('\n');
                }
            }
            if (missing > 0) {
                fail(missing + " of " + acknowledged.size() + " acknowledged writes are lost, e.g.\n" + examples
                        + "\n" + server.output());
            }
            assertTrue(server.output().contains("recovered"), server.output());
            vectors.check(server);
            System.out.println(acknowledged.size() + " keys and " + vectors.upserted.size() + " points ("
                    + vectors.deleted.size() + " deletes) acknowledged before SIGKILL, all found after restart; "
                    + server.output().lines().filter(l -> l.contains("recovered")).findFirst().orElse(""));
        } finally {
            DataDirectory.deleteTree(data);
        }
    }

    /**
     * Vector clients over HTTP: each upserts points of its own (ids from {@code client * 10^9}) in
     * batches, and deletes some of the points it upserted before. After the restart every
     * acknowledged point is there with its vector and a search finds it; no acknowledged delete
     * comes back. A batch or delete in flight at the kill may or may not have been applied.
     */
    private static final class VectorWrites {
        static final int DIM = 16, BATCH = 20;
        final Map<Long, Boolean> upserted = new ConcurrentHashMap<>();
        final Map<Long, Boolean> deleted = new ConcurrentHashMap<>();
        final Map<Long, Boolean> uncertain = new ConcurrentHashMap<>();
        final HttpClient http = HttpClient.newHttpClient();

        static float[] vector(long id) {
            java.util.Random r = new java.util.Random(id);
            float[] v = new float[DIM];
            for (int i = 0; i < DIM; i++) {
                v[i] = r.nextFloat();
            }
            return v;
        }

        HttpResponse<String> send(QuiverProcess server, String method, String path, JsonObject body) throws Exception {
            return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.httpPort() + path))
                    .timeout(Duration.ofSeconds(30)).header("Content-Type", "application/json")
                    .method(method, HttpRequest.BodyPublishers.ofString(body.encode())).build(),
                    HttpResponse.BodyHandlers.ofString());
        }

        void createCollection(QuiverProcess server) throws Exception {
            HttpResponse<String> r = send(server, "PUT", "/collections/crash", new JsonObject()
                    .put("vectors", new JsonObject().put("size", DIM).put("distance", "Euclid"))
                    .put("quiver", new JsonObject().put("index", "graph")));
            assertEquals(200, r.statusCode(), r.body());
        }

        void write(QuiverProcess server, int client) {
            long base = client * 1_000_000_000L;
            try {
                for (long b = 0; ; b++) {
                    JsonArray points = new JsonArray();
                    List<Long> ids = new ArrayList<>();
                    for (long id = base + b * BATCH; id < base + (b + 1) * BATCH; id++) {
                        ids.add(id);
                        points.add(new JsonObject().put("id", id).put("vector", io.quiver.testing.Json.vector(vector(id)))
                                .put("payload", new JsonObject().put("id", id)));
                    }
                    ids.forEach(id -> uncertain.put(id, true));
                    if (send(server, "PUT", "/collections/crash/points", new JsonObject().put("points", points)).statusCode() != 200) {
                        return;
                    }
                    ids.forEach(id -> {
                        upserted.put(id, true);
                        uncertain.remove(id);
                    });
                    if (b > 0 && b % 3 == 0) { // delete two points of the previous batch
                        List<Long> gone = List.of(base + (b - 1) * BATCH, base + (b - 1) * BATCH + 7);
                        gone.forEach(id -> uncertain.put(id, true));
                        if (send(server, "POST", "/collections/crash/points/delete",
                                new JsonObject().put("points", new JsonArray(new ArrayList<>(gone)))).statusCode() != 200) {
                            return;
                        }
                        gone.forEach(id -> {
                            deleted.put(id, true);
                            upserted.remove(id);
                            uncertain.remove(id);
                        });
                    }
                }
            } catch (Exception e) {
                // the server was killed: the request in flight was never acknowledged
            }
        }

        void check(QuiverProcess server) throws Exception {
            List<Long> ids = new ArrayList<>(upserted.keySet());
            ids.removeAll(uncertain.keySet());
            int missing = 0;
            StringBuilder examples = new StringBuilder();
            for (int start = 0; start < ids.size(); start += 500) {
                List<Long> part = ids.subList(start, Math.min(ids.size(), start + 500));
                HttpResponse<String> r = send(server, "POST", "/collections/crash/points", new JsonObject()
                        .put("ids", new JsonArray(new ArrayList<>(part))).put("with_vector", true));
                assertEquals(200, r.statusCode(), r.body());
                Map<Long, float[]> found = new java.util.HashMap<>();
                JsonArray records = new JsonObject(r.body()).getJsonArray("result");
                for (int i = 0; i < records.size(); i++) {
                    JsonObject rec = records.getJsonObject(i);
                    found.put(rec.getLong("id"), io.quiver.testing.Json.floats(rec.getJsonArray("vector")));
                }
                for (long id : part) {
                    if (!found.containsKey(id) || !java.util.Arrays.equals(found.get(id), vector(id))) {
                        if (missing++ < 5) {
                            examples.append(id).append(' ');
                        }
                    }
                }
            }
            if (missing > 0) {
                fail(missing + " of " + ids.size() + " acknowledged points are lost or changed, e.g. " + examples + "\n" + server.output());
            }
            List<Long> gone = new ArrayList<>(deleted.keySet());
            gone.removeAll(uncertain.keySet());
            HttpResponse<String> r = send(server, "POST", "/collections/crash/points", new JsonObject()
                    .put("ids", new JsonArray(new ArrayList<>(gone.subList(0, Math.min(gone.size(), 1000))))));
            assertEquals(0, new JsonObject(r.body()).getJsonArray("result").size(), "acknowledged deletes came back: " + r.body());
            for (int i = 0; i < 20; i++) { // searches (through the graph) return acknowledged points
                long id = ids.get(i * ids.size() / 20);
                HttpResponse<String> s = send(server, "POST", "/collections/crash/points/search", new JsonObject()
                        .put("vector", io.quiver.testing.Json.vector(vector(id))).put("limit", 1));
                assertEquals(id, new JsonObject(s.body()).getJsonArray("result").getJsonObject(0).getLong("id"), s.body());
            }
            for (long id : gone.subList(0, Math.min(gone.size(), 20))) {
                HttpResponse<String> s = send(server, "POST", "/collections/crash/points/search", new JsonObject()
                        .put("vector", io.quiver.testing.Json.vector(vector(id))).put("limit", 5));
                JsonArray hits = new JsonObject(s.body()).getJsonArray("result");
                for (int i = 0; i < hits.size(); i++) {
                    assertTrue(hits.getJsonObject(i).getLong("id") != id, "deleted point " + id + " was returned");
                }
            }
        }
    }

    private static boolean snapshotWritten(Path data) throws java.io.IOException {
        try (var files = Files.walk(data)) {
            return files.anyMatch(p -> p.getFileName().toString().equals(SnapshotFormat.FILE_NAME));
        }
    }

    /** Writes keys of its own until the connection breaks; each key is written twice, the second overwriting. */
    private static void write(QuiverProcess server, int client, Map<String, String> acknowledged,
                              Map<String, String> inFlight, AtomicLong acks) {
        try (RespClient c = server.client()) {
            for (int i = 0; ; i++) {
                String key = "c" + client + ":" + (i / 2);
                String value = "v" + i + ":" + "x".repeat(i % 40);
                inFlight.put(key, value);
                Object r = c.call("SET", key, value);
                if (!(r instanceof RespClient.Status s) || !s.text().equals("OK")) {
                    throw new IllegalStateException("SET answered " + r);
                }
                acknowledged.put(key, value);
                inFlight.remove(key);
                acks.incrementAndGet();
            }
        } catch (Exception e) {
            // the server was killed: the write in flight was never acknowledged
        }
    }
}
