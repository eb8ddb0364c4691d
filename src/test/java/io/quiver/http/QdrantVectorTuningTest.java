package io.quiver.http;

import io.quiver.testing.TestServer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A dense vector's own {@code hnsw_config} in {@code PUT /collections/{c}}
 * (Qdrant's per-vector index settings over the collection's): applied to that vector's parts only,
 * reported as given, refused where the vector has no graph; and serde's {@code quantization} alias.
 * Over real HTTP, on a 2-shard server.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class QdrantVectorTuningTest {
    private TestServer server;

    @BeforeAll
    void start() {
        server = TestServer.start(2);
    }

    @AfterAll
    void stop() {
        server.close();
    }

    private static JsonObject dense(int size) {
        return new JsonObject().put("size", size).put("distance", "Dot");
    }

    private JsonObject config(String name) {
        return server.ok("GET", "/collections/" + name, null).json().getJsonObject("result").getJsonObject("config");
    }

    private static JsonArray vector(int size, int seed) {
        JsonArray a = new JsonArray();
        java.util.Random r = new java.util.Random(seed);
        for (int i = 0; i < size; i++) {
            a.add(r.nextFloat());
        }
        return a;
    }

    @Test
    void aVectorsOwnHnswConfigIsReportedAsGiven() {
        server.ok("PUT", "/collections/given", new JsonObject().put("vectors", new JsonObject()
                .put("image", dense(4).put("hnsw_config", new JsonObject().put("m", 20)))
                .put("audio", dense(4).put("hnsw_config", new JsonObject().put("ef_construct", 100)))
                .put("text", dense(8))).put("hnsw_config", new JsonObject().put("m", 10).put("ef_construct", 80)));
        JsonObject c = config("given"), v = c.getJsonObject("params").getJsonObject("vectors");
        assertEquals(new JsonObject().put("m", 20), v.getJsonObject("image").getJsonObject("hnsw_config"));
        assertEquals(new JsonObject().put("ef_construct", 100), v.getJsonObject("audio").getJsonObject("hnsw_config"));
        assertFalse(v.getJsonObject("text").containsKey("hnsw_config"));
        assertEquals(10, c.getJsonObject("hnsw_config").getInteger("m"), "the collection's own stays");
    }

    @Test
    void aVectorsOwnFullScanThresholdBuildsOnlyItsGraph() {
        // 256-d floats are 1 KiB each: full_scan_threshold 1 builds "fast"'s graph at its first point; "slow" keeps
        // the collection's threshold (1024 points per part) and stays flat
        server.ok("PUT", "/collections/thresholds", new JsonObject().put("vectors", new JsonObject()
                .put("fast", dense(256).put("hnsw_config", new JsonObject().put("full_scan_threshold", 1)))
                .put("slow", dense(256))));
        JsonArray points = new JsonArray();
        for (int i = 1; i <= 10; i++) {
            points.add(new JsonObject().put("id", i).put("vector", new JsonObject().put("fast", vector(256, i)).put("slow", vector(256, -i))));
        }
        server.ok("PUT", "/collections/thresholds/points?wait=true", new JsonObject().put("points", points));
        JsonObject info = server.ok("GET", "/collections/thresholds", null).json().getJsonObject("result");
        assertEquals(10, info.getLong("points_count"));
        assertEquals(10, info.getLong("indexed_vectors_count"), "only fast's 10 vectors are in graphs: " + info);
    }

    @Test
    void theQuantizationAliasIsQuantizationConfig() {
        server.ok("PUT", "/collections/alias", new JsonObject().put("vectors", dense(4))
                .put("quantization", new JsonObject().put("scalar", new JsonObject().put("type", "int8").put("quantile", 0.5))));
        assertEquals(0.5, config("alias").getJsonObject("quantization_config").getJsonObject("scalar").getDouble("quantile"), 1e-6);
    }

    @Test
    void bothSpellingsOfQuantizationAreRefused() {
        JsonObject q = new JsonObject().put("scalar", new JsonObject().put("type", "int8"));
        TestServer.Reply r = server.putJson("/collections/twice", new JsonObject().put("vectors", dense(4))
                .put("quantization", q).put("quantization_config", q));
        assertEquals(400, r.status(), r.text());
        assertTrue(r.error().contains("duplicate field `quantization_config`"), r.error());
    }

    @Test
    void aManhattanVectorsOwnHnswConfigIsRefusedByName() {
        TestServer.Reply r = server.putJson("/collections/l1", new JsonObject().put("vectors", new JsonObject()
                .put("a", new JsonObject().put("size", 4).put("distance", "Manhattan").put("hnsw_config", new JsonObject().put("m", 8)))));
        assertEquals(400, r.status(), r.text());
        assertTrue(r.error().contains("vectors.a.hnsw_config is not supported"), r.error());
        assertFalse(server.ok("GET", "/collections/l1/exists", null).json().getJsonObject("result").getBoolean("exists"));
    }

    @Test
    void onDiskIsReportedForEveryVector() {
        server.ok("PUT", "/collections/heap", new JsonObject().put("vectors", dense(4)));
        assertEquals(Boolean.FALSE, config("heap").getJsonObject("params").getJsonObject("vectors").getValue("on_disk"));
    }
}
