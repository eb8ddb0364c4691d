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
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Qdrant's {@code Manhattan} distance over real HTTP on a 3-shard server: scores are L1 distances
 * (lower is better, {@code score_threshold} a maximum), searched exactly; a graph index,
 * quantization or hnsw_config for Manhattan vectors is refused by name.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class QdrantManhattanTest {
    private static final int N = 300, DIM = 5;
    private TestServer server;
    private final float[][] data = new float[N][DIM];

    @BeforeAll
    void start() {
        server = TestServer.start(3);
        server.ok("PUT", "/collections/m", new JsonObject().put("vectors", new JsonObject().put("size", DIM).put("distance", "Manhattan")));
        Random r = new Random(3);
        JsonArray points = new JsonArray();
        for (int i = 0; i < N; i++) {
            JsonArray v = new JsonArray();
            for (int d = 0; d < DIM; d++) {
                data[i][d] = Math.round((r.nextFloat() * 2 - 1) * 100) / 100f;
                v.add(data[i][d]);
            }
            points.add(new JsonObject().put("id", i).put("vector", v));
        }
        server.ok("PUT", "/collections/m/points?wait=true", new JsonObject().put("points", points));
    }

    @AfterAll
    void stop() {
        server.close();
    }

    private static double l1(float[] a, float[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            s += Math.abs((double) a[i] - b[i]);
        }
        return s;
    }

    @Test
    void scoresAreL1DistancesNearestFirst() {
        float[] q = {0.1f, -0.2f, 0.3f, 0f, 0.5f};
        JsonArray got = server.ok("POST", "/collections/m/points/query", new JsonObject().put("query", new JsonArray(List.of(0.1, -0.2, 0.3, 0, 0.5)))
                .put("limit", 10)).json().getJsonObject("result").getJsonArray("points");
        List<double[]> all = new ArrayList<>();
        for (int i = 0; i < N; i++) {
            all.add(new double[]{l1(q, data[i]), i});
        }
        all.sort((a, b) -> a[0] != b[0] ? Double.compare(a[0], b[0]) : Double.compare(a[1], b[1]));
        assertEquals(10, got.size());
        for (int i = 0; i < 10; i++) {
            assertEquals(all.get(i)[0], got.getJsonObject(i).getDouble("score"), 1e-4, got.encode());
            assertEquals((int) all.get(i)[1], got.getJsonObject(i).getInteger("id"), got.encode());
        }
    }

    @Test
    void scoreThresholdIsAMaximumDistance() {
        JsonArray got = server.ok("POST", "/collections/m/points/search", new JsonObject().put("vector", new JsonArray(List.of(0, 0, 0, 0, 0)))
                .put("limit", 300).put("score_threshold", 1.5)).json().getJsonArray("result");
        long expected = java.util.Arrays.stream(data).filter(v -> l1(new float[DIM], v) <= 1.5).count();
        assertEquals(expected, got.size());
        got.forEach(o -> assertTrue(((JsonObject) o).getDouble("score") <= 1.5));
    }

    @Test
    void infoShowsTheDistanceAndAnExactIndex() {
        JsonObject info = server.ok("GET", "/collections/m", null).json().getJsonObject("result");
        assertEquals("Manhattan", info.getJsonObject("config").getJsonObject("params").getJsonObject("vectors").getString("distance"));
        assertEquals("flat", info.getJsonObject("quiver").getString("index"));
    }

    @Test
    void aNamedManhattanVectorBesideADotOneIsSearchedExactly() {
        server.ok("PUT", "/collections/mix", new JsonObject().put("vectors", new JsonObject()
                .put("l1", new JsonObject().put("size", 2).put("distance", "Manhattan"))
                .put("dot", new JsonObject().put("size", 2).put("distance", "Dot"))));
        server.ok("PUT", "/collections/mix/points?wait=true", new JsonObject().put("points", new JsonArray()
                .add(new JsonObject().put("id", 1).put("vector", new JsonObject().put("l1", new JsonArray(List.of(0, 0))).put("dot", new JsonArray(List.of(1, 0)))))
                .add(new JsonObject().put("id", 2).put("vector", new JsonObject().put("l1", new JsonArray(List.of(0, 1))).put("dot", new JsonArray(List.of(0, 1)))))
                .add(new JsonObject().put("id", 3).put("vector", new JsonObject().put("l1", new JsonArray(List.of(-1, -1)))))));
        JsonArray got = server.ok("POST", "/collections/mix/points/query", new JsonObject().put("query", new JsonArray(List.of(1, 1)))
                .put("using", "l1")).json().getJsonObject("result").getJsonArray("points");
        assertEquals(List.of(2, 1, 3), got.stream().map(o -> ((JsonObject) o).getInteger("id")).toList());
        assertEquals(List.of(1.0, 2.0, 4.0), got.stream().map(o -> ((JsonObject) o).getDouble("score")).toList());
    }

    @Test
    void aGraphQuantizationOrHnswConfigForManhattanIsRefused() {
        JsonObject vectors = new JsonObject().put("size", 4).put("distance", "Manhattan");
        TestServer.Reply r = server.putJson("/collections/g", new JsonObject().put("vectors", vectors).put("quiver", new JsonObject().put("index", "graph")));
        assertEquals(400, r.status(), r.text());
        assertTrue(r.error().contains("Manhattan"), r.error());
        r = server.putJson("/collections/g", new JsonObject().put("vectors", vectors).put("quantization_config",
                new JsonObject().put("scalar", new JsonObject().put("type", "int8"))));
        assertEquals(400, r.status(), r.text());
        assertTrue(r.error().contains("quantization_config"), r.error());
        r = server.putJson("/collections/g", new JsonObject().put("vectors", vectors).put("hnsw_config", new JsonObject().put("m", 8)));
        assertEquals(400, r.status(), r.text());
        assertTrue(r.error().contains("hnsw_config"), r.error());
        assertEquals(false, server.ok("GET", "/collections/g/exists", null).json().getJsonObject("result").getBoolean("exists"));
    }
}
