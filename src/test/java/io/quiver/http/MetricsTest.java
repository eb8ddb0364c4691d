package io.quiver.http;

import io.quiver.testing.TestServer;
import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** GET /metrics serves Prometheus text with HTTP, event-bus, per-shard and per-command meters. */
class MetricsTest {
    @Test
    void metricsCoverHttpEventBusShardsAndCommands() throws Exception {
        try (TestServer server = TestServer.start(TestServer.base(io.quiver.config.ConfigKeys.SHARDS, 2))) {
            try (var c = server.resp()) {
                c.call("SET", "metrics:k", "v");
                c.call("GET", "metrics:k");
            }
            server.send("PUT", "/kv/metrics:h", "v");
            server.get("/kv/metrics:h");
            HttpResponse<String> r = server.get("/metrics");
            assertEquals(200, r.statusCode());
            String text = r.body();
            assertTrue(text.contains("vertx_http_server_requests_total"), "HTTP metrics");
            assertTrue(!text.contains("vertx_eventbus_"), "no per-message event-bus meters: their lookup costs a pipelined INCR about a tenth");
            assertTrue(text.contains("quiver_shard_pending"), "the shard queues' own meters instead");
            assertTrue(text.contains("quiver_shard_keys{shard=\"0\"}"), "per-shard key counts");
            assertTrue(text.contains("quiver_shard_keys{shard=\"1\"}"), "per-shard key counts");
            assertTrue(text.matches("(?s).*quiver_command_duration_seconds_count\\{command=\"set\",protocol=\"resp\"} [1-9].*"), "RESP command latency");
            assertTrue(text.matches("(?s).*quiver_command_duration_seconds_count\\{command=\"kv.get\",protocol=\"http\"} [1-9].*"), "HTTP route latency");
        }
    }

    @Test
    void metricsCanBeTurnedOff() {
        try (TestServer server = TestServer.start(TestServer.base(io.quiver.config.ConfigKeys.METRICS, false))) {
            assertEquals(404, server.get("/metrics").statusCode());
        }
    }
}
