package io.quiver.cli;

import io.quiver.config.ConfigKeys;
import io.quiver.testing.TestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** quiver cli -a sends AUTH before the command. */
class QuiverCliAuthTest {
    static TestServer server;

    @BeforeAll
    static void start() {
        server = TestServer.start(TestServer.base(ConfigKeys.PASSWORD, "cli-pass"));
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private record Run(int exit, String out, String err) {
    }

    private static Run cli(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(), err = new ByteArrayOutputStream();
        int exit = QuiverCli.run(args, new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Run(exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void withThePasswordTheCommandRuns() {
        Run r = cli("--port", Integer.toString(server.respPort()), "-a", "cli-pass", "--raw", "PING");
        assertEquals(0, r.exit(), r.err());
        assertEquals("PONG\n", r.out());
    }

    @Test
    void withAWrongPasswordItSaysAuthFailed() {
        Run r = cli("--port", Integer.toString(server.respPort()), "-a", "nope", "--raw", "PING");
        assertEquals(1, r.exit());
        assertTrue(r.err().contains("AUTH failed: WRONGPASS"), r.err());
    }

    @Test
    void withoutThePasswordTheServerSaysNoauth() {
        Run r = cli("--port", Integer.toString(server.respPort()), "--raw", "PING");
        assertEquals(1, r.exit());
        assertTrue(r.out().contains("NOAUTH Authentication required."), r.out());
    }
}
