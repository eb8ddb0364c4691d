package io.quiver.persist;

import io.quiver.config.ConfigKeys;
import io.quiver.testing.TestServer;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Qdrant's {@code on_disk: true} vectors: each shard part keeps its float32 vectors in a
 * memory-mapped file in the shard's data directory (off the heap), rebuilt at recovery; real
 * servers over HTTP.
 */
class OnDiskVectorsTest {
    private static final int POINTS = 600;

    private static void createOnDisk(TestServer s, String name, boolean quantized) {
        JsonObject body = new JsonObject()
                .put("vectors", new JsonObject().put("size", Points.DIM).put("distance", "Euclid").put("on_disk", true))
                .put("quiver", new JsonObject().put("index", "graph"));
        if (quantized) {
            body.put("quantization_config", new JsonObject().put("scalar", new JsonObject().put("type", "int8").put("always_ram", true)));
        }
        s.ok("PUT", "/collections/" + name, body);
    }

    private static JsonObject quiverInfo(TestServer s, String name) {
        return s.ok("GET", "/collections/" + name, null).json().getJsonObject("result").getJsonObject("quiver");
    }

    private static List<Path> vectorFiles(Path dataDir) throws IOException {
        try (Stream<Path> s = Files.walk(dataDir)) {
            return s.filter(p -> p.getFileName().toString().endsWith(".qvec")).toList();
        }
    }

    @Test
    void onDiskPointsSurviveARestartThroughTheLogAndTheSnapshot() throws IOException {
        Path dir = TestServer.newDataDir();
        Map<Long, Integer> expected = Points.range(0, POINTS, 1);
        try (TestServer s = Servers.start(dir, 2)) {
            createOnDisk(s, "disk", true);
            Points.upsert(s, "disk", 0, POINTS, 1);
            Points.delete(s, "disk", List.of(3L, 4L));
            Points.upsert(s, "disk", 5, 7, 2); // replaced: new vectors
            Points.assertFindsItself(s, "disk", 100, 1);
        }
        expected.remove(3L);
        expected.remove(4L);
        expected.put(5L, 2);
        expected.put(6L, 2);
        try (TestServer s = Servers.start(dir, 2)) {
            Points.assertHolds(s, "disk", expected);
            Points.assertFindsItself(s, "disk", 5, 2);
            Points.assertNotFound(s, "disk", 3, 1);
            Servers.call(s, "SAVE");
        }
        try (TestServer s = Servers.start(dir, 2)) {
            Points.assertHolds(s, "disk", expected);
            Points.assertFindsItself(s, "disk", 200, 1);
            assertEquals(List.of("loaded", "loaded"), Points.graphOrigins(s, "disk"), "the graph came from the snapshot");
            assertEquals(2, vectorFiles(dir).size(), "one mapped file per shard part, the old run's replaced");
        }
        try (TestServer s = Servers.start(dir, 3)) {
            Points.assertHolds(s, "disk", expected);
        }
    }

    @Test
    void collectionInfoReportsTheVectorsOffTheHeapAndLessHeap() {
        try (TestServer s = Servers.start(TestServer.newDataDir(), 2)) {
            createOnDisk(s, "disk", false);
            Points.create(s, "heap", "graph");
            Points.upsert(s, "disk", 0, POINTS, 1);
            Points.upsert(s, "heap", 0, POINTS, 1);
            JsonObject disk = quiverInfo(s, "disk"), heap = quiverInfo(s, "heap");
            assertEquals((long) POINTS * Points.DIM * 4, disk.getLong("mapped_bytes"), "every float32 vector is in a mapped file");
            assertEquals(0L, heap.getLong("mapped_bytes"));
            long saved = heap.getLong("memory_bytes") - disk.getLong("memory_bytes");
            assertTrue(saved >= (long) POINTS * Points.DIM * 4, "the heap holds the vectors' bytes less: " + saved);
            JsonObject params = s.ok("GET", "/collections/disk", null).json().getJsonObject("result").getJsonObject("config")
                    .getJsonObject("params").getJsonObject("vectors");
            assertEquals(true, params.getBoolean("on_disk"));
        }
    }

    @Test
    void droppingACollectionDeletesItsVectorFiles() throws IOException {
        Path dir = TestServer.newDataDir();
        try (TestServer s = Servers.start(dir, 2)) {
            createOnDisk(s, "gone", false);
            Points.upsert(s, "gone", 0, 50, 1);
            assertEquals(2, vectorFiles(dir).size());
            s.ok("DELETE", "/collections/gone", null);
            assertEquals(List.of(), vectorFiles(dir));
        }
    }

    @Test
    void aServerWithoutPersistenceKeepsOnDiskVectorsInUnlinkedTemporaryFiles() throws IOException {
        try (TestServer s = TestServer.start(TestServer.base().with(ConfigKeys.PERSISTENCE, false).with(ConfigKeys.SHARDS, 2))) {
            createOnDisk(s, "scratch", true);
            Points.upsert(s, "scratch", 0, POINTS, 1);
            Points.assertHolds(s, "scratch", Points.range(0, POINTS, 1));
            Points.assertFindsItself(s, "scratch", 42, 1);
            assertEquals((long) POINTS * Points.DIM * 4, quiverInfo(s, "scratch").getLong("mapped_bytes"));
            Path tmp = Path.of(System.getProperty("java.io.tmpdir"), "quiver-vectors-" + ProcessHandle.current().pid());
            assertFalse(Files.exists(tmp) && !vectorFiles(tmp).isEmpty(), "no file name is left in " + tmp);
        }
    }

    @Test
    void namedVectorsThatDisagreeOnOnDiskAreRefusedByName() {
        try (TestServer s = TestServer.start(2)) {
            TestServer.Reply r = s.sendJson("PUT", "/collections/mixed", new JsonObject().put("vectors", new JsonObject()
                    .put("a", new JsonObject().put("size", 4).put("distance", "Dot").put("on_disk", true))
                    .put("b", new JsonObject().put("size", 4).put("distance", "Dot"))));
            assertEquals(400, r.status());
            assertTrue(r.error().contains("vectors.b.on_disk"), r.text());
            assertEquals(404, s.getJson("/collections/mixed").status(), "nothing was created");
        }
    }
}
