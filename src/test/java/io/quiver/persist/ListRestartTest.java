package io.quiver.persist;

import io.quiver.cli.RespClient;
import io.quiver.testing.TestServer;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Lists survive a restart from the log and from a snapshot, with their order, type and TTL. */
class ListRestartTest {

    private static void write(TestServer s) throws Exception {
        try (RespClient c = s.resp()) {
            c.call("RPUSH", "queue", "a", "b", "c", "d", "e", "f");
            c.call("LPUSH", "queue", "z");
            c.call("LPOP", "queue", "2");   // z a
            c.call("RPOP", "queue");        // f
            c.call("LSET", "queue", "0", "B");
            c.call("RPUSH", "queue", "c", "x", "c");
            c.call("LREM", "queue", "-2", "c"); // the last two c's
            c.call("LTRIM", "queue", "0", "3");
            c.call("RPUSH", "gone", "only");
            c.call("LPOP", "gone");
            c.call("RPUSH", "ttl:1", "v");
            c.call("EXPIRE", "ttl:1", "1000");
            c.call("SELECT", "2");
            c.call("RPUSH", "in:two", "2");
            c.call("SELECT", "0");
            writeLong(c, 0, 3000);
        }
    }

    /** Elements {from}..{to-1} pushed to the tail of the quicklist "long" (past 8 KiB) in batches, and {from} popped at the head. */
    private static void writeLong(RespClient c, int from, int to) throws Exception {
        for (int i = from; i < to; i += 500) {
            List<String> argv = new java.util.ArrayList<>(List.of("RPUSH", "long"));
            for (int j = i; j < Math.min(to, i + 500); j++) {
                argv.add("element-" + j);
            }
            c.call(argv.toArray(new String[0]));
        }
        c.call("LPUSH", "long", "head-" + from);
        c.call("LPOP", "long", "2"); // head-from and element-from
    }

    private static void checkLong(RespClient c, int... ranges) throws Exception {
        List<String> want = new java.util.ArrayList<>();
        for (int r = 0; r < ranges.length; r += 2) {
            for (int i = ranges[r]; i < ranges[r + 1]; i++) {
                want.add("element-" + i);
            }
        }
        // writeLong's pops took the first element of each range that was at the head then
        want.remove("element-" + ranges[0]);
        for (int r = 2; r < ranges.length; r += 2) {
            want.remove(want.get(0));
        }
        assertEquals(want, strings(c.call("LRANGE", "long", "0", "-1")));
        assertEquals("quicklist", new String((byte[]) c.call("OBJECT", "ENCODING", "long")));
    }

    private static List<String> strings(Object reply) {
        return ((List<?>) reply).stream().map(x -> new String((byte[]) x)).toList();
    }

    private static void check(TestServer s) throws Exception {
        try (RespClient c = s.resp()) {
            assertEquals(List.of("B", "c", "d", "e"), strings(c.call("LRANGE", "queue", "0", "-1")));
            assertEquals(0L, c.call("EXISTS", "gone"));
            assertEquals(new RespClient.Status("list"), c.call("TYPE", "ttl:1"));
            long ttl = (Long) c.call("TTL", "ttl:1");
            assertTrue(ttl > 900 && ttl <= 1000, "ttl " + ttl);
            c.call("SELECT", "2");
            assertEquals(List.of("2"), strings(c.call("LRANGE", "in:two", "0", "-1")));
            c.call("SELECT", "0");
            checkLong(c, 0, 3000);
        }
    }

    @Test
    void aQuicklistComesBackFromASnapshotAndTheLogAfterIt() throws Exception {
        Path dir = TestServer.newDataDir();
        try (TestServer s = Servers.start(dir, 2)) {
            try (RespClient c = s.resp()) {
                writeLong(c, 0, 3000);
                assertEquals(new RespClient.Status("OK"), c.call("SAVE"));
                writeLong(c, 10000, 11000); // logged after the snapshot
            }
        }
        try (TestServer s = Servers.start(dir, 2)) {
            try (RespClient c = s.resp()) {
                checkLong(c, 0, 3000, 10000, 11000);
            }
        }
    }

    @Test
    void listsComeBackFromTheLog() throws Exception {
        Path dir = TestServer.newDataDir();
        try (TestServer s = Servers.start(dir, 2)) {
            write(s);
            check(s);
        }
        try (TestServer s = Servers.start(dir, 2)) {
            check(s);
        }
    }

    @Test
    void listsComeBackFromASnapshot() throws Exception {
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
    void listsAreKeptWhenTheShardCountChanges() throws Exception {
        Path dir = TestServer.newDataDir();
        try (TestServer s = Servers.start(dir, 2)) {
            write(s);
        }
        try (TestServer s = Servers.start(dir, 3)) {
            check(s);
        }
    }
}
