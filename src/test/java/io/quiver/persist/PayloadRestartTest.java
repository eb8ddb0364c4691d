package io.quiver.persist;

import io.quiver.testing.TestServer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Payload changes by filter and payload indexes survive a restart: replayed from the log, loaded
 * from a snapshot, and carried into another shard count.
 */
class PayloadRestartTest {
    private static void fill(TestServer s) {
        s.ok("PUT", "/collections/pl", new JsonObject().put("vectors", new JsonObject().put("size", 2).put("distance", "Dot")));
        JsonArray points = new JsonArray();
        for (int id = 1; id <= 30; id++) {
            points.add(new JsonObject().put("id", id).put("vector", new JsonArray().add(1.0).add((double) id))
                    .put("payload", new JsonObject().put("group", id % 3).put("text", "word" + id + " common")));
        }
        s.ok("PUT", "/collections/pl/points?wait=true", new JsonObject().put("points", points));
        s.ok("PUT", "/collections/pl/index", new JsonObject().put("field_name", "group").put("field_schema", "integer"));
        s.ok("PUT", "/collections/pl/index", new JsonObject().put("field_name", "text")
                .put("field_schema", new JsonObject().put("type", "text").put("tokenizer", "word")));
    }

    private static JsonObject group(int g) {
        return new JsonObject().put("must", new JsonArray().add(new JsonObject().put("key", "group")
                .put("match", new JsonObject().put("value", g))));
    }

    private static void change(TestServer s) {
        s.ok("POST", "/collections/pl/points/payload", new JsonObject().put("payload", new JsonObject().put("seen", true))
                .put("filter", group(1)));
        s.ok("POST", "/collections/pl/points/delete", new JsonObject().put("filter", group(2)));
        s.ok("POST", "/collections/pl/points/payload/clear", new JsonObject().put("points", new JsonArray().add(3)));
        // conditional upserts and a batch are logged as the plain writes they made
        s.ok("PUT", "/collections/pl/points?wait=true", new JsonObject().put("update_mode", "insert_only").put("points", new JsonArray()
                .add(point(4, new JsonObject().put("group", 9))).add(point(31, new JsonObject().put("group", 9)))));
        s.ok("PUT", "/collections/pl/points?wait=true", new JsonObject().put("update_filter", group(0)).put("points", new JsonArray()
                .add(point(6, new JsonObject().put("group", 0).put("up", true))).add(point(7, new JsonObject().put("group", 7)))));
        s.ok("POST", "/collections/pl/points/batch?wait=true", new JsonObject().put("operations", new JsonArray()
                .add(new JsonObject().put("overwrite_payload", new JsonObject().put("payload", new JsonObject().put("only", 1))
                        .put("points", new JsonArray().add(9))))
                .add(new JsonObject().put("delete", new JsonObject().put("points", new JsonArray().add(12))))));
    }

    private static JsonObject point(int id, JsonObject payload) {
        return new JsonObject().put("id", id).put("vector", new JsonArray().add(2.0).add(0.5)).put("payload", payload);
    }

    private static JsonObject state(TestServer s) {
        JsonObject scroll = s.ok("POST", "/collections/pl/points/scroll", new JsonObject().put("limit", 100))
                .json().getJsonObject("result");
        JsonObject schema = s.ok("GET", "/collections/pl", null).json().getJsonObject("result").getJsonObject("payload_schema");
        long tokenized = s.ok("POST", "/collections/pl/points/count", new JsonObject().put("filter", new JsonObject()
                .put("must", new JsonArray().add(new JsonObject().put("key", "text").put("match", new JsonObject().put("text", "common word4"))))))
                .json().getJsonObject("result").getLong("count");
        return new JsonObject().put("points", scroll.getJsonArray("points")).put("schema", schema).put("tokenized", tokenized);
    }

    @Test
    void changesByFilterAndIndexesAreReplayedFromTheLog() {
        Path dir = TestServer.newDataDir();
        JsonObject before;
        try (TestServer s = Servers.start(dir, 2)) {
            fill(s);
            change(s);
            before = state(s);
        }
        assertEquals(20, before.getJsonArray("points").size());
        assertEquals(1L, before.getLong("tokenized"), "a text index tokenizes: only word4 (not word40-like substrings)");
        try (TestServer s = Servers.start(dir, 2)) {
            assertEquals(before, state(s));
        }
    }

    @Test
    void aSnapshotKeepsIndexesAlsoIntoAnotherShardCount() {
        Path dir = TestServer.newDataDir();
        JsonObject before;
        try (TestServer s = Servers.start(dir, 3)) {
            fill(s);
            Servers.call(s, "SAVE");
            change(s);
            before = state(s);
        }
        for (int shards : new int[]{3, 2}) {
            try (TestServer s = Servers.start(dir, shards)) {
                assertEquals(before, state(s), "with " + shards + " shards");
                Servers.call(s, "SAVE");
            }
        }
    }
}
