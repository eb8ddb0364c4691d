package io.quiver.http;

import io.quiver.config.ConfigKeys;
import io.quiver.testing.TestServer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every HTTP response carries a W3C Server-Timing header with the queue, shard and merge phases
 * (and the total), and /metrics has the same phases as histograms per route.
 */
class ServerTimingTest {
    /** {@code queue;dur=0.123, shard;dur=0.456, merge;dur=0.010, total;dur=1.234}, milliseconds. */
    private static final Pattern HEADER = Pattern.compile(
            "queue;dur=(\\d+\\.\\d{3}), shard;dur=(\\d+\\.\\d{3}), merge;dur=(\\d+\\.\\d{3}), total;dur=(\\d+\\.\\d{3})");

    static TestServer server;

    @BeforeAll
    static void start() {
        // one shard: a request's phases then follow each other, so they fit inside its total
        server = TestServer.start(TestServer.base(ConfigKeys.SHARDS, 1));
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    /** The header's four figures in ms; fails unless the response has exactly one well-formed header. */
    private static double[] timing(HttpResponse<String> r) {
        var values = r.headers().allValues("Server-Timing");
        assertEquals(1, values.size(), "one Server-Timing header on " + r.request().method() + " " + r.uri() + ": " + values);
        Matcher m = HEADER.matcher(values.get(0));
        assertTrue(m.matches(), "well-formed Server-Timing: " + values.get(0));
        double[] ms = new double[4];
        for (int i = 0; i < 4; i++) {
            ms[i] = Double.parseDouble(m.group(i + 1));
        }
        return ms;
    }

    /** A request that went to the shard: its phases, one after the other, fit in its total. */
    private static void assertShardPhases(HttpResponse<String> r) {
        double[] t = timing(r);
        assertTrue(t[0] + t[1] + t[2] <= t[3] + 0.003, "queue + shard + merge <= total (rounding aside): " + r.headers().firstValue("Server-Timing"));
    }

    @Test
    void keyValueRoutesCarryTheHeader() {
        HttpResponse<String> put = server.send("PUT", "/kv/timing:a", "v");
        assertEquals(200, put.statusCode());
        assertShardPhases(put);
        HttpResponse<String> get = server.get("/kv/timing:a");
        assertEquals("v", get.body());
        assertShardPhases(get);
        assertShardPhases(server.get("/kv/timing:missing"));
        assertShardPhases(server.send("POST", "/kv/_mget", "{\"keys\":[\"timing:a\",\"timing:b\"]}"));
        assertShardPhases(server.send("DELETE", "/kv/timing:a", null));
    }

    @Test
    void qdrantRoutesCarryTheHeader() {
        assertShardPhases(server.send("PUT", "/collections/timed",
                "{\"vectors\":{\"size\":2,\"distance\":\"Euclid\"},\"quiver\":{\"index\":\"flat\"}}"));
        JsonArray points = new JsonArray();
        for (int i = 0; i < 20; i++) {
            points.add(new JsonObject().put("id", i).put("vector", new JsonArray().add(i).add(-i)).put("payload", new JsonObject().put("i", i)));
        }
        assertShardPhases(server.send("PUT", "/collections/timed/points", new JsonObject().put("points", points).encode()));
        HttpResponse<String> search = server.send("POST", "/collections/timed/points/search", "{\"vector\":[1,-1],\"limit\":3}");
        assertEquals(200, search.statusCode(), search.body());
        assertShardPhases(search);
        // two rounds: the search, then the winners' payloads
        HttpResponse<String> withPayload = server.send("POST", "/collections/timed/points/search",
                "{\"vector\":[1,-1],\"limit\":3,\"with_payload\":true}");
        assertEquals(200, withPayload.statusCode(), withPayload.body());
        assertShardPhases(withPayload);
        assertShardPhases(server.send("POST", "/collections/timed/points/search/batch",
                "{\"searches\":[{\"vector\":[1,-1],\"limit\":3},{\"vector\":[2,-2],\"limit\":1}]}"));
        assertShardPhases(server.send("GET", "/collections/timed", null));
    }

    @Test
    void responsesThatNeverReachAShardCarryZeroPhases() {
        for (HttpResponse<String> r : new HttpResponse[]{server.get("/"), server.get("/no/such/route"),
                server.send("POST", "/collections/absent/points/search", "{\"vector\":[1,2]}"),
                server.send("PUT", "/kv/", "no key")}) {
            double[] t = timing(r);
            assertEquals(0.0, t[0] + t[1] + t[2], "no shard work on " + r.uri() + " (" + r.statusCode() + ")");
        }
    }

    @Test
    void metricsHaveThePhasesAsHistogramsPerRoute() {
        server.send("PUT", "/kv/timing:m", "v");
        server.get("/kv/timing:m");
        String text = server.get("/metrics").body();
        for (String phase : new String[]{"queue", "shard", "merge"}) {
            assertTrue(text.matches("(?s).*quiver_server_timing_seconds_bucket\\{phase=\"" + phase
                            + "\",route=\"kv.get\",le=\"0.001\"} [0-9].*"), phase + " histogram of kv.get");
            assertTrue(text.matches("(?s).*quiver_server_timing_seconds_count\\{phase=\"" + phase
                    + "\",route=\"kv.get\"} [1-9].*"), phase + " count of kv.get");
        }
        assertTrue(text.contains("# TYPE quiver_server_timing_seconds histogram"), "a Prometheus histogram");
    }
}
