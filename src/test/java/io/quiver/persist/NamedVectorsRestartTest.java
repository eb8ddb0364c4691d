package io.quiver.persist;

import io.quiver.testing.TestServer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Named dense and sparse vectors survive a restart: from the log, from a snapshot, and into another shard count. */
class NamedVectorsRestartTest {
    private static void create(TestServer s) {
        s.ok("PUT", "/collections/nv", new JsonObject()
                .put("vectors", new JsonObject()
                        .put("a", new JsonObject().put("size", 2).put("distance", "Cosine"))
                        .put("b", new JsonObject().put("size", 3).put("distance", "Dot"))
                        .put("m", new JsonObject().put("size", 2).put("distance", "Cosine")
                                .put("multivector_config", new JsonObject().put("comparator", "max_sim"))))
                .put("sparse_vectors", new JsonObject().put("s", new JsonObject().put("modifier", "idf"))));
    }

    private static JsonObject pointJson(long id) {
        JsonObject v = new JsonObject();
        if (id % 2 == 0) {
            v.put("a", new JsonArray().add(1.0 + id).add(2.0));
        }
        if (id % 3 != 0) {
            v.put("b", new JsonArray().add((double) id).add(1.0).add(-1.0));
        }
        if (id % 4 == 1) {
            v.put("m", new JsonArray().add(new JsonArray().add(1.0).add((double) id)).add(new JsonArray().add(-1.0).add(2.0)));
        }
        v.put("s", new JsonObject().put("indices", new JsonArray().add(id % 7).add(100 + id)).put("values", new JsonArray().add(0.5).add(1.5)));
        return new JsonObject().put("id", id).put("vector", v).put("payload", new JsonObject().put("n", id));
    }

    private static void upsert(TestServer s, long from, long to) {
        JsonArray points = new JsonArray();
        for (long id = from; id < to; id++) {
            points.add(pointJson(id));
        }
        s.ok("PUT", "/collections/nv/points?wait=true", new JsonObject().put("points", points));
    }

    /** Every point as the server shows it (vectors and payload), by id. */
    private static JsonArray all(TestServer s, long n) {
        JsonArray ids = new JsonArray();
        for (long id = 0; id < n; id++) {
            ids.add(id);
        }
        JsonArray out = s.ok("POST", "/collections/nv/points", new JsonObject().put("ids", ids).put("with_vector", true))
                .json().getJsonArray("result");
        java.util.List<JsonObject> sorted = new java.util.ArrayList<>();
        for (int i = 0; i < out.size(); i++) {
            sorted.add(out.getJsonObject(i));
        }
        sorted.sort(java.util.Comparator.comparingLong(o -> o.getLong("id")));
        return new JsonArray(new java.util.ArrayList<Object>(sorted));
    }

    private static JsonArray search(TestServer s) {
        return s.ok("POST", "/collections/nv/points/query", new JsonObject().put("using", "s").put("limit", 5)
                .put("query", new JsonObject().put("indices", new JsonArray("[3, 104]")).put("values", new JsonArray("[1, 1]"))))
                .json().getJsonObject("result").getJsonArray("points");
    }

    private static void changeSome(TestServer s) {
        s.ok("POST", "/collections/nv/points/delete", new JsonObject().put("points", new JsonArray("[5, 6]")));
        s.ok("PUT", "/collections/nv/points/vectors", new JsonObject().put("points", new JsonArray()
                .add(new JsonObject().put("id", 8).put("vector", new JsonObject().put("b", new JsonArray("[9, 9, 9]"))))));
        s.ok("POST", "/collections/nv/points/vectors/delete", new JsonObject().put("points", new JsonArray("[10]"))
                .put("vector", new JsonArray("[\"a\", \"s\"]")));
    }

    @Test
    void everyChangeIsReplayedFromTheLog() {
        Path dir = TestServer.newDataDir();
        JsonArray before, found;
        try (TestServer s = Servers.start(dir, 2)) {
            create(s);
            upsert(s, 0, 40);
            changeSome(s);
            before = all(s, 40);
            found = search(s);
        }
        try (TestServer s = Servers.start(dir, 2)) {
            assertEquals(before, all(s, 40));
            assertEquals(found, search(s));
            assertEquals(38L, s.ok("POST", "/collections/nv/points/count", new JsonObject()).json().getJsonObject("result").getLong("count"));
            JsonObject ten = before.stream().map(o -> (JsonObject) o).filter(o -> o.getLong("id") == 10).findFirst().orElseThrow();
            assertEquals(java.util.Set.of("b"), ten.getJsonObject("vector").fieldNames(), "point 10 lost its vectors a and s");
        }
    }

    @Test
    void aSnapshotAndTheLogAfterItRestoreThePointsAlsoIntoAnotherShardCount() {
        Path dir = TestServer.newDataDir();
        JsonArray before, found;
        try (TestServer s = Servers.start(dir, 3)) {
            create(s);
            upsert(s, 0, 30);
            Servers.call(s, "SAVE");
            upsert(s, 30, 40);
            changeSome(s);
            before = all(s, 40);
            found = search(s);
        }
        for (int shards : new int[]{3, 2, 5}) {
            try (TestServer s = Servers.start(dir, shards)) {
                assertEquals(before, all(s, 40), "with " + shards + " shards");
                assertEquals(found, search(s), "with " + shards + " shards");
                Servers.call(s, "SAVE");
            }
        }
    }
}
