package io.quiver.persist;

import io.quiver.cli.RespClient;
import io.quiver.testing.TestServer;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Hashes survive a restart from the log and from a snapshot, with their fields, type and TTL. */
class HashRestartTest {

    private static void write(TestServer s) throws Exception {
        try (RespClient c = s.resp()) {
            c.call("HSET", "user:1", "name", "ada", "visits", "1", "gone", "x");
            c.call("HINCRBY", "user:1", "visits", "4");
            c.call("HINCRBYFLOAT", "user:1", "score", "2.5");
            c.call("HDEL", "user:1", "gone");
            c.call("HSETNX", "user:1", "lang", "en");
            c.call("HSET", "ttl:1", "f", "v");
            c.call("EXPIRE", "ttl:1", "1000");
            c.call("SELECT", "2");
            c.call("HSET", "in:two", "f", "2");
            c.call("SELECT", "0");
            writeLarge(c, 0, 5000);
        }
    }

    /** Fields f{from}..f{to-1} of the hashtable "big" (past hash-max-listpack-entries), then a few deleted. */
    private static void writeLarge(RespClient c, int from, int to) throws Exception {
        for (int i = from; i < to; i += 500) {
            List<String> argv = new java.util.ArrayList<>(List.of("HSET", "big"));
            for (int j = i; j < Math.min(to, i + 500); j++) {
                argv.add("f" + j);
                argv.add("v" + j);
            }
            c.call(argv.toArray(new String[0]));
        }
        c.call("HDEL", "big", "f" + from, "f" + (from + 1));
    }

    /** "big" holds every field {@link #writeLarge} left of each range (from, to), each with its value. */
    private static void checkLarge(RespClient c, int... ranges) throws Exception {
        java.util.Map<String, String> m = new java.util.HashMap<>();
        List<?> all = (List<?>) c.call("HGETALL", "big");
        for (int i = 0; i < all.size(); i += 2) {
            m.put(new String((byte[]) all.get(i)), new String((byte[]) all.get(i + 1)));
        }
        java.util.Map<String, String> want = new java.util.HashMap<>();
        for (int r = 0; r < ranges.length; r += 2) {
            for (int i = ranges[r] + 2; i < ranges[r + 1]; i++) {
                want.put("f" + i, "v" + i);
            }
        }
        assertEquals(want, m);
        assertEquals("hashtable", new String((byte[]) c.call("OBJECT", "ENCODING", "big")));
    }

    private static void check(TestServer s) throws Exception {
        try (RespClient c = s.resp()) {
            List<?> all = (List<?>) c.call("HGETALL", "user:1");
            java.util.Map<String, String> m = new java.util.HashMap<>();
            for (int i = 0; i < all.size(); i += 2) {
                m.put(new String((byte[]) all.get(i)), new String((byte[]) all.get(i + 1)));
            }
            assertEquals(java.util.Map.of("name", "ada", "visits", "5", "score", "2.5", "lang", "en"), m);
            assertEquals(new RespClient.Status("hash"), c.call("TYPE", "ttl:1"));
            long ttl = (Long) c.call("TTL", "ttl:1");
            assertTrue(ttl > 900 && ttl <= 1000, "ttl " + ttl);
            c.call("SELECT", "2");
            assertEquals("2", new String((byte[]) c.call("HGET", "in:two", "f")));
            c.call("SELECT", "0");
            checkLarge(c, 0, 5000);
        }
    }

    @Test
    void loadingConvertsByTheConfiguredThresholds() throws Exception {
        Path dir = TestServer.newDataDir();
        try (TestServer s = Servers.start(dir, 2); RespClient c = s.resp()) {
            writeLarge(c, 0, 300); // 298 fields: a hashtable at the default 128
            assertEquals(new RespClient.Status("OK"), c.call("SAVE"));
        }
        try (TestServer s = TestServer.start(Servers.config(dir, 2).with(io.quiver.config.ConfigKeys.HASH_MAX_LISTPACK_ENTRIES, 1000));
             RespClient c = s.resp()) {
            assertEquals("listpack", new String((byte[]) c.call("OBJECT", "ENCODING", "big")), "within the configured 1000");
            assertEquals(298L, c.call("HLEN", "big"));
        }
        try (TestServer s = TestServer.start(Servers.config(dir, 2).with(io.quiver.config.ConfigKeys.HASH_MAX_LISTPACK_ENTRIES, 10));
             RespClient c = s.resp()) {
            c.call("HSET", "small", "a", "1");
            assertEquals("hashtable", new String((byte[]) c.call("OBJECT", "ENCODING", "big")));
            assertEquals("v299", new String((byte[]) c.call("HGET", "big", "f299")));
        }
    }

    @Test
    void aHashtableComesBackFromASnapshotAndTheLogAfterIt() throws Exception {
        Path dir = TestServer.newDataDir();
        try (TestServer s = Servers.start(dir, 2)) {
            try (RespClient c = s.resp()) {
                writeLarge(c, 0, 3000);
                assertEquals(new RespClient.Status("OK"), c.call("SAVE"));
                writeLarge(c, 10000, 12000); // logged after the snapshot
            }
        }
        try (TestServer s = Servers.start(dir, 2)) {
            try (RespClient c = s.resp()) {
                checkLarge(c, 0, 3000, 10000, 12000);
            }
        }
    }

    @Test
    void hashesComeBackFromTheLog() throws Exception {
        Path dir = TestServer.newDataDir();
        try (TestServer s = Servers.start(dir, 2)) {
            write(s);
        }
        try (TestServer s = Servers.start(dir, 2)) {
            check(s);
        }
    }

    @Test
    void hashesComeBackFromASnapshot() throws Exception {
        Path dir = TestServer.newDataDir();
        try (TestServer s = Servers.start(dir, 2)) {
            write(s);
            Servers.call(s, "SAVE");
        }
        try (TestServer s = Servers.start(dir, 2)) {
            assertEquals(0, s.quiver().persistence().report().replayed(), "everything came from the snapshot");
            check(s);
        }
    }

    @Test
    void hashesAreKeptWhenTheShardCountChanges() throws Exception {
        Path dir = TestServer.newDataDir();
        try (TestServer s = Servers.start(dir, 2)) {
            write(s);
        }
        try (TestServer s = Servers.start(dir, 3)) {
            check(s);
        }
    }
}
