package io.quiver.service.vector;

import io.quiver.testing.TestServer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static io.quiver.testing.Json.vector;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Upserts, deletes and searches interleaved from concurrent HTTP clients on a server with several
 * shards. Each client owns a range of ids and keeps its own model of them, so
 * it can check what must hold after each of its own replies: its deleted ids never come back, a
 * replaced vector is found at its new place, and at the end the count is exact.
 */
class ConcurrentVectorWritesTest {
    private static final int CLIENTS = 4, OPS = 300, DIM = 8;

    @Test
    void deletedIdsNeverAppearReplacedVectorsMoveAndCountsStayExact() throws Exception {
        try (TestServer server = TestServer.start(3)) {
            // a graph from the first point, so deletes go through jvector's mark-and-cleanup path
            // (about 100 deletes per shard: enough for cleanup to run while others search)
            server.ok("PUT", "/collections/busy", new JsonObject()
                    .put("vectors", new JsonObject().put("size", DIM).put("distance", "Euclid"))
                    .put("quiver", new JsonObject().put("index", "graph")));
            ExecutorService pool = Executors.newFixedThreadPool(CLIENTS);
            List<Future<Map<Long, float[]>>> clients = new ArrayList<>();
            for (int c = 0; c < CLIENTS; c++) {
                int client = c;
                clients.add(pool.submit(() -> runClient(server, client)));
            }
            Map<Long, float[]> live = new HashMap<>();
            for (Future<Map<Long, float[]>> f : clients) {
                live.putAll(f.get(5, TimeUnit.MINUTES));
            }
            pool.shutdown();
            long count = server.ok("POST", "/collections/busy/points/count", new JsonObject()).json()
                    .getJsonObject("result").getLong("count");
            assertEquals(live.size(), count);
            JsonArray all = server.ok("POST", "/collections/busy/points/search", new JsonObject()
                    .put("vector", vector(new float[DIM])).put("limit", 1000).put("params", new JsonObject().put("exact", true)))
                    .json().getJsonArray("result");
            Set<Long> found = new HashSet<>();
            all.forEach(h -> found.add(((JsonObject) h).getLong("id")));
            assertEquals(live.keySet(), found);
        }
    }

    private static Map<Long, float[]> runClient(TestServer server, int client) {
        Random r = new Random(100 + client);
        Map<Long, float[]> mine = new HashMap<>();
        Set<Long> deleted = new HashSet<>();
        long base = client * 1_000_000L;
        long next = base;
        for (int op = 0; op < OPS; op++) {
            int kind = r.nextInt(4);
            if (kind <= 1 || mine.isEmpty()) { // upsert: a new id, or replace one of ours
                long id = (kind == 1 && !mine.isEmpty()) ? pick(r, mine) : next++;
                float[] v = randomVector(r);
                server.ok("PUT", "/collections/busy/points", new JsonObject().put("points", new JsonArray()
                        .add(new JsonObject().put("id", id).put("vector", vector(v)))));
                mine.put(id, v);
                deleted.remove(id);
            } else if (kind == 2) { // delete one of ours
                long id = pick(r, mine);
                server.ok("POST", "/collections/busy/points/delete", new JsonObject().put("points", new JsonArray().add(id)));
                mine.remove(id);
                deleted.add(id);
            } else { // search: ours must be where we last put them, our deleted ids nowhere
                long id = pick(r, mine);
                JsonArray exact = server.ok("POST", "/collections/busy/points/search", new JsonObject()
                        .put("vector", vector(mine.get(id))).put("limit", 1).put("params", new JsonObject().put("exact", true)))
                        .json().getJsonArray("result");
                assertEquals(id, exact.getJsonObject(0).getLong("id"), "replaced/added vector found at its place");
                assertEquals(0.0, exact.getJsonObject(0).getDouble("score"), 1e-6);
                JsonArray approx = server.ok("POST", "/collections/busy/points/search", new JsonObject()
                        .put("vector", vector(randomVector(r))).put("limit", 50)).json().getJsonArray("result");
                for (Object h : approx) {
                    long got = ((JsonObject) h).getLong("id");
                    assertTrue(!deleted.contains(got), "deleted id " + got + " returned");
                }
            }
        }
        return mine;
    }

    private static long pick(Random r, Map<Long, float[]> m) {
        List<Long> keys = new ArrayList<>(m.keySet());
        keys.sort(null);
        return keys.get(r.nextInt(keys.size()));
    }

    private static float[] randomVector(Random r) {
        float[] v = new float[DIM];
        for (int i = 0; i < DIM; i++) {
            v[i] = r.nextFloat();
        }
        return v;
    }
}
