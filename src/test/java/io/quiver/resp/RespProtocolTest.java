package io.quiver.resp;

import io.quiver.config.ConfigKeys;
import io.quiver.testing.RawConnection;
import io.quiver.testing.TestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** HELLO and RESP3 on the wire, the limits before AUTH, and the cross-protocol guard, byte for byte. */
class RespProtocolTest {
    static final String PASSWORD = "s3cret";
    static TestServer open;
    static TestServer locked;

    @BeforeAll
    static void start() {
        open = TestServer.start();
        locked = TestServer.start(TestServer.base(ConfigKeys.PASSWORD, PASSWORD));
    }

    @AfterAll
    static void stop() {
        open.close();
        locked.close();
    }

    private static String command(String... args) {
        StringBuilder sb = new StringBuilder("*").append(args.length).append("\r\n");
        for (String a : args) {
            sb.append('$').append(a.length()).append("\r\n").append(a).append("\r\n");
        }
        return sb.toString();
    }

    @Test
    void hello3AnswersAMapAndSwitchesTheConnectionToResp3() throws IOException {
        try (RawConnection c = new RawConnection(open.respPort())) {
            c.write(command("HELLO", "3"));
            assertEquals("%7\r\n", c.readLine());
            assertEquals("$6\r\n", c.readLine());
            assertEquals("server\r\n", c.readLine());
        }
        try (RawConnection c = new RawConnection(open.respPort())) {
            c.write(command("HELLO", "3")).write(command("GET", "proto:missing"));
            String all = c.read(10_000);
            assertTrue(all.contains("$5\r\nproto\r\n:3\r\n"), all);
            assertTrue(all.endsWith("_\r\n"), "a missing key is RESP3's null: " + all);
        }
    }

    @Test
    void withoutHelloNullsAreResp2() throws IOException {
        try (RawConnection c = new RawConnection(open.respPort())) {
            c.write(command("GET", "proto:missing"));
            assertEquals("$-1\r\n", c.readLine());
        }
    }

    @Test
    void hello2GoesBackToResp2() throws IOException {
        try (RawConnection c = new RawConnection(open.respPort())) {
            c.write(command("HELLO", "3")).write(command("HELLO", "2")).write(command("GET", "proto:missing"));
            String all = c.read(10_000);
            assertTrue(all.startsWith("%7\r\n"), all);
            assertTrue(all.contains("*14\r\n"), "HELLO 2 answers a flat array: " + all);
            assertTrue(all.endsWith("$-1\r\n"), all);
        }
    }

    @Test
    void anUnknownProtocolVersionIsNoproto() throws IOException {
        try (RawConnection c = new RawConnection(open.respPort())) {
            c.write(command("HELLO", "4"));
            assertEquals("-NOPROTO unsupported protocol version\r\n", c.readLine());
            c.write(command("HELLO", "x"));
            assertEquals("-ERR Protocol version is not an integer or out of range\r\n", c.readLine());
        }
    }

    @Test
    void helloWithAuthAuthenticates() throws IOException {
        try (RawConnection c = new RawConnection(locked.respPort())) {
            c.write(command("HELLO", "3", "AUTH", "default", PASSWORD)).write(command("SET", "proto:k", "v"));
            String all = c.read(10_000);
            assertTrue(all.startsWith("%7\r\n") && all.endsWith("+OK\r\n"), all);
        }
    }

    @Test
    void helloWithAWrongPasswordIsWrongpassAndNeverEchoesIt() throws IOException {
        try (RawConnection c = new RawConnection(locked.respPort())) {
            c.write(command("HELLO", "3", "AUTH", "default", "guess")).write(command("HELLO", "3"));
            assertEquals("-WRONGPASS invalid username-password pair or user is disabled.\r\n", c.readLine());
            String second = c.readLine();
            assertTrue(second.startsWith("-NOAUTH HELLO must be called with the client already authenticated"), second);
        }
    }

    @Test
    void anUnknownCommandNeverEchoesWhatFollowsAuth() throws IOException {
        try (RawConnection c = new RawConnection(open.respPort())) {
            c.write(command("NOSUCH", "3", "AUTH", "default", PASSWORD));
            String line = c.readLine();
            assertTrue(line.startsWith("-ERR unknown command 'NOSUCH', with args beginning with: '3' "), line);
            assertFalse(line.contains(PASSWORD), line);
            assertFalse(line.contains("default"), line);
        }
    }

    @Test
    void beforeAuthALargeMultibulkIsRefusedAndTheConnectionCloses() throws IOException {
        try (RawConnection c = new RawConnection(locked.respPort())) {
            c.write("*100\r\n");
            assertEquals("-ERR Protocol error: unauthenticated multibulk length\r\n", c.readLine());
            assertTrue(c.closedByPeer());
        }
    }

    @Test
    void beforeAuthALargeBulkIsRefusedAndTheConnectionCloses() throws IOException {
        try (RawConnection c = new RawConnection(locked.respPort())) {
            c.write("*2\r\n$3\r\nGET\r\n$100000\r\n");
            assertEquals("-ERR Protocol error: unauthenticated bulk length\r\n", c.readLine());
            assertTrue(c.closedByPeer());
        }
    }

    @Test
    void afterAuthTheConfiguredLimitsApply() throws IOException {
        try (RawConnection c = new RawConnection(locked.respPort())) {
            c.write(command("AUTH", PASSWORD));
            assertEquals("+OK\r\n", c.readLine());
            String key = "k".repeat(20_000);
            c.write(command("SET", key, "v"));
            assertEquals("+OK\r\n", c.readLine());
        }
    }

    @Test
    void anHttpRequestOnTheRespPortIsClosedWithoutAReply() throws IOException {
        try (RawConnection c = new RawConnection(open.respPort())) {
            c.write("POST / HTTP/1.1\r\nHost: localhost\r\n\r\n");
            assertEquals("", c.read(100), "no reply");
            assertTrue(c.closedByPeer());
        }
        try (RawConnection c = new RawConnection(open.respPort())) {
            c.write("Host: localhost\r\n");
            assertTrue(c.closedByPeer());
        }
    }
}
