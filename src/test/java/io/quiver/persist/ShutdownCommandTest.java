package io.quiver.persist;

import io.quiver.cli.RespClient;
import io.quiver.config.ConfigKeys;
import io.quiver.testing.TestServer;
import org.junit.jupiter.api.Test;

import java.io.EOFException;
import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import static io.quiver.testing.RespReplies.error;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Redis's SHUTDOWN [NOSAVE|SAVE] [NOW] [FORCE] [ABORT]: the server stops as on SIGTERM. */
class ShutdownCommandTest {

    /** Sends SHUTDOWN with {@code options}; the server closes the connection with no reply and stops. */
    private static void shutDown(TestServer s, String... options) throws Exception {
        String[] argv = new String[options.length + 1];
        argv[0] = "SHUTDOWN";
        System.arraycopy(options, 0, argv, 1, options.length);
        try (RespClient c = s.resp()) {
            assertThrows(EOFException.class, () -> c.call(argv), "no reply: the connection is closed");
        }
        s.quiver().shutDownByCommand().await(60, TimeUnit.SECONDS);
    }

    @Test
    void shutdownClosesTheConnectionWithoutAReplyAndStopsTheServer() throws Exception {
        try (TestServer s = TestServer.start(1, ConfigKeys.PERSISTENCE, false)) {
            shutDown(s);
            assertTrue(s.quiver().closeStarted());
            assertThrows(IllegalStateException.class, s::resp, "nothing listens any more");
        }
    }

    @Test
    void saveSnapshotsEveryShardEvenWithSnapshotOnShutdownOff() throws Exception {
        Path dir = TestServer.newDataDir();
        try (TestServer s = Servers.start(dir, 2)) {
            Servers.call(s, "SET", "sd:a", "1");
            shutDown(s, "SAVE");
        }
        try (TestServer s = Servers.start(dir, 2)) {
            assertEquals("1", Servers.get(s, "sd:a"));
            assertEquals(2, s.quiver().persistence().report().snapshotsLoaded());
            assertEquals(0, s.quiver().persistence().report().replayed(), "the snapshot holds everything");
        }
    }

    @Test
    void nosaveTakesNoSnapshotAndTheLogStillHoldsEveryChange() throws Exception {
        Path dir = TestServer.newDataDir();
        try (TestServer s = TestServer.start(Servers.config(dir, 2).with(ConfigKeys.SNAPSHOT_ON_SHUTDOWN, true))) {
            Servers.call(s, "SET", "sd:b", "2");
            shutDown(s, "NOSAVE", "NOW", "FORCE");
        }
        try (TestServer s = Servers.start(dir, 2)) {
            assertEquals("2", Servers.get(s, "sd:b"));
            assertEquals(1, s.quiver().persistence().report().replayed(), "replayed from the log, no snapshot taken");
        }
    }

    @Test
    void saveWithPersistenceOffIsRefusedAndTheServerGoesOn() throws IOException {
        try (TestServer s = TestServer.start(1, ConfigKeys.PERSISTENCE, false); RespClient c = s.resp()) {
            assertTrue(error(c.call("SHUTDOWN", "SAVE")).startsWith("ERR Errors trying to SHUTDOWN: SAVE needs persistence"));
            assertEquals(new RespClient.Status("PONG"), c.call("PING"));
        }
    }

    @Test
    void abortAnswersThatNoShutdownIsInProgress() throws IOException {
        try (TestServer s = TestServer.start(1, ConfigKeys.PERSISTENCE, false); RespClient c = s.resp()) {
            assertEquals("ERR No shutdown in progress.", error(c.call("SHUTDOWN", "ABORT")));
            assertEquals("ERR syntax error", error(c.call("SHUTDOWN", "SAVE", "NOSAVE")));
            assertEquals("ERR syntax error", error(c.call("SHUTDOWN", "LATER")));
        }
    }

    @Test
    void shutdownInsideMultiIsRefusedAndAbortsTheTransaction() throws IOException {
        try (TestServer s = TestServer.start(1, ConfigKeys.PERSISTENCE, false); RespClient c = s.resp()) {
            c.call("MULTI");
            c.call("SET", "sd:tx", "bar");
            assertEquals("ERR Command not allowed inside a transaction", error(c.call("SHUTDOWN")));
            assertTrue(error(c.call("EXEC")).startsWith("EXECABORT"));
            assertEquals(null, c.call("GET", "sd:tx"));
        }
    }
}
