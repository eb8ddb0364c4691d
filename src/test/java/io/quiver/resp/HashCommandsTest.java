package io.quiver.resp;

import io.quiver.cli.RespClient;
import io.quiver.config.ConfigKeys;
import io.quiver.testing.TestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.List;

import static io.quiver.testing.RespReplies.error;
import static io.quiver.testing.RespReplies.status;
import static io.quiver.testing.RespReplies.str;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Hashes with Redis's replies and error words (cases from Redis's type/hash.tcl). */
class HashCommandsTest {
    static TestServer server;

    @BeforeAll
    static void start() {
        server = TestServer.start(TestServer.base(ConfigKeys.SHARDS, 3));
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

    private static List<String> strings(Object reply) {
        return ((List<?>) reply).stream().map(x -> x == null ? null : str(x)).toList();
    }

    @Test
    void hsetCountsNewFieldsAndHgetReadsThem() throws IOException {
        assertEquals(2L, call("HSET", "h:a", "f1", "v1", "f2", "v2"));
        assertEquals(1L, call("HSET", "h:a", "f2", "changed", "f3", "v3"));
        assertEquals("changed", str(call("HGET", "h:a", "f2")));
        assertNull(call("HGET", "h:a", "nope"));
        assertNull(call("HGET", "h:none", "f"));
        assertEquals(3L, call("HLEN", "h:a"));
        assertEquals(List.of("f1", "v1", "f2", "changed", "f3", "v3"), strings(call("HGETALL", "h:a")));
        assertEquals(List.of("f1", "f2", "f3"), strings(call("HKEYS", "h:a")));
        assertEquals(List.of("v1", "changed", "v3"), strings(call("HVALS", "h:a")));
        assertEquals(java.util.Arrays.asList("v1", null), strings(call("HMGET", "h:a", "f1", "nope")));
    }

    @Test
    void hmsetAnswersOkAndAnOddArgumentCountIsAnArityError() throws IOException {
        assertEquals("OK", status(call("HMSET", "h:m", "a", "1")));
        assertEquals("ERR wrong number of arguments for 'hset' command", error(call("HSET", "h:m", "a", "1", "b")));
        assertEquals("ERR wrong number of arguments for 'hmset' command", error(call("HMSET", "h:m", "a", "1", "b")));
        assertEquals(1L, call("HLEN", "h:m"), "a refused HSET changed nothing");
    }

    @Test
    void hsetnxSetsOnlyAnAbsentField() throws IOException {
        assertEquals(1L, call("HSETNX", "h:nx", "f", "first"));
        assertEquals(0L, call("HSETNX", "h:nx", "f", "second"));
        assertEquals("first", str(call("HGET", "h:nx", "f")));
    }

    @Test
    void hdelOfTheLastFieldRemovesTheKey() throws IOException {
        call("HSET", "h:d", "a", "1", "b", "2");
        assertEquals(1L, call("HDEL", "h:d", "a", "nope"));
        assertEquals(1L, call("HDEL", "h:d", "b"));
        assertEquals(0L, call("EXISTS", "h:d"));
        assertEquals("none", status(call("TYPE", "h:d")));
    }

    @Test
    void aHashIsTypeHashAndOtherTypesCommandsAreWrongtype() throws IOException {
        call("HSET", "h:t", "f", "v");
        call("SET", "h:str", "v");
        assertEquals("hash", status(call("TYPE", "h:t")));
        String wrongType = "WRONGTYPE Operation against a key holding the wrong kind of value";
        assertEquals(wrongType, error(call("GET", "h:t")));
        assertEquals(wrongType, error(call("INCR", "h:t")));
        assertEquals(wrongType, error(call("APPEND", "h:t", "x")));
        assertEquals(wrongType, error(call("HGET", "h:str", "f")));
        assertEquals(wrongType, error(call("HSET", "h:str", "f", "v")));
        assertEquals(java.util.Arrays.asList((String) null), strings(call("MGET", "h:t")), "MGET answers nil for other types");
        assertEquals("OK", status(call("SET", "h:t", "now a string")), "SET replaces a key of any type");
        assertEquals("string", status(call("TYPE", "h:t")));
    }

    @Test
    void hincrbyAndHincrbyfloatCountWithRedisErrors() throws IOException {
        assertEquals(5L, call("HINCRBY", "h:n", "c", "5"));
        assertEquals(3L, call("HINCRBY", "h:n", "c", "-2"));
        assertEquals("4.5", str(call("HINCRBYFLOAT", "h:n", "c", "1.5")));
        call("HSET", "h:n", "w", "word", "big", "9223372036854775807");
        assertEquals("ERR hash value is not an integer", error(call("HINCRBY", "h:n", "w", "1")));
        assertEquals("ERR hash value is not a float", error(call("HINCRBYFLOAT", "h:n", "w", "1")));
        assertEquals("ERR increment or decrement would overflow", error(call("HINCRBY", "h:n", "big", "1")));
        assertEquals("ERR value is not an integer or out of range", error(call("HINCRBY", "h:n", "c", "x")));
        assertEquals("ERR value is not a valid float", error(call("HINCRBYFLOAT", "h:n", "c", "x")));
        assertTrue(error(call("HINCRBYFLOAT", "h:n", "c", "+inf")).contains("NaN or Infinity"));
    }

    @Test
    void hstrlenAndHexists() throws IOException {
        call("HSET", "h:s", "f", "hello");
        assertEquals(5L, call("HSTRLEN", "h:s", "f"));
        assertEquals(0L, call("HSTRLEN", "h:s", "nope"));
        assertEquals(1L, call("HEXISTS", "h:s", "f"));
        assertEquals(0L, call("HEXISTS", "h:s", "nope"));
    }

    @Test
    void hscanReturnsMatchingFieldsWithOrWithoutValues() throws IOException {
        call("HSET", "h:scan", "a1", "x", "a2", "y", "b1", "z");
        List<?> page = (List<?>) call("HSCAN", "h:scan", "0", "MATCH", "a*");
        assertEquals("0", str(page.get(0)));
        assertEquals(List.of("a1", "x", "a2", "y"), strings(page.get(1)));
        page = (List<?>) call("HSCAN", "h:scan", "0", "NOVALUES");
        assertEquals(List.of("a1", "a2", "b1"), strings(page.get(1)));
    }

    @Test
    void hrandfieldPicksDistinctFieldsForAPositiveCountAndRepeatsForANegativeOne() throws IOException {
        call("HSET", "h:r", "a", "1", "b", "2", "c", "3");
        List<String> distinct = strings(call("HRANDFIELD", "h:r", "5"));
        assertEquals(3, distinct.size());
        assertEquals(3, distinct.stream().distinct().count());
        assertEquals(7, strings(call("HRANDFIELD", "h:r", "-7")).size());
        assertEquals(4, strings(call("HRANDFIELD", "h:r", "2", "WITHVALUES")).size());
        assertTrue(List.of("a", "b", "c").contains(str(call("HRANDFIELD", "h:r"))));
        assertNull(call("HRANDFIELD", "h:nokey"));
        assertEquals("ERR value is out of range", error(call("HRANDFIELD", "h:r", "-9223372036854775808")));
    }

    @Test
    void aHashExpiresRenamesAndScansAsAnyKey() throws Exception {
        call("HSET", "h:e", "f", "v");
        assertEquals(1L, call("PEXPIRE", "h:e", "100"));
        Thread.sleep(200);
        assertEquals(0L, call("HLEN", "h:e"));
        call("HSET", "h:from", "f", "v");
        call("EXPIRE", "h:from", "100");
        for (int i = 0; i < 20; i++) { // names on other shards too: RENAME across shards carries the type
            assertEquals("OK", status(call("RENAME", i == 0 ? "h:from" : "h:to" + (i - 1), "h:to" + i)));
        }
        assertEquals("hash", status(call("TYPE", "h:to19")));
        assertEquals("v", str(call("HGET", "h:to19", "f")));
        assertTrue((Long) call("TTL", "h:to19") > 90);
        assertEquals(1L, call("COPY", "h:to19", "h:copy"));
        assertEquals("v", str(call("HGET", "h:copy", "f")));
        List<?> scan = (List<?>) call("SCAN", "0", "TYPE", "hash", "COUNT", "1000");
        List<String> hashes = new java.util.ArrayList<>(strings(scan.get(1)));
        Object cursor = scan.get(0);
        while (!"0".equals(str(cursor))) {
            scan = (List<?>) call("SCAN", str(cursor), "TYPE", "hash", "COUNT", "1000");
            hashes.addAll(strings(scan.get(1)));
            cursor = scan.get(0);
        }
        assertTrue(hashes.contains("h:to19") && hashes.contains("h:copy"), hashes.toString());
        call("SET", "h:plain", "v");
        assertTrue(!hashes.contains("h:plain"));
    }

    @Test
    void objectEncodingIsListpackWithinTheThresholdsAndHashtableBeyond() throws IOException {
        call("HSET", "h:enc", "a", "1", "b", "2");
        assertEquals("listpack", str(call("OBJECT", "ENCODING", "h:enc")));
        call("HSET", "h:enc:long", "a", "x".repeat(65));
        assertEquals("hashtable", str(call("OBJECT", "ENCODING", "h:enc:long")), "a value over hash-max-listpack-value (64)");
        try {
            assertEquals("OK", status(call("CONFIG", "SET", "hash-max-ziplist-entries", "1")));
            assertEquals(List.of("hash-max-listpack-entries", "1"), strings(call("CONFIG", "GET", "hash-max-listpack-entries")));
            assertEquals("hashtable", str(call("OBJECT", "ENCODING", "h:enc")), "two fields over one entry");
            assertEquals("OK", status(call("CONFIG", "SET", "hash-max-listpack-value", "100", "hash-max-listpack-entries", "128")));
            assertEquals("listpack", str(call("OBJECT", "ENCODING", "h:enc:long")));
            assertEquals(List.of("hash-max-ziplist-value", "100"), strings(call("CONFIG", "GET", "hash-max-ziplist-value")));
        } finally {
            call("CONFIG", "SET", "hash-max-listpack-entries", "128", "hash-max-listpack-value", "64");
        }
    }

    @Test
    void configSetOfAHashThresholdRefusesANonNumberAndChangesNothing() throws IOException {
        assertEquals("ERR CONFIG SET failed (possibly related to argument 'hash-max-listpack-value') - argument couldn't be "
                + "parsed into an integer", error(call("CONFIG", "SET", "hash-max-listpack-entries", "5", "hash-max-listpack-value", "big")));
        assertEquals(List.of("hash-max-listpack-entries", "128"), strings(call("CONFIG", "GET", "hash-max-listpack-entries")));
    }
}
