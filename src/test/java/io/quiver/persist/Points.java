package io.quiver.persist;

import io.quiver.testing.Json;
import io.quiver.testing.TestServer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Vector collections over the Qdrant-shaped HTTP API, for persistence tests: known points, checked exactly. */
final class Points {
    static final int DIM = 8;

    private Points() {
    }

    /** The vector of point {@code id} in generation {@code version}: deterministic, so a test can check it. */
    static float[] vector(long id, int version) {
        Random r = new Random(id * 31 + version);
        float[] v = new float[DIM];
        for (int i = 0; i < DIM; i++) {
            v[i] = r.nextFloat() * 2 - 1;
        }
        return v;
    }

    static String payload(long id, int version) {
        return new JsonObject().put("id", id).put("v", version).encode();
    }

    /** A Euclid collection (vectors stored as given, so they come back bit for bit). */
    static void create(TestServer s, String name, String index) {
        s.ok("PUT", "/collections/" + name, new JsonObject()
                .put("vectors", new JsonObject().put("size", DIM).put("distance", "Euclid"))
                .put("quiver", new JsonObject().put("index", index).put("auto_threshold", 64)));
    }

    /** Upserts ids {@code from..to-1} with their vectors and payloads of {@code version}. */
    static void upsert(TestServer s, String name, long from, long to, int version) {
        for (long start = from; start < to; start += 200) {
            JsonArray points = new JsonArray();
            for (long id = start; id < Math.min(to, start + 200); id++) {
                points.add(new JsonObject().put("id", id).put("vector", Json.vector(vector(id, version)))
                        .put("payload", new JsonObject(payload(id, version))));
            }
            s.ok("PUT", "/collections/" + name + "/points", new JsonObject().put("points", points));
        }
    }

    static void delete(TestServer s, String name, List<Long> ids) {
        s.ok("POST", "/collections/" + name + "/points/delete", new JsonObject().put("points", new JsonArray(new ArrayList<>(ids))));
    }

    static long count(TestServer s, String name) {
        return s.ok("POST", "/collections/" + name + "/points/count", new JsonObject().put("exact", true))
                .json().getJsonObject("result").getLong("count");
    }

    /** Every expected point is there with its vector and payload, and nothing else (by count). */
    static void assertHolds(TestServer s, String name, Map<Long, Integer> versions) {
        assertEquals(versions.size(), count(s, name), name + " point count");
        List<Long> ids = new ArrayList<>(versions.keySet());
        for (int start = 0; start < ids.size(); start += 500) {
            List<Long> part = ids.subList(start, Math.min(ids.size(), start + 500));
            JsonArray records = s.ok("POST", "/collections/" + name + "/points", new JsonObject()
                    .put("ids", new JsonArray(new ArrayList<>(part))).put("with_payload", true).put("with_vector", true))
                    .json().getJsonArray("result");
            assertEquals(part.size(), records.size(), name + ": every id was found");
            for (int i = 0; i < records.size(); i++) {
                JsonObject r = records.getJsonObject(i);
                long id = r.getLong("id");
                int version = versions.get(id);
                assertArrayEquals(vector(id, version), Json.floats(r.getJsonArray("vector")), name + " vector of " + id);
                assertEquals(new JsonObject(payload(id, version)), r.getJsonObject("payload"), name + " payload of " + id);
            }
        }
    }

    /** Searching for a point's own vector finds that point first (distance 0), through the index. */
    static void assertFindsItself(TestServer s, String name, long id, int version) {
        JsonArray hits = s.ok("POST", "/collections/" + name + "/points/search", new JsonObject()
                .put("vector", Json.vector(vector(id, version))).put("limit", 3)).json().getJsonArray("result");
        assertTrue(!hits.isEmpty(), name + ": search found nothing");
        assertEquals(id, hits.getJsonObject(0).getLong("id"), name + ": search for " + id + " found " + hits);
        assertEquals(0.0, hits.getJsonObject(0).getDouble("score"), 1e-6);
    }

    /** Searching for a deleted point's vector never returns it. */
    static void assertNotFound(TestServer s, String name, long id, int version) {
        JsonArray hits = s.ok("POST", "/collections/" + name + "/points/search", new JsonObject()
                .put("vector", Json.vector(vector(id, version))).put("limit", 10)).json().getJsonArray("result");
        for (int i = 0; i < hits.size(); i++) {
            assertTrue(hits.getJsonObject(i).getLong("id") != id, name + ": deleted point " + id + " was returned");
        }
    }

    /** Each shard part's graph origin: loaded, built or none. */
    static List<String> graphOrigins(TestServer s, String name) {
        JsonArray shards = s.ok("GET", "/collections/" + name, null).json().getJsonObject("result")
                .getJsonObject("quiver").getJsonArray("shards");
        List<String> out = new ArrayList<>();
        for (int i = 0; i < shards.size(); i++) {
            out.add(shards.getJsonObject(i).getString("graph_origin"));
        }
        return out;
    }

    static Map<Long, Integer> range(long from, long to, int version) {
        Map<Long, Integer> m = new HashMap<>();
        for (long id = from; id < to; id++) {
            m.put(id, version);
        }
        return m;
    }
}
