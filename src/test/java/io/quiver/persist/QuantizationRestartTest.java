package io.quiver.persist;

import io.quiver.testing.TestServer;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.function.Consumer;
import java.util.function.Function;

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
        JsonObject before = afterLogAndSnapshot(s -> s.ok("PUT", "/collections/q", new JsonObject().put("vectors", new JsonObject()
                        .put("img", new JsonObject().put("size", 3).put("distance", "Cosine")
                                .put("quantization_config", new JsonObject().put("turbo", new JsonObject().put("bits", "bits2").put("always_ram", true))))
                        .put("txt", new JsonObject().put("size", 2).put("distance", "Dot")))),
                QuantizationRestartTest::vectors, (expected, actual, why) -> assertEquals(expected, actual, why));
        assertEquals(new JsonObject().put("turbo", new JsonObject().put("always_ram", true).put("bits", "bits2")),
                before.getJsonObject("img").getJsonObject("quantization_config"));
    }

    @Test
    void turbo4VectorsReadBackTheSameAfterTheLogAndASnapshot() {
        afterLogAndSnapshot(s -> {
            s.ok("PUT", "/collections/t4", new JsonObject().put("vectors", new JsonObject().put("size", 5).put("distance", "Euclid")
                    .put("datatype", "turbo4")));
            s.ok("PUT", "/collections/t4/points?wait=true", new JsonObject().put("points", new io.vertx.core.json.JsonArray()
                    .add(new JsonObject().put("id", 1).put("vector", new io.vertx.core.json.JsonArray().add(0.3).add(-1.2).add(2.5).add(0.01).add(-0.7)))));
        }, QuantizationRestartTest::turbo4Point, QuantizationRestartTest::assertSameTurbo4Point);
    }

    @Test
    void aPatchedIndexQuantizationAndOnDiskAreReplayedAndSnapshotted() {
        JsonObject before = afterLogAndSnapshot(s -> {
            s.ok("PUT", "/collections/p", new JsonObject().put("vectors", new JsonObject()
                    .put("img", new JsonObject().put("size", 2).put("distance", "Dot"))
                    .put("txt", new JsonObject().put("size", 3).put("distance", "Cosine"))));
            io.vertx.core.json.JsonArray points = new io.vertx.core.json.JsonArray();
            for (int i = 1; i <= 10; i++) {
                points.add(new JsonObject().put("id", i).put("vector", new JsonObject()
                        .put("img", new io.vertx.core.json.JsonArray().add(i).add(1))
                        .put("txt", new io.vertx.core.json.JsonArray().add(1).add(i).add(-i))));
            }
            s.ok("PUT", "/collections/p/points?wait=true", new JsonObject().put("points", points));
            s.ok("PATCH", "/collections/p", new JsonObject().put("hnsw_config", new JsonObject().put("m", 8))
                    .put("quantization_config", new JsonObject().put("binary", new JsonObject()))
                    .put("vectors", new JsonObject().put("txt", new JsonObject().put("on_disk", true)
                            .put("hnsw_config", new JsonObject().put("ef_construct", 50))
                            .put("quantization_config", new JsonObject().put("scalar", new JsonObject().put("type", "int8"))))));
        }, QuantizationRestartTest::patched, (expected, actual, why) -> assertEquals(expected, actual, why));
        assertEquals(10L * 3 * 4, before.getLong("mapped_bytes"), "txt's floats in mapped files: " + before.encode());
        assertEquals(new JsonObject().put("size", 3).put("distance", "Cosine").put("on_disk", true)
                .put("quantization_config", new JsonObject().put("scalar", new JsonObject().put("type", "int8")))
                .put("hnsw_config", new JsonObject().put("ef_construct", 50)), before.getJsonObject("vectors").getJsonObject("txt"));
    }

    @Test
    void aPlainVectorsPatchedQuantizationAndOnDiskAreReplayedAndSnapshotted() {
        JsonObject before = afterLogAndSnapshot(s -> {
            s.ok("PUT", "/collections/q", new JsonObject().put("vectors", new JsonObject().put("size", 3).put("distance", "Cosine")));
            s.ok("PUT", "/collections/q/points?wait=true", new JsonObject().put("points", new io.vertx.core.json.JsonArray()
                    .add(new JsonObject().put("id", 1).put("vector", new io.vertx.core.json.JsonArray().add(1).add(2).add(3)))));
            s.ok("PATCH", "/collections/q", new JsonObject().put("vectors", new JsonObject().put("", new JsonObject().put("on_disk", true)
                    .put("quantization_config", new JsonObject().put("turbo", new JsonObject().put("bits", "bits2"))))));
        }, QuantizationRestartTest::vectors, (expected, actual, why) -> assertEquals(expected, actual, why));
        assertEquals(new JsonObject().put("size", 3).put("distance", "Cosine").put("on_disk", true)
                .put("quantization_config", new JsonObject().put("turbo", new JsonObject().put("bits", "bits2"))), before);
    }

    /** The patched collection's vectors' config, hnsw m, quantization, mapped bytes and point 4's vectors. */
    private static JsonObject patched(TestServer s) {
        JsonObject info = s.ok("GET", "/collections/p", null).json().getJsonObject("result");
        JsonObject config = info.getJsonObject("config");
        return new JsonObject().put("vectors", config.getJsonObject("params").getJsonObject("vectors"))
                .put("m", config.getJsonObject("hnsw_config").getInteger("m"))
                .put("quantization_config", config.getJsonObject("quantization_config"))
                .put("mapped_bytes", info.getJsonObject("quiver").getLong("mapped_bytes"))
                .put("point", s.ok("GET", "/collections/p/points/4", null).json().getJsonObject("result").getJsonObject("vector"));
    }

    /** The stored vector of point 1 (decoded from its codes) and the collection's datatype. */
    private static JsonObject turbo4Point(TestServer s) {
        return new JsonObject()
                .put("vector", s.ok("GET", "/collections/t4/points/1", null).json().getJsonObject("result").getJsonArray("vector"))
                .put("datatype", s.ok("GET", "/collections/t4", null).json().getJsonObject("result").getJsonObject("config")
                        .getJsonObject("params").getJsonObject("vectors").getString("datatype"));
    }

    private static void assertSameTurbo4Point(JsonObject expected, JsonObject actual, String why) {
        assertEquals("turbo4", actual.getString("datatype"), why);
        assertVectorsEqual(expected.getJsonArray("vector"), actual.getJsonArray("vector"), why);
    }

    private static void assertVectorsEqual(io.vertx.core.json.JsonArray a, io.vertx.core.json.JsonArray b, String why) {
        assertEquals(a.size(), b.size(), why);
        for (int i = 0; i < a.size(); i++) {
            assertEquals(a.getDouble(i), b.getDouble(i), 1e-6, why);
        }
    }

    private static JsonObject vectors(TestServer s) {
        return s.ok("GET", "/collections/q", null).json().getJsonObject("result").getJsonObject("config")
                .getJsonObject("params").getJsonObject("vectors");
    }

    /** Creates the collection with this quantization_config, restarts through the log, then a snapshot; returns the config as first reported. */
    private static JsonObject replayedAndSnapshotted(JsonObject quantizationConfig) {
        return afterLogAndSnapshot(s -> s.ok("PUT", "/collections/q", new JsonObject()
                        .put("vectors", new JsonObject().put("size", 3).put("distance", "Cosine"))
                        .put("quantization_config", quantizationConfig)),
                QuantizationRestartTest::quantization, (expected, actual, why) -> assertEquals(expected, actual, why));
    }

    interface SameAs<T> {
        void check(T expected, T actual, String why);
    }

    /**
     * Sets up on a 2-shard server, then reads what {@code read} sees after a restart replaying the log
     * and after a snapshot loaded into 3 shards, checking each against the first reading; returns it.
     */
    private static <T> T afterLogAndSnapshot(Consumer<TestServer> setup, Function<TestServer, T> read, SameAs<T> same) {
        Path dir = TestServer.newDataDir();
        T before;
        try (TestServer s = Servers.start(dir, 2)) {
            setup.accept(s);
            before = read.apply(s);
        }
        try (TestServer s = Servers.start(dir, 2)) {
            same.check(before, read.apply(s), "replayed from the log");
            Servers.call(s, "SAVE");
        }
        try (TestServer s = Servers.start(dir, 3)) {
            same.check(before, read.apply(s), "loaded from the snapshot, into another shard count");
        }
        return before;
    }
}
