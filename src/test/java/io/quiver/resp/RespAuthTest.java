package io.quiver.resp;

import io.quiver.cli.RespClient;
import io.quiver.config.ConfigKeys;
import io.quiver.testing.RawConnection;
import io.quiver.testing.TestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Redis's requirepass semantics on the RESP front end, for every command in the table. */
class RespAuthTest {
    static final String PASSWORD = "s3cret pass";
    static final RespClient.Error NOAUTH = new RespClient.Error("NOAUTH Authentication required.");
    static final RespClient.Error WRONGPASS = new RespClient.Error("WRONGPASS invalid username-password pair or user is disabled.");

    /** A call of each command that succeeds once authenticated; a new row in the table needs one here. */
    static final Map<String, String[]> SAMPLES = Map.ofEntries(
            Map.entry("auth", new String[]{"AUTH", PASSWORD}),
            Map.entry("hello", new String[]{"HELLO", "2", "AUTH", "default", PASSWORD}),
            Map.entry("ping", new String[]{"PING"}),
            Map.entry("echo", new String[]{"ECHO", "hi"}),
            Map.entry("quit", new String[]{"QUIT"}),
            Map.entry("reset", new String[]{"RESET"}),
            Map.entry("select", new String[]{"SELECT", "0"}),
            Map.entry("swapdb", new String[]{"SWAPDB", "1", "2"}),
            Map.entry("move", new String[]{"MOVE", "auth:absent", "1"}),
            Map.entry("client", new String[]{"CLIENT", "ID"}),
            Map.entry("get", new String[]{"GET", "auth:k"}),
            Map.entry("set", new String[]{"SET", "auth:k", "v"}),
            Map.entry("setnx", new String[]{"SETNX", "auth:k2", "v"}),
            Map.entry("mget", new String[]{"MGET", "auth:k", "auth:k2"}),
            Map.entry("mset", new String[]{"MSET", "auth:k", "v", "auth:k3", "w"}),
            Map.entry("setex", new String[]{"SETEX", "auth:t", "100", "v"}),
            Map.entry("psetex", new String[]{"PSETEX", "auth:t", "100000", "v"}),
            Map.entry("getex", new String[]{"GETEX", "auth:t", "PERSIST"}),
            Map.entry("getdel", new String[]{"GETDEL", "auth:gone"}),
            Map.entry("getset", new String[]{"GETSET", "auth:gs", "v"}),
            Map.entry("msetnx", new String[]{"MSETNX", "auth:{n}1", "v", "auth:{n}2", "w"}),
            Map.entry("incr", new String[]{"INCR", "auth:n"}),
            Map.entry("decr", new String[]{"DECR", "auth:n"}),
            Map.entry("incrby", new String[]{"INCRBY", "auth:n", "5"}),
            Map.entry("decrby", new String[]{"DECRBY", "auth:n", "5"}),
            Map.entry("incrbyfloat", new String[]{"INCRBYFLOAT", "auth:f", "1.5"}),
            Map.entry("hset", new String[]{"HSET", "auth:h", "f", "1"}),
            Map.entry("hmset", new String[]{"HMSET", "auth:h", "g", "2"}),
            Map.entry("hsetnx", new String[]{"HSETNX", "auth:h", "n", "1"}),
            Map.entry("hget", new String[]{"HGET", "auth:h", "f"}),
            Map.entry("hmget", new String[]{"HMGET", "auth:h", "f", "g"}),
            Map.entry("hgetall", new String[]{"HGETALL", "auth:h"}),
            Map.entry("hkeys", new String[]{"HKEYS", "auth:h"}),
            Map.entry("hvals", new String[]{"HVALS", "auth:h"}),
            Map.entry("hexists", new String[]{"HEXISTS", "auth:h", "f"}),
            Map.entry("hlen", new String[]{"HLEN", "auth:h"}),
            Map.entry("hstrlen", new String[]{"HSTRLEN", "auth:h", "f"}),
            Map.entry("hincrby", new String[]{"HINCRBY", "auth:h", "f", "1"}),
            Map.entry("hincrbyfloat", new String[]{"HINCRBYFLOAT", "auth:h", "f", "1.5"}),
            Map.entry("hscan", new String[]{"HSCAN", "auth:h", "0"}),
            Map.entry("hrandfield", new String[]{"HRANDFIELD", "auth:h"}),
            Map.entry("hdel", new String[]{"HDEL", "auth:h", "g"}),
            Map.entry("lpush", new String[]{"LPUSH", "auth:l", "a"}),
            Map.entry("rpush", new String[]{"RPUSH", "auth:l", "b"}),
            Map.entry("lpushx", new String[]{"LPUSHX", "auth:l", "c"}),
            Map.entry("rpushx", new String[]{"RPUSHX", "auth:l", "d"}),
            Map.entry("lpop", new String[]{"LPOP", "auth:l"}),
            Map.entry("rpop", new String[]{"RPOP", "auth:l"}),
            Map.entry("llen", new String[]{"LLEN", "auth:l"}),
            Map.entry("lrange", new String[]{"LRANGE", "auth:l", "0", "-1"}),
            Map.entry("lindex", new String[]{"LINDEX", "auth:l", "0"}),
            Map.entry("lset", new String[]{"LSET", "auth:l", "0", "z"}),
            Map.entry("lrem", new String[]{"LREM", "auth:l", "0", "none"}),
            Map.entry("ltrim", new String[]{"LTRIM", "auth:l", "0", "-1"}),
            Map.entry("append", new String[]{"APPEND", "auth:s", "x"}),
            Map.entry("strlen", new String[]{"STRLEN", "auth:s"}),
            Map.entry("getrange", new String[]{"GETRANGE", "auth:s", "0", "-1"}),
            Map.entry("lcs", new String[]{"LCS", "auth:s", "auth:missing"}),
            Map.entry("substr", new String[]{"SUBSTR", "auth:s", "0", "-1"}),
            Map.entry("setrange", new String[]{"SETRANGE", "auth:s", "1", "y"}),
            Map.entry("setbit", new String[]{"SETBIT", "auth:bits", "7", "1"}),
            Map.entry("getbit", new String[]{"GETBIT", "auth:bits", "7"}),
            Map.entry("bitcount", new String[]{"BITCOUNT", "auth:bits"}),
            Map.entry("expire", new String[]{"EXPIRE", "auth:t", "100"}),
            Map.entry("pexpire", new String[]{"PEXPIRE", "auth:t", "100000"}),
            Map.entry("expireat", new String[]{"EXPIREAT", "auth:t", "4000000000"}),
            Map.entry("pexpireat", new String[]{"PEXPIREAT", "auth:t", "4000000000000"}),
            Map.entry("ttl", new String[]{"TTL", "auth:t"}),
            Map.entry("pttl", new String[]{"PTTL", "auth:t"}),
            Map.entry("expiretime", new String[]{"EXPIRETIME", "auth:t"}),
            Map.entry("pexpiretime", new String[]{"PEXPIRETIME", "auth:t"}),
            Map.entry("persist", new String[]{"PERSIST", "auth:t"}),
            Map.entry("touch", new String[]{"TOUCH", "auth:k"}),
            Map.entry("type", new String[]{"TYPE", "auth:k"}),
            Map.entry("keys", new String[]{"KEYS", "auth:*"}),
            Map.entry("scan", new String[]{"SCAN", "0"}),
            Map.entry("randomkey", new String[]{"RANDOMKEY"}),
            Map.entry("rename", new String[]{"RENAME", "auth:k", "auth:renamed"}),
            Map.entry("renamenx", new String[]{"RENAMENX", "auth:renamed", "auth:k"}),
            Map.entry("copy", new String[]{"COPY", "auth:k", "auth:copy"}),
            Map.entry("dump", new String[]{"DUMP", "auth:k"}),
            // the DUMP payload of the string "v361": one whose bytes (checksum too) are all ASCII
            Map.entry("restore", new String[]{"RESTORE", "auth:restored", "0",
                    "\u0000\u0004v361\n\u0000\u0033\u0025\u0048\u0070\u0079\u0016\u0036\u0069", "REPLACE"}),
            Map.entry("object", new String[]{"OBJECT", "ENCODING", "auth:k"}),
            Map.entry("memory", new String[]{"MEMORY", "USAGE", "auth:k"}),
            Map.entry("time", new String[]{"TIME"}),
            Map.entry("del", new String[]{"DEL", "auth:k3"}),
            Map.entry("unlink", new String[]{"UNLINK", "auth:k3"}),
            Map.entry("exists", new String[]{"EXISTS", "auth:k"}),
            Map.entry("dbsize", new String[]{"DBSIZE"}),
            Map.entry("flushall", new String[]{"FLUSHALL"}),
            Map.entry("flushdb", new String[]{"FLUSHDB"}),
            Map.entry("info", new String[]{"INFO"}),
            Map.entry("cluster", new String[]{"CLUSTER", "KEYSLOT", "auth:k"}),
            Map.entry("command", new String[]{"COMMAND", "COUNT"}),
            Map.entry("config", new String[]{"CONFIG", "GET", "bind"}),
            Map.entry("debug", new String[]{"DEBUG", "SLEEP", "0"}),
            Map.entry("vadd", new String[]{"VADD", "auth:vs", "VALUES", "2", "1", "0", "e1"}),
            Map.entry("vsim", new String[]{"VSIM", "auth:vs", "VALUES", "2", "1", "0"}),
            Map.entry("vrem", new String[]{"VREM", "auth:vs", "e-none"}),
            Map.entry("vcard", new String[]{"VCARD", "auth:vs"}),
            Map.entry("vdim", new String[]{"VDIM", "auth:vs"}),
            Map.entry("vemb", new String[]{"VEMB", "auth:vs", "e1"}),
            Map.entry("vinfo", new String[]{"VINFO", "auth:vs"}),
            Map.entry("vsetattr", new String[]{"VSETATTR", "auth:vs", "e1", "{\"a\": 1}"}),
            Map.entry("vgetattr", new String[]{"VGETATTR", "auth:vs", "e1"}),
            Map.entry("vismember", new String[]{"VISMEMBER", "auth:vs", "e1"}),
            Map.entry("vrandmember", new String[]{"VRANDMEMBER", "auth:vs"}),
            Map.entry("vlinks", new String[]{"VLINKS", "auth:vs", "e-none"}),
            Map.entry("vrange", new String[]{"VRANGE", "auth:vs", "-", "+"}),
            Map.entry("save", new String[]{"SAVE"}),
            // the one form that leaves the server running (see everyCommandWorksAfterAuth)
            Map.entry("shutdown", new String[]{"SHUTDOWN", "ABORT"}),
            Map.entry("bgsave", new String[]{"BGSAVE"}),
            Map.entry("lastsave", new String[]{"LASTSAVE"}),
            Map.entry("multi", new String[]{"MULTI"}),
            Map.entry("subscribe", new String[]{"SUBSCRIBE", "auth:c"}),
            Map.entry("unsubscribe", new String[]{"UNSUBSCRIBE", "auth:c"}),
            Map.entry("psubscribe", new String[]{"PSUBSCRIBE", "auth:*"}),
            Map.entry("punsubscribe", new String[]{"PUNSUBSCRIBE", "auth:*"}),
            Map.entry("ssubscribe", new String[]{"SSUBSCRIBE", "auth:s"}),
            Map.entry("sunsubscribe", new String[]{"SUNSUBSCRIBE", "auth:s"}),
            Map.entry("publish", new String[]{"PUBLISH", "auth:c", "m"}),
            Map.entry("spublish", new String[]{"SPUBLISH", "auth:s", "m"}),
            Map.entry("pubsub", new String[]{"PUBSUB", "NUMPAT"}),
            Map.entry("exec", new String[]{"EXEC"}),
            Map.entry("discard", new String[]{"DISCARD"}),
            Map.entry("watch", new String[]{"WATCH", "auth:w"}),
            Map.entry("unwatch", new String[]{"UNWATCH"}));

    /** What a sample needs before it on its connection (EXEC and DISCARD end a MULTI). */
    static final Map<String, String[]> BEFORE = Map.of(
            "exec", new String[]{"MULTI"},
            "discard", new String[]{"MULTI"});

    static TestServer server;

    @BeforeAll
    static void start() {
        server = TestServer.start(TestServer.base(ConfigKeys.PASSWORD, PASSWORD)
                .with(ConfigKeys.ENABLE_DEBUG_COMMAND, "yes"));
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static List<CommandSpec> commandsNeedingAuth() {
        List<CommandSpec> out = new ArrayList<>();
        for (CommandSpec spec : CommandTable.standard().all()) {
            assertNotNull(SAMPLES.get(spec.name()), "RespAuthTest.SAMPLES needs a call of '" + spec.name() + "'");
            if (!spec.has(CommandFlag.NO_AUTH)) {
                out.add(spec);
            }
        }
        return out;
    }

    private static RespClient authenticated() throws IOException {
        RespClient c = server.resp();
        assertEquals(new RespClient.Status("OK"), c.call("AUTH", PASSWORD));
        return c;
    }

    @Test
    void everyCommandButTheNoAuthOnesIsRefusedBeforeAuth() throws IOException {
        try (RespClient c = server.resp()) {
            for (CommandSpec spec : commandsNeedingAuth()) {
                assertEquals(NOAUTH, c.call(SAMPLES.get(spec.name())), spec.name());
            }
        }
    }

    @Test
    void everyCommandWorksAfterAuth() throws IOException {
        try (RespClient c = authenticated()) {
            for (CommandSpec spec : commandsNeedingAuth()) {
                if (BEFORE.containsKey(spec.name())) {
                    c.call(BEFORE.get(spec.name()));
                }
                if (spec.name().equals("shutdown")) { // ran: ABORT's own answer, not NOAUTH
                    assertEquals(new RespClient.Error("ERR No shutdown in progress."), c.call(SAMPLES.get("shutdown")));
                    continue;
                }
                if (spec.name().equals("multi")) {
                    assertEquals(new RespClient.Status("OK"), c.call("MULTI"));
                    assertEquals(new RespClient.Status("OK"), c.call("DISCARD"));
                    continue;
                }
                Object reply = c.call(SAMPLES.get(spec.name()));
                assertFalse(reply instanceof RespClient.Error, spec.name() + " answered " + reply);
                if (spec.name().endsWith("subscribe") && !spec.name().contains("unsub")) {
                    // leave subscribed mode, where the next commands would be refused
                    c.call(SAMPLES.get(spec.name().replace("subscribe", "unsubscribe")));
                }
            }
        }
    }

    @Test
    void aRefusedWriteChangesNothing() throws IOException {
        try (RespClient c = server.resp()) {
            assertEquals(NOAUTH, c.call("SET", "auth:refused", "v"));
        }
        try (RespClient c = authenticated()) {
            assertNull(c.call("GET", "auth:refused"));
        }
    }

    @Test
    void authWithTheDefaultUserNameWorks() throws IOException {
        try (RespClient c = server.resp()) {
            assertEquals(new RespClient.Status("OK"), c.call("AUTH", "default", PASSWORD));
            assertEquals(new RespClient.Status("PONG"), c.call("PING"));
        }
    }

    @Test
    void wrongPasswordIsRefusedWithWrongpass() throws IOException {
        try (RespClient c = server.resp()) {
            assertEquals(WRONGPASS, c.call("AUTH", "not it"));
            assertEquals(NOAUTH, c.call("PING"), "still not authenticated");
        }
    }

    @Test
    void anotherUserIsRefusedEvenWithThePassword() throws IOException {
        try (RespClient c = server.resp()) {
            assertEquals(WRONGPASS, c.call("AUTH", "admin", PASSWORD));
            assertEquals(NOAUTH, c.call("PING"));
        }
    }

    @Test
    void failedAuthLeavesAnAuthenticatedConnectionAuthenticated() throws IOException {
        try (RespClient c = authenticated()) {
            assertEquals(WRONGPASS, c.call("AUTH", "not it"));
            assertEquals(new RespClient.Status("PONG"), c.call("PING"));
        }
    }

    @Test
    void authWithTooManyArgumentsIsASyntaxError() throws IOException {
        try (RespClient c = server.resp()) {
            assertEquals(new RespClient.Error("ERR syntax error"), c.call("AUTH", "default", PASSWORD, "extra"));
        }
    }

    @Test
    void resetMakesAnAuthenticatedConnectionAuthenticateAgain() throws IOException {
        try (RespClient c = authenticated()) {
            assertEquals(new RespClient.Status("RESET"), c.call("RESET"));
            assertEquals(NOAUTH, c.call("GET", "auth:k"), "RESET returns to the default user, who needs the password");
            assertEquals(new RespClient.Status("OK"), c.call("AUTH", PASSWORD));
            assertFalse(c.call("GET", "auth:k") instanceof RespClient.Error);
        }
    }

    @Test
    void quitWorksBeforeAuth() throws IOException {
        try (RawConnection c = new RawConnection(server.respPort())) {
            c.write("QUIT\r\n");
            assertEquals("+OK\r\n", c.readLine());
            assertTrue(c.closedByPeer());
        }
    }

    @Test
    void unknownCommandIsReportedBeforeAuthAsRedisDoes() throws IOException {
        try (RespClient c = server.resp()) {
            Object reply = c.call("NOSUCH", "3");
            assertInstanceOf(RespClient.Error.class, reply);
            assertTrue(((RespClient.Error) reply).text().startsWith("ERR unknown command 'NOSUCH'"), reply.toString());
        }
    }

    @Test
    void inlineCommandsAreCheckedToo() throws IOException {
        try (RawConnection c = new RawConnection(server.respPort())) {
            c.write("GET auth:k\r\n");
            assertEquals("-NOAUTH Authentication required.\r\n", c.readLine());
            c.write("AUTH \"" + PASSWORD + "\"\r\n");
            assertEquals("+OK\r\n", c.readLine());
            c.write("PING\r\n");
            assertEquals("+PONG\r\n", c.readLine());
        }
    }

    @Test
    void authWithoutAConfiguredPasswordAnswersAsRedis() throws IOException {
        try (TestServer open = TestServer.start(); RespClient c = open.resp()) {
            assertEquals(new RespClient.Error("ERR AUTH <password> called without any password configured for the "
                    + "default user. Are you sure your configuration is correct?"), c.call("AUTH", "anything"));
            assertEquals(new RespClient.Status("OK"), c.call("AUTH", "default", "anything"));
            assertEquals(new RespClient.Status("PONG"), c.call("PING"));
        }
    }
}
