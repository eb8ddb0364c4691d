package io.quiver.http;

import io.quiver.config.ConfigKeys;
import io.quiver.testing.FashionMnist;
import io.quiver.testing.TestServer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static io.quiver.testing.Json.vector;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Real data end to end: Fashion-MNIST 10k imported over HTTP into a 4-shard server, searched with the
 * 200 queries in one batch request each, checked against the exact L2 ground truth.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class FashionMnistSearchTest {
    private FashionMnist data;
    private TestServer server;

    @BeforeAll
    void start() {
        data = FashionMnist.loadOrSkip();
        server = TestServer.start(4, ConfigKeys.IMPORT_DIR, data.dir.toString());
    }

    @AfterAll
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    private void importBase(String collection, JsonObject extra) {
        JsonObject body = new JsonObject().put("path", "base.fvecs").put("wait", true).mergeIn(extra);
        JsonObject r = server.ok("POST", "/collections/" + collection + "/import", body).json().getJsonObject("result");
        assertEquals(10_000, r.getLong("rows"));
    }

    private List<List<Long>> searchAll(String collection, JsonObject params) {
        JsonArray searches = new JsonArray();
        for (float[] q : data.queries) {
            JsonObject s = new JsonObject().put("vector", vector(q)).put("limit", 10);
            if (params != null) {
                s.put("params", params);
            }
            searches.add(s);
        }
        JsonArray results = server.ok("POST", "/collections/" + collection + "/points/search/batch",
                new JsonObject().put("searches", searches)).json().getJsonArray("result");
        List<List<Long>> out = new ArrayList<>();
        for (int i = 0; i < results.size(); i++) {
            List<Long> ids = new ArrayList<>();
            results.getJsonArray(i).forEach(h -> ids.add(((JsonObject) h).getLong("id")));
            out.add(ids);
        }
        return out;
    }

    @Test
    void exactSearchOverFourShardsReturnsExactlyTheGroundTruth() {
        server.ok("PUT", "/collections/fm-flat", new JsonObject()
                .put("vectors", new JsonObject().put("size", 784).put("distance", "Euclid"))
                .put("quiver", new JsonObject().put("index", "flat")));
        importBase("fm-flat", new JsonObject());
        List<List<Long>> found = searchAll("fm-flat", null);
        for (int q = 0; q < data.queries.length; q++) {
            List<Long> truth = new ArrayList<>();
            for (int i = 0; i < 10; i++) {
                truth.add((long) data.groundTruth[q][i]);
            }
            assertEquals(truth, found.get(q), "query " + q);
        }
    }

    @Test
    void defaultGraphReachesRecallAtTenOf098() {
        importBase("fm-default", new JsonObject().put("distance", "Euclid"));
        JsonObject info = server.ok("GET", "/collections/fm-default", null).json().getJsonObject("result");
        assertEquals(10_000, info.getLong("points_count"));
        for (Object s : info.getJsonObject("quiver").getJsonArray("shards")) {
            assertEquals("graph", ((JsonObject) s).getString("index_state"), "auto switched every shard's part to a graph");
        }
        assertEquals("done", info.getJsonObject("quiver").getJsonObject("import").getString("state"));
        List<List<Long>> found = searchAll("fm-default", null);
        double recall = 0;
        for (int q = 0; q < data.queries.length; q++) {
            Set<Long> truth = new HashSet<>();
            for (int i = 0; i < 10; i++) {
                truth.add((long) data.groundTruth[q][i]);
            }
            recall += found.get(q).stream().filter(truth::contains).count() / 10.0;
        }
        recall /= data.queries.length;
        assertTrue(recall >= 0.98, "recall@10 " + recall);
    }
}
