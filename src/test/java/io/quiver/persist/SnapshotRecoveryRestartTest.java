package io.quiver.persist;

import io.quiver.testing.QdrantSnapshots;
import io.quiver.testing.TestServer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

/**
 * A collection recovered from a Qdrant-style snapshot is durable: after a restart the server has
 * the recovered points, not what the collection held before the recovery (replayed from the log,
 * then loaded from the shards' own snapshots, then into another shard count).
 */
class SnapshotRecoveryRestartTest {
    private static final JsonObject CONFIG = new JsonObject().put("vectors", new JsonObject().put("size", 4).put("distance", "Cosine"));

    @Test
    void aRecoveredCollectionSurvivesRestarts() {
        Path dir = TestServer.newDataDir();
        JsonArray recovered;
        try (TestServer s = Servers.start(dir, 2)) {
            s.ok("PUT", "/collections/r", CONFIG);
            QdrantSnapshots.fill(s, "r", 30);
            s.ok("PUT", "/collections/r/index", new JsonObject().put("field_name", "n").put("field_schema", "integer"));
            JsonObject made = QdrantSnapshots.create(s, "r");
            recovered = QdrantSnapshots.points(s, "r");
            // changed after the snapshot: the recovery must undo this, and so must every restart
            s.ok("POST", "/collections/r/points/delete?wait=true", new JsonObject().put("points", new JsonArray().add(1).add(2).add(3)));
            QdrantSnapshots.fill(s, "r", 2);
            assertNotEquals(recovered, QdrantSnapshots.points(s, "r"));
            String location = QdrantSnapshots.file(dir, "r", made.getString("name")).toUri().toString();
            assertEquals(200, QdrantSnapshots.recover(s, "r", location, made.getString("checksum")).status());
            assertEquals(recovered, QdrantSnapshots.points(s, "r"));
        }
        try (TestServer s = Servers.start(dir, 2)) {
            assertEquals(recovered, QdrantSnapshots.points(s, "r"), "replayed from the log");
            assertEquals(30, payloadIndexPoints(s));
            Servers.call(s, "SAVE");
        }
        try (TestServer s = Servers.start(dir, 2)) {
            assertEquals(recovered, QdrantSnapshots.points(s, "r"), "loaded from the shards' snapshots");
        }
        try (TestServer s = Servers.start(dir, 3)) {
            assertEquals(recovered, QdrantSnapshots.points(s, "r"), "moved into another shard count");
        }
    }

    @Test
    void aSnapshotOfTwoShardsRecoversIntoThree() {
        Path from = TestServer.newDataDir();
        Path to = TestServer.newDataDir();
        JsonArray points;
        Path file;
        try (TestServer s = Servers.start(from, 2)) {
            s.ok("PUT", "/collections/m", CONFIG);
            QdrantSnapshots.fill(s, "m", 40);
            JsonObject made = QdrantSnapshots.create(s, "m");
            points = QdrantSnapshots.points(s, "m");
            file = QdrantSnapshots.file(from, "m", made.getString("name"));
        }
        try (TestServer s = Servers.start(to, 3)) {
            Path copy = to.resolve("snapshots").resolve("m.snapshot");
            try {
                java.nio.file.Files.createDirectories(copy.getParent());
                java.nio.file.Files.copy(file, copy);
            } catch (java.io.IOException e) {
                throw new IllegalStateException(e);
            }
            assertEquals(200, QdrantSnapshots.recover(s, "m", copy.toAbsolutePath().toUri().toString(), null).status());
            assertEquals(points, QdrantSnapshots.points(s, "m"));
        }
    }

    private static int payloadIndexPoints(TestServer s) {
        return s.ok("GET", "/collections/r", null).json().getJsonObject("result").getJsonObject("payload_schema")
                .getJsonObject("n").getInteger("points");
    }
}
