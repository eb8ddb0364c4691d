package io.quiver.http;

import io.quiver.testing.TestServer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Qdrant's relevance feedback query ({@code relevance_feedback} with the naive strategy) over real
 * HTTP on a 2-shard server, against the formula computed here by brute force.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class QdrantRelevanceFeedbackTest {
    private static final double[][] V = {{1, 0}, {0, 1}, {0.6, 0.8}, {-1, 0.2}, {0.3, -0.9}, {0.7, 0.7}};
    private TestServer server;

    @BeforeAll
    void start() {
        server = TestServer.start(2);
        server.ok("PUT", "/collections/r", new JsonObject().put("vectors", new JsonObject().put("size", 2).put("distance", "Dot")));
        JsonArray points = new JsonArray();
        for (int i = 0; i < V.length; i++) {
            points.add(new JsonObject().put("id", i + 1).put("vector", new JsonArray().add(V[i][0]).add(V[i][1])));
        }
        server.ok("PUT", "/collections/r/points?wait=true", new JsonObject().put("points", points));
    }

    @AfterAll
    void stop() {
        server.close();
    }

    private static double dot(double[] a, double[] b) {
        return a[0] * b[0] + a[1] * b[1];
    }

    private static JsonObject feedbackQuery(double b) {
        return new JsonObject().put("relevance_feedback", new JsonObject()
                .put("target", new JsonArray().add(0.5).add(0.5))
                .put("feedback", new JsonArray()
                        .add(new JsonObject().put("example", 1).put("score", 0.9))
                        .add(new JsonObject().put("example", new JsonArray().add(-1).add(-1)).put("score", 0.1))
                        .add(new JsonObject().put("example", 2).put("score", 0.4)))
                .put("strategy", new JsonObject().put("naive", new JsonObject().put("a", 0.5).put("b", b).put("c", 2))));
    }

    @Test
    void pointsAreScoredByTheTargetAndTheFeedbacksPairs() {
        JsonArray got = server.ok("POST", "/collections/r/points/query", new JsonObject().put("query", feedbackQuery(2)).put("limit", 10))
                .json().getJsonObject("result").getJsonArray("points");
        // three items, one pair: the best (id 1, 0.9) against the worst (the raw vector, 0.1); id 2 is left unpaired
        double weight = Math.pow(0.9 - 0.1, 2) * 2;
        double[] target = {0.5, 0.5}, pos = V[0], neg = {-1, -1};
        List<double[]> expected = new ArrayList<>();
        for (int i = 0; i < V.length; i++) {
            if (i == 0 || i == 1) {
                continue; // examples given by id are not results
            }
            expected.add(new double[]{0.5 * dot(target, V[i]) + weight * (dot(pos, V[i]) - dot(neg, V[i])), i + 1});
        }
        expected.sort((x, y) -> Double.compare(y[0], x[0]));
        assertEquals(expected.size(), got.size(), got.encode());
        for (int i = 0; i < got.size(); i++) {
            assertEquals((int) expected.get(i)[1], got.getJsonObject(i).getInteger("id"), got.encode());
            assertEquals(expected.get(i)[0], got.getJsonObject(i).getDouble("score"), 1e-5, got.encode());
        }
    }

    @Test
    void aNegativeBIsAValidationError() {
        TestServer.Reply r = server.postJson("/collections/r/points/query", new JsonObject().put("query", feedbackQuery(-1)));
        assertEquals(422, r.status(), r.text());
        assertEquals("Validation error in JSON body: [internal.query.relevance_feedback.strategy.naive.b: value -1.0 invalid, "
                + "must be 0.0 or larger]", r.error());
    }

    @Test
    void emptyFeedbackAndAMissingExampleAreRefused() {
        JsonObject q = feedbackQuery(1);
        q.getJsonObject("relevance_feedback").put("feedback", new JsonArray());
        TestServer.Reply r = server.postJson("/collections/r/points/query", new JsonObject().put("query", q));
        assertEquals(422, r.status(), r.text());
        assertTrue(r.error().contains("feedback elements must be non-empty"), r.error());
        q.getJsonObject("relevance_feedback").put("feedback", new JsonArray().add(new JsonObject().put("example", 99).put("score", 1)));
        r = server.postJson("/collections/r/points/query", new JsonObject().put("query", q));
        assertEquals(404, r.status(), r.text());
        assertEquals("Not found: No point with id 99 found", r.error());
    }
}
