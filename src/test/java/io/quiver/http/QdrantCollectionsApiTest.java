package io.quiver.http;

import io.quiver.config.ConfigKeys;
import io.quiver.testing.TestServer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.util.ArrayList;
import java.util.List;

import static io.quiver.testing.Json.vector;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The Qdrant-compatible REST API, over real HTTP, on a 3-shard server. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class QdrantCollectionsApiTest {
    private TestServer server;

    @BeforeAll
    void start() {
        server = TestServer.start(3, ConfigKeys.VECTOR_MAX_LIMIT, 50, ConfigKeys.VECTOR_MAX_SEARCH_BATCH, 4,
                ConfigKeys.VECTOR_MAX_UPSERT_BATCH, 100, ConfigKeys.VECTOR_MAX_DIMENSION, 64);
    }

    @AfterAll
    void stop() {
        server.close();
    }

    private void create(String name, int size, String distance) {
        server.ok("PUT", "/collections/" + name,
                new JsonObject().put("vectors", new JsonObject().put("size", size).put("distance", distance)));
    }

    private static JsonObject point(Object id, JsonArray vector, JsonObject payload) {
        JsonObject p = new JsonObject().put("id", id).put("vector", vector);
        return payload == null ? p : p.put("payload", payload);
    }

    private void upsert(String name, JsonObject... points) {
        server.ok("PUT", "/collections/" + name + "/points", new JsonObject().put("points", new JsonArray(List.of((Object[]) points))));
    }

    private long count(String name) {
        return server.ok("POST", "/collections/" + name + "/points/count", new JsonObject().put("exact", true))
                .json().getJsonObject("result").getLong("count");
    }

    @Test
    void createReturnsTrueInQdrantsEnvelope() {
        TestServer.Reply r = server.putJson("/collections/env", new JsonObject()
                .put("vectors", new JsonObject().put("size", 4).put("distance", "Dot")));
        assertEquals(200, r.status(), r.text());
        assertEquals(true, r.result());
        assertEquals("ok", r.json().getString("status"));
        assertTrue(r.json().getValue("time") instanceof Number);
    }

    @Test
    void creatingAnExistingCollectionIsAConflict() {
        create("twice", 4, "Cosine");
        TestServer.Reply r = server.putJson("/collections/twice", new JsonObject()
                .put("vectors", new JsonObject().put("size", 4).put("distance", "Cosine")));
        assertEquals(409, r.status());
        assertTrue(r.error().contains("already exists"), r.text());
    }

    @Test
    void listShowsCreatedCollectionsAndDeleteRemovesThem() {
        create("listed", 2, "Euclid");
        JsonArray names = server.ok("GET", "/collections", null).json().getJsonObject("result").getJsonArray("collections");
        assertTrue(names.stream().anyMatch(o -> ((JsonObject) o).getString("name").equals("listed")));
        assertEquals(true, server.ok("DELETE", "/collections/listed", null).result());
        assertEquals(404, server.getJson("/collections/listed").status());
        assertEquals(false, server.ok("DELETE", "/collections/listed", null).result());
    }

    @Test
    void infoReportsCountsConfigAndPerShardParts() {
        create("info", 3, "Dot");
        upsert("info", point(1, vector(1, 0, 0), null), point(2, vector(0, 1, 0), null), point(3, vector(0, 0, 1), null));
        JsonObject result = server.ok("GET", "/collections/info", null).json().getJsonObject("result");
        assertEquals("green", result.getString("status"));
        assertEquals(3, result.getLong("points_count"));
        JsonObject vectors = result.getJsonObject("config").getJsonObject("params").getJsonObject("vectors");
        assertEquals(3, vectors.getInteger("size"));
        assertEquals("Dot", vectors.getString("distance"));
        assertEquals(16, result.getJsonObject("config").getJsonObject("hnsw_config").getInteger("m"));
        JsonArray shards = result.getJsonObject("quiver").getJsonArray("shards");
        assertEquals(3, shards.size());
        assertEquals(3, shards.stream().mapToLong(s -> ((JsonObject) s).getLong("points")).sum());
        assertTrue(result.getJsonObject("quiver").getLong("memory_bytes") > 0);
    }

    @Test
    void hnswConfigAndQuiverExtensionSetGraphParameters() {
        server.ok("PUT", "/collections/tuned", new JsonObject()
                .put("vectors", new JsonObject().put("size", 8).put("distance", "Cosine"))
                .put("hnsw_config", new JsonObject().put("m", 8).put("ef_construct", 50))
                .put("quiver", new JsonObject().put("index", "graph").put("alpha", 1.4).put("ef", 77)));
        JsonObject q = server.ok("GET", "/collections/tuned", null).json().getJsonObject("result").getJsonObject("quiver");
        assertEquals("graph", q.getString("index"));
        assertEquals(16, q.getJsonObject("graph").getInteger("max_degree"));
        assertEquals(50, q.getJsonObject("graph").getInteger("ef_construct"));
        assertEquals(77, q.getJsonObject("graph").getInteger("ef"));
        assertEquals(1.4, q.getJsonObject("graph").getDouble("alpha"), 1e-6);
    }

    @Test
    void upsertReturnsACompletedOperation() {
        create("op", 2, "Dot");
        TestServer.Reply r = server.ok("PUT", "/collections/op/points?wait=true", new JsonObject()
                .put("points", new JsonArray().add(point(1, vector(1, 2), null))));
        assertEquals("completed", r.json().getJsonObject("result").getString("status"));
        assertNotNull(r.json().getJsonObject("result").getLong("operation_id"));
    }

    @Test
    void batchFormUpsertsIdsVectorsAndPayloads() {
        create("batch", 2, "Dot");
        server.ok("PUT", "/collections/batch/points", new JsonObject().put("batch", new JsonObject()
                .put("ids", new JsonArray().add(10).add("b3f0a1c2-0000-4000-8000-000000000001"))
                .put("vectors", new JsonArray().add(vector(1, 0)).add(vector(0, 1)))
                .put("payloads", new JsonArray().add(new JsonObject().put("k", "v")).addNull())));
        assertEquals(2, count("batch"));
        JsonArray got = server.ok("POST", "/collections/batch/points", new JsonObject()
                .put("ids", new JsonArray().add(10)).put("with_payload", true)).json().getJsonArray("result");
        assertEquals("v", got.getJsonObject(0).getJsonObject("payload").getString("k"));
    }

    @Test
    void retrieveKeepsIntegerIdsIntegersAndStringIdsStrings() {
        create("ids", 2, "Dot");
        String uuid = "6F9619FF-8B86-D011-B42D-00C04FC964FF";
        upsert("ids", point(7, vector(1, 1), null), point(uuid, vector(2, 2), null));
        JsonArray got = server.ok("POST", "/collections/ids/points", new JsonObject()
                .put("ids", new JsonArray().add(7).add(uuid)).put("with_vector", true)).json().getJsonArray("result");
        assertEquals(2, got.size());
        assertEquals(7L, ((Number) got.getJsonObject(0).getValue("id")).longValue());
        assertTrue(got.getJsonObject(0).getValue("id") instanceof Number);
        assertEquals(uuid.toLowerCase(), got.getJsonObject(1).getString("id"));
        assertEquals(2.0, got.getJsonObject(1).getJsonArray("vector").getDouble(0), 1e-6);
    }

    @Test
    void retrieveSkipsMissingIdsAndGetPointIs404ForThem() {
        create("missing", 2, "Dot");
        upsert("missing", point(1, vector(1, 1), null));
        JsonArray got = server.ok("POST", "/collections/missing/points", new JsonObject()
                .put("ids", new JsonArray().add(1).add(2))).json().getJsonArray("result");
        assertEquals(1, got.size());
        assertEquals(200, server.getJson("/collections/missing/points/1").status());
        assertEquals(404, server.getJson("/collections/missing/points/2").status());
    }

    @Test
    void upsertReplacesVectorAndPayload() {
        create("replace", 2, "Dot");
        upsert("replace", point(1, vector(1, 0), new JsonObject().put("v", 1)));
        upsert("replace", point(1, vector(0, 1), new JsonObject().put("v", 2)));
        assertEquals(1, count("replace"));
        JsonObject p = server.ok("POST", "/collections/replace/points", new JsonObject()
                .put("ids", new JsonArray().add(1)).put("with_vector", true)).json().getJsonArray("result").getJsonObject(0);
        assertEquals(2, p.getJsonObject("payload").getInteger("v"));
        assertEquals(1.0, p.getJsonArray("vector").getDouble(1), 1e-6);
    }

    @Test
    void deletedPointsAreNeitherCountedNorFound() {
        create("del", 2, "Euclid");
        upsert("del", point(1, vector(0, 0), null), point(2, vector(1, 1), null), point(3, vector(5, 5), null));
        server.ok("POST", "/collections/del/points/delete", new JsonObject().put("points", new JsonArray().add(1).add(3)));
        assertEquals(1, count("del"));
        JsonArray hits = server.ok("POST", "/collections/del/points/search", new JsonObject()
                .put("vector", vector(0, 0)).put("limit", 10)).json().getJsonArray("result");
        assertEquals(1, hits.size());
        assertEquals(2L, hits.getJsonObject(0).getLong("id"));
    }

    @Test
    void searchReturnsScoredPointsBestFirstWithQdrantScores() {
        create("scores", 2, "Euclid");
        upsert("scores", point(1, vector(3, 4), new JsonObject().put("n", "one")), point(2, vector(1, 0), null), point(3, vector(0, 0), null));
        JsonArray hits = server.ok("POST", "/collections/scores/points/search", new JsonObject()
                .put("vector", vector(0, 0)).put("limit", 3).put("with_payload", true)).json().getJsonArray("result");
        assertEquals(List.of(3L, 2L, 1L), ids(hits));
        assertEquals(0.0, hits.getJsonObject(0).getDouble("score"), 1e-6);
        assertEquals(5.0, hits.getJsonObject(2).getDouble("score"), 1e-5); // euclidean distance, lower is better
        assertEquals("one", hits.getJsonObject(2).getJsonObject("payload").getString("n"));
        assertEquals(0, hits.getJsonObject(0).getInteger("version"));
    }

    @Test
    void searchHonoursOffsetAndScoreThreshold() {
        create("paging", 1, "Dot");
        for (int i = 1; i <= 6; i++) {
            upsert("paging", point(i, vector(i), null));
        }
        JsonArray page = server.ok("POST", "/collections/paging/points/search", new JsonObject()
                .put("vector", vector(1)).put("limit", 2).put("offset", 2)).json().getJsonArray("result");
        assertEquals(List.of(4L, 3L), ids(page));
        JsonArray above = server.ok("POST", "/collections/paging/points/search", new JsonObject()
                .put("vector", vector(1)).put("limit", 10).put("score_threshold", 4.5)).json().getJsonArray("result");
        assertEquals(List.of(6L, 5L), ids(above));
    }

    @Test
    void euclideanScoreThresholdIsAMaximumDistance() {
        create("eucthr", 1, "Euclid");
        for (int i = 0; i < 5; i++) {
            upsert("eucthr", point(i, vector(i), null));
        }
        JsonArray near = server.ok("POST", "/collections/eucthr/points/search", new JsonObject()
                .put("vector", vector(0)).put("limit", 10).put("score_threshold", 2.0)).json().getJsonArray("result");
        assertEquals(List.of(0L, 1L, 2L), ids(near));
    }

    @Test
    void equalScoresAreOrderedById() {
        create("ties", 2, "Dot");
        upsert("ties", point(9, vector(1, 0), null), point(3, vector(1, 0), null), point(5, vector(1, 0), null),
                point("zz", vector(1, 0), null), point("aa", vector(1, 0), null));
        JsonArray hits = server.ok("POST", "/collections/ties/points/search", new JsonObject()
                .put("vector", vector(1, 0)).put("limit", 5)).json().getJsonArray("result");
        List<Object> got = new ArrayList<>();
        hits.forEach(h -> got.add(((JsonObject) h).getValue("id")));
        assertEquals(List.of(3, 5, 9, "aa", "zz"), got);
    }

    @Test
    void batchSearchAnswersEachQueryInOrder() {
        create("multi", 2, "Dot");
        upsert("multi", point(1, vector(1, 0), null), point(2, vector(0, 1), null));
        JsonArray results = server.ok("POST", "/collections/multi/points/search/batch", new JsonObject().put("searches", new JsonArray()
                .add(new JsonObject().put("vector", vector(1, 0)).put("limit", 1))
                .add(new JsonObject().put("vector", vector(0, 1)).put("limit", 1).put("with_vector", true)))).json().getJsonArray("result");
        assertEquals(2, results.size());
        assertEquals(1L, results.getJsonArray(0).getJsonObject(0).getLong("id"));
        assertNull(results.getJsonArray(0).getJsonObject(0).getValue("vector"));
        assertEquals(2L, results.getJsonArray(1).getJsonObject(0).getLong("id"));
        assertNotNull(results.getJsonArray(1).getJsonObject(0).getJsonArray("vector"));
    }

    @Test
    void queryAcceptsAVectorNearestOrAPointIdThatIsNotItsOwnResult() {
        create("query", 2, "Cosine");
        upsert("query", point(1, vector(1, 0), null), point(2, vector(0, 1), null), point(3, vector(1, 1), null));
        JsonObject byVector = server.ok("POST", "/collections/query/points/query", new JsonObject()
                .put("query", vector(1, 0.1f)).put("limit", 1)).json().getJsonObject("result");
        assertEquals(1L, byVector.getJsonArray("points").getJsonObject(0).getLong("id"));
        JsonObject nearest = server.ok("POST", "/collections/query/points/query", new JsonObject()
                .put("query", new JsonObject().put("nearest", vector(0.1f, 1))).put("limit", 1)).json().getJsonObject("result");
        assertEquals(2L, nearest.getJsonArray("points").getJsonObject(0).getLong("id"));
        JsonObject byId = server.ok("POST", "/collections/query/points/query", new JsonObject()
                .put("query", 3).put("limit", 1)).json().getJsonObject("result");
        // point 3 ([1, 1]) is as near to 1 as to 2 (the tie goes to the smaller id) and is left out itself, as in Qdrant
        assertEquals(1L, byId.getJsonArray("points").getJsonObject(0).getLong("id"));
        assertEquals(Math.sqrt(0.5), byId.getJsonArray("points").getJsonObject(0).getDouble("score"), 1e-5);
    }

    @Test
    void withPayloadSelectsFields() {
        create("fields", 1, "Dot");
        upsert("fields", point(1, vector(1), new JsonObject().put("a", 1).put("b", 2)));
        JsonObject hit = server.ok("POST", "/collections/fields/points/search", new JsonObject()
                .put("vector", vector(1)).put("with_payload", new JsonArray().add("a"))).json().getJsonArray("result").getJsonObject(0);
        assertEquals(new JsonObject().put("a", 1), hit.getJsonObject("payload"));
    }

    // ---- bad input ----

    @Test
    void unknownCollectionIs404InQdrantsErrorShape() {
        TestServer.Reply r = server.postJson("/collections/nope/points/search", new JsonObject().put("vector", vector(1)));
        assertEquals(404, r.status());
        assertTrue(r.error().contains("doesn't exist"), r.text());
        assertTrue(r.json().getValue("time") instanceof Number);
    }

    @Test
    void wrongDimensionIsRejectedAndNothingOfTheBatchIsApplied() {
        create("dims", 3, "Dot");
        TestServer.Reply r = server.putJson("/collections/dims/points", new JsonObject().put("points", new JsonArray()
                .add(point(1, vector(1, 2, 3), null)).add(point(2, vector(1, 2), null))));
        assertEquals(400, r.status());
        assertTrue(r.error().contains("dimension"), r.text());
        assertEquals(0, count("dims"));
    }

    @Test
    void emptyAndNonFiniteVectorsAreRejected() {
        create("finite", 2, "Dot");
        assertEquals(422, server.putJson("/collections/finite/points", "{\"points\":[{\"id\":1,\"vector\":[]}]}").status(), "an empty vector breaks Qdrant's validation rule");
        TestServer.Reply inf = server.putJson("/collections/finite/points", "{\"points\":[{\"id\":1,\"vector\":[1e39, 1]}]}");
        assertEquals(400, inf.status());
        assertTrue(inf.error().contains("non-finite"), inf.text());
        assertEquals(400, server.postJson("/collections/finite/points/search", "{\"vector\":[1e39, 1]}").status());
        assertEquals(0, count("finite"));
    }

    @Test
    void aZeroVectorIsAValidCosinePointSimilarToNothing() {
        create("zero", 2, "Cosine");
        upsert("zero", point(1, vector(0, 0), null), point(2, vector(3, 4), null));
        JsonArray hits = server.ok("POST", "/collections/zero/points/search", new JsonObject()
                .put("vector", vector(1, 0)).put("limit", 2)).json().getJsonArray("result");
        assertEquals(2L, hits.getJsonObject(0).getLong("id"));
        assertEquals(0.6, hits.getJsonObject(0).getDouble("score"), 1e-6);
        assertEquals(1L, hits.getJsonObject(1).getLong("id"));
        assertEquals(0.0, hits.getJsonObject(1).getDouble("score"), "as in Qdrant, a zero vector is kept as zeros");
        JsonArray fromZero = server.ok("POST", "/collections/zero/points/search", new JsonObject()
                .put("vector", vector(0, 0)).put("limit", 2)).json().getJsonArray("result");
        assertEquals(0.0, fromZero.getJsonObject(0).getDouble("score"), "a zero query is similar to nothing");
    }

    @Test
    void malformedJsonAndWrongTypesAre400() {
        create("malformed", 2, "Dot");
        assertEquals(400, server.putJson("/collections/malformed/points", "{\"points\": [").status());
        assertEquals(400, server.putJson("/collections/malformed/points", "{\"points\":[{\"id\":-1,\"vector\":[1,2]}]}").status());
        assertEquals(400, server.putJson("/collections/malformed/points", "{\"points\":[{\"id\":1.5,\"vector\":[1,2]}]}").status());
        assertEquals(400, server.putJson("/collections/malformed/points", "{\"points\":[{\"id\":1,\"vector\":[1,\"x\"]}]}").status());
        assertEquals(400, server.putJson("/collections/malformed/points", "{\"points\":[{\"id\":1,\"vector\":[1,2],\"payload\":3}]}").status());
        assertEquals(400, server.putJson("/collections/bad", "{\"vectors\":{\"size\":2,\"distance\":\"Chebyshev\"}}").status());
        assertEquals(422, server.putJson("/collections/bad", "{\"vectors\":{\"size\":0,\"distance\":\"Dot\"}}").status(),
                "a size out of range is Qdrant's validation error");
        assertEquals(0, count("malformed"));
    }

    @Test
    void aLimitOverVectorMaxLimitAnswersEveryPointOfASmallerCollectionAndIsRefusedInALargerOne() {
        create("hugelimit", 2, "Dot");
        upsert("hugelimit", point(1, vector(1, 0), null), point(2, vector(0, 1), null), point(3, vector(1, 1), null));
        String u64max = "18446744073709551615"; // Qdrant takes any usize
        JsonArray found = server.ok("POST", "/collections/hugelimit/points/search",
                "{\"vector\":[1,2],\"limit\":" + u64max + "}").json().getJsonArray("result");
        assertEquals(3, found.size());
        JsonArray queried = server.ok("POST", "/collections/hugelimit/points/query",
                "{\"query\":[1,2],\"limit\":" + u64max + "}").json().getJsonObject("result").getJsonArray("points");
        assertEquals(ids(found), ids(queried));
        JsonArray points = new JsonArray();
        for (int i = 10; i < 58; i++) {
            points.add(point(i, vector(1, i), null));
        }
        server.ok("PUT", "/collections/hugelimit/points", new JsonObject().put("points", points));
        TestServer.Reply over = server.postJson("/collections/hugelimit/points/search", "{\"vector\":[1,2],\"limit\":51}");
        assertEquals(400, over.status(), "51 points are more than vector-max-limit (50)");
        assertTrue(over.error().contains("vector-max-limit"), over.text());
    }

    @Test
    void limitsAreEnforced() {
        create("limits", 2, "Dot");
        assertEquals(422, server.putJson("/collections/huge", "{\"vectors\":{\"size\":65,\"distance\":\"Dot\"}}").status());
        assertEquals(400, server.postJson("/collections/limits/points/search", "{\"vector\":[1,2],\"limit\":40,\"offset\":20}").status());
        assertEquals(400, server.postJson("/collections/limits/points/search", "{\"vector\":[1,2],\"limit\":0}").status());
        assertEquals(400, server.postJson("/collections/limits/points/search", "{\"vector\":[1,2],\"params\":{\"hnsw_ef\":5000}}").status());
        JsonArray searches = new JsonArray();
        for (int i = 0; i < 5; i++) {
            searches.add(new JsonObject().put("vector", vector(1, 2)));
        }
        assertEquals(400, server.postJson("/collections/limits/points/search/batch", new JsonObject().put("searches", searches)).status());
        JsonArray points = new JsonArray();
        for (int i = 0; i < 101; i++) {
            points.add(point(i, vector(1, 2), null));
        }
        TestServer.Reply tooMany = server.putJson("/collections/limits/points", new JsonObject().put("points", points));
        assertEquals(400, tooMany.status());
        assertTrue(tooMany.error().contains("vector-max-upsert-batch"), tooMany.text());
        assertEquals(0, count("limits"));
    }

    @Test
    void aMalformedFilterIsRefusedInQdrantsWords() {
        create("filter", 1, "Dot");
        TestServer.Reply r = server.postJson("/collections/filter/points/search", new JsonObject().put("vector", vector(1))
                .put("filter", new JsonObject().put("must", new JsonArray().add(new JsonObject().put("key", "a")
                        .put("matches", new JsonObject().put("value", 1))))));
        assertEquals(400, r.status());
        assertTrue(r.error().startsWith("Format error in JSON body: filter.must[0]"), r.error());
    }

    @Test
    void rootReportsAQdrantCompatibleVersion() {
        JsonObject root = server.ok("GET", "/", null).json();
        assertFalse(root.getString("version").isEmpty());
    }

    private static List<Long> ids(JsonArray hits) {
        List<Long> out = new ArrayList<>();
        hits.forEach(h -> out.add(((JsonObject) h).getLong("id")));
        return out;
    }

    @Test
    void pinnedDenseVectorOrPayloadStorageBreaksQdrantsValidationRule() {
        TestServer.Reply r = server.putJson("/collections/pinned", new JsonObject().put("vectors",
                new JsonObject().put("size", 2).put("distance", "Dot").put("memory", "pinned")));
        assertEquals(422, r.status(), r.text());
        assertTrue(r.error().contains("vectors.memory: pinned"), r.text());
        r = server.putJson("/collections/pinned", new JsonObject().put("vectors", new JsonObject().put("size", 2).put("distance", "Dot"))
                .put("payload", new JsonObject().put("memory", "pinned")));
        assertEquals(422, r.status(), r.text());
        assertTrue(r.error().contains("payload.memory: pinned"), r.text());
        assertEquals(404, server.getJson("/collections/pinned").status(), "nothing was created");
    }

    @Test
    void memoryPlacementAndUnknownSearchParamsAreRefusedByNameNotIgnored() {
        TestServer.Reply r = server.putJson("/collections/placed", new JsonObject().put("vectors",
                new JsonObject().put("size", 2).put("distance", "Dot").put("memory", "cached")));
        assertEquals(400, r.status());
        assertTrue(r.error().contains("vectors.memory"), r.text());
        assertEquals(404, server.getJson("/collections/placed").status(), "nothing was created");
        r = server.putJson("/collections/placed", new JsonObject().put("vectors", new JsonObject().put("size", 2).put("distance", "Dot"))
                .put("payload", new JsonObject().put("memory", "cached")));
        assertEquals(400, r.status());
        assertTrue(r.error().contains("payload"), r.text());
        create("params", 2, "Dot");
        upsert("params", point(1, vector(1, 0), null));
        r = server.postJson("/collections/params/points/query", new JsonObject().put("query", vector(1, 0))
                .put("params", new JsonObject().put("idf", "global")));
        assertEquals(400, r.status(), "idf applies to sparse vectors with the idf modifier only");
        assertTrue(r.error().contains("idf"), r.text());
        r = server.postJson("/collections/params/points/query", new JsonObject().put("query", vector(1, 0))
                .put("params", new JsonObject().put("beam", 3)));
        assertEquals(400, r.status());
        assertTrue(r.error().contains("beam"), r.text());
        assertEquals(new JsonArray(), server.ok("POST", "/collections/params/points/query/batch",
                new JsonObject().put("searches", new JsonArray())).result(), "an empty batch answers an empty list");
    }
}
