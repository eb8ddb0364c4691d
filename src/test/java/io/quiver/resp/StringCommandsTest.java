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

/** Strings and counters with Redis's replies and error words (cases from Redis's string.tcl and incr.tcl). */
class StringCommandsTest {
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

    @Test
    void incrCreatesTheKeyAtZeroAndCounts() throws IOException {
        assertEquals(1L, call("INCR", "str:n"));
        assertEquals(11L, call("INCRBY", "str:n", "10"));
        assertEquals(10L, call("DECR", "str:n"));
        assertEquals(0L, call("DECRBY", "str:n", "10"));
        assertEquals("0", str(call("GET", "str:n")));
    }

    @Test
    void incrOfANonIntegerIsRefusedAndChangesNothing() throws IOException {
        call("SET", "str:word", "abc");
        assertEquals("ERR value is not an integer or out of range", error(call("INCR", "str:word")));
        call("SET", "str:spaced", " 1");
        assertEquals("ERR value is not an integer or out of range", error(call("INCR", "str:spaced")));
        assertEquals("abc", str(call("GET", "str:word")));
    }

    @Test
    void incrPastLongMaxIsAnOverflowError() throws IOException {
        call("SET", "str:max", "9223372036854775807");
        assertEquals("ERR increment or decrement would overflow", error(call("INCR", "str:max")));
        assertEquals("9223372036854775807", str(call("GET", "str:max")));
    }

    @Test
    void decrbyOfLongMinIsRefused() throws IOException {
        assertEquals("ERR decrement would overflow", error(call("DECRBY", "str:x", "-9223372036854775808")));
    }

    @Test
    void incrbyfloatGivesTheShortestDecimal() throws IOException {
        call("SET", "str:f", "10.5");
        assertEquals("10.6", str(call("INCRBYFLOAT", "str:f", "0.1")));
        assertEquals("5", str(call("INCRBYFLOAT", "str:f", "-5.6")));
        assertEquals("ERR value is not a valid float", error(call("INCRBYFLOAT", "str:f", "x")));
        assertTrue(error(call("INCRBYFLOAT", "str:f", "+inf")).contains("would produce NaN or Infinity"));
    }

    @Test
    void appendStrlenAndRanges() throws IOException {
        assertEquals(5L, call("APPEND", "str:a", "Hello"));
        assertEquals(11L, call("APPEND", "str:a", " World"));
        assertEquals(11L, call("STRLEN", "str:a"));
        assertEquals("World", str(call("GETRANGE", "str:a", "-5", "-1")));
        assertEquals("Hello", str(call("SUBSTR", "str:a", "0", "4")));
        assertEquals("", str(call("GETRANGE", "str:a", "5", "3")));
        assertEquals(11L, call("SETRANGE", "str:a", "6", "Redis"));
        assertEquals("Hello Redis", str(call("GET", "str:a")));
        assertEquals(0L, call("STRLEN", "str:none"));
    }

    @Test
    void setrangePadsWithZerosAndRefusesNegativeOffsets() throws IOException {
        assertEquals(3L, call("SETRANGE", "str:pad", "2", "x"));
        assertEquals("\0\0x", str(call("GET", "str:pad")));
        assertEquals("ERR offset is out of range", error(call("SETRANGE", "str:pad", "-1", "x")));
        assertEquals(0L, call("SETRANGE", "str:never", "5", ""), "an empty write does not create the key");
        assertEquals(0L, call("EXISTS", "str:never"));
    }

    @Test
    void setGetReturnsTheOldValue() throws IOException {
        assertNull(call("SET", "str:sg", "one", "GET"));
        assertEquals("one", str(call("SET", "str:sg", "two", "GET")));
        assertEquals("two", str(call("GETSET", "str:sg", "three")));
        assertEquals("three", str(call("GETDEL", "str:sg")));
        assertNull(call("GET", "str:sg"));
    }

    @Test
    void setConflictingOptionsAreASyntaxError() throws IOException {
        assertEquals("ERR syntax error", error(call("SET", "str:c", "v", "NX", "XX")));
        assertEquals("ERR syntax error", error(call("SET", "str:c", "v", "EX", "10", "PX", "100")));
        assertEquals("ERR syntax error", error(call("SET", "str:c", "v", "KEEPTTL", "EX", "10")));
        assertEquals("ERR invalid expire time in 'set' command", error(call("SET", "str:c", "v", "EX", "0")));
        assertEquals("ERR value is not an integer or out of range", error(call("SET", "str:c", "v", "EX", "ten")));
        assertEquals(0L, call("EXISTS", "str:c"));
    }

    @Test
    void msetnxSetsAllOrNothingAcrossShards() throws IOException {
        assertEquals(1L, call("MSETNX", "str:m1", "a", "str:m2", "b", "str:m3", "c"));
        assertEquals(0L, call("MSETNX", "str:m3", "x", "str:m4", "d"));
        assertEquals(0L, call("EXISTS", "str:m4"));
        assertEquals("c", str(call("GET", "str:m3")));
    }

    @Test
    void bitsAreSetReadAndCountedMostSignificantFirst() throws IOException {
        assertEquals(0L, call("SETBIT", "str:bits", "1", "1"));
        assertEquals(1L, call("SETBIT", "str:bits", "1", "1"));
        assertEquals("@", str(call("GET", "str:bits")), "bit 1 is 0x40");
        assertEquals(1L, call("GETBIT", "str:bits", "1"));
        assertEquals(0L, call("GETBIT", "str:bits", "1000"));
        call("SET", "str:foobar", "foobar");
        assertEquals(26L, call("BITCOUNT", "str:foobar"));
        assertEquals(4L, call("BITCOUNT", "str:foobar", "0", "0"));
        assertEquals(6L, call("BITCOUNT", "str:foobar", "1", "1"));
        assertEquals(17L, call("BITCOUNT", "str:foobar", "5", "30", "BIT"));
        assertEquals("ERR bit is not an integer or out of range", error(call("SETBIT", "str:bits", "0", "2")));
        assertEquals("ERR bit offset is not an integer or out of range", error(call("SETBIT", "str:bits", "4294967296", "1")));
    }

    @Test
    void stringCommandsOnAVectorSetAreWrongtype() throws IOException {
        call("VADD", "str:vs", "VALUES", "2", "1", "0", "e");
        String wrongType = "WRONGTYPE Operation against a key holding the wrong kind of value";
        for (List<String> c : List.of(List.of("GET", "str:vs"), List.of("INCR", "str:vs"), List.of("APPEND", "str:vs", "x"),
                List.of("STRLEN", "str:vs"), List.of("GETRANGE", "str:vs", "0", "1"))) {
            assertEquals(wrongType, error(call(c.toArray(new String[0]))), c.toString());
        }
        assertEquals(1L, call("VCARD", "str:vs"), "untouched");
    }

    @Test
    void setOverAVectorSetReplacesIt() throws IOException {
        call("VADD", "str:vs2", "VALUES", "2", "1", "0", "e");
        assertEquals("OK", status(call("SET", "str:vs2", "now a string")));
        assertEquals("string", status(call("TYPE", "str:vs2")));
        assertEquals("now a string", str(call("GET", "str:vs2")));
    }
}
