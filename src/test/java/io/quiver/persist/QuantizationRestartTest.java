package io.quiver.persist;

import io.quiver.testing.TestServer;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** A collection's quantization config survives a restart: replayed from the log and loaded from a snapshot. */
class QuantizationRestartTest {
    private static JsonObject quantization(TestServer s) {
        return s.ok("GET", "/collections/q", null).json().getJsonObject("result").getJsonObject("config")
                .getJsonObject("quantization_config");
    }

    @Test
    void theScalarConfigIsReplayedAndSnapshotted() {
        JsonObject before = replayedAndSnapshotted(new JsonObject().put("scalar", new JsonObject().put("type", "int8").put("quantile", 0.95)));
        assertEquals(0.95, before.getJsonObject("scalar").getDouble("quantile"), 1e-6);
    }

    @Test
    void theProductConfigIsReplayedAndSnapshotted() {
        JsonObject before = replayedAndSnapshotted(new JsonObject().put("product", new JsonObject().put("compression", "x16")));
        assertEquals("x16", before.getJsonObject("product").getString("compression"));
    }

    @Test
    void theBinaryConfigIsReplayedAndSnapshotted() {
        JsonObject before = replayedAndSnapshotted(new JsonObject().put("binary", new JsonObject().put("always_ram", false)
                .put("query_encoding", "scalar4bits")));
        assertEquals(new JsonObject().put("binary", new JsonObject().put("always_ram", false).put("query_encoding", "scalar4bits")),
                before);
    }

    @Test
    void theTurboConfigIsReplayedAndSnapshotted() {
        JsonObject before = replayedAndSnapshotted(new JsonObject().put("turbo", new JsonObject().put("bits", "bits1")));
        assertEquals(new JsonObject().put("turbo", new JsonObject().put("bits", "bits1")), before);
    }

    @Test
    void aNamedVectorsOwnQuantizationIsReplayedAndSnapshotted() {
        Path dir = TestServer.newDataDir();
        JsonObject before;
        try (TestServer s = Servers.start(dir, 2)) {
            s.ok("PUT", "/collections/q", new JsonObject().put("vectors", new JsonObject()
                    .put("img", new JsonObject().put("size", 3).put("distance", "Cosine")
                            .put("quantization_config", new JsonObject().put("turbo", new JsonObject().put("bits", "bits2").put("always_ram", true))))
                    .put("txt", new JsonObject().put("size", 2).put("distance", "Dot"))));
            before = vectors(s);
            assertEquals(new JsonObject().put("turbo", new JsonObject().put("always_ram", true).put("bits", "bits2")),
                    before.getJsonObject("img").getJsonObject("quantization_config"));
        }
        try (TestServer s = Servers.start(dir, 2)) {
            assertEquals(before, vectors(s), "replayed from the log");
            Servers.call(s, "SAVE");
        }
        try (TestServer s = Servers.start(dir, 3)) {
            assertEquals(before, vectors(s), "loaded from the snapshot, into another shard count");
        }
    }

    private static JsonObject vectors(TestServer s) {
        return s.ok("GET", "/collections/q", null).json().getJsonObject("result").getJsonObject("config")
                .getJsonObject("params").getJsonObject("vectors");
    }

    /** Creates the collection with this quantization_config, restarts through the log, then a snapshot; returns the config as first reported. */
    private static JsonObject replayedAndSnapshotted(JsonObject quantizationConfig) {
        Path dir = TestServer.newDataDir();
        JsonObject before;
        try (TestServer s = Servers.start(dir, 2)) {
            s.ok("PUT", "/collections/q", new JsonObject().put("vectors", new JsonObject().put("size", 3).put("distance", "Cosine"))
                    .put("quantization_config", quantizationConfig));
            before = quantization(s);
        }
        try (TestServer s = Servers.start(dir, 2)) {
            assertEquals(before, quantization(s), "replayed from the log");
            Servers.call(s, "SAVE");
        }
        try (TestServer s = Servers.start(dir, 3)) {
            assertEquals(before, quantization(s), "loaded from the snapshot, into another shard count");
        }
        return before;
    }
}
