package io.quiver.resp;

import io.quiver.cli.RespClient;
import io.quiver.config.ConfigKeys;
import io.quiver.config.QuiverConfig;
import io.quiver.testing.RawConnection;
import io.quiver.testing.TestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Every RESP limit is configured, enforced with a Redis-style error, and leaves the server healthy. */
class RespLimitsTest {
    static TestServer server;

    @BeforeAll
    static void start() {
        QuiverConfig c = TestServer.base()
                .with(ConfigKeys.MAX_INLINE_LINE, 100)
                .with(ConfigKeys.MAX_BULK_LENGTH, 1000)
                .with(ConfigKeys.MAX_MULTIBULK_COUNT, 10)
                .with(ConfigKeys.MAX_KEY_SIZE, 20)
                .with(ConfigKeys.MAX_VALUE_SIZE, 50)
                .with(ConfigKeys.MAX_CONNECTIONS, 5);
        server = TestServer.start(c);
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static void assertServerAnswers() throws IOException {
        try (RespClient c = server.resp()) {
            assertEquals(new RespClient.Status("PONG"), c.call("PING"));
        }
    }

    @Test
    void tooLongInlineLineGetsAnErrorAndTheConnectionCloses() throws IOException {
        try (RawConnection c = new RawConnection(server.respPort())) {
            c.write("SET k " + "x".repeat(200) + "\r\n");
            assertEquals("-ERR Protocol error: too big inline request\r\n", c.readLine());
            assertTrue(c.closedByPeer());
        }
        assertServerAnswers();
    }

    @Test
    void tooLongBulkGetsAnErrorAndTheConnectionCloses() throws IOException {
        try (RawConnection c = new RawConnection(server.respPort())) {
            c.write("*3\r\n$3\r\nSET\r\n$1\r\nk\r\n$1001\r\n");
            assertEquals("-ERR Protocol error: invalid bulk length\r\n", c.readLine());
            assertTrue(c.closedByPeer());
        }
        assertServerAnswers();
    }

    @Test
    void tooManyArgumentsGetAnErrorAndTheConnectionCloses() throws IOException {
        try (RawConnection c = new RawConnection(server.respPort())) {
            c.write("*11\r\n");
            assertEquals("-ERR Protocol error: invalid multibulk length\r\n", c.readLine());
            assertTrue(c.closedByPeer());
        }
        assertServerAnswers();
    }

    @Test
    void tooLargeKeyIsRefusedAndTheConnectionStaysOpen() throws IOException {
        try (RespClient c = server.resp()) {
            Object r = c.call("SET", "k".repeat(21), "v");
            assertTrue(r instanceof RespClient.Error e && e.text().startsWith("ERR key is 21 bytes, larger than max-key-size"), String.valueOf(r));
            assertEquals(new RespClient.Status("PONG"), c.call("PING"));
        }
    }

    @Test
    void tooLargeValueIsRefusedAndNothingIsStored() throws IOException {
        try (RespClient c = server.resp()) {
            Object r = c.call("SET", "limits:v", "v".repeat(51));
            assertTrue(r instanceof RespClient.Error e && e.text().contains("max-value-size"), String.valueOf(r));
            assertNull(c.call("GET", "limits:v"));
        }
    }

    @Test
    void msetWithOneTooLargeValueStoresNone() throws IOException {
        try (RespClient c = server.resp()) {
            Object r = c.call("MSET", "limits:a", "1", "limits:b", "v".repeat(51));
            assertTrue(r instanceof RespClient.Error, String.valueOf(r));
            assertEquals(0L, c.call("EXISTS", "limits:a", "limits:b"));
        }
    }

    @Test
    void unbalancedQuotesGetAnErrorAndTheConnectionStaysOpen() throws IOException {
        try (RawConnection c = new RawConnection(server.respPort())) {
            c.write("SET \"k v\r\nPING\r\n");
            assertEquals("-ERR Protocol error: unbalanced quotes in request\r\n", c.readLine());
            assertEquals("+PONG\r\n", c.readLine());
        }
    }

    @Test
    void connectionsOverTheLimitAreRefusedWithAnError() throws IOException {
        try {
            // fill up to the limit; other tests may hold a few, so open until refused
            String refusal = null;
            for (int i = 0; i < 10 && refusal == null; i++) {
                RawConnection raw = new RawConnection(server.respPort());
                raw.write("PING\r\n");
                String line = raw.readLine();
                if (line.startsWith("-ERR")) {
                    refusal = line;
                    assertTrue(raw.closedByPeer());
                    raw.close();
                } else {
                    assertEquals("+PONG\r\n", line);
                    rawKept.add(raw);
                }
            }
            assertEquals("-ERR max number of clients reached\r\n", refusal);
        } finally {
            for (RawConnection r : rawKept) {
                r.close();
            }
            rawKept.clear();
        }
        // the slots free up once clients leave
        for (int attempt = 0; ; attempt++) {
            try (RawConnection raw = new RawConnection(server.respPort())) {
                raw.write("PING\r\n");
                if (raw.readLine().equals("+PONG\r\n")) {
                    break;
                }
            }
            assertFalse(attempt > 50, "connections were not released");
            sleep(100);
        }
    }

    private static final List<RawConnection> rawKept = new ArrayList<>();

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
