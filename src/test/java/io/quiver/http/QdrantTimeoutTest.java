package io.quiver.http;

import io.quiver.config.ConfigKeys;
import io.quiver.testing.RawConnection;
import io.quiver.testing.TestServer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Qdrant's {@code ?timeout=N} sets the request's own deadline, earlier than the server's
 * {@code request-timeout}: while every shard is stalled by {@code DEBUG SLEEP} (Redis's command,
 * the server's real slow path), a search with a timeout shorter than the stall answers Qdrant's
 * timeout error when its timeout passes, not when the shards wake; one with a longer timeout waits
 * and gets its answer; a timeout at or above {@code request-timeout} is bounded by it.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class QdrantTimeoutTest {
    private static final long REQUEST_TIMEOUT_MS = 3000;
    private TestServer server;

    @BeforeAll
    void start() {
        server = TestServer.start(2, ConfigKeys.ENABLE_DEBUG_COMMAND, "yes", ConfigKeys.REQUEST_TIMEOUT, REQUEST_TIMEOUT_MS);
        server.ok("PUT", "/collections/t", new JsonObject().put("vectors", new JsonObject().put("size", 2).put("distance", "Dot")));
        JsonArray points = new JsonArray();
        for (int i = 1; i <= 20; i++) {
            points.add(new JsonObject().put("id", i).put("vector", new JsonArray().add(i).add(1)).put("payload", new JsonObject().put("g", i % 3)));
        }
        server.ok("PUT", "/collections/t/points?wait=true", new JsonObject().put("points", points));
    }

    @AfterAll
    void stop() {
        server.close();
    }

    private static JsonObject search() {
        return new JsonObject().put("vector", new JsonArray().add(1).add(0)).put("limit", 3);
    }

    /** Stalls every shard for {@code seconds}; returns once the sleep is running on shard 0. */
    private RawConnection stallShards(double seconds) throws Exception {
        RawConnection sleeper = new RawConnection(server.respPort()).readTimeout(30_000);
        sleeper.write("DEBUG SLEEP " + seconds + "\r\n");
        long until = System.nanoTime() + 10_000_000_000L;
        while (server.quiver().load().pending(0) < 1) {
            assertTrue(System.nanoTime() < until, "the sleep did not reach the shards");
            Thread.sleep(5);
        }
        return sleeper;
    }

    /** Waits for the sleep's reply (OK, or request-timeout's TIMEOUT for a long one) and for the shards to be idle. */
    private void awake(RawConnection sleeper) throws Exception {
        String reply = sleeper.readLine();
        assertTrue(reply.equals("+OK\r\n") || reply.startsWith("-TIMEOUT"), reply);
        long until = System.nanoTime() + 10_000_000_000L;
        while (server.quiver().load().pending(0) + server.quiver().load().pending(1) > 0) {
            assertTrue(System.nanoTime() < until, "the shards did not wake");
            Thread.sleep(5);
        }
    }

    @Test
    void aSearchWhoseTimeoutPassesWhileTheShardsAreStalledAnswersQdrantsTimeoutErrorAtItsTimeout() throws Exception {
        try (RawConnection sleeper = stallShards(2.5)) {
            long t0 = System.nanoTime();
            TestServer.Reply r = server.postJson("/collections/t/points/search?timeout=1", search());
            long tookMs = (System.nanoTime() - t0) / 1_000_000;
            assertEquals(500, r.status(), r.text());
            assertEquals("Timeout error: Operation 'Search' timed out after 1 seconds", r.error());
            assertTrue(tookMs >= 900 && tookMs < 2000, "answered at its own 1 s deadline, before the shards woke: " + tookMs + " ms");
            assertEquals(0, sleeper.available(), "the shards were still asleep when the timeout answered");
            awake(sleeper);
        }
        assertEquals(200, server.postJson("/collections/t/points/search?timeout=1", search()).status(), "served again once awake");
    }

    @Test
    void aSearchWithATimeoutLongerThanTheStallWaitsAndIsAnswered() throws Exception {
        try (RawConnection sleeper = stallShards(1)) {
            TestServer.Reply r = server.postJson("/collections/t/points/search?timeout=2", search());
            assertEquals(200, r.status(), r.text());
            assertEquals(20, r.json().getJsonArray("result").getJsonObject(0).getInteger("id"));
            awake(sleeper);
        }
    }

    @Test
    void aGroupsQueryPastItsTimeoutIsQdrants408ForGroupBy() throws Exception {
        try (RawConnection sleeper = stallShards(2.5)) {
            TestServer.Reply r = server.postJson("/collections/t/points/query/groups?timeout=1",
                    new JsonObject().put("query", new JsonArray().add(1).add(0)).put("group_by", "g").put("limit", 2));
            assertEquals(408, r.status(), r.text());
            assertEquals("Timeout error: Operation 'GroupBy' timed out after 1 seconds", r.error());
            awake(sleeper);
        }
    }

    @Test
    void aTimeoutAboveRequestTimeoutIsBoundedByTheServersRequestTimeout() throws Exception {
        try (RawConnection sleeper = stallShards(4.5)) {
            long t0 = System.nanoTime();
            TestServer.Reply r = server.postJson("/collections/t/points/search?timeout=10", search());
            long tookMs = (System.nanoTime() - t0) / 1_000_000;
            assertEquals(504, r.status(), r.text());
            assertEquals("request did not finish within request-timeout (" + REQUEST_TIMEOUT_MS + " ms)", r.error());
            assertTrue(tookMs < 4400, "request-timeout answered before the shards woke: " + tookMs + " ms");
            awake(sleeper);
        }
    }
}
