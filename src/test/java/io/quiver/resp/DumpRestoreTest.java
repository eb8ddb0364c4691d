package io.quiver.resp;

import io.quiver.cli.RespClient;
import io.quiver.testing.TestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

import static io.quiver.testing.RespReplies.error;
import static io.quiver.testing.RespReplies.status;
import static io.quiver.testing.RespReplies.str;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * DUMP and RESTORE in Redis's payload format (RDB value, version, CRC-64), for strings and hashes;
 * the payloads named "from Redis" were written by Debian's redis-server 7.0.15.
 */
class DumpRestoreTest {
    /** HSET h name ada age 36 n -5000 under Redis 7's defaults: a listpack (RDB type 16). */
    static final byte[] REDIS_LISTPACK_HASH = HexFormat.of().parseHex(
            "1020200000000600846e616d6505836164610483616765042401816e02f178ec03ff0a004f467ce467e8cbfe");
    /** SET s ("ab" x 50): an LZF-compressed string. */
    static final byte[] REDIS_LZF_STRING = HexFormat.of().parseHex("00c30a406402616261e056010161620a0017383d942096d863");
    /** RPUSH l a 12 bb: a list (RDB type 18, a quicklist of one listpack, 12 as an integer). */
    static final byte[] REDIS_LIST = HexFormat.of().parseHex("120102101000000003008161020c0182626203ff0a00cb89b9873c22dd04");
    /** SADD s a: a set (RDB type 2), which Quiver has not. */
    static final byte[] REDIS_SET = HexFormat.of().parseHex("020101610a006296e97e44d21a6d");

    static TestServer server;
    static RespClient r;

    @BeforeAll
    static void start() {
        server = TestServer.start(2);
        r = server.resp();
    }

    @AfterAll
    static void stop() throws IOException {
        r.close();
        server.close();
    }

    private static Object call(Object... argv) throws IOException {
        List<byte[]> a = new ArrayList<>();
        for (Object o : argv) {
            a.add(o instanceof byte[] b ? b : o.toString().getBytes(StandardCharsets.UTF_8));
        }
        return r.call(a);
    }

    private static List<String> texts(Object reply) {
        List<String> out = new ArrayList<>();
        for (Object o : (List<?>) reply) {
            out.add(str(o));
        }
        return out;
    }

    @Test
    void aStringDumpIsTheBytesRedisWrites() throws IOException {
        r.call("SET", "dr:hello", "hello");
        assertArrayEquals(new byte[]{0, 5, 'h', 'e', 'l', 'l', 'o', 10, 0, 'c', 'r', (byte) 0xdf, 'v', 'e', '4', ' ', '\n'},
                (byte[]) r.call("DUMP", "dr:hello"), "type 0, the string, RDB version 10, CRC-64 as redis-server 7.0 writes");
    }

    @Test
    void aDumpedStringRestoresUnderAnotherName() throws IOException {
        r.call("SET", "dr:s", "some value");
        byte[] payload = (byte[]) r.call("DUMP", "dr:s");
        assertEquals("OK", status(call("RESTORE", "dr:s2", 0, payload)));
        assertEquals("some value", str(r.call("GET", "dr:s2")));
        assertEquals(-1L, r.call("TTL", "dr:s2"));
    }

    @Test
    void aDumpedHashRestoresWithItsFieldsInOrder() throws IOException {
        r.call("HSET", "dr:h", "b", "2", "a", "1", "c", "x".repeat(300));
        byte[] payload = (byte[]) r.call("DUMP", "dr:h");
        assertEquals("OK", status(call("RESTORE", "dr:h2", 0, payload)));
        assertEquals(List.of("b", "2", "a", "1", "c", "x".repeat(300)), texts(r.call("HGETALL", "dr:h2")));
        assertEquals("hash", status(r.call("TYPE", "dr:h2")));
    }

    @Test
    void dumpOfAMissingKeyIsNil() throws IOException {
        assertNull(r.call("DUMP", "dr:none"));
    }

    @Test
    void aListpackHashFromRedisRestores() throws IOException {
        assertEquals("OK", status(call("RESTORE", "dr:lp", 0, REDIS_LISTPACK_HASH)));
        assertEquals(List.of("name", "ada", "age", "36", "n", "-5000"), texts(r.call("HGETALL", "dr:lp")));
    }

    @Test
    void anLzfCompressedStringFromRedisRestores() throws IOException {
        assertEquals("OK", status(call("RESTORE", "dr:lzf", 0, REDIS_LZF_STRING)));
        assertEquals("ab".repeat(50), str(r.call("GET", "dr:lzf")));
    }

    @Test
    void aTypeQuiverHasNotIsBadDataFormat() throws IOException {
        assertEquals("ERR Bad data format", error(call("RESTORE", "dr:set", 0, REDIS_SET)));
        assertEquals(0L, r.call("EXISTS", "dr:set"));
    }

    @Test
    void aListFromRedisRestoresWithItsElementsInOrder() throws IOException {
        assertEquals("OK", status(call("RESTORE", "dr:list", 0, REDIS_LIST)));
        assertEquals(java.util.List.of("a", "12", "bb"),
                ((java.util.List<?>) r.call("LRANGE", "dr:list", "0", "-1")).stream().map(x -> new String((byte[]) x)).toList());
    }

    @Test
    void aDamagedPayloadIsRefusedByItsChecksum() throws IOException {
        byte[] bad = REDIS_LZF_STRING.clone();
        bad[3] ^= 1;
        assertEquals("ERR DUMP payload version or checksum are wrong", error(call("RESTORE", "dr:bad", 0, bad)));
    }

    @Test
    void anExistingKeyIsBusyWithoutReplace() throws IOException {
        r.call("SET", "dr:busy", "old");
        assertEquals("BUSYKEY Target key name already exists.", error(call("RESTORE", "dr:busy", 0, REDIS_LZF_STRING)));
        assertEquals("old", str(r.call("GET", "dr:busy")));
    }

    @Test
    void replaceOverwritesAKeyOfAnotherType() throws IOException {
        r.call("SET", "dr:repl", "old");
        assertEquals("OK", status(call("RESTORE", "dr:repl", 0, REDIS_LISTPACK_HASH, "REPLACE")));
        assertEquals("ada", str(r.call("HGET", "dr:repl", "name")));
    }

    @Test
    void aTtlInMillisecondsExpiresTheRestoredKey() throws IOException {
        assertEquals("OK", status(call("RESTORE", "dr:ttl", 100000, REDIS_LZF_STRING)));
        long pttl = (Long) r.call("PTTL", "dr:ttl");
        assertTrue(pttl > 90000 && pttl <= 100000, "PTTL " + pttl);
    }

    @Test
    void absttlTakesTheTtlAsAUnixTimeInMilliseconds() throws IOException {
        long at = System.currentTimeMillis() + 500_000;
        assertEquals("OK", status(call("RESTORE", "dr:abs", at, REDIS_LZF_STRING, "ABSTTL")));
        assertEquals(at, r.call("PEXPIRETIME", "dr:abs"));
    }

    @Test
    void anAbsoluteTimeInThePastStoresNothing() throws IOException {
        assertEquals("OK", status(call("RESTORE", "dr:past", 1000, REDIS_LZF_STRING, "ABSTTL")));
        assertEquals(0L, r.call("EXISTS", "dr:past"));
    }

    @Test
    void aNegativeTtlIsRefused() throws IOException {
        assertEquals("ERR Invalid TTL value, must be >= 0", error(call("RESTORE", "dr:neg", -1, REDIS_LZF_STRING)));
    }

    @Test
    void idletimeAndFreqAreRefusedByName() throws IOException {
        assertTrue(error(call("RESTORE", "dr:idle", 0, REDIS_LZF_STRING, "IDLETIME", 10)).startsWith("ERR RESTORE IDLETIME is not supported"));
        assertTrue(error(call("RESTORE", "dr:idle", 0, REDIS_LZF_STRING, "FREQ", 10)).startsWith("ERR RESTORE FREQ is not supported"));
        assertEquals(0L, r.call("EXISTS", "dr:idle"));
    }

    @Test
    void anUnknownOptionIsASyntaxError() throws IOException {
        assertEquals("ERR syntax error", error(call("RESTORE", "dr:opt", 0, REDIS_LZF_STRING, "FAST")));
    }
}
