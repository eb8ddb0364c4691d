package io.quiver.resp;

import io.quiver.cli.RespClient;
import io.quiver.testing.TestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;

import static io.quiver.testing.RespReplies.error;
import static io.quiver.testing.RespReplies.str;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * TTLs over RESP as Redis's expire.tcl describes them. Times are far enough in the future not to
 * pass during a test; the clock-driven behaviour is KvExpiryTest's, and one test here waits for real.
 */
class ExpiryCommandsTest {
    static TestServer server;

    @BeforeAll
    static void start() {
        server = TestServer.start();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static Object call(String... argv) throws IOException {
        try (RespClient c = server.resp()) {
            return c.call(argv);
        }
    }

    private static long expiredKeys() throws IOException {
        for (String line : str(call("INFO", "stats")).split("\r\n")) {
            if (line.startsWith("expired_keys:")) {
                return Long.parseLong(line.substring("expired_keys:".length()));
            }
        }
        throw new AssertionError("INFO stats has no expired_keys");
    }

    @Test
    void setExGivesATtlThatTtlAndPttlReport() throws IOException {
        call("SET", "exp:a", "v", "EX", "100");
        assertEquals(100L, call("TTL", "exp:a"));
        long pttl = (Long) call("PTTL", "exp:a");
        assertTrue(pttl > 99_000 && pttl <= 100_000, "pttl " + pttl);
    }

    @Test
    void ttlIsMinusOneWithoutExpiryAndMinusTwoWithoutKey() throws IOException {
        call("SET", "exp:plain", "v");
        assertEquals(-1L, call("TTL", "exp:plain"));
        assertEquals(-2L, call("TTL", "exp:missing"));
        assertEquals(-2L, call("PEXPIRETIME", "exp:missing"));
    }

    @Test
    void expireatAndExpiretimeAgree() throws IOException {
        call("SET", "exp:at", "v");
        assertEquals(1L, call("EXPIREAT", "exp:at", "4000000000"));
        assertEquals(4000000000L, call("EXPIRETIME", "exp:at"));
        assertEquals(4000000000000L, call("PEXPIRETIME", "exp:at"));
    }

    @Test
    void anExpiryInThePastDeletesTheKey() throws IOException {
        call("SET", "exp:past", "v");
        assertEquals(1L, call("EXPIRE", "exp:past", "-1"));
        assertEquals(0L, call("EXISTS", "exp:past"));
    }

    @Test
    void persistRemovesTheTtl() throws IOException {
        call("SETEX", "exp:p", "100", "v");
        assertEquals(1L, call("PERSIST", "exp:p"));
        assertEquals(-1L, call("TTL", "exp:p"));
        assertEquals(0L, call("PERSIST", "exp:p"), "nothing left to remove");
    }

    @Test
    void expireConditionsFollowRedis() throws IOException {
        call("SET", "exp:c", "v");
        assertEquals(0L, call("EXPIRE", "exp:c", "100", "XX"), "XX needs a TTL");
        assertEquals(0L, call("EXPIRE", "exp:c", "100", "GT"), "no TTL counts as forever");
        assertEquals(1L, call("EXPIRE", "exp:c", "100", "NX"));
        assertEquals(0L, call("EXPIRE", "exp:c", "200", "NX"));
        assertEquals(1L, call("EXPIRE", "exp:c", "200", "GT"));
        assertEquals(0L, call("EXPIRE", "exp:c", "300", "LT"));
        assertEquals(1L, call("EXPIRE", "exp:c", "50", "LT"));
        assertEquals(50L, call("TTL", "exp:c"));
        assertEquals("ERR NX and XX, GT or LT options at the same time are not compatible",
                error(call("EXPIRE", "exp:c", "10", "NX", "XX")));
        assertEquals("ERR GT and LT options at the same time are not compatible",
                error(call("EXPIRE", "exp:c", "10", "GT", "LT")));
        assertEquals("ERR Unsupported option FOO", error(call("EXPIRE", "exp:c", "10", "FOO")));
    }

    @Test
    void anOverflowingExpireIsRefusedAndChangesNothing() throws IOException {
        call("SET", "exp:o", "v");
        assertEquals("ERR invalid expire time in 'expire' command", error(call("EXPIRE", "exp:o", "9223372036854775807")));
        assertEquals(-1L, call("TTL", "exp:o"));
    }

    @Test
    void aPlainSetClearsTheTtlAndKeepttlKeepsIt() throws IOException {
        call("SET", "exp:k", "v", "EX", "100");
        call("SET", "exp:k", "w", "KEEPTTL");
        assertEquals(100L, call("TTL", "exp:k"));
        call("SET", "exp:k", "x");
        assertEquals(-1L, call("TTL", "exp:k"));
    }

    @Test
    void getexSetsOrRemovesTheTtl() throws IOException {
        call("SET", "exp:g", "v");
        assertEquals("v", str(call("GETEX", "exp:g", "EX", "100")));
        assertEquals(100L, call("TTL", "exp:g"));
        assertEquals("v", str(call("GETEX", "exp:g", "PERSIST")));
        assertEquals(-1L, call("TTL", "exp:g"));
        assertEquals("ERR invalid expire time in 'getex' command", error(call("GETEX", "exp:g", "EX", "-1")));
    }

    @Test
    void incrKeepsTheTtl() throws IOException {
        call("SET", "exp:n", "1", "EX", "100");
        assertEquals(2L, call("INCR", "exp:n"));
        assertEquals(100L, call("TTL", "exp:n"));
    }

    @Test
    void aKeyIsGoneOnceItsTimeHasComeWithoutAnyoneTouchingIt() throws IOException, InterruptedException {
        for (int i = 0; i < 100; i++) {
            call("SET", "exp:soon:" + i, "v", "PX", "50");
        }
        call("SET", "exp:stays", "v");
        long deadline = System.currentTimeMillis() + 5000;
        long expired;
        do { // active expiry runs every 100 ms on each shard; nothing reads these keys meanwhile
            Thread.sleep(50);
            expired = expiredKeys();
        } while (expired < 100 && System.currentTimeMillis() < deadline);
        assertEquals(100, expired, "INFO stats expired_keys");
        assertNull(call("GET", "exp:soon:7"));
        assertEquals("v", str(call("GET", "exp:stays")));
    }
}
