package io.quiver.persist;

import io.quiver.testing.TestServer;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

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
