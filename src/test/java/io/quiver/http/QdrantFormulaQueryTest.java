package io.quiver.http;

import io.quiver.testing.TestServer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Qdrant's formula queries ({@code "query": {"formula", "defaults"}} over prefetches) over real HTTP,
 * on a 3-shard server: scores checked against the formula computed here from the prefetch's own
 * scores and the payloads.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class QdrantFormulaQueryTest {
    private static final float[][] VECTORS = {{1, 0}, {0.8f, 0.6f}, {0.6f, 0.8f}, {0, 1}, {-0.6f, 0.8f}, {-1, 0}};
    private static final Double[] PRICES = {10.0, 2.5, null, 7.0, 1.0, 4.0};

    private TestServer server;

    @BeforeAll
    void start() {
        server = TestServer.start(3);
        server.ok("PUT", "/collections/f", new JsonObject().put("vectors", new JsonObject().put("size", 2).put("distance", "Dot")));
        JsonArray points = new JsonArray();
        for (int i = 0; i < VECTORS.length; i++) {
            JsonObject payload = new JsonObject().put("tag", i % 2 == 0 ? "even" : "odd");
            if (PRICES[i] != null) {
                payload.put("price", PRICES[i]);
            }
            points.add(new JsonObject().put("id", i + 1).put("vector", new JsonArray().add(VECTORS[i][0]).add(VECTORS[i][1]))
                    .put("payload", payload));
        }
        server.ok("PUT", "/collections/f/points?wait=true", new JsonObject().put("points", points));
    }

    @AfterAll
    void stop() {
        server.close();
    }

    private static JsonArray query() {
        return new JsonArray().add(1).add(0.5);
    }

    private JsonArray points(JsonObject body) {
        return server.ok("POST", "/collections/f/points/query", body).json().getJsonObject("result").getJsonArray("points");
    }

    @Test
    void aFormulaRescoresThePrefetchedPointsHighestFirst() {
        Map<Integer, Double> plain = new HashMap<>();
        for (Object o : points(new JsonObject().put("query", query()).put("limit", 6))) {
            plain.put(((JsonObject) o).getInteger("id"), ((JsonObject) o).getDouble("score"));
        }
        JsonObject formula = new JsonObject().put("sum", new JsonArray().add("$score")
                .add(new JsonObject().put("mult", new JsonArray().add(0.1).add("price")))
                .add(new JsonObject().put("mult", new JsonArray().add(2).add(new JsonObject().put("key", "tag")
                        .put("match", new JsonObject().put("value", "odd"))))));
        JsonArray got = points(new JsonObject().put("prefetch", new JsonObject().put("query", query()).put("limit", 6))
                .put("query", new JsonObject().put("formula", formula).put("defaults", new JsonObject().put("price", -5)))
                .put("limit", 6));
        List<double[]> expected = new ArrayList<>();
        for (int i = 0; i < VECTORS.length; i++) {
            double price = PRICES[i] == null ? -5 : PRICES[i];
            expected.add(new double[]{plain.get(i + 1) + 0.1 * price + (i % 2 == 1 ? 2 : 0), i + 1});
        }
        expected.sort((a, b) -> Double.compare(b[0], a[0]));
        assertEquals(6, got.size(), got.encode());
        for (int i = 0; i < got.size(); i++) {
            JsonObject p = got.getJsonObject(i);
            assertEquals((int) expected.get(i)[1], p.getInteger("id"), got.encode());
            assertEquals(expected.get(i)[0], p.getDouble("score"), 1e-5, got.encode());
        }
    }

    @Test
    void scoreThresholdLimitAndOffsetApplyToTheFormulasScores() {
        JsonObject body = new JsonObject().put("prefetch", new JsonObject().put("limit", 6))
                .put("query", new JsonObject().put("formula", "price").put("defaults", new JsonObject().put("price", 0)));
        JsonArray above = points(body.copy().put("score_threshold", 4.0));
        assertEquals(List.of(1, 4, 6), ids(above), "prices 10, 7 and 4");
        assertEquals(List.of(4), ids(points(body.copy().put("score_threshold", 4.0).put("limit", 1).put("offset", 1))));
    }

    @Test
    void aPointTheFormulaCannotScoreFailsTheQuery() {
        TestServer.Reply r = server.postJson("/collections/f/points/query", new JsonObject()
                .put("prefetch", new JsonObject().put("limit", 6)).put("query", new JsonObject().put("formula", "price")));
        assertEquals(400, r.status(), r.text());
        assertTrue(r.error().contains("price") && r.error().contains("No value found"), r.error());
    }

    @Test
    void aFormulaWithoutPrefetchIsRefused() {
        TestServer.Reply r = server.postJson("/collections/f/points/query", new JsonObject()
                .put("query", new JsonObject().put("formula", "$score")));
        assertEquals(400, r.status(), r.text());
        assertTrue(r.error().contains("prefetch"), r.error());
    }

    @Test
    void strictModeWantsAnIndexForAFormulasPayloadVariables() {
        server.ok("PUT", "/collections/s", new JsonObject().put("vectors", new JsonObject().put("size", 2).put("distance", "Dot")));
        server.ok("PUT", "/collections/s/points?wait=true", new JsonObject().put("points", new JsonArray().add(new JsonObject()
                .put("id", 1).put("vector", query()).put("payload", new JsonObject().put("price", 3)))));
        server.ok("PATCH", "/collections/s", new JsonObject().put("strict_mode_config", new JsonObject().put("enabled", true)
                .put("unindexed_filtering_retrieve", false)));
        JsonObject body = new JsonObject().put("prefetch", new JsonObject().put("query", query()))
                .put("query", new JsonObject().put("formula", new JsonObject().put("sum", new JsonArray().add("$score").add("price"))));
        TestServer.Reply r = server.postJson("/collections/s/points/query", body);
        assertEquals(400, r.status(), r.text());
        assertTrue(r.error().contains("\"price\"") && r.error().contains("formula expression"), r.error());
        server.ok("PUT", "/collections/s/index?wait=true", new JsonObject().put("field_name", "price").put("field_schema", "float"));
        assertEquals(1, server.ok("POST", "/collections/s/points/query", body).json().getJsonObject("result").getJsonArray("points").size());
    }

    private static List<Integer> ids(JsonArray points) {
        List<Integer> out = new ArrayList<>();
        points.forEach(o -> out.add(((JsonObject) o).getInteger("id")));
        return out;
    }
}
