package io.quiver.app;

import io.quiver.cli.RespClient;
import io.quiver.config.ConfigKeys;
import io.quiver.config.QuiverConfig;
import io.quiver.shard.KeyHash;
import io.quiver.testing.RawConnection;
import io.quiver.testing.TestServer;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Overload protection with real slow work: DEBUG SLEEP stalls the shards (as it stalls Redis), a
 * pipelined flood of writes to one shard goes past its queue bound, and what is past it is refused
 * at once with -BUSY / 503 while the shard is still stalled; afterwards everything acknowledged is
 * there and nothing refused is, and the server takes requests again.
 */
class OverloadTest {
    static final int SHARDS = 2;
    static final int QUEUE = 16;
    static final RespClient.Status OK = new RespClient.Status("OK");

    private static QuiverConfig config() {
        return TestServer.base(ConfigKeys.SHARDS, SHARDS)
                .with(ConfigKeys.EVENT_LOOPS, 1)
                .with(ConfigKeys.SHARD_QUEUE, QUEUE)
                .with(ConfigKeys.ENABLE_DEBUG_COMMAND, "yes");
    }

    /** {@code n} distinct keys that all live on shard 0. */
    private static List<String> keysOnShard0(String prefix, int n) {
        List<String> keys = new ArrayList<>();
        for (int i = 0; keys.size() < n; i++) {
            String k = prefix + i;
            if (KeyHash.shardOf(k.getBytes(StandardCharsets.UTF_8), SHARDS) == 0) {
                keys.add(k);
            }
        }
        return keys;
    }

    private static void waitFor(String what, BooleanSupplier condition) throws InterruptedException {
        for (int i = 0; i < 1000 && !condition.getAsBoolean(); i++) {
            Thread.sleep(10);
        }
        assertTrue(condition.getAsBoolean(), what);
    }

    private static String busyMessage() {
        return "BUSY shard 0 has " + QUEUE + " requests pending (shard-queue); retry later";
    }

    @Test
    void aFloodPastTheShardQueueIsRefusedAtOnceAndNothingAcknowledgedIsLost() throws Exception {
        try (TestServer server = TestServer.start(config());
             RawConnection sleeper = new RawConnection(server.respPort()).readTimeout(30_000);
             RespClient flood = server.resp();
             RespClient late = server.resp()) {
            // the shards stall: one place in each queue is taken by the sleep itself
            sleeper.write("DEBUG SLEEP 4\r\n");
            waitFor("the sleep reached the shards", () -> server.quiver().load().pending(0) == 1);

            List<String> keys = keysOnShard0("flood:", 100);
            for (String k : keys) {
                flood.send(List.of("SET".getBytes(), k.getBytes(StandardCharsets.UTF_8), ("v-" + k).getBytes()));
            }
            waitFor("the flood filled shard 0's queue", () -> server.quiver().load().pending(0) == QUEUE);

            // while the shard is still asleep, new requests for it are refused at once
            assertEquals(new RespClient.Error(busyMessage()), late.call("SET", keys.get(0), "late"));
            HttpResponse<String> http = server.send(HttpRequest.newBuilder(server.uri("/kv/" + keys.get(1)))
                    .PUT(HttpRequest.BodyPublishers.ofString("late")).build());
            assertEquals(503, http.statusCode(), http.body());
            assertEquals("1", http.headers().firstValue("Retry-After").orElse(null));
            assertEquals("busy", new JsonObject(http.body()).getJsonObject("error").getString("code"));
            assertEquals(0, sleeper.available(), "the refusals came while the shards were still asleep");

            assertEquals("+OK\r\n", sleeper.readLine());
            List<Object> replies = new ArrayList<>();
            for (int i = 0; i < keys.size(); i++) {
                replies.add(flood.read());
            }
            long accepted = replies.stream().filter(OK::equals).count();
            long refused = replies.stream().filter(new RespClient.Error(busyMessage())::equals).count();
            assertEquals(QUEUE - 1, accepted, "the queue took what fit beside the sleep: " + replies);
            assertEquals(keys.size() - accepted, refused, "and refused the rest: " + replies);

            for (int i = 0; i < keys.size(); i++) {
                Object stored = late.call("GET", keys.get(i));
                if (OK.equals(replies.get(i))) {
                    assertArrayEquals(("v-" + keys.get(i)).getBytes(), (byte[]) stored, "acknowledged " + keys.get(i));
                } else {
                    assertNull(stored, "refused " + keys.get(i) + " was not applied");
                }
            }
            assertEquals(0, server.quiver().load().pending(0), "shard 0's queue is empty again");
            assertEquals(OK, late.call("SET", keys.get(0), "after"), "the server takes writes again");
            assertEquals(200, server.get("/kv/" + keys.get(0)).statusCode());
        }
    }

    @Test
    void aMultiShardRequestIsRefusedWholeWhenOneOfItsShardsIsFull() throws Exception {
        try (TestServer server = TestServer.start(config());
             RawConnection sleeper = new RawConnection(server.respPort()).readTimeout(30_000);
             RespClient flood = server.resp();
             RespClient c = server.resp()) {
            sleeper.write("DEBUG SLEEP 3\r\n");
            waitFor("the sleep reached the shards", () -> server.quiver().load().pending(0) == 1);
            List<String> keys = keysOnShard0("multi:", QUEUE);
            for (String k : keys) {
                flood.send(List.of("GET".getBytes(), k.getBytes(StandardCharsets.UTF_8)));
            }
            waitFor("shard 0's queue is full", () -> server.quiver().load().pending(0) == QUEUE);
            int shard1Before = server.quiver().load().pending(1);
            String onShard1 = "x";
            for (int i = 0; KeyHash.shardOf(onShard1.getBytes(), SHARDS) != 1; i++) {
                onShard1 = "x" + i;
            }
            assertEquals(new RespClient.Error(busyMessage()), c.call("MSET", onShard1, "1", keys.get(0), "2"));
            assertEquals(shard1Before, server.quiver().load().pending(1), "no place was kept on shard 1");
            assertEquals("+OK\r\n", sleeper.readLine());
            for (int i = 0; i < keys.size(); i++) {
                flood.read();
            }
            assertNull(c.call("GET", onShard1), "no part of the refused MSET was applied");
        }
    }

    @Test
    void aRequestPastItsDeadlineGetsATimeoutAndTheShardSkipsIt() throws Exception {
        QuiverConfig cfg = config().with(ConfigKeys.REQUEST_TIMEOUT, "300ms");
        try (TestServer server = TestServer.start(cfg);
             RespClient sleeper = server.resp();
             RespClient c = server.resp()) {
            RespClient.Error timeout = new RespClient.Error("TIMEOUT request did not finish within request-timeout (300 ms)");
            assertEquals(timeout, sleeper.call("DEBUG", "SLEEP", "3"), "the sleep itself outlives its deadline");
            // the shards are still asleep: this write waits behind the sleep, past its own deadline
            assertEquals(timeout, c.call("SET", "deadline:k", "v"));
            HttpResponse<String> http = server.send(HttpRequest.newBuilder(server.uri("/kv/deadline:h"))
                    .PUT(HttpRequest.BodyPublishers.ofString("v")).build());
            assertEquals(504, http.statusCode(), http.body());
            assertEquals("timeout", new JsonObject(http.body()).getJsonObject("error").getString("code"));

            Object got = timeout;
            for (int i = 0; i < 100 && timeout.equals(got); i++) {
                got = c.call("GET", "deadline:k"); // times out too until the shards wake up
            }
            assertNull(got, "the shard skipped the late write instead of applying it");
            assertNull(c.call("GET", "deadline:h"));
            String info = new String((byte[]) c.call("INFO", "stats"), StandardCharsets.UTF_8);
            assertTrue(info.contains("\r\nops_skipped_late:"), info);
            assertTrue(!info.contains("\r\nops_skipped_late:0\r\n"), info);
        }
    }

    @Test
    void whenEveryShardIsFullBatchRequestsAreRefusedBeforeTheirBodyIsParsed() throws Exception {
        try (TestServer server = TestServer.start(config());
             RawConnection sleeper = new RawConnection(server.respPort()).readTimeout(30_000);
             RespClient flood = server.resp()) {
            sleeper.write("DEBUG SLEEP 3\r\n");
            waitFor("the sleep reached the shards", () -> server.quiver().load().pending(1) == 1);
            int sent = 0;
            for (int i = 0; server.quiver().load().pending(0) < QUEUE || server.quiver().load().pending(1) < QUEUE; i++) {
                flood.send(List.of("GET".getBytes(), ("full:" + i).getBytes()));
                sent++;
                if (sent % 8 == 0) {
                    Thread.sleep(5); // let the server take them in
                }
            }
            HttpResponse<String> r = server.send("POST", "/kv/_mget", "{\"keys\": [\"a\"]}");
            assertEquals(503, r.statusCode(), r.body());
            assertEquals("every shard has " + QUEUE + " requests pending (shard-queue); retry later",
                    new JsonObject(r.body()).getJsonObject("error").getString("message"));
            HttpResponse<String> malformed = server.send("POST", "/kv/_mset", "{not json");
            assertEquals(503, malformed.statusCode(), "refused before the body was parsed: " + malformed.body());
            assertEquals("+OK\r\n", sleeper.readLine());
            for (int i = 0; i < sent; i++) {
                flood.read();
            }
            assertEquals(400, server.send("POST", "/kv/_mset", "{not json").statusCode(), "parsed again once there is room");
        }
    }

    @Test
    void infoCountsRefusals() throws Exception {
        try (TestServer server = TestServer.start(config().with(ConfigKeys.SHARD_QUEUE, 1));
             RawConnection sleeper = new RawConnection(server.respPort()).readTimeout(30_000);
             RespClient c = server.resp()) {
            sleeper.write("DEBUG SLEEP 1\r\n");
            waitFor("the sleep reached the shards", () -> server.quiver().load().pending(0) == 1);
            assertInstanceOf(RespClient.Error.class, c.call("GET", keysOnShard0("info:", 1).get(0)));
            assertEquals("+OK\r\n", sleeper.readLine());
            String info = new String((byte[]) c.call("INFO", "stats"), StandardCharsets.UTF_8);
            assertTrue(info.contains("\r\nbusy_refusals:1\r\n"), info);
            assertTrue(info.contains("\r\nshard_queue_bound:1\r\n"), info);
        }
    }

    @Test
    void debugIsRefusedUnlessEnabled() throws IOException {
        try (TestServer server = TestServer.start(); RespClient c = server.resp()) {
            Object reply = c.call("DEBUG", "SLEEP", "0");
            assertTrue(reply.toString().contains("ERR DEBUG command not allowed"), reply.toString());
        }
    }
}
