package io.quiver.app;

import io.quiver.cli.RespClient;
import io.quiver.config.ConfigKeys;
import io.quiver.resp.CommandFlag;
import io.quiver.resp.CommandSpec;
import io.quiver.resp.CommandTable;
import io.quiver.testing.TestServer;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** max-memory with Redis's noeviction behaviour: over it, writes are refused and reads go on. */
class MemoryLimitTest {
    static final RespClient.Error OOM = new RespClient.Error("OOM command not allowed when used memory > 'maxmemory'.");
    static final String VALUE = "x".repeat(1024);
    static TestServer server;

    /** A write of each DENY_OOM command; a new such command needs one here. */
    static final Map<String, String[]> WRITES = Map.ofEntries(
            Map.entry("set", new String[]{"SET", "mem:new", "v"}),
            Map.entry("setnx", new String[]{"SETNX", "mem:new", "v"}),
            Map.entry("setex", new String[]{"SETEX", "mem:new", "60", "v"}),
            Map.entry("psetex", new String[]{"PSETEX", "mem:new", "60000", "v"}),
            Map.entry("getset", new String[]{"GETSET", "mem:new", "v"}),
            Map.entry("mset", new String[]{"MSET", "mem:new", "v", "mem:new2", "w"}),
            Map.entry("msetnx", new String[]{"MSETNX", "mem:new", "v", "mem:new2", "w"}),
            Map.entry("incr", new String[]{"INCR", "mem:new"}),
            Map.entry("decr", new String[]{"DECR", "mem:new"}),
            Map.entry("incrby", new String[]{"INCRBY", "mem:new", "5"}),
            Map.entry("decrby", new String[]{"DECRBY", "mem:new", "5"}),
            Map.entry("incrbyfloat", new String[]{"INCRBYFLOAT", "mem:new", "1.5"}),
            Map.entry("hset", new String[]{"HSET", "mem:h", "f", "v"}),
            Map.entry("hmset", new String[]{"HMSET", "mem:h", "f", "v"}),
            Map.entry("hsetnx", new String[]{"HSETNX", "mem:h", "f", "v"}),
            Map.entry("hincrby", new String[]{"HINCRBY", "mem:h", "n", "1"}),
            Map.entry("hincrbyfloat", new String[]{"HINCRBYFLOAT", "mem:h", "n", "1.5"}),
            Map.entry("lpush", new String[]{"LPUSH", "mem:l", "v"}),
            Map.entry("rpush", new String[]{"RPUSH", "mem:l", "v"}),
            Map.entry("lpushx", new String[]{"LPUSHX", "mem:l", "v"}),
            Map.entry("rpushx", new String[]{"RPUSHX", "mem:l", "v"}),
            Map.entry("lset", new String[]{"LSET", "mem:l", "0", "v"}),
            Map.entry("append", new String[]{"APPEND", "mem:new", "v"}),
            Map.entry("setrange", new String[]{"SETRANGE", "mem:new", "0", "v"}),
            Map.entry("setbit", new String[]{"SETBIT", "mem:new", "7", "1"}),
            Map.entry("copy", new String[]{"COPY", "mem:0", "mem:new"}),
            Map.entry("restore", new String[]{"RESTORE", "mem:new", "0", "payload"}),
            Map.entry("vadd", new String[]{"VADD", "mem:vectors", "VALUES", "2", "1", "0", "e1"}));

    @BeforeAll
    static void start() {
        server = TestServer.start(TestServer.base(ConfigKeys.SHARDS, 2).with(ConfigKeys.MAX_MEMORY, "64kb"));
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    /** Writes 1 KB values until the server refuses one; the data is then over max-memory. */
    @BeforeEach
    void fillPastTheLimit() throws IOException {
        try (RespClient c = server.resp()) {
            c.call("FLUSHALL");
            for (int i = 0; i < 1000; i++) {
                Object reply = c.call("SET", "mem:" + i, VALUE);
                if (OOM.equals(reply)) {
                    assertTrue(i > 10, "the limit left room for some data first");
                    return;
                }
                assertEquals(new RespClient.Status("OK"), reply);
            }
        }
        throw new AssertionError("1000 KB of values were stored under a 64 KB max-memory");
    }

    @Test
    void everyDenyOomCommandIsRefusedOverTheLimit() throws IOException {
        try (RespClient c = server.resp()) {
            for (CommandSpec spec : CommandTable.standard().all()) {
                if (spec.has(CommandFlag.DENY_OOM)) {
                    assertNotNull(WRITES.get(spec.name()), "MemoryLimitTest.WRITES needs a call of " + spec.name());
                    assertEquals(OOM, c.call(WRITES.get(spec.name())), spec.name());
                }
            }
            assertNull(c.call("GET", "mem:new"), "refused writes were not applied");
        }
    }

    @Test
    void readsGoOnOverTheLimit() throws IOException {
        try (RespClient c = server.resp()) {
            assertArrayEquals(VALUE.getBytes(), (byte[]) c.call("GET", "mem:0"));
            assertEquals(1L, c.call("EXISTS", "mem:1"));
            assertTrue((Long) c.call("DBSIZE") > 10);
        }
        assertEquals(VALUE, server.get("/kv/mem:0").body());
    }

    @Test
    void deletingBringsTheDataUnderTheLimitAndWritesWorkAgain() throws IOException {
        try (RespClient c = server.resp()) {
            assertEquals(OOM, c.call("SET", "mem:after", "v"));
            for (int i = 0; i < 1000; i++) {
                c.call("DEL", "mem:" + i); // DEL is not refused: it frees memory
            }
            assertEquals(new RespClient.Status("OK"), c.call("SET", "mem:after", "v"));
        }
    }

    @Test
    void httpWritesAreRefusedWith507() {
        HttpResponse<String> r = server.send("PUT", "/kv/mem:http", "v");
        assertEquals(507, r.statusCode(), r.body());
        JsonObject error = new JsonObject(r.body()).getJsonObject("error");
        assertEquals("out_of_memory", error.getString("code"));
        assertEquals(507, server.send("POST", "/kv/_mset", "{\"entries\": {\"mem:http\": \"v\"}}").statusCode());
        assertEquals(404, server.get("/kv/mem:http").statusCode(), "refused writes were not applied");
    }

    @Test
    void anHttpVectorUpsertOverTheLimitIsRefusedWith507AndAppliesNothing() {
        server.ok("PUT", "/collections/mem-http", new JsonObject()
                .put("vectors", new JsonObject().put("size", 2).put("distance", "Dot")));
        TestServer.Reply r = server.putJson("/collections/mem-http/points", new JsonObject().put("points",
                new io.vertx.core.json.JsonArray().add(new JsonObject().put("id", 1).put("vector", io.quiver.testing.Json.vector(1, 2)))
                        .add(new JsonObject().put("id", 2).put("vector", io.quiver.testing.Json.vector(3, 4)))));
        assertEquals(507, r.status(), r.text());
        assertTrue(r.error().contains("maxmemory"), r.text());
        assertEquals(0L, server.ok("POST", "/collections/mem-http/points/count", new JsonObject())
                .json().getJsonObject("result").getLong("count"), "refused points were not applied");
        server.ok("DELETE", "/collections/mem-http", null);
    }

    @Test
    void vectorsCountTowardsTheLimit() throws IOException {
        try (RespClient c = server.resp()) {
            c.call("FLUSHALL"); // keys gone: only vectors fill the memory now
        }
        server.ok("PUT", "/collections/mem-vectors", new JsonObject()
                .put("vectors", new JsonObject().put("size", 16).put("distance", "Euclid")));
        int refusedAt = -1;
        for (int batch = 0; batch < 200 && refusedAt < 0; batch++) {
            io.vertx.core.json.JsonArray points = new io.vertx.core.json.JsonArray();
            for (int i = 0; i < 20; i++) {
                float[] v = new float[16];
                v[i % 16] = batch + 1;
                points.add(new JsonObject().put("id", batch * 20 + i).put("vector", io.quiver.testing.Json.vector(v)));
            }
            TestServer.Reply r = server.putJson("/collections/mem-vectors/points", new JsonObject().put("points", points));
            if (r.status() == 507) {
                refusedAt = batch;
            } else {
                assertEquals(200, r.status(), r.text());
            }
        }
        assertTrue(refusedAt > 0, "4,000 points of 16 floats were stored under a 64 KB max-memory");
        try (RespClient c = server.resp()) {
            assertEquals(OOM, c.call("SET", "mem:new", "v"), "the shards' published memory includes their vectors");
        }
        server.ok("DELETE", "/collections/mem-vectors", null);
    }

    @Test
    void httpReadsAndDeletesGoOnOverTheLimit() {
        assertEquals(200, server.send("POST", "/kv/_mget", "{\"keys\": [\"mem:0\", \"mem:1\"]}").statusCode());
        assertEquals(200, server.send("DELETE", "/kv/mem:0", null).statusCode());
    }

    @Test
    void infoShowsTheLimitAndTheRefusals() throws IOException {
        try (RespClient c = server.resp()) {
            String info = new String((byte[]) c.call("INFO"));
            assertTrue(info.contains("\r\nmaxmemory:65536\r\n"), info);
            assertFalse(info.contains("\r\noom_refusals:0\r\n"), info);
        }
    }
}
