package io.quiver.resp;

import io.quiver.cli.RespClient;
import io.quiver.config.ConfigKeys;
import io.quiver.testing.RawConnection;
import io.quiver.testing.TestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The RESP commands, over real sockets to a real server with three shards. */
class RespCommandsTest {
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

    private static String str(Object bulk) {
        return new String((byte[]) bulk, StandardCharsets.UTF_8);
    }

    private static String status(Object reply) {
        return reply instanceof RespClient.Status s ? s.text() : "not a status: " + reply;
    }

    private static String error(Object reply) {
        return reply instanceof RespClient.Error e ? e.text() : "not an error: " + reply;
    }

    @Test
    void pingAnswersPongOrItsArgument() throws IOException {
        assertEquals("PONG", status(call("PING")));
        assertEquals("hi", str(call("ping", "hi")));
    }

    @Test
    void echoReturnsItsArgument() throws IOException {
        assertEquals("hello world", str(call("ECHO", "hello world")));
    }

    @Test
    void setThenGetReturnsTheValue() throws IOException {
        assertEquals("OK", status(call("SET", "cmd:k1", "v1")));
        assertEquals("v1", str(call("GET", "cmd:k1")));
    }

    @Test
    void getOfMissingKeyIsNil() throws IOException {
        assertNull(call("GET", "cmd:missing"));
    }

    @Test
    void commandNamesIgnoreCase() throws IOException {
        assertEquals("OK", status(call("sEt", "cmd:case", "x")));
        assertEquals("x", str(call("get", "cmd:case")));
    }

    @Test
    void binaryKeysAndValuesRoundTrip() throws IOException {
        byte[] key = {0, (byte) 0xFF, '\r', '\n', 'k'};
        byte[] value = new byte[256];
        for (int i = 0; i < 256; i++) {
            value[i] = (byte) i;
        }
        try (RespClient c = server.resp()) {
            assertEquals("OK", status(c.call(List.of("SET".getBytes(), key, value))));
            assertArrayEquals(value, (byte[]) c.call(List.of("GET".getBytes(), key)));
        }
    }

    @Test
    void setNxOnlyCreates() throws IOException {
        assertEquals("OK", status(call("SET", "cmd:nx", "1", "NX")));
        assertNull(call("SET", "cmd:nx", "2", "NX"));
        assertEquals("1", str(call("GET", "cmd:nx")));
    }

    @Test
    void setXxOnlyReplaces() throws IOException {
        assertNull(call("SET", "cmd:xx", "1", "XX"));
        assertNull(call("GET", "cmd:xx"));
        call("SET", "cmd:xx", "1");
        assertEquals("OK", status(call("SET", "cmd:xx", "2", "xx")));
        assertEquals("2", str(call("GET", "cmd:xx")));
    }

    @Test
    void setWithNxAndXxIsASyntaxError() throws IOException {
        assertEquals("ERR syntax error", error(call("SET", "cmd:nxxx", "1", "NX", "XX")));
    }

    @Test
    void setnxRepliesOneThenZero() throws IOException {
        assertEquals(1L, call("SETNX", "cmd:setnx", "a"));
        assertEquals(0L, call("SETNX", "cmd:setnx", "b"));
    }

    @Test
    void msetAndMgetSpanShardsAndKeepOrder() throws IOException {
        List<String> args = new ArrayList<>(List.of("MSET"));
        for (int i = 0; i < 30; i++) {
            args.add("cmd:m" + i);
            args.add("value" + i);
        }
        assertEquals("OK", status(call(args.toArray(String[]::new))));
        List<String> get = new ArrayList<>(List.of("MGET"));
        for (int i = 0; i < 30; i++) {
            get.add("cmd:m" + i);
            get.add("cmd:absent" + i);
        }
        List<?> values = (List<?>) call(get.toArray(String[]::new));
        assertEquals(60, values.size());
        for (int i = 0; i < 30; i++) {
            assertEquals("value" + i, str(values.get(2 * i)));
            assertNull(values.get(2 * i + 1));
        }
    }

    @Test
    void msetWithOddArgumentsIsAnArityError() throws IOException {
        assertEquals("ERR wrong number of arguments for 'mset' command", error(call("MSET", "a", "1", "b")));
        assertNull(call("GET", "a"), "nothing half-applied");
    }

    @Test
    void delCountsRemovedKeysAcrossShards() throws IOException {
        call("MSET", "cmd:d1", "1", "cmd:d2", "2", "cmd:d3", "3");
        assertEquals(3L, call("DEL", "cmd:d1", "cmd:d2", "cmd:d3", "cmd:d-none"));
        assertEquals(0L, call("EXISTS", "cmd:d1", "cmd:d2", "cmd:d3"));
    }

    @Test
    void existsCountsRepeatedKeysEachTime() throws IOException {
        call("SET", "cmd:e", "1");
        assertEquals(2L, call("EXISTS", "cmd:e", "cmd:e", "cmd:e-none"));
    }

    @Test
    void dbsizeCountsEveryShard() throws IOException {
        try (RespClient c = server.resp()) {
            long before = (Long) c.call("DBSIZE");
            for (int i = 0; i < 20; i++) {
                c.call("SET", "cmd:size" + i + ":" + System.nanoTime(), "x");
            }
            assertEquals(before + 20, c.call("DBSIZE"));
        }
    }

    @Test
    void unknownCommandUsesRedisWording() throws IOException {
        assertEquals("ERR unknown command 'nosuch', with args beginning with: 'a' 'b' ", error(call("nosuch", "a", "b")));
    }

    @Test
    void wrongArityUsesRedisWording() throws IOException {
        assertEquals("ERR wrong number of arguments for 'get' command", error(call("GET")));
        assertEquals("ERR wrong number of arguments for 'get' command", error(call("GET", "a", "b")));
    }

    @Test
    void selectIsAcceptedBelowDatabasesAndRefusedAtIt() throws IOException {
        assertEquals("OK", status(call("SELECT", "0")));
        assertEquals("OK", status(call("SELECT", "15")));
        assertEquals("ERR DB index is out of range", error(call("SELECT", "16")));
        assertEquals("ERR value is not an integer or out of range", error(call("SELECT", "x")));
    }

    @Test
    void clientSetnameAndGetname() throws IOException {
        try (RespClient c = server.resp()) {
            assertNull(c.call("CLIENT", "GETNAME"));
            assertEquals("OK", status(c.call("CLIENT", "SETNAME", "worker-1")));
            assertEquals("worker-1", str(c.call("CLIENT", "GETNAME")));
            assertTrue(error(c.call("CLIENT", "SETNAME", "has space")).contains("cannot contain spaces"));
        }
    }

    @Test
    void clientSetinfoAcceptsLibraryNameAndVersion() throws IOException {
        assertEquals("OK", status(call("CLIENT", "SETINFO", "LIB-NAME", "redis-py")));
        assertEquals("OK", status(call("CLIENT", "SETINFO", "lib-ver", "5.0")));
        assertEquals("ERR Unrecognized option 'colour'", error(call("CLIENT", "SETINFO", "colour", "x")));
    }

    @Test
    void clientUnknownSubcommandSaysSo() throws IOException {
        assertEquals("ERR unknown subcommand 'dance'. Try CLIENT HELP.", error(call("CLIENT", "dance")));
    }

    @Test
    void infoHasServerKeyspaceAndStatsSections() throws IOException {
        call("SET", "cmd:info", "1");
        String info = str(call("INFO"));
        assertTrue(info.contains("# Server\r\n"), info);
        assertTrue(info.contains("redis_version:"), info);
        assertTrue(info.contains("# Stats\r\n"), info);
        assertTrue(info.contains("total_commands_processed:"), info);
        assertTrue(info.contains("# Keyspace\r\ndb0:keys="), info);
    }

    @Test
    void infoWithASectionReturnsOnlyThatSection() throws IOException {
        String info = str(call("INFO", "keyspace"));
        assertTrue(info.startsWith("# Keyspace"), info);
        assertTrue(!info.contains("# Server"), info);
    }

    @Test
    void commandCountAndInfoDescribeTheTable() throws IOException {
        long count = (Long) call("COMMAND", "COUNT");
        assertEquals(count, ((List<?>) call("COMMAND")).size());
        List<?> get = (List<?>) ((List<?>) call("COMMAND", "INFO", "get", "nosuch")).get(0);
        assertEquals("get", str(get.get(0)));
        assertEquals(2L, get.get(1));
        assertNull(((List<?>) call("COMMAND", "INFO", "nosuch")).get(0));
    }

    @Test
    void commandInfoGivesCategoriesAndAKeySpecificationFromTheTable() throws IOException {
        List<?> mset = (List<?>) ((List<?>) call("COMMAND", "INFO", "mset")).get(0);
        assertEquals(List.of("@write", "@slow", "@string"), ((List<?>) mset.get(6)).stream().map(RespCommandsTest::status).toList());
        List<?> spec = (List<?>) ((List<?>) mset.get(8)).get(0);
        assertEquals("flags", str(spec.get(0)));
        assertEquals(List.of("RW", "UPDATE"), ((List<?>) spec.get(1)).stream().map(RespCommandsTest::status).toList());
        assertEquals("[type, index, spec, [index, 1]]", render(spec.get(3)));
        assertEquals("[type, range, spec, [lastkey, -1, keystep, 2, limit, 0]]", render(spec.get(5)));
        List<?> ping = (List<?>) ((List<?>) call("COMMAND", "INFO", "ping")).get(0);
        assertEquals(List.of(), ping.get(8), "a command without keys has no key specification");
    }

    private static String render(Object reply) {
        return reply instanceof List<?> l ? l.stream().map(RespCommandsTest::render).toList().toString()
                : reply instanceof byte[] ? str(reply) : String.valueOf(reply);
    }

    @Test
    void configGetMatchesGlobsOverQuiverAndRedisNames() throws IOException {
        List<?> save = (List<?>) call("CONFIG", "GET", "save");
        assertEquals(List.of("save", ""), save.stream().map(RespCommandsTest::str).toList());
        List<?> max = (List<?>) call("CONFIG", "GET", "max-*-size");
        assertEquals(List.of("max-key-size", "64kb", "max-value-size", "16mb"), max.stream().map(RespCommandsTest::str).toList());
    }

    @Test
    void configSetOfAParameterOtherThanMaxmemoryIsRefusedWithAdvice() throws IOException {
        assertTrue(error(call("CONFIG", "SET", "appendonly", "yes")).contains("restart"));
        assertEquals("ERR CONFIG SET failed (possibly related to argument 'maxmemory') - argument must be a memory value",
                error(call("CONFIG", "SET", "maxmemory", "lots")));
    }

    @Test
    void pipelinedCommandsAreAnsweredInOrder() throws IOException {
        try (RespClient c = server.resp()) {
            int n = 2000;
            for (int i = 0; i < n; i++) {
                c.send(List.of("SET".getBytes(), ("cmd:p" + i).getBytes(), ("v" + i).getBytes()));
                c.send(List.of("GET".getBytes(), ("cmd:p" + i).getBytes()));
                c.send(List.of("PING".getBytes()));
            }
            for (int i = 0; i < n; i++) {
                assertEquals("OK", status(c.read()));
                assertEquals("v" + i, str(c.read()));
                assertEquals("PONG", status(c.read()));
            }
        }
    }

    @Test
    void inlineCommandsWork() throws IOException {
        try (RawConnection c = new RawConnection(server.respPort())) {
            c.write("SET cmd:inline \"two words\"\r\nGET cmd:inline\r\nPING\n");
            assertEquals("+OK\r\n$9\r\ntwo words\r\n+PONG\r\n", c.read(29));
        }
    }

    @Test
    void aCommandSplitAcrossWritesIsAssembled() throws IOException, InterruptedException {
        try (RawConnection c = new RawConnection(server.respPort())) {
            String frame = "*3\r\n$3\r\nSET\r\n$9\r\ncmd:split\r\n$5\r\nhello\r\n*2\r\n$3\r\nGET\r\n$9\r\ncmd:split\r\n";
            for (char ch : frame.toCharArray()) {
                c.write(String.valueOf(ch));
            }
            assertEquals("+OK\r\n$5\r\nhello\r\n", c.read(16));
        }
    }

    @Test
    void quitRepliesOkAndCloses() throws IOException {
        try (RawConnection c = new RawConnection(server.respPort())) {
            c.write("QUIT\r\nPING\r\n");
            assertEquals("+OK\r\n", c.read(5));
            assertTrue(c.closedByPeer());
        }
    }

    @Test
    void flushallEmptiesEveryShard() throws IOException {
        try (TestServer own = TestServer.start(TestServer.base(ConfigKeys.SHARDS, 4)); RespClient c = own.resp()) {
            for (int i = 0; i < 50; i++) {
                c.call("SET", "k" + i, "v");
            }
            assertEquals(50L, c.call("DBSIZE"));
            assertEquals("OK", status(c.call("FLUSHALL")));
            assertEquals(0L, c.call("DBSIZE"));
            assertEquals("ERR syntax error", error(c.call("FLUSHALL", "now")));
        }
    }

    @Test
    void everyTableRowHasAValidArityAndAHandler() {
        for (CommandSpec s : CommandTable.standard().all()) {
            assertTrue(s.arity() != 0, s.name());
            assertInstanceOf(CommandHandler.class, s.handler(), s.name());
            assertEquals(s.name().toLowerCase(), s.name());
        }
        assertEquals(Arrays.asList("get"), CommandTable.standard().all().stream().map(CommandSpec::name)
                .filter(n -> n.equals("get")).toList());
    }
}
