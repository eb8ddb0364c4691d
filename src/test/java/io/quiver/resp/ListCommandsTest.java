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

/** Lists with Redis's replies and error words (cases from Redis's type/list.tcl, multi.tcl and pubsub.tcl). */
class ListCommandsTest {
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
    void lpushAddsAtTheHeadOneByOneAndRpushAtTheTail() throws IOException {
        assertEquals(3L, call("LPUSH", "l:push", "a", "b", "c"));
        assertEquals(5L, call("RPUSH", "l:push", "x", "y"));
        assertEquals(List.of("c", "b", "a", "x", "y"), strings(call("LRANGE", "l:push", "0", "-1")));
        assertEquals(5L, call("LLEN", "l:push"));
        assertEquals("list", status(call("TYPE", "l:push")));
    }

    @Test
    void pushxAddsOnlyToAnExistingList() throws IOException {
        assertEquals(0L, call("LPUSHX", "l:x", "a"));
        assertEquals(0L, call("RPUSHX", "l:x", "a"));
        assertEquals(0L, call("EXISTS", "l:x"));
        call("RPUSH", "l:x", "m");
        assertEquals(2L, call("LPUSHX", "l:x", "h"));
        assertEquals(3L, call("RPUSHX", "l:x", "t"));
        assertEquals(List.of("h", "m", "t"), strings(call("LRANGE", "l:x", "0", "-1")));
    }

    @Test
    void popTakesOneElementOrUpToCountAndTheLastOneDeletesTheKey() throws IOException {
        call("RPUSH", "l:pop", "a", "b", "c", "d");
        assertEquals("a", str(call("LPOP", "l:pop")));
        assertEquals("d", str(call("RPOP", "l:pop")));
        assertEquals(List.of(), strings(call("LPOP", "l:pop", "0")));
        assertEquals(List.of("c", "b"), strings(call("RPOP", "l:pop", "10")));
        assertEquals(0L, call("EXISTS", "l:pop"));
        assertNull(call("LPOP", "l:pop"));
        assertNull(call("RPOP", "l:pop", "2"), "a null array for a missing key with a count");
    }

    @Test
    void popRefusesANegativeOrNonIntegerCountAndExtraArguments() throws IOException {
        call("RPUSH", "l:popbad", "a");
        assertEquals("ERR value is out of range, must be positive", error(call("LPOP", "l:popbad", "-1")));
        assertEquals("ERR value is not an integer or out of range", error(call("RPOP", "l:popbad", "x")));
        assertEquals("ERR wrong number of arguments for 'lpop' command", error(call("LPOP", "l:popbad", "1", "2")));
        assertEquals(1L, call("LLEN", "l:popbad"));
    }

    @Test
    void lrangeTakesInclusiveIndexesCountedFromTheTailWhenNegative() throws IOException {
        call("RPUSH", "l:range", "0", "1", "2", "3", "4");
        assertEquals(List.of("1", "2", "3"), strings(call("LRANGE", "l:range", "1", "3")));
        assertEquals(List.of("3", "4"), strings(call("LRANGE", "l:range", "-2", "100")));
        assertEquals(List.of("0", "1"), strings(call("LRANGE", "l:range", "-100", "1")));
        assertEquals(List.of(), strings(call("LRANGE", "l:range", "3", "1")));
        assertEquals(List.of(), strings(call("LRANGE", "l:range", "5", "10")));
        assertEquals(List.of(), strings(call("LRANGE", "l:none", "0", "-1")));
        assertEquals("ERR value is not an integer or out of range", error(call("LRANGE", "l:range", "a", "1")));
    }

    @Test
    void lindexReadsByIndexAndAnswersNilOutOfRange() throws IOException {
        call("RPUSH", "l:index", "a", "b", "c");
        assertEquals("a", str(call("LINDEX", "l:index", "0")));
        assertEquals("c", str(call("LINDEX", "l:index", "-1")));
        assertNull(call("LINDEX", "l:index", "3"));
        assertNull(call("LINDEX", "l:index", "-4"));
        assertNull(call("LINDEX", "l:none", "0"));
    }

    @Test
    void lsetReplacesAnElementWithRedissErrorsForNoKeyAndOutOfRange() throws IOException {
        call("RPUSH", "l:set", "a", "b", "c");
        assertEquals("OK", status(call("LSET", "l:set", "-1", "C")));
        assertEquals(List.of("a", "b", "C"), strings(call("LRANGE", "l:set", "0", "-1")));
        assertEquals("ERR index out of range", error(call("LSET", "l:set", "3", "x")));
        assertEquals("ERR no such key", error(call("LSET", "l:none", "0", "x")));
    }

    @Test
    void lremRemovesFromTheHeadTheTailOrEverywhere() throws IOException {
        call("RPUSH", "l:rem", "x", "a", "x", "b", "x", "c", "x");
        assertEquals(2L, call("LREM", "l:rem", "2", "x"));
        assertEquals(List.of("a", "b", "x", "c", "x"), strings(call("LRANGE", "l:rem", "0", "-1")));
        assertEquals(1L, call("LREM", "l:rem", "-1", "x"));
        assertEquals(List.of("a", "b", "x", "c"), strings(call("LRANGE", "l:rem", "0", "-1")));
        assertEquals(1L, call("LREM", "l:rem", "0", "x"));
        assertEquals(0L, call("LREM", "l:rem", "0", "nope"));
        assertEquals(0L, call("LREM", "l:none", "0", "x"));
    }

    @Test
    void ltrimKeepsARangeAndAnEmptyRangeDeletesTheKey() throws IOException {
        call("RPUSH", "l:trim", "0", "1", "2", "3", "4");
        assertEquals("OK", status(call("LTRIM", "l:trim", "1", "-2")));
        assertEquals(List.of("1", "2", "3"), strings(call("LRANGE", "l:trim", "0", "-1")));
        assertEquals("OK", status(call("LTRIM", "l:trim", "5", "10")));
        assertEquals(0L, call("EXISTS", "l:trim"));
    }

    @Test
    void listCommandsOnOtherTypesAndOtherCommandsOnListsAreWrongtype() throws IOException {
        String wrongType = "WRONGTYPE Operation against a key holding the wrong kind of value";
        call("SET", "l:str", "v");
        assertEquals(wrongType, error(call("LPUSH", "l:str", "a")));
        assertEquals(wrongType, error(call("LRANGE", "l:str", "0", "-1")));
        call("RPUSH", "l:list", "a");
        assertEquals(wrongType, error(call("GET", "l:list")));
        assertEquals(wrongType, error(call("HGET", "l:list", "f")));
        assertEquals("OK", status(call("SET", "l:list", "v")), "SET replaces a list as any type");
        assertEquals("string", status(call("TYPE", "l:list")));
    }

    @Test
    void aListRenamesAndCopiesAcrossShardsWithItsTtl() throws IOException {
        call("RPUSH", "l:src", "a", "b");
        call("EXPIRE", "l:src", "1000");
        assertEquals("OK", status(call("RENAME", "l:src", "l:dst-elsewhere")));
        assertEquals(1L, call("COPY", "l:dst-elsewhere", "l:copy"));
        for (String k : List.of("l:dst-elsewhere", "l:copy")) {
            assertEquals(List.of("a", "b"), strings(call("LRANGE", k, "0", "-1")), k);
            assertEquals(true, (Long) call("TTL", k) > 900, k);
        }
    }

    @Test
    void scanTypeListFindsOnlyLists() throws IOException {
        call("RPUSH", "l:scan:list", "a");
        call("SET", "l:scan:str", "v");
        List<?> page = (List<?>) call("SCAN", "0", "MATCH", "l:scan:*", "COUNT", "1000", "TYPE", "list");
        List<String> keys = new java.util.ArrayList<>(strings(page.get(1)));
        // a SCAN step over all shards may need more calls: follow the cursor
        String cursor = str(page.get(0));
        while (!cursor.equals("0")) {
            page = (List<?>) call("SCAN", cursor, "MATCH", "l:scan:*", "COUNT", "1000", "TYPE", "list");
            keys.addAll(strings(page.get(1)));
            cursor = str(page.get(0));
        }
        assertEquals(List.of("l:scan:list"), keys);
    }

    @Test
    void dumpOfAListRestoresAsTheSameList() throws IOException {
        call("RPUSH", "l:dump", "a", "bb", "ccc");
        Object payload = call("DUMP", "l:dump");
        try (RespClient c = server.resp()) {
            assertEquals(new RespClient.Status("OK"), c.call(List.of("RESTORE".getBytes(), "l:restored".getBytes(), "0".getBytes(), (byte[]) payload)));
        }
        assertEquals(List.of("a", "bb", "ccc"), strings(call("LRANGE", "l:restored", "0", "-1")));
    }

    @Test
    void redisPysListApiWorksWithItsDefaultOptions() throws Exception {
        io.quiver.testing.ClientScripts.Result r = io.quiver.testing.ClientScripts.run(io.quiver.testing.ClientScripts.PYTHON_DIR,
                List.of(io.quiver.testing.ClientScripts.DEBIAN_PYTHON, "redis_py_lists.py", Integer.toString(server.respPort())), 120);
        assertEquals(0, r.code(), r.output());
        org.junit.jupiter.api.Assertions.assertTrue(r.output().contains("redis-py list checks passed"), r.output());
    }

    @Test
    void objectEncodingOfASmallListIsListpack() throws IOException {
        call("RPUSH", "l:enc", "a");
        assertEquals("listpack", str(call("OBJECT", "ENCODING", "l:enc")));
    }

    /** RPUSH of e{from}..e{to-1}, 100 bytes each, in one command. */
    private static void rpush(String key, int from, int to) throws IOException {
        String[] argv = new String[2 + to - from];
        argv[0] = "RPUSH";
        argv[1] = key;
        for (int i = from; i < to; i++) {
            argv[2 + i - from] = element(i);
        }
        call(argv);
    }

    private static String element(int i) {
        return String.format("e%099d", i);
    }

    @Test
    void aListPast8KiBBecomesAQuicklistAndEveryCommandWorksOnIt() throws IOException {
        rpush("l:big", 0, 70);
        assertEquals("listpack", str(call("OBJECT", "ENCODING", "l:big")), "70 elements of 100 bytes fit 8 KiB");
        rpush("l:big", 70, 100);
        assertEquals("quicklist", str(call("OBJECT", "ENCODING", "l:big")));
        assertEquals(100L, call("LLEN", "l:big"));
        assertEquals(101L, call("LPUSH", "l:big", "head"));
        assertEquals(102L, call("RPUSH", "l:big", "tail"));
        assertEquals("head", str(call("LINDEX", "l:big", "0")));
        assertEquals("tail", str(call("LINDEX", "l:big", "-1")));
        assertEquals(element(50), str(call("LINDEX", "l:big", "51")));
        assertEquals("OK", status(call("LSET", "l:big", "1", "first")));
        assertEquals(List.of("head", "first", element(1)), strings(call("LRANGE", "l:big", "0", "2")));
        assertEquals("head", str(call("LPOP", "l:big")));
        assertEquals("tail", str(call("RPOP", "l:big")));
        assertEquals(List.of(element(99), element(98)), strings(call("RPOP", "l:big", "2")));
        call("RPUSH", "l:big", "x", "y", "x");
        assertEquals(2L, call("LREM", "l:big", "0", "x"));
        assertEquals("y", str(call("LINDEX", "l:big", "-1")));
        assertEquals("OK", status(call("LTRIM", "l:big", "1", "-2")));
        assertEquals(List.of(element(1), element(2)), strings(call("LRANGE", "l:big", "0", "1")));
        assertEquals(element(97), str(call("LINDEX", "l:big", "-1")));
        assertEquals(97L, call("LLEN", "l:big"));
        assertEquals("quicklist", str(call("OBJECT", "ENCODING", "l:big")));
        List<String> popped = strings(call("LPOP", "l:big", "1000"));
        assertEquals(97, popped.size());
        assertEquals(element(1), popped.get(0));
        assertEquals(0L, call("EXISTS", "l:big"), "emptied by pops: the key is gone");
    }

    @Test
    void aQuicklistIsAQueueAtBothEndsInOrder() throws IOException {
        rpush("l:queue", 0, 500);
        for (int i = 500; i < 1500; i++) {
            call("RPUSH", "l:queue", element(i));
            assertEquals(element(i - 500), str(call("LPOP", "l:queue")), "first in, first out");
        }
        assertEquals(500L, call("LLEN", "l:queue"));
        for (int i = 0; i < 300; i++) {
            call("LPUSH", "l:queue", "left" + i);
        }
        assertEquals(List.of("left299", "left298"), strings(call("LRANGE", "l:queue", "0", "1")));
        assertEquals(List.of(element(1498), element(1499)), strings(call("LRANGE", "l:queue", "-2", "-1")));
    }

    @Test
    void aQuicklistRenamesCopiesMovesAndDumpsWithEveryElement() throws IOException {
        rpush("l:ql", 0, 300);
        call("EXPIRE", "l:ql", "1000");
        for (int i = 0; i < 10; i++) { // names on other shards too
            assertEquals("OK", status(call("RENAME", i == 0 ? "l:ql" : "l:ql" + (i - 1), "l:ql" + i)));
        }
        assertEquals(300L, call("LLEN", "l:ql9"));
        assertEquals("quicklist", str(call("OBJECT", "ENCODING", "l:ql9")));
        assertEquals(1L, call("COPY", "l:ql9", "l:qlcopy"));
        call("LSET", "l:qlcopy", "0", "changed");
        assertEquals(element(0), str(call("LINDEX", "l:ql9", "0")), "a copy is its own list");
        try (RespClient c = server.resp()) {
            byte[] payload = (byte[]) c.call("DUMP", "l:ql9");
            assertEquals("OK", status(c.call(List.of("RESTORE".getBytes(), "l:qlback".getBytes(), "0".getBytes(), payload))));
            assertEquals(300L, c.call("LLEN", "l:qlback"));
            assertEquals(element(299), str(c.call("LINDEX", "l:qlback", "-1")));
            assertEquals(1L, c.call("MOVE", "l:ql9", "3"));
            c.call("SELECT", "3");
            assertEquals(element(150), str(c.call("LINDEX", "l:ql9", "150")));
            org.junit.jupiter.api.Assertions.assertTrue((Long) c.call("TTL", "l:ql9") > 900, "MOVE keeps the TTL");
        }
    }
}
