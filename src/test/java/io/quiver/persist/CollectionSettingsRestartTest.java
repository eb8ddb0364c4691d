package io.quiver.persist;

import io.quiver.testing.TestServer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * A collection's settings changed by {@code PATCH /collections/{c}} and alias actions (strict mode, metadata, aliases) survive a
 * restart: replayed from the log, loaded from a snapshot into another shard count, and still enforced.
 */
class CollectionSettingsRestartTest {
    private static final JsonArray ALIASES = new JsonArray().add(new JsonObject().put("alias_name", "a").put("collection_name", "c"));

    private static JsonObject config(TestServer s) {
        return s.ok("GET", "/collections/c", null).json().getJsonObject("result").getJsonObject("config");
    }

    private static int queryStatus(TestServer s, int limit) {
        return s.postJson("/collections/c/points/query", new JsonObject().put("query", new JsonArray().add(1).add(0))
                .put("limit", limit)).status();
    }

    @Test
    void aVectorSpaceAddedAndOneDroppedAreReplayedAndSnapshotted() {
        Path dir = TestServer.newDataDir();
        try (TestServer s = Servers.start(dir, 2)) {
            s.ok("PUT", "/collections/n", new JsonObject().put("vectors", new JsonObject()
                    .put("a", new JsonObject().put("size", 2).put("distance", "Dot")).put("b", new JsonObject().put("size", 2).put("distance", "Dot"))));
            s.ok("DELETE", "/collections/n/vectors/a?wait=true", null);
            s.ok("PUT", "/collections/n/vectors/c?wait=true", new JsonObject().put("dense", new JsonObject().put("size", 3).put("distance", "Dot")));
            s.ok("PUT", "/collections/n/points?wait=true", new JsonObject().put("points", new JsonArray().add(new JsonObject().put("id", 1)
                    .put("vector", new JsonObject().put("b", new JsonArray().add(1).add(0)).put("c", new JsonArray().add(0).add(0).add(1))))));
        }
        JsonObject expected = new JsonObject().put("b", new JsonArray().add(1.0).add(0.0)).put("c", new JsonArray().add(0.0).add(0.0).add(1.0));
        try (TestServer s = Servers.start(dir, 2)) {
            assertEquals(expected, s.ok("GET", "/collections/n/points/1", null).json().getJsonObject("result").getJsonObject("vector"), "replayed");
            assertEquals(400, s.putJson("/collections/n/points?wait=true", new JsonObject().put("points", new JsonArray().add(new JsonObject()
                    .put("id", 2).put("vector", new JsonObject().put("a", new JsonArray().add(1).add(0)))))).status(), "a stays dropped");
            Servers.call(s, "SAVE");
        }
        try (TestServer s = Servers.start(dir, 3)) {
            assertEquals(expected, s.ok("GET", "/collections/n/points/1", null).json().getJsonObject("result").getJsonObject("vector"),
                    "loaded from the snapshot into another shard count");
        }
    }

    @Test
    void aWalCapacityIsReplayedAndSnapshotted() {
        Path dir = TestServer.newDataDir();
        JsonObject wal = new JsonObject().put("wal_capacity_mb", 3).put("wal_segments_ahead", 0).put("wal_retain_closed", 0);
        try (TestServer s = Servers.start(dir, 2)) {
            s.ok("PUT", "/collections/c", new JsonObject().put("vectors", new JsonObject().put("size", 2).put("distance", "Dot"))
                    .put("wal_config", new JsonObject().put("wal_capacity_mb", 3)));
        }
        try (TestServer s = Servers.start(dir, 2)) {
            assertEquals(wal, config(s).getJsonObject("wal_config"), "replayed from the log");
            Servers.call(s, "SAVE");
        }
        try (TestServer s = Servers.start(dir, 3)) {
            assertEquals(wal, config(s).getJsonObject("wal_config"), "loaded from the snapshot, into another shard count");
        }
    }

    @Test
    void patchedStrictModeMetadataAndAliasesAreReplayedAndSnapshotted() {
        Path dir = TestServer.newDataDir();
        JsonObject strict = new JsonObject().put("enabled", true).put("max_query_limit", 2);
        JsonObject metadata = new JsonObject().put("owner", "team-a");
        try (TestServer s = Servers.start(dir, 2)) {
            s.ok("PUT", "/collections/c", new JsonObject().put("vectors", new JsonObject().put("size", 2).put("distance", "Dot")));
            s.ok("PATCH", "/collections/c", new JsonObject().put("strict_mode_config", strict).put("metadata", metadata));
            s.ok("POST", "/collections/aliases", new JsonObject().put("actions", new JsonArray().add(new JsonObject()
                    .put("create_alias", new JsonObject().put("alias_name", "a").put("collection_name", "c")))));
        }
        try (TestServer s = Servers.start(dir, 2)) {
            assertEquals(strict, config(s).getJsonObject("strict_mode_config"), "replayed from the log");
            assertEquals(metadata, config(s).getJsonObject("metadata"));
            assertEquals(400, queryStatus(s, 3), "and enforced");
            assertEquals(ALIASES, s.ok("GET", "/aliases", null).json().getJsonObject("result").getJsonArray("aliases"));
            Servers.call(s, "SAVE");
        }
        try (TestServer s = Servers.start(dir, 3)) {
            assertEquals(strict, config(s).getJsonObject("strict_mode_config"), "loaded from the snapshot, into another shard count");
            assertEquals(metadata, config(s).getJsonObject("metadata"));
            assertEquals(200, queryStatus(s, 2));
            assertEquals(400, queryStatus(s, 3));
            assertEquals(ALIASES, s.ok("GET", "/aliases", null).json().getJsonObject("result").getJsonArray("aliases"));
        }
    }
}
