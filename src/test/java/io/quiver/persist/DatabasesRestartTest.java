package io.quiver.persist;

import io.quiver.cli.RespClient;
import io.quiver.testing.TestServer;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Path;

import static io.quiver.testing.RespReplies.str;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Each database's keys come back where they were, from the log, from snapshots, and after re-sharding. */
class DatabasesRestartTest {

    private static Object call(RespClient c, String... argv) {
        try {
            return c.call(argv);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Writes into databases 0, 3 and 15, with a FLUSHDB, a MOVE and a SWAPDB among them. */
    private static void writeSpread(TestServer s) {
        try (RespClient c = s.resp()) {
            for (int i = 0; i < 50; i++) {
                call(c, "SET", "k" + i, "zero-" + i);
            }
            call(c, "SELECT", "3");
            for (int i = 0; i < 50; i++) {
                call(c, "SET", "k" + i, "three-" + i, "EX", "10000");
            }
            call(c, "SELECT", "15");
            call(c, "SET", "gone", "v");
            call(c, "FLUSHDB");
            call(c, "SET", "kept", "fifteen");
            call(c, "SELECT", "0");
            call(c, "SET", "moved", "m");
            call(c, "MOVE", "moved", "3");
            call(c, "SELECT", "8");
            call(c, "SET", "swapped", "was-eight");
            call(c, "SWAPDB", "8", "9");
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void assertSpread(TestServer s) throws IOException {
        try (RespClient c = s.resp()) {
            assertEquals("zero-7", str(call(c, "GET", "k7")));
            assertEquals(50L, call(c, "DBSIZE"));
            assertNull(call(c, "GET", "moved"));
            call(c, "SELECT", "3");
            assertEquals("three-7", str(call(c, "GET", "k7")));
            assertEquals("m", str(call(c, "GET", "moved")));
            long ttl = (Long) call(c, "TTL", "k7");
            assertTrue(ttl > 9000, "ttl " + ttl);
            call(c, "SELECT", "15");
            assertEquals(1L, call(c, "DBSIZE"));
            assertEquals("fifteen", str(call(c, "GET", "kept")));
            call(c, "SELECT", "9");
            assertEquals("was-eight", str(call(c, "GET", "swapped")));
            call(c, "SELECT", "8");
            assertEquals(0L, call(c, "DBSIZE"));
        }
    }

    @Test
    void everyDatabaseIsReplayedFromTheLog() throws IOException {
        Path dir = TestServer.newDataDir();
        try (TestServer s = Servers.start(dir, 2)) {
            writeSpread(s);
        }
        try (TestServer s = Servers.start(dir, 2)) {
            assertSpread(s);
        }
    }

    @Test
    void everyDatabaseIsLoadedFromASnapshot() throws IOException {
        Path dir = TestServer.newDataDir();
        try (TestServer s = Servers.start(dir, 2)) {
            writeSpread(s);
            Servers.call(s, "SAVE");
        }
        try (TestServer s = Servers.start(dir, 2)) {
            assertEquals(0, s.quiver().persistence().report().replayed());
            assertSpread(s);
        }
    }

    @Test
    void everyDatabaseKeepsItsKeysUnderAnotherShardCount() throws IOException {
        Path dir = TestServer.newDataDir();
        try (TestServer s = Servers.start(dir, 2)) {
            writeSpread(s);
        }
        try (TestServer s = Servers.start(dir, 3)) {
            assertSpread(s);
        }
    }
}
