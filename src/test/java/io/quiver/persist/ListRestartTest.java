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
        }
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
