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
        assertEquals("x".repeat(65), str(call("HGET", "h:enc:long", "a")));
    }

    @Test
    void configSetOfAThresholdAppliesFromTheHashsNextWrite() throws IOException {
        call("HSET", "h:cfg", "a", "1", "b", "2");
        try {
            assertEquals("OK", status(call("CONFIG", "SET", "hash-max-ziplist-entries", "2")));
            assertEquals(List.of("hash-max-listpack-entries", "2"), strings(call("CONFIG", "GET", "hash-max-listpack-entries")));
            assertEquals("listpack", str(call("OBJECT", "ENCODING", "h:cfg")), "as in Redis, an existing hash converts when written");
            call("HSET", "h:cfg", "c", "3");
            assertEquals("hashtable", str(call("OBJECT", "ENCODING", "h:cfg")), "three fields over two");
            assertEquals(List.of("1", "2", "3"), strings(call("HMGET", "h:cfg", "a", "b", "c")));
            assertEquals("OK", status(call("CONFIG", "SET", "hash-max-listpack-value", "100", "hash-max-listpack-entries", "128")));
            assertEquals(List.of("hash-max-ziplist-value", "100"), strings(call("CONFIG", "GET", "hash-max-ziplist-value")));
            call("HSET", "h:cfg:v", "a", "x".repeat(80));
            assertEquals("listpack", str(call("OBJECT", "ENCODING", "h:cfg:v")), "80 bytes are within the new 100");
        } finally {
            call("CONFIG", "SET", "hash-max-listpack-entries", "128", "hash-max-listpack-value", "64");
        }
    }

    /** HSET of fields f0..f(n-1) with values v0..., in one command. */
    private static void fill(String key, int from, int to) throws IOException {
        String[] argv = new String[2 + 2 * (to - from)];
        argv[0] = "HSET";
        argv[1] = key;
        for (int i = from; i < to; i++) {
            argv[2 + 2 * (i - from)] = "f" + i;
            argv[3 + 2 * (i - from)] = "v" + i;
        }
        call(argv);
    }

    @Test
    void theHashPastHashMaxListpackEntriesBecomesAHashtableAndStaysOne() throws IOException {
        fill("h:big", 0, 128);
        assertEquals("listpack", str(call("OBJECT", "ENCODING", "h:big")), "128 fields: the threshold itself");
        assertEquals(1L, call("HSET", "h:big", "f128", "v128"));
        assertEquals("hashtable", str(call("OBJECT", "ENCODING", "h:big")));
        assertEquals(129L, call("HLEN", "h:big"));
        for (int i = 0; i <= 128; i++) {
            assertEquals("v" + i, str(call("HGET", "h:big", "f" + i)));
        }
        assertEquals(java.util.Arrays.asList("v5", null), strings(call("HMGET", "h:big", "f5", "nope")));
        assertEquals(1L, call("HEXISTS", "h:big", "f7"));
        assertEquals(3L, call("HSTRLEN", "h:big", "f77"));
        assertEquals(0L, call("HSETNX", "h:big", "f1", "x"));
        assertEquals(1L, call("HSETNX", "h:big", "new", "x"));
        assertEquals(7L, call("HINCRBY", "h:big", "n", "7"));
        assertEquals("1.5", str(call("HINCRBYFLOAT", "h:big", "r", "1.5")));
        assertEquals(264, ((List<?>) call("HGETALL", "h:big")).size(), "132 fields and values");
        assertEquals(132, strings(call("HKEYS", "h:big")).stream().distinct().count());
        String[] del = new String[2 + 125];
        del[0] = "HDEL";
        del[1] = "h:big";
        for (int i = 0; i < 125; i++) {
            del[2 + i] = "f" + i;
        }
        assertEquals(125L, call(del));
        assertEquals(7L, call("HLEN", "h:big"));
        assertEquals("hashtable", str(call("OBJECT", "ENCODING", "h:big")), "as in Redis, a hashtable does not shrink back");
        assertEquals(7L, call("HDEL", "h:big", "f125", "f126", "f127", "f128", "new", "n", "r"));
        assertEquals(0L, call("EXISTS", "h:big"), "emptied by HDEL: the key is gone");
    }

    @Test
    void hscanOfAHashtableWalksWithACursorAndReturnsEveryFieldEvenAsItGrows() throws IOException {
        fill("h:scanbig", 0, 1000);
        java.util.Set<String> seen = new java.util.HashSet<>();
        String cursor = "0";
        int steps = 0;
        do {
            List<?> page = (List<?>) call("HSCAN", "h:scanbig", cursor, "COUNT", "20");
            cursor = str(page.get(0));
            List<String> items = strings(page.get(1));
            for (int i = 0; i < items.size(); i += 2) {
                assertEquals("v" + items.get(i).substring(1), items.get(i + 1), "a field's own value");
                seen.add(items.get(i));
            }
            if (steps++ == 3) {
                fill("h:scanbig", 1000, 3000); // the table grows twice while the walk goes on
            }
        } while (!"0".equals(cursor));
        assertTrue(steps > 10, "a real cursor: " + steps + " steps");
        for (int i = 0; i < 1000; i++) {
            assertTrue(seen.contains("f" + i), "f" + i + " was there for the whole walk and came back");
        }
        List<?> novalues = (List<?>) call("HSCAN", "h:scanbig", "0", "MATCH", "f99*", "COUNT", "100000", "NOVALUES");
        assertEquals(List.of("f99", "f990", "f991", "f992", "f993", "f994", "f995", "f996", "f997", "f998", "f999"),
                strings(novalues.get(1)).stream().sorted().toList());
        assertEquals("0", str(novalues.get(0)));
    }

    @Test
    void hrandfieldOfAHashtablePicksDistinctFieldsOrRepeats() throws IOException {
        fill("h:randbig", 0, 300);
        for (String count : List.of("10", "150", "300", "400")) {
            List<String> picked = strings(call("HRANDFIELD", "h:randbig", count));
            assertEquals(Math.min(300, Integer.parseInt(count)), picked.size());
            assertEquals(picked.size(), picked.stream().distinct().count(), "distinct for COUNT " + count);
        }
        List<String> withValues = strings(call("HRANDFIELD", "h:randbig", "-50", "WITHVALUES"));
        assertEquals(100, withValues.size());
        for (int i = 0; i < withValues.size(); i += 2) {
            assertEquals("v" + withValues.get(i).substring(1), withValues.get(i + 1));
        }
        java.util.Set<String> all = new java.util.HashSet<>();
        for (int i = 0; i < 40 && all.size() < 300; i++) {
            all.addAll(strings(call("HRANDFIELD", "h:randbig", "-300")));
        }
        assertEquals(300, all.size(), "repeated picks reach every field");
    }

    @Test
    void aHashtableRenamesCopiesMovesDumpsAndExpiresAsAnyKey() throws Exception {
        fill("h:ht", 0, 500);
        call("EXPIRE", "h:ht", "1000");
        for (int i = 0; i < 10; i++) { // names on other shards too
            assertEquals("OK", status(call("RENAME", i == 0 ? "h:ht" : "h:ht" + (i - 1), "h:ht" + i)));
        }
        assertEquals("hashtable", str(call("OBJECT", "ENCODING", "h:ht9")));
        assertEquals(500L, call("HLEN", "h:ht9"));
        assertTrue((Long) call("TTL", "h:ht9") > 900);
        assertEquals(1L, call("COPY", "h:ht9", "h:htcopy"));
        call("HSET", "h:htcopy", "f0", "changed");
        assertEquals("v0", str(call("HGET", "h:ht9", "f0")), "a copy is its own hash");
        try (RespClient c = server.resp()) {
            byte[] payload = (byte[]) c.call("DUMP", "h:ht9");
            assertEquals("OK", status(c.call(List.of("RESTORE".getBytes(), "h:htback".getBytes(), "0".getBytes(), payload))));
            assertEquals(500L, c.call("HLEN", "h:htback"));
            assertEquals("hashtable", str(c.call("OBJECT", "ENCODING", "h:htback")), "restored past the threshold: a hashtable");
            assertEquals("v499", str(c.call("HGET", "h:htback", "f499")));
            assertTrue((Long) c.call("MEMORY", "USAGE", "h:ht9") > 500 * 10, "MEMORY USAGE counts the fields");
            assertEquals(1L, c.call("MOVE", "h:ht9", "1"));
            assertEquals(0L, c.call("EXISTS", "h:ht9"));
            c.call("SELECT", "1");
            assertEquals(500L, c.call("HLEN", "h:ht9"));
            assertEquals("v250", str(c.call("HGET", "h:ht9", "f250")));
            assertTrue((Long) c.call("TTL", "h:ht9") > 900, "MOVE keeps the TTL");
            assertEquals(1L, c.call("PEXPIRE", "h:ht9", "50"));
            Thread.sleep(120);
            assertEquals(0L, c.call("HLEN", "h:ht9"), "expired with its fields");
        }
    }

    @Test
    void aWatchedHashtableChangedByAnotherClientFailsTheTransaction() throws IOException {
        fill("h:watched", 0, 200);
        try (RespClient a = server.resp(); RespClient b = server.resp()) {
            assertEquals("OK", status(a.call("WATCH", "h:watched")));
            assertEquals(1L, b.call("HSET", "h:watched", "other", "x"));
            a.call("MULTI");
            a.call("HSET", "h:watched", "mine", "y");
            assertNull(a.call("EXEC"), "the watched hash changed: EXEC answers a null array");
            a.call("MULTI");
            a.call("HSET", "h:watched", "mine", "y");
            a.call("HDEL", "h:watched", "f0");
            assertEquals(List.of(1L, 1L), a.call("EXEC"));
            assertEquals(201L, a.call("HLEN", "h:watched"));
        }
    }

    @Test
    void configSetOfAHashThresholdRefusesANonNumberAndChangesNothing() throws IOException {
        assertEquals("ERR CONFIG SET failed (possibly related to argument 'hash-max-listpack-value') - argument couldn't be "
                + "parsed into an integer", error(call("CONFIG", "SET", "hash-max-listpack-entries", "5", "hash-max-listpack-value", "big")));
        assertEquals(List.of("hash-max-listpack-entries", "128"), strings(call("CONFIG", "GET", "hash-max-listpack-entries")));
    }
}
