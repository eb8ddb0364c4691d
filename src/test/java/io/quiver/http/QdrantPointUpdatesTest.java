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
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Qdrant's facet, batch of update operations, conditional upserts ({@code update_mode},
 * {@code update_filter}), vector deletes by filter, prefix matches and text index stopwords, over real HTTP on three shards
 * (so every answer merges shards).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class QdrantPointUpdatesTest {
    private TestServer server;

    @BeforeAll
    void start() {
        server = TestServer.start(3);
    }

    @AfterAll
    void stop() {
        server.close();
    }

    /** A 2-d Dot collection with the given points: id → payload. */
    private void collection(String name, Object... idsAndPayloads) {
        server.sendJson("DELETE", "/collections/" + name, null);
        server.ok("PUT", "/collections/" + name, new JsonObject().put("vectors", new JsonObject().put("size", 2).put("distance", "Dot")));
        JsonArray points = new JsonArray();
        for (int i = 0; i < idsAndPayloads.length; i += 2) {
            points.add(new JsonObject().put("id", idsAndPayloads[i]).put("vector", new JsonArray().add(1.0).add(0.5))
                    .put("payload", idsAndPayloads[i + 1]));
        }
        server.ok("PUT", "/collections/" + name + "/points?wait=true", new JsonObject().put("points", points));
    }

    private void index(String name, String field, String type) {
        server.ok("PUT", "/collections/" + name + "/index", new JsonObject().put("field_name", field).put("field_schema", type));
    }

    private JsonObject payloadOf(String name, int id) {
        TestServer.Reply r = server.getJson("/collections/" + name + "/points/" + id);
        return r.status() == 404 ? null : r.json().getJsonObject("result").getJsonObject("payload");
    }

    private static JsonObject must(String key, String matchKind, Object value) {
        return new JsonObject().put("must", new JsonArray().add(new JsonObject().put("key", key)
                .put("match", new JsonObject().put(matchKind, value))));
    }

    private static JsonObject p(Object... kv) {
        JsonObject o = new JsonObject();
        for (int i = 0; i < kv.length; i += 2) {
            o.put((String) kv[i], kv[i + 1]);
        }
        return o;
    }

    // ---- facet ----

    @Test
    void facetCountsEachValueOncePerPointByCountThenValue() {
        collection("fa", 1, p("city", "Berlin"), 2, p("city", new JsonArray().add("Berlin").add("London").add("Berlin")),
                3, p("city", "Moscow"), 4, p("city", "London"), 5, p("city", "Berlin"), 6, p("other", 1), 7, p("city", 5));
        index("fa", "city", "keyword");
        JsonObject r = server.ok("POST", "/collections/fa/facet", p("key", "city")).json().getJsonObject("result");
        assertEquals(new JsonArray().add(p("value", "Berlin", "count", 3)).add(p("value", "London", "count", 2))
                .add(p("value", "Moscow", "count", 1)), r.getJsonArray("hits"));
    }

    @Test
    void facetTakesAFilterAndALimit() {
        collection("fb", 1, p("n", 1, "t", "a"), 2, p("n", 2, "t", "a"), 3, p("n", 2, "t", "b"), 4, p("n", 3, "t", "a"),
                5, p("n", 3, "t", "a"), 6, p("n", 3, "t", "b"));
        index("fb", "n", "integer");
        JsonObject r = server.ok("POST", "/collections/fb/facet", p("key", "n", "filter", must("t", "value", "a"), "limit", 2))
                .json().getJsonObject("result");
        assertEquals(new JsonArray().add(p("value", 3, "count", 2)).add(p("value", 1, "count", 1)), r.getJsonArray("hits"),
                "3 twice, then 1 and 2 once each: the smaller value first, cut at the limit");
    }

    @Test
    void facetOnAKeyWithoutAFacetIndexIsRefusedInQdrantsWords() {
        collection("fc", 1, p("price", 1.5));
        index("fc", "price", "float");
        TestServer.Reply r = server.postJson("/collections/fc/facet", p("key", "price"));
        assertEquals(400, r.status(), r.text());
        assertTrue(r.error().startsWith("Bad request: Index required but not found for \"price\""), r.error());
        r = server.postJson("/collections/fc/facet", p("key", "missing"));
        assertEquals(400, r.status(), r.text());
        assertEquals(422, server.postJson("/collections/fc/facet", p("key", "price", "limit", 0)).status());
    }

    // ---- batch ----

    @Test
    void batchAppliesItsOperationsInOrder() {
        collection("ba", 1, p("a", 1), 2, p("a", 2));
        JsonArray ops = new JsonArray()
                .add(p("upsert", p("points", new JsonArray().add(p("id", 3, "vector", new JsonArray().add(1.0).add(1.0), "payload", p("a", 3))))))
                .add(p("set_payload", p("payload", p("b", true), "points", new JsonArray().add(3))))
                .add(p("delete", p("points", new JsonArray().add(1))))
                .add(p("overwrite_payload", p("payload", p("only", 1), "filter", must("a", "value", 2))))
                .add(p("delete_payload", p("keys", new JsonArray().add("a"), "points", new JsonArray().add(3))));
        JsonArray results = server.ok("POST", "/collections/ba/points/batch?wait=true", p("operations", ops)).json().getJsonArray("result");
        assertEquals(5, results.size());
        results.forEach(o -> assertEquals("completed", ((JsonObject) o).getString("status")));
        assertNull(payloadOf("ba", 1));
        assertEquals(p("only", 1), payloadOf("ba", 2));
        assertEquals(p("b", true), payloadOf("ba", 3), "set after the upsert, then a deleted");
    }

    @Test
    void aBatchWithAnUnparsableOperationAppliesNothing() {
        collection("bb", 1, p("a", 1));
        JsonArray ops = new JsonArray()
                .add(p("delete", p("points", new JsonArray().add(1))))
                .add(p("upsert", p("points", new JsonArray().add(p("id", 2, "vector", new JsonArray().add(1.0).add(1.0))),
                        "update_filter", new JsonObject().put("must", new JsonArray().add(p("key", "empty"))))));
        TestServer.Reply r = server.postJson("/collections/bb/points/batch?wait=true", p("operations", ops));
        assertEquals(422, r.status(), r.text());
        assertTrue(r.error().contains("At least one field condition must be specified"), r.error());
        assertEquals(p("a", 1), payloadOf("bb", 1), "the delete before the bad operation did not run");
        assertEquals(400, server.postJson("/collections/bb/points/batch", p("operations", new JsonArray().add(p("smash", p())))).status());
    }

    // ---- conditional upsert ----

    private JsonObject upsertBody(Object... idsAndPayloads) {
        JsonArray points = new JsonArray();
        for (int i = 0; i < idsAndPayloads.length; i += 2) {
            points.add(p("id", idsAndPayloads[i], "vector", new JsonArray().add(2.0).add(2.0), "payload", idsAndPayloads[i + 1]));
        }
        return p("points", points);
    }

    @Test
    void insertOnlyAddsNewPointsAndLeavesExistingOnes() {
        collection("ua", 1, p("v", 1));
        server.ok("PUT", "/collections/ua/points?wait=true", upsertBody(1, p("v", 2), 2, p("v", 2)).put("update_mode", "insert_only"));
        assertEquals(p("v", 1), payloadOf("ua", 1));
        assertEquals(p("v", 2), payloadOf("ua", 2));
    }

    @Test
    void updateOnlyChangesExistingPointsAndInsertsNothing() {
        collection("ub", 1, p("v", 1));
        server.ok("PUT", "/collections/ub/points?wait=true", upsertBody(1, p("v", 2), 2, p("v", 2)).put("update_mode", "update_only"));
        assertEquals(p("v", 2), payloadOf("ub", 1));
        assertNull(payloadOf("ub", 2));
    }

    @Test
    void anUpdateFilterReplacesOnlyExistingPointsPassingIt() {
        collection("uc", 1, p("version", 5), 2, p("version", 3));
        JsonObject older = new JsonObject().put("must", new JsonArray().add(p("key", "version", "range", p("lt", 4))));
        server.ok("PUT", "/collections/uc/points?wait=true", upsertBody(1, p("version", 4), 2, p("version", 4), 3, p("version", 4))
                .put("update_filter", older));
        assertEquals(p("version", 5), payloadOf("uc", 1), "5 is not below 4: kept");
        assertEquals(p("version", 4), payloadOf("uc", 2));
        assertEquals(p("version", 4), payloadOf("uc", 3), "a new point is inserted whatever the filter");
        server.ok("PUT", "/collections/uc/points/vectors?wait=true", p("points", new JsonArray()
                .add(p("id", 1, "vector", new JsonArray().add(9.0).add(9.0))), "update_filter", older));
        JsonArray v = server.ok("GET", "/collections/uc/points/1", null).json().getJsonObject("result").getJsonArray("vector");
        assertEquals(1.0, v.getDouble(0), 1e-6, "the vector update skipped the point failing the filter");
    }

    @Test
    void anUnknownUpdateModeIsRefused() {
        collection("ud", 1, p("v", 1));
        TestServer.Reply r = server.putJson("/collections/ud/points", upsertBody(1, p("v", 2)).put("update_mode", "sometimes"));
        assertEquals(400, r.status());
        assertTrue(r.error().contains("unknown variant `sometimes`"), r.error());
        assertEquals(p("v", 1), payloadOf("ud", 1));
    }

    // ---- vectors by filter, prefix ----

    @Test
    void vectorsAreDeletedByFilter() {
        server.sendJson("DELETE", "/collections/va", null);
        server.ok("PUT", "/collections/va", p("vectors", p("img", p("size", 2, "distance", "Dot"))));
        JsonArray points = new JsonArray();
        for (int id = 1; id <= 6; id++) {
            points.add(p("id", id, "vector", p("img", new JsonArray().add(1.0).add((double) id)), "payload", p("odd", id % 2 == 1)));
        }
        server.ok("PUT", "/collections/va/points?wait=true", p("points", points));
        server.ok("POST", "/collections/va/points/vectors/delete?wait=true", p("filter", must("odd", "value", true),
                "vector", new JsonArray().add("img")));
        JsonObject has = new JsonObject().put("must", new JsonArray().add(p("has_vector", "img")));
        List<Integer> left = new ArrayList<>();
        server.ok("POST", "/collections/va/points/scroll", p("filter", has, "limit", 10)).json().getJsonObject("result")
                .getJsonArray("points").forEach(o -> left.add(((JsonObject) o).getInteger("id")));
        assertEquals(List.of(2, 4, 6), left);
        assertEquals(6L, server.ok("POST", "/collections/va/points/count", p()).json().getJsonObject("result").getLong("count"),
                "the points stay, without the vector");
    }

    @Test
    void prefixMatchesStringValuesBeginningWithIt() {
        collection("pm", 1, p("url", "https://qdrant.tech"), 2, p("url", new JsonArray().add("ftp://x").add("https://a")),
                3, p("url", "http://b"), 4, p("other", "https://c"));
        List<Integer> ids = new ArrayList<>();
        server.ok("POST", "/collections/pm/points/scroll", p("filter", must("url", "prefix", "https://")))
                .json().getJsonObject("result").getJsonArray("points").forEach(o -> ids.add(((JsonObject) o).getInteger("id")));
        assertEquals(List.of(1, 2), ids);
        assertEquals(3L, server.ok("POST", "/collections/pm/points/count", p("filter", must("url", "prefix", "")))
                .json().getJsonObject("result").getLong("count"), "an empty prefix matches every string");
    }

    @Test
    void aTextIndexWithEnglishStopwordsIgnoresThemInQueries() {
        collection("sw", 1, p("t", "the robot of the stars"), 2, p("t", "a cat"), 3, p("t", "of the"));
        server.ok("PUT", "/collections/sw/index", p("field_name", "t", "field_schema", p("type", "text", "stopwords", "english")));
        List<Integer> ids = new ArrayList<>();
        server.ok("POST", "/collections/sw/points/scroll", p("filter", must("t", "text_any", "the robot")))
                .json().getJsonObject("result").getJsonArray("points").forEach(o -> ids.add(((JsonObject) o).getInteger("id")));
        assertEquals(List.of(1), ids, "\"the\" is a stopword: only robot is looked for");
        TestServer.Reply r = server.putJson("/collections/sw/index", p("field_name", "t", "field_schema",
                p("type", "text", "stopwords", "klingon")));
        assertEquals(400, r.status(), r.text());
        assertTrue(r.error().contains("klingon"), r.error());
    }
}
