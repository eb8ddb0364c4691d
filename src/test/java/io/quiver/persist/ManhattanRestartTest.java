package io.quiver.persist;

import io.quiver.testing.TestServer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** A Manhattan collection keeps its distance through the log, a snapshot and another shard count. */
class ManhattanRestartTest {
    private static JsonArray scores(TestServer s) {
        JsonArray points = s.ok("POST", "/collections/m/points/query", new JsonObject().put("query", new JsonArray(List.of(1, 1))))
                .json().getJsonObject("result").getJsonArray("points");
        JsonArray out = new JsonArray();
        points.forEach(o -> out.add(((JsonObject) o).getInteger("id")).add(((JsonObject) o).getDouble("score")));
        return out;
    }

    @Test
    void aManhattanCollectionIsReplayedAndSnapshotted() {
        Path dir = TestServer.newDataDir();
        JsonArray expected = new JsonArray().add(2).add(1.0).add(1).add(2.0).add(3).add(4.0);
        try (TestServer s = Servers.start(dir, 2)) {
            s.ok("PUT", "/collections/m", new JsonObject().put("vectors", new JsonObject().put("size", 2).put("distance", "Manhattan")));
            s.ok("PUT", "/collections/m/points?wait=true", new JsonObject().put("points", new JsonArray()
                    .add(new JsonObject().put("id", 1).put("vector", new JsonArray(List.of(0, 0))))
                    .add(new JsonObject().put("id", 2).put("vector", new JsonArray(List.of(0, 1))))
                    .add(new JsonObject().put("id", 3).put("vector", new JsonArray(List.of(-1, -1))))));
            assertEquals(expected, scores(s));
        }
        try (TestServer s = Servers.start(dir, 2)) {
            assertEquals(expected, scores(s), "replayed from the log");
            Servers.call(s, "SAVE");
        }
        try (TestServer s = Servers.start(dir, 3)) {
            assertEquals(expected, scores(s), "loaded from the snapshot into another shard count");
        }
    }
}
