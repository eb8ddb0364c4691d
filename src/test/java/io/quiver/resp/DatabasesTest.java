package io.quiver.resp;

import io.quiver.cli.RespClient;
import io.quiver.config.ConfigKeys;
import io.quiver.testing.TestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static io.quiver.testing.RespReplies.error;
import static io.quiver.testing.RespReplies.status;
import static io.quiver.testing.RespReplies.str;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** SELECT and the numbered databases: each its own keyspace, as Redis's 16. */
class DatabasesTest {
    static TestServer server;

    @BeforeAll
    static void start() {
        server = TestServer.start(4, ConfigKeys.DATABASES, 16);
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @BeforeEach
    void empty() throws IOException {
        try (RespClient c = server.resp()) {
            c.call("FLUSHALL");
        }
    }

    /** A connection with database {@code db} selected. */
    private static RespClient in(int db) throws IOException {
        RespClient c = server.resp();
        assertEquals("OK", status(c.call("SELECT", Integer.toString(db))));
        return c;
    }

    @Test
    void aKeyIsSeenOnlyInTheDatabaseItWasSetIn() throws IOException {
        try (RespClient one = in(1); RespClient zero = in(0)) {
            assertEquals("OK", status(one.call("SET", "k", "in-one")));
            assertNull(zero.call("GET", "k"));
            assertEquals("in-one", str(one.call("GET", "k")));
            assertEquals("OK", status(zero.call("SET", "k", "in-zero")));
            assertEquals("in-one", str(one.call("GET", "k")));
        }
    }

    @Test
    void selectChangesTheDatabaseOfTheCommandsPipelinedAfterIt() throws IOException {
        try (RespClient c = server.resp()) {
            c.call("SET", "p", "zero");
            List<String[]> commands = List.of(new String[]{"SELECT", "2"}, new String[]{"SET", "p", "two"},
                    new String[]{"GET", "p"}, new String[]{"SELECT", "0"}, new String[]{"GET", "p"});
            for (String[] argv : commands) { // all written before any reply is read
                c.send(java.util.Arrays.stream(argv).map(a -> a.getBytes(java.nio.charset.StandardCharsets.UTF_8)).toList());
            }
            List<Object> replies = new java.util.ArrayList<>();
            for (int i = 0; i < commands.size(); i++) {
                replies.add(c.read());
            }
            assertEquals("two", str(replies.get(2)));
            assertEquals("zero", str(replies.get(4)));
        }
    }

    @Test
    void aDatabaseOutOfRangeIsRefusedAndTheSelectionStays() throws IOException {
        try (RespClient c = in(3)) {
            c.call("SET", "stay", "3");
            assertEquals("ERR DB index is out of range", error(c.call("SELECT", "16")));
            assertEquals("ERR DB index is out of range", error(c.call("SELECT", "-1")));
            assertEquals("ERR value is not an integer or out of range", error(c.call("SELECT", "one")));
            assertEquals("3", str(c.call("GET", "stay")));
        }
    }

    @Test
    void dbsizeCountsTheSelectedDatabaseOnly() throws IOException {
        try (RespClient one = in(1); RespClient five = in(5)) {
            for (int i = 0; i < 100; i++) {
                one.call("SET", "k" + i, "v");
            }
            five.call("SET", "only", "v");
            assertEquals(100L, one.call("DBSIZE"));
            assertEquals(1L, five.call("DBSIZE"));
        }
    }

    @Test
    void flushdbEmptiesTheSelectedDatabaseAndNoOther() throws IOException {
        try (RespClient zero = in(0); RespClient seven = in(7)) {
            zero.call("SET", "a", "v");
            seven.call("SET", "a", "v");
            assertEquals("OK", status(seven.call("FLUSHDB")));
            assertEquals(0L, seven.call("DBSIZE"));
            assertEquals(1L, zero.call("EXISTS", "a"));
        }
    }

    @Test
    void flushallEmptiesEveryDatabase() throws IOException {
        try (RespClient zero = in(0); RespClient nine = in(9)) {
            zero.call("SET", "a", "v");
            nine.call("SET", "b", "v");
            assertEquals("OK", status(zero.call("FLUSHALL")));
            assertEquals(0L, nine.call("DBSIZE"));
            assertEquals(0L, zero.call("DBSIZE"));
        }
    }

    @Test
    void scanAndKeysSeeOnlyTheSelectedDatabase() throws IOException {
        try (RespClient zero = in(0); RespClient four = in(4)) {
            for (int i = 0; i < 300; i++) {
                four.call("SET", "s" + i, "v");
            }
            zero.call("SET", "s-zero", "v");
            Set<String> seen = new HashSet<>();
            String cursor = "0";
            do {
                List<?> page = (List<?>) four.call("SCAN", cursor, "COUNT", "40");
                cursor = str(page.get(0));
                for (Object k : (List<?>) page.get(1)) {
                    seen.add(str(k));
                }
            } while (!cursor.equals("0"));
            assertEquals(300, seen.size());
            assertTrue(!seen.contains("s-zero"));
            assertEquals(1, ((List<?>) zero.call("KEYS", "s*")).size());
        }
    }

    @Test
    void infoKeyspaceHasALinePerDatabaseThatHoldsKeys() throws IOException {
        try (RespClient zero = in(0); RespClient two = in(2)) {
            zero.call("SET", "a", "v");
            two.call("SET", "a", "v", "EX", "100");
            two.call("SET", "b", "v");
            String info = str(zero.call("INFO", "keyspace"));
            assertTrue(info.contains("db0:keys=1,expires=0,avg_ttl=0"), info);
            assertTrue(info.matches("(?s).*db2:keys=2,expires=1,avg_ttl=\\d+.*"), info);
            assertTrue(!info.contains("db1:"), info);
        }
    }

    @Test
    void swapdbTradesTheKeysOfTwoDatabases() throws IOException {
        try (RespClient one = in(1); RespClient two = in(2)) {
            one.call("SET", "k", "was-one");
            two.call("SET", "k", "was-two");
            two.call("SET", "extra", "v");
            assertEquals("OK", status(one.call("SWAPDB", "1", "2")));
            assertEquals("was-two", str(one.call("GET", "k")));
            assertEquals("was-one", str(two.call("GET", "k")));
            assertEquals(2L, one.call("DBSIZE"));
        }
    }

    @Test
    void swapdbRefusesBadIndexesWithRedissWords() throws IOException {
        try (RespClient c = in(0)) {
            assertEquals("ERR invalid first DB index", error(c.call("SWAPDB", "x", "1")));
            assertEquals("ERR invalid second DB index", error(c.call("SWAPDB", "1", "y")));
            assertEquals("ERR DB index is out of range", error(c.call("SWAPDB", "1", "16")));
        }
    }

    @Test
    void moveTakesTheKeyAndItsTtlToTheOtherDatabase() throws IOException {
        try (RespClient zero = in(0); RespClient three = in(3)) {
            zero.call("SET", "m", "v", "EX", "1000");
            assertEquals(1L, zero.call("MOVE", "m", "3"));
            assertEquals(0L, zero.call("EXISTS", "m"));
            assertEquals("v", str(three.call("GET", "m")));
            long ttl = (Long) three.call("TTL", "m");
            assertTrue(ttl > 990 && ttl <= 1000, "ttl " + ttl);
        }
    }

    @Test
    void moveDoesNothingWhenTheTargetHasTheKeyOrTheSourceHasNot() throws IOException {
        try (RespClient zero = in(0); RespClient three = in(3)) {
            zero.call("SET", "m", "zero");
            three.call("SET", "m", "three");
            assertEquals(0L, zero.call("MOVE", "m", "3"));
            assertEquals(0L, zero.call("MOVE", "absent", "3"));
            assertEquals("zero", str(zero.call("GET", "m")));
            assertEquals("three", str(three.call("GET", "m")));
            assertEquals("ERR source and destination objects are the same", error(zero.call("MOVE", "m", "0")));
            assertEquals("ERR DB index is out of range", error(zero.call("MOVE", "m", "99")));
        }
    }

    @Test
    void copyWithDbCopiesIntoTheOtherDatabase() throws IOException {
        try (RespClient zero = in(0); RespClient six = in(6)) {
            zero.call("SET", "src", "v");
            assertEquals(1L, zero.call("COPY", "src", "dst", "DB", "6"));
            assertEquals("v", str(six.call("GET", "dst")));
            assertEquals(0L, zero.call("EXISTS", "dst"));
            assertEquals(1L, zero.call("COPY", "src", "src", "DB", "6"));
            assertEquals(0L, zero.call("COPY", "src", "src", "DB", "6"));
            assertEquals("ERR source and destination objects are the same", error(zero.call("COPY", "src", "src")));
        }
    }

    @Test
    void vectorSetsLiveInDatabaseZeroAndAreRefusedByNameElsewhere() throws IOException {
        try (RespClient zero = in(0); RespClient one = in(1)) {
            zero.call("VADD", "vs", "VALUES", "2", "1", "0", "e");
            assertEquals("none", status(one.call("TYPE", "vs")));
            assertEquals("ERR vector sets live in database 0 only (SELECT 0 to use them)",
                    error(one.call("VADD", "vs2", "VALUES", "2", "1", "0", "e")));
            assertEquals("vectorset", status(zero.call("TYPE", "vs")));
        }
    }

    @Test
    void clientInfoShowsTheSelectedDatabase() throws IOException {
        try (RespClient c = in(11)) {
            assertTrue(str(c.call("CLIENT", "INFO")).contains(" db=11 "));
        }
    }
}
