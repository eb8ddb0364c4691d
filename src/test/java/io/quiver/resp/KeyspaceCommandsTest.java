package io.quiver.resp;

import io.quiver.cli.RespClient;
import io.quiver.config.ConfigKeys;
import io.quiver.testing.TestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static io.quiver.testing.RespReplies.error;
import static io.quiver.testing.RespReplies.status;
import static io.quiver.testing.RespReplies.str;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Keys of every type in one keyspace: TYPE, SCAN, KEYS, RENAME, COPY, and vector sets among the strings. */
class KeyspaceCommandsTest {
    static TestServer server;

    @BeforeAll
    static void start() {
        server = TestServer.start(TestServer.base(ConfigKeys.SHARDS, 4));
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

    private static Set<String> scanAll(String... options) throws IOException {
        Set<String> seen = new HashSet<>();
        String cursor = "0";
        do {
            String[] argv = new String[2 + options.length];
            argv[0] = "SCAN";
            argv[1] = cursor;
            System.arraycopy(options, 0, argv, 2, options.length);
            List<?> reply = (List<?>) call(argv);
            cursor = str(reply.get(0));
            for (Object k : (List<?>) reply.get(1)) {
                seen.add(str(k));
            }
        } while (!cursor.equals("0"));
        return seen;
    }

    @Test
    void scanOverEveryShardReturnsEveryKey() throws IOException {
        for (int i = 0; i < 1000; i++) {
            call("SET", "scan:" + i, "v");
        }
        Set<String> seen = scanAll("MATCH", "scan:*", "COUNT", "50");
        assertEquals(1000, seen.size());
    }

    @Test
    void scanRefusesABadCursor() throws IOException {
        assertEquals("ERR invalid cursor", error(call("SCAN", "abc")));
    }

    @Test
    void vectorSetsAreKeysOfTypeVectorset() throws IOException {
        call("VADD", "ks:vs", "VALUES", "2", "1", "0", "e");
        call("SET", "ks:str", "v");
        assertEquals("vectorset", status(call("TYPE", "ks:vs")));
        assertEquals("string", status(call("TYPE", "ks:str")));
        assertEquals("none", status(call("TYPE", "ks:nothing")));
        assertEquals(2L, call("EXISTS", "ks:vs", "ks:str"));
        assertTrue(scanAll("TYPE", "vectorset").contains("ks:vs"));
        assertTrue(!scanAll("TYPE", "string").contains("ks:vs"));
        assertTrue(((List<?>) call("KEYS", "ks:*")).size() >= 2);
        assertEquals(1L, call("DEL", "ks:vs"));
        assertEquals(0L, call("EXISTS", "ks:vs"));
    }

    @Test
    void renameAcrossShardsKeepsValueAndTtl() throws IOException {
        for (int i = 0; i < 20; i++) { // with four shards some pairs of names are on different shards
            call("SET", "rn:from" + i, "v" + i, "EX", "100");
            assertEquals("OK", status(call("RENAME", "rn:from" + i, "rn:to" + i)));
            assertEquals("v" + i, str(call("GET", "rn:to" + i)));
            assertEquals(100L, call("TTL", "rn:to" + i));
            assertEquals(0L, call("EXISTS", "rn:from" + i));
        }
        assertEquals("ERR no such key", error(call("RENAME", "rn:missing", "rn:x")));
    }

    @Test
    void renamenxAndCopyRespectAnExistingTarget() throws IOException {
        call("SET", "cp:a", "1");
        call("SET", "cp:b", "2");
        assertEquals(0L, call("RENAMENX", "cp:a", "cp:b"));
        assertEquals(0L, call("COPY", "cp:a", "cp:b"));
        assertEquals(1L, call("COPY", "cp:a", "cp:b", "REPLACE"));
        assertEquals("1", str(call("GET", "cp:b")));
        assertEquals("1", str(call("GET", "cp:a")), "COPY keeps the source");
    }

    @Test
    void objectEncodingIsWhatRedisWouldSay() throws IOException {
        call("SET", "obj:int", "12345");
        call("SET", "obj:short", "hello");
        call("SET", "obj:long", "x".repeat(100));
        assertEquals("int", str(call("OBJECT", "ENCODING", "obj:int")));
        assertEquals("embstr", str(call("OBJECT", "ENCODING", "obj:short")));
        assertEquals("raw", str(call("OBJECT", "ENCODING", "obj:long")));
    }

    @Test
    void randomkeyReturnsAnExistingKey() throws IOException {
        call("SET", "rk:only", "v");
        Object k = call("RANDOMKEY");
        assertEquals(1L, call("EXISTS", str(k)));
    }
}
