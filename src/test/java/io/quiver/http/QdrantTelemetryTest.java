package io.quiver.http;

import io.quiver.testing.QdrantSnapshots;
import io.quiver.testing.TestServer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Qdrant's GET /telemetry and /issues, and the Qdrant series of /metrics, on a real server. */
class QdrantTelemetryTest {
    private static TestServer server;

    @BeforeAll
    static void start() {
        server = TestServer.start(TestServer.base(io.quiver.config.ConfigKeys.SHARDS, 2));
        server.ok("PUT", "/collections/tel", new JsonObject().put("vectors", new JsonObject().put("size", 4).put("distance", "Dot")));
        QdrantSnapshots.fill(server, "tel", 7);
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static JsonObject telemetry(String query) {
        return (JsonObject) server.ok("GET", "/telemetry" + query, null).result();
    }

    @Test
    void levelZeroHasQdrantsTopLevelKeysAndTheCollectionCount() {
        JsonObject t = telemetry("");
        assertEquals(Set.of("id", "app", "collections", "cluster", "requests", "quota"), t.fieldNames());
        assertEquals(new JsonObject().put("number_of_collections", 1), t.getJsonObject("collections"));
        assertEquals("quiver", t.getJsonObject("app").getString("name"));
        assertFalse(t.getJsonObject("cluster").getBoolean("enabled"));
    }

    @Test
    void theRestResponsesAreCountedPerEndpointAndStatus() {
        server.ok("POST", "/collections/tel/points/count", new JsonObject());
        server.ok("POST", "/collections/tel/points/count", new JsonObject());
        assertEquals(404, server.postJson("/collections/tel-none/points/count", new JsonObject()).status());
        JsonObject endpoint = telemetry("").getJsonObject("requests").getJsonObject("rest").getJsonObject("responses")
                .getJsonObject("POST /collections/{collection_name}/points/count");
        JsonObject ok = endpoint.getJsonObject("200");
        assertTrue(ok.getLong("count") >= 2, endpoint.encode());
        assertTrue(endpoint.getJsonObject("404").getLong("count") >= 1, endpoint.encode());
        assertTrue(ok.getDouble("min_duration_micros") <= ok.getDouble("avg_duration_micros")
                && ok.getDouble("avg_duration_micros") <= ok.getDouble("max_duration_micros"), ok.encode());
        Instant last = Instant.parse(ok.getString("last_responded"));
        assertTrue(last.isAfter(Instant.now().minus(1, ChronoUnit.MINUTES)), ok.encode());
    }

    @Test
    void perCollectionResponsesAppearOnlyWhenAsked() {
        assertFalse(telemetry("").getJsonObject("requests").getJsonObject("rest").containsKey("per_collection_responses"));
        JsonObject by = telemetry("?per_collection=true").getJsonObject("requests").getJsonObject("rest")
                .getJsonObject("per_collection_responses");
        assertTrue(by.getJsonObject("tel").containsKey("PUT /collections/{collection_name}/points"), by.encode());
    }

    @Test
    void levelOneAggregatesEachCollection() {
        JsonObject t = telemetry("?details_level=1");
        assertEquals(Set.of("id", "app", "collections", "cluster", "requests", "memory", "hardware", "search_pool", "quota"),
                t.fieldNames());
        JsonObject c = t.getJsonObject("collections").getJsonArray("collections").getJsonObject(0);
        assertEquals(7, c.getInteger("vectors"));
        assertEquals(4, c.getJsonObject("params").getJsonObject("vectors").getInteger("size"));
        JsonObject memory = t.getJsonObject("memory");
        assertTrue(memory.getLong("resident_bytes") > 0 && memory.getLong("active_bytes") > 0, memory.encode());
        assertEquals(2, t.getJsonObject("search_pool").getInteger("high_cpu_threads"), "one searching thread per shard");
    }

    @Test
    void levelTwoGivesEachCollectionsConfig() {
        JsonObject c = telemetry("?details_level=2").getJsonObject("collections").getJsonArray("collections").getJsonObject(0);
        assertEquals(Set.of("id", "init_time_ms", "config"), c.fieldNames());
        assertEquals("tel", c.getString("id"));
        assertEquals("Dot", c.getJsonObject("config").getJsonObject("params").getJsonObject("vectors").getString("distance"));
    }

    @Test
    void levelsAboveTwoAreRefusedByName() {
        TestServer.Reply r = server.getJson("/telemetry?details_level=3");
        assertEquals(400, r.status(), r.text());
        assertTrue(r.error().contains("details_level 3 is not supported"), r.error());
    }

    @Test
    void issuesAreAnEmptyListThatCanBeCleared() {
        assertEquals(new JsonArray(), ((JsonObject) server.ok("GET", "/issues", null).result()).getJsonArray("issues"));
        assertEquals(Boolean.TRUE, server.ok("DELETE", "/issues", null).result());
    }

    @Test
    void metricsHaveQdrantsCollectionAndRestSeries() {
        server.ok("POST", "/collections/tel/points/scroll", new JsonObject().put("limit", 1));
        String text = server.get("/metrics").body();
        assertTrue(text.contains("# TYPE collections_total gauge\ncollections_total 1\n"), text);
        assertTrue(text.contains("collection_points{id=\"tel\"} 7\n"), text);
        assertTrue(text.matches("(?s).*\nrest_responses_total\\{method=\"POST\",endpoint=\"/collections/\\{collection_name}/points/scroll\","
                + "status=\"200\"} [1-9].*"), text);
        assertFalse(text.contains("collection=\"tel\""), "no collection label unless per_collection=true");
    }

    @Test
    void perCollectionMetricsLabelTheCollectionRoutes() {
        server.ok("POST", "/collections/tel/points/scroll", new JsonObject().put("limit", 1));
        String text = server.get("/metrics?per_collection=true").body();
        assertTrue(text.matches("(?s).*\nrest_responses_total\\{method=\"POST\",endpoint=\"/collections/\\{collection_name}/points/scroll\","
                + "status=\"200\",collection=\"tel\"} [1-9].*"), text);
    }

    @Test
    void everyMetricFamilyIsDeclaredOnce() {
        String text = server.get("/metrics?per_collection=true").body();
        java.util.Map<String, Integer> types = new java.util.HashMap<>();
        for (String line : text.split("\n")) {
            if (line.startsWith("# TYPE ")) {
                types.merge(line.split(" ")[2], 1, Integer::sum);
            }
        }
        types.forEach((name, n) -> assertEquals(1, n, name + " is declared " + n + " times"));
        assertTrue(types.containsKey("rest_responses_total") && types.containsKey("app_info"), types.keySet().toString());
    }
}
