package io.quiver.tools;

import io.quiver.cli.RespClient;
import io.quiver.config.ConfigKeys;
import io.quiver.testing.TestServer;
import io.quiver.testing.Tools;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Debian's redis-benchmark (7.0) against Quiver. Its default run is PING_INLINE, PING_MBULK, SET,
 * GET, INCR, LPUSH, RPUSH, LPOP, RPOP, SADD, HSET, SPOP, ZADD, ZPOPMIN, LRANGE_100..600 and MSET;
 * everything in it but the set and sorted-set tests passes (the {@link #PASSING} list), and
 * the default run itself stops at its first set command, the first type Quiver does not have.
 */
class RedisBenchmarkTest {
    /** The default run's tests outside sets and sorted sets, as -t names them. */
    static final String PASSING = "ping_inline,ping_mbulk,set,get,incr,lpush,rpush,lpop,rpop,hset,lrange_100,mset";
    static final int REQUESTS = 2000;
    static TestServer server;

    @BeforeAll
    static void start() {
        server = TestServer.start(TestServer.base(ConfigKeys.SHARDS, 2));
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static Tools.Result benchmark(String... args) {
        List<String> argv = new java.util.ArrayList<>(List.of("redis-benchmark", "-p", Integer.toString(server.respPort()),
                "-n", Integer.toString(REQUESTS), "-q"));
        argv.addAll(List.of(args));
        return Tools.run(300, null, argv.toArray(String[]::new));
    }

    @Test
    void everyDefaultTestOutsideSetsAndSortedSetsCompletesWithoutErrors() throws IOException {
        try (RespClient c = server.resp()) {
            c.call("DEL", "counter:__rand_int__");
        }
        Tools.Result r = benchmark("-t", PASSING);
        String out = r.stdout() + r.stderr();
        assertEquals(0, r.exitCode(), out);
        assertFalse(out.toLowerCase().contains("error"), out);
        for (String test : new String[]{"PING_INLINE", "PING_MBULK", "SET", "GET", "INCR", "LPUSH", "RPUSH", "LPOP", "RPOP", "HSET",
                "LRANGE_100 (first 100 elements)", "MSET (10 keys)"}) {
            assertTrue(out.contains(test + ": "), "no result line for " + test + " in:\n" + out);
        }
        try (RespClient c = server.resp()) {
            assertTrue((Long) c.call("DBSIZE") > 0, "the SETs were stored");
            assertEquals((long) REQUESTS, Long.parseLong(new String((byte[]) c.call("GET", "counter:__rand_int__"))),
                    "every INCR of the run counted");
            assertEquals(3L, ((byte[]) c.call("GET", "key:__rand_int__")).length, "redis-benchmark's default 3-byte value");
            assertEquals(1L, c.call("HLEN", "myhash"), "HSET's one field");
        }
    }

    @Test
    void theDefaultRunStopsOnlyAtItsFirstSetCommand() {
        Tools.Result r = benchmark();
        String out = (r.stdout() + r.stderr()).replace('\r', '\n');
        assertNotEquals(0, r.exitCode(), out);
        List<String> errors = out.lines().filter(l -> l.contains("Error from server")).toList();
        assertEquals(1, errors.size(), out);
        assertTrue(errors.get(0).contains("unknown command 'SADD'"), errors.get(0));
        for (String test : new String[]{"PING_INLINE", "PING_MBULK", "SET", "GET", "INCR", "LPUSH", "RPUSH", "LPOP", "RPOP"}) {
            assertTrue(out.contains(test + ": "), "the tests before SADD completed: no " + test + " in:\n" + out);
        }
    }
}
