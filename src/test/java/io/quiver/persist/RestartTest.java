package io.quiver.persist;

import io.quiver.testing.TestServer;
import org.junit.jupiter.api.Test;

import io.quiver.cli.RespClient;

import java.nio.file.Path;
import java.util.List;
import java.util.LinkedHashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What a server wrote is there after a restart: from the log, from a snapshot, from both. */
class RestartTest {

    private static Map<String, String> pairs(String prefix, int n) {
        Map<String, String> m = new LinkedHashMap<>();
        for (int i = 0; i < n; i++) {
            m.put(prefix + i, "value-" + i + "-" + "x".repeat(i % 17));
        }
        return m;
    }

    private static void assertHolds(TestServer s, Map<String, String> expected) {
        for (Map.Entry<String, String> e : expected.entrySet()) {
            assertEquals(e.getValue(), Servers.get(s, e.getKey()), e.getKey());
        }
    }

    @Test
    void everyChangeIsReplayedFromTheLog() {
        Path dir = TestServer.newDataDir();
        Map<String, String> kept = pairs("k", 300);
        try (TestServer s = Servers.start(dir, 2)) {
            Servers.setAll(s, pairs("gone", 50));
            Servers.call(s, "FLUSHALL");
            Servers.setAll(s, kept);
            Servers.call(s, "SET", "deleted", "x");
            Servers.call(s, "DEL", "deleted");
            Servers.call(s, "SET", "k1", "overwritten");
            Servers.call(s, "SET", "k2", "not stored", "NX");
            Servers.call(s, "MSET", "m1", "a", "m2", "b");
        }
        kept.put("k1", "overwritten");
        kept.put("m1", "a");
        kept.put("m2", "b");
        try (TestServer s = Servers.start(dir, 2)) {
            assertHolds(s, kept);
            assertNull(Servers.get(s, "deleted"));
            assertNull(Servers.get(s, "gone1"));
            assertEquals(kept.size(), Servers.dbsize(s));
        }
    }

    @Test
    void aSnapshotAndTheLogAfterItTogetherHoldEverything() {
        Path dir = TestServer.newDataDir();
        Map<String, String> before = pairs("before", 200), after = pairs("after", 200);
        try (TestServer s = Servers.start(dir, 2)) {
            Servers.setAll(s, before);
            assertEquals("OK", ((io.quiver.cli.RespClient.Status) Servers.call(s, "SAVE")).text());
            Servers.setAll(s, after);
            Servers.call(s, "DEL", "before0");
        }
        before.remove("before0");
        try (TestServer s = Servers.start(dir, 2)) {
            assertHolds(s, before);
            assertHolds(s, after);
            assertEquals(before.size() + after.size(), Servers.dbsize(s));
        }
    }

    @Test
    void aSnapshotAtShutdownIsLoadedWithNothingToReplay() {
        Path dir = TestServer.newDataDir();
        Map<String, String> all = pairs("k", 500);
        try (TestServer s = TestServer.start(Servers.config(dir, 2).with(io.quiver.config.ConfigKeys.SNAPSHOT_ON_SHUTDOWN, true))) {
            Servers.setAll(s, all);
        }
        try (TestServer s = Servers.start(dir, 2)) {
            assertHolds(s, all);
            RecoveryReport r = s.quiver().persistence().report();
            assertEquals(2, r.snapshotsLoaded());
            assertEquals(0, r.replayed());
            assertEquals(all.size(), r.keys());
        }
    }

    @Test
    void anotherShardCountKeepsEveryKey() {
        Path dir = TestServer.newDataDir();
        Map<String, String> all = pairs("k", 1000);
        try (TestServer s = Servers.start(dir, 3)) {
            Servers.setAll(s, pairs("k", 500));
            Servers.call(s, "SAVE");
            Servers.setAll(s, all); // half in the snapshots, all in the logs after them
        }
        for (int shards : new int[]{2, 5, 1, 3}) {
            try (TestServer s = Servers.start(dir, shards)) {
                assertEquals(all.size(), Servers.dbsize(s), "with " + shards + " shards");
                assertHolds(s, all);
                Servers.call(s, "SET", "added-with-" + shards, "yes");
                all.put("added-with-" + shards, "yes");
            }
        }
    }

    // ---- vector collections ----

    @Test
    void everyVectorChangeIsReplayedFromTheLog() throws Exception {
        Path dir = TestServer.newDataDir();
        Map<Long, Integer> graph = Points.range(0, 300, 1), flat = Points.range(0, 50, 1);
        try (TestServer s = Servers.start(dir, 2)) {
            Points.create(s, "g", "graph");
            Points.create(s, "f", "flat");
            Points.create(s, "gone", "graph");
            Points.upsert(s, "g", 0, 300, 1);
            Points.upsert(s, "g", 100, 150, 2); // replaced: new vectors and payloads
            Points.delete(s, "g", List.of(7L, 8L, 120L));
            Points.upsert(s, "f", 0, 50, 1);
            Points.upsert(s, "gone", 0, 20, 1);
            s.ok("DELETE", "/collections/gone", null);
            try (RespClient c = s.resp()) { // VADD creates a cosine set; VSETATTR changes a payload
                c.call("VADD", "vs", "VALUES", "2", "3", "4", "a", "SETATTR", "{\"k\":1}");
                c.call("VADD", "vs", "VALUES", "2", "1", "0", "b");
                c.call("VSETATTR", "vs", "b", "{\"k\":2}");
                c.call("VADD", "vs", "VALUES", "2", "0", "2", "a"); // keeps a's attributes
            }
        }
        for (long id = 100; id < 150; id++) {
            graph.put(id, 2);
        }
        graph.keySet().removeAll(List.of(7L, 8L, 120L));
        try (TestServer s = Servers.start(dir, 2)) {
            Points.assertHolds(s, "g", graph);
            Points.assertHolds(s, "f", flat);
            Points.assertFindsItself(s, "g", 130, 2);
            Points.assertNotFound(s, "g", 120, 2);
            assertEquals(404, s.getJson("/collections/gone").status(), "a dropped collection stays dropped");
            assertEquals(List.of("built", "built"), Points.graphOrigins(s, "g"), "replayed, so built by inserting");
            try (RespClient c = s.resp()) {
                assertEquals(2L, c.call("VCARD", "vs"));
                assertEquals("{\"k\":1}", new String((byte[]) c.call("VGETATTR", "vs", "a")));
                assertEquals("{\"k\":2}", new String((byte[]) c.call("VGETATTR", "vs", "b")));
                List<?> emb = (List<?>) c.call("VEMB", "vs", "a"); // cosine: unit vector times the stored norm
                assertEquals(0.0, Double.parseDouble(new String((byte[]) emb.get(0))), 1e-6);
                assertEquals(2.0, Double.parseDouble(new String((byte[]) emb.get(1))), 1e-6);
            }
            RecoveryReport r = s.quiver().persistence().report();
            assertEquals(3, r.collections());
            assertEquals(graph.size() + flat.size() + 2, r.points());
            // the catalog numbers new creations above every epoch in the data
            s.ok("PUT", "/collections/gone", new io.vertx.core.json.JsonObject()
                    .put("vectors", new io.vertx.core.json.JsonObject().put("size", Points.DIM).put("distance", "Dot")));
            assertEquals(0, Points.count(s, "gone"));
        }
    }

    @Test
    void flushallDropsCollectionsForGoodAndLaterOnesSurvive() throws Exception {
        Path dir = TestServer.newDataDir();
        try (TestServer s = Servers.start(dir, 2)) {
            Points.create(s, "before", "graph");
            Points.upsert(s, "before", 0, 50, 1);
            Servers.call(s, "VADD", "set", "VALUES", "2", "1", "1", "e");
            Servers.call(s, "SAVE"); // the collections are in the snapshots, the flush only in the logs
            Servers.call(s, "FLUSHALL");
            Points.create(s, "after", "flat");
            Points.upsert(s, "after", 0, 10, 1);
        }
        try (TestServer s = Servers.start(dir, 2)) {
            assertEquals(404, s.getJson("/collections/before").status());
            assertEquals(0L, Servers.call(s, "VCARD", "set"));
            Points.assertHolds(s, "after", Points.range(0, 10, 1));
            assertEquals(1, s.quiver().persistence().report().collections());
        }
    }

    @Test
    void aSnapshotKeepsPointsAndTheGraphIsLoadedNotRebuilt() throws Exception {
        Path dir = TestServer.newDataDir();
        Map<Long, Integer> all = Points.range(0, 800, 1);
        try (TestServer s = Servers.start(dir, 2)) {
            Points.create(s, "g", "graph");
            Points.create(s, "a", "auto"); // auto, threshold 64: has switched to a graph in both parts
            Points.upsert(s, "g", 0, 800, 1);
            Points.upsert(s, "a", 0, 300, 1);
            Points.delete(s, "g", List.of(3L, 4L, 5L)); // deleted nodes still in the graph when it is saved
            assertEquals("OK", ((RespClient.Status) Servers.call(s, "SAVE")).text());
            Points.upsert(s, "g", 800, 900, 1);          // after the snapshot: from the log
            Points.delete(s, "g", List.of(10L, 850L));
        }
        all.putAll(Points.range(800, 900, 1));
        all.keySet().removeAll(List.of(3L, 4L, 5L, 10L, 850L));
        try (TestServer s = Servers.start(dir, 2)) {
            Points.assertHolds(s, "g", all);
            Points.assertHolds(s, "a", Points.range(0, 300, 1));
            assertEquals(List.of("loaded", "loaded"), Points.graphOrigins(s, "g"));
            assertEquals(List.of("loaded", "loaded"), Points.graphOrigins(s, "a"));
            for (long id : new long[]{0, 99, 500, 799, 850 - 1, 899}) {
                Points.assertFindsItself(s, "g", id, 1);
            }
            for (long id : new long[]{3, 4, 5, 10, 850}) {
                Points.assertNotFound(s, "g", id, 1);
            }
            RecoveryReport r = s.quiver().persistence().report();
            assertEquals(4, r.graphsLoaded());
            assertEquals(all.size() + 300, r.points());
            Points.upsert(s, "g", 900, 950, 1); // a loaded graph takes new points
            Points.assertFindsItself(s, "g", 940, 1);
            assertEquals(new RespClient.Status("OK"), Servers.call(s, "SAVE"));
        }
        all.putAll(Points.range(900, 950, 1));
        try (TestServer s = TestServer.start(Servers.config(dir, 2))) {
            Points.assertHolds(s, "g", all); // a snapshot of a loaded graph loads again
            Points.assertFindsItself(s, "g", 940, 1);
            assertEquals(List.of("loaded", "loaded"), Points.graphOrigins(s, "g"));
        }
    }

    @Test
    void infoMetricsAndTheLogSayWhatRecoveryLoaded() throws Exception {
        Path dir = TestServer.newDataDir();
        try (TestServer s = TestServer.start(Servers.config(dir, 2).with(io.quiver.config.ConfigKeys.SNAPSHOT_ON_SHUTDOWN, true))) {
            Points.create(s, "g", "graph");
            Points.upsert(s, "g", 0, 120, 1);
            Servers.call(s, "SET", "k", "v");
            io.vertx.core.json.JsonObject snap = s.ok("POST", "/admin/snapshot", null).json();
            assertEquals(120, snap.getLong("points"));
        }
        try (TestServer s = TestServer.start(Servers.config(dir, 2).with(io.quiver.config.ConfigKeys.METRICS, true))) {
            String info = new String((byte[]) Servers.call(s, "INFO", "persistence"), java.nio.charset.StandardCharsets.UTF_8);
            assertTrue(info.contains("\r\nloading_loaded_keys:1\r\n"), info);
            assertTrue(info.contains("\r\nloading_loaded_points:120\r\n"), info);
            assertTrue(info.contains("\r\nloading_graphs_loaded:2\r\n"), info);
            String metrics = s.get("/metrics").body();
            assertTrue(metrics.contains("quiver_persistence_recovery_points 120.0"), metrics);
            assertTrue(metrics.contains("quiver_persistence_recovery_graphs_loaded 2.0"), metrics);
            String line = s.quiver().persistence().report().describe();
            assertTrue(line.startsWith("recovered 1 keys and 1 collections (120 points)") && line.contains("2 graphs loaded"), line);
            String memory = new String((byte[]) Servers.call(s, "INFO", "memory"), java.nio.charset.StandardCharsets.UTF_8);
            assertTrue(!memory.contains("\r\nquiver_vector_memory:0\r\n") && memory.contains("quiver_vector_memory:"), memory);
        }
    }

    @Test
    void anotherShardCountKeepsEveryPoint() throws Exception {
        Path dir = TestServer.newDataDir();
        Map<Long, Integer> all = Points.range(0, 400, 1);
        try (TestServer s = Servers.start(dir, 3)) {
            Points.create(s, "g", "graph");
            Points.create(s, "f", "flat");
            Points.upsert(s, "g", 0, 200, 1);
            Points.upsert(s, "f", 0, 100, 1);
            Servers.call(s, "SAVE");
            Points.upsert(s, "g", 200, 400, 1); // half in the snapshots, the rest in the logs after them
            Points.delete(s, "g", List.of(1L, 399L));
        }
        all.keySet().removeAll(List.of(1L, 399L));
        for (int shards : new int[]{2, 5, 1}) {
            try (TestServer s = Servers.start(dir, shards)) {
                Points.assertHolds(s, "g", all);
                Points.assertHolds(s, "f", Points.range(0, 100, 1));
                Points.assertFindsItself(s, "g", 250, 1);
                Points.assertNotFound(s, "g", 399, 1);
                assertEquals(shards, Points.graphOrigins(s, "g").size());
                assertTrue(Points.graphOrigins(s, "g").stream().allMatch("built"::equals), "re-sharding rebuilds graphs");
                Points.upsert(s, "g", 1000 + shards, 1001 + shards, 1);
                all.put(1000L + shards, 1);
            }
        }
    }

    @Test
    void aSecondServerOnTheSameDataDirectoryIsRefused() {
        Path dir = TestServer.newDataDir();
        try (TestServer s = Servers.start(dir, 1)) {
            IllegalStateException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalStateException.class,
                    () -> Servers.start(dir, 1).close());
            org.junit.jupiter.api.Assertions.assertTrue(e.getMessage().contains("in use by another Quiver server"), e.getMessage());
        }
    }
}
