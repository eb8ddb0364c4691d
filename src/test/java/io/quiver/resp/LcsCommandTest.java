package io.quiver.resp;

import io.quiver.cli.RespClient;
import io.quiver.testing.TestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.List;
import java.util.stream.Collectors;

import static io.quiver.testing.RespReplies.error;
import static io.quiver.testing.RespReplies.str;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** LCS as Redis documents it: the subsequence, its length, and its matching ranges last to first. */
class LcsCommandTest {
    static TestServer server;

    @BeforeAll
    static void start() throws IOException {
        server = TestServer.start();
        call("SET", "lcs:a", "ohmytext");
        call("SET", "lcs:b", "mynewtext");
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

    /** Nested replies as compact text: integers and bulks as themselves, arrays in brackets. */
    private static String render(Object reply) {
        if (reply instanceof List<?> items) {
            return items.stream().map(LcsCommandTest::render).collect(Collectors.joining(",", "[", "]"));
        }
        return reply instanceof byte[] ? str(reply) : String.valueOf(reply);
    }

    @Test
    void lcsIsTheLongestCommonSubsequence() throws IOException {
        assertEquals("mytext", str(call("LCS", "lcs:a", "lcs:b")));
    }

    @Test
    void lenGivesOnlyTheLength() throws IOException {
        assertEquals(6L, call("LCS", "lcs:a", "lcs:b", "LEN"));
    }

    @Test
    void idxGivesTheMatchesLastFirstAndTheLength() throws IOException {
        assertEquals("[matches,[[[4,7],[5,8]],[[2,3],[0,1]]],len,6]", render(call("LCS", "lcs:a", "lcs:b", "IDX")));
    }

    @Test
    void minMatchLenDropsShortMatchesAndWithMatchLenAddsTheirLength() throws IOException {
        assertEquals("[matches,[[[4,7],[5,8],4]],len,6]",
                render(call("LCS", "lcs:a", "lcs:b", "IDX", "MINMATCHLEN", "4", "WITHMATCHLEN")));
    }

    @Test
    void aMissingKeyIsAnEmptyString() throws IOException {
        assertEquals("", str(call("LCS", "lcs:a", "lcs:missing")));
        assertEquals(0L, call("LCS", "lcs:missing", "lcs:b", "LEN"));
    }

    @Test
    void longStringsAreComparedOffTheEventLoopWithTheSameAnswer() throws IOException {
        call("SET", "lcs:long1", "x".repeat(600) + "abc");
        call("SET", "lcs:long2", "abc" + "y".repeat(600));
        assertEquals("abc", str(call("LCS", "lcs:long1", "lcs:long2")));
    }

    @Test
    void aTableBeyondTheBulkLimitIsRefusedWithRedisWords() throws IOException {
        try (TestServer small = TestServer.start(TestServer.base(io.quiver.config.ConfigKeys.MAX_BULK_LENGTH, 1000L));
             RespClient c = small.resp()) {
            c.call("SET", "a", "x".repeat(20));
            c.call("SET", "b", "y".repeat(20));
            assertEquals("ERR Insufficient memory, transient memory for LCS exceeds proto-max-bulk-len",
                    error(c.call("LCS", "a", "b")));
            assertEquals(0L, c.call("LCS", "a", "missing", "LEN"), "the connection goes on");
        }
    }

    @Test
    void lenWithIdxIsRefusedWithRedisWords() throws IOException {
        assertEquals("ERR If you want both the length and indexes, please just use IDX.",
                error(call("LCS", "lcs:a", "lcs:b", "LEN", "IDX")));
    }

    @Test
    void anUnknownOptionIsASyntaxError() throws IOException {
        assertEquals("ERR syntax error", error(call("LCS", "lcs:a", "lcs:b", "LONGEST")));
    }

    @Test
    void aVectorSetIsNotAString() throws IOException {
        call("VADD", "lcs:vset", "VALUES", "2", "1", "0", "e1");
        assertEquals("ERR The specified keys must contain string values", error(call("LCS", "lcs:a", "lcs:vset")));
    }
}
