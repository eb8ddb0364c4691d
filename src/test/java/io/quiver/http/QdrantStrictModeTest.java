package io.quiver.http;

import io.quiver.cli.RespClient;
import io.quiver.testing.TestServer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Qdrant's strict mode over real HTTP (and RESP where it applies): {@code strict_mode_config} set on
 * creation or by {@code PATCH /collections/{c}}, shown in collection info, and enforced by the vector
 * service before anything is sent, with Qdrant's 400 and words ({@code Strict mode error: ... Help: ...}).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class QdrantStrictModeTest {
    private TestServer server;

    @BeforeAll
    void start() {
        server = TestServer.start(2);
    }

    @AfterAll
    void stop() {
        server.close();
    }

    @BeforeEach
    void freshCollection() {
        server.deleteJson("/collections/s");
        server.ok("PUT", "/collections/s", new JsonObject().put("vectors", new JsonObject().put("size", 2).put("distance", "Dot")));
        JsonArray points = new JsonArray();
        for (int i = 1; i <= 8; i++) {
            points.add(new JsonObject().put("id", i).put("vector", new JsonArray().add(i).add(1))
                    .put("payload", new JsonObject().put("city", i % 2 == 0 ? "Berlin" : "Rome").put("g", i % 3)));
        }
        server.ok("PUT", "/collections/s/points?wait=true", new JsonObject().put("points", points));
    }

    private void strict(JsonObject config) {
        server.ok("PATCH", "/collections/s", new JsonObject().put("strict_mode_config", config));
    }

    private JsonObject strictConfig() {
        return server.ok("GET", "/collections/s", null).json().getJsonObject("result").getJsonObject("config")
                .getJsonObject("strict_mode_config");
    }

    private TestServer.Reply query(JsonObject body) {
        return server.postJson("/collections/s/points/query", body);
    }

    private static JsonObject nearest(int limit) {
        return new JsonObject().put("query", new JsonArray().add(1).add(0)).put("limit", limit);
    }

    private static JsonObject cityIs(String city) {
        return new JsonObject().put("must", new JsonArray().add(new JsonObject().put("key", "city")
                .put("match", new JsonObject().put("value", city))));
    }

    @Test
    void aPatchSetsTheGivenKeysAndKeepsTheOthers() {
        assertNull(strictConfig(), "no strict mode until one is set");
        strict(new JsonObject().put("enabled", true).put("max_query_limit", 10).put("search_max_oversampling", 1.5));
        strict(new JsonObject().put("max_query_limit", 3).putNull("search_max_oversampling"));
        JsonObject s = strictConfig();
        assertEquals(true, s.getBoolean("enabled"));
        assertEquals(3, s.getInteger("max_query_limit"));
        assertEquals(1.5, s.getDouble("search_max_oversampling"), "a null leaves the key as it was (Qdrant's PATCH)");
        assertFalse(s.containsKey("max_timeout"));
    }

    @Test
    void aLimitAboveMaxQueryLimitIsRefusedInQdrantsWords() {
        strict(new JsonObject().put("enabled", true).put("max_query_limit", 3));
        assertEquals(200, query(nearest(3)).status());
        TestServer.Reply r = query(nearest(4));
        assertEquals(400, r.status(), r.text());
        assertEquals("Strict mode error: Limit exceeded 4 > 3 for \"limit\". Help: Reduce the \"limit\" parameter to or below 3.", r.error());
    }

    @Test
    void aLimitBeyondTheCollectionIsCheckedAsGivenNotAsAnswered() {
        strict(new JsonObject().put("enabled", true).put("max_query_limit", 10));
        TestServer.Reply r = query(nearest(1_000_000_000));
        assertEquals(400, r.status(), r.text());
        assertEquals("Strict mode error: Limit exceeded 1000000000 > 10 for \"limit\". Help: Reduce the \"limit\" parameter "
                + "to or below 10.", r.error());
    }

    @Test
    void aDisabledStrictModeChecksNothing() {
        strict(new JsonObject().put("enabled", false).put("max_query_limit", 1));
        assertEquals(200, query(nearest(5)).status());
    }

    @Test
    void aFilterOnAnUnindexedKeyIsRefusedUntilTheKeyIsIndexed() {
        strict(new JsonObject().put("enabled", true).put("unindexed_filtering_retrieve", false));
        TestServer.Reply r = query(nearest(3).put("filter", cityIs("Berlin")));
        assertEquals(400, r.status(), r.text());
        assertTrue(r.error().startsWith("Strict mode error: Index required but not found for \"city\" of one of the following types: [keyword, uuid]"), r.error());
        server.ok("PUT", "/collections/s/index?wait=true", new JsonObject().put("field_name", "city").put("field_schema", "keyword"));
        assertEquals(200, query(nearest(3).put("filter", cityIs("Berlin"))).status());
    }

    @Test
    void aDeleteByAnUnindexedFilterIsRefusedAndDeletesNothing() {
        strict(new JsonObject().put("enabled", true).put("unindexed_filtering_update", false));
        TestServer.Reply r = server.postJson("/collections/s/points/delete?wait=true", new JsonObject().put("filter", cityIs("Rome")));
        assertEquals(400, r.status(), r.text());
        assertTrue(r.error().contains("\"city\""), r.error());
        assertEquals(8, server.ok("POST", "/collections/s/points/count", new JsonObject()).json().getJsonObject("result").getInteger("count"));
    }

    @Test
    void aTimeoutAboveMaxTimeoutIsRefused() {
        strict(new JsonObject().put("enabled", true).put("max_timeout", 2));
        assertEquals(200, server.postJson("/collections/s/points/query?timeout=2", nearest(1)).status());
        TestServer.Reply r = server.postJson("/collections/s/points/query?timeout=3", nearest(1));
        assertEquals(400, r.status(), r.text());
        assertTrue(r.error().contains("Limit exceeded 3 > 2 for \"timeout\""), r.error());
    }

    @Test
    void anUpsertLargerThanUpsertMaxBatchsizeIsRefusedWhole() {
        strict(new JsonObject().put("enabled", true).put("upsert_max_batchsize", 2));
        JsonArray points = new JsonArray();
        for (int i = 20; i < 23; i++) {
            points.add(new JsonObject().put("id", i).put("vector", new JsonArray().add(1).add(1)));
        }
        TestServer.Reply r = server.putJson("/collections/s/points?wait=true", new JsonObject().put("points", points));
        assertEquals(400, r.status(), r.text());
        assertTrue(r.error().contains("Limit exceeded 3 > 2 for \"upsert\""), r.error());
        assertEquals(404, server.getJson("/collections/s/points/20").status(), "nothing was written");
    }

    @Test
    void aGroupedQueryCountsLimitTimesGroupSize() {
        strict(new JsonObject().put("enabled", true).put("max_query_limit", 5));
        TestServer.Reply r = server.postJson("/collections/s/points/query/groups",
                nearest(3).put("group_by", "g").put("group_size", 2));
        assertEquals(400, r.status(), r.text());
        assertTrue(r.error().contains("Limit exceeded 6 > 5 for \"limit\""), r.error());
    }

    @Test
    void exactSearchIsRefusedWhenSearchAllowExactIsFalse() {
        strict(new JsonObject().put("enabled", true).put("search_allow_exact", false));
        TestServer.Reply r = query(nearest(2).put("params", new JsonObject().put("exact", true)));
        assertEquals(400, r.status(), r.text());
        assertEquals("Strict mode error: Exact search disabled!. Help: Set exact=false.", r.error());
    }

    @Test
    void aFilterWithMoreConditionsThanFilterMaxConditionsIsRefused() {
        strict(new JsonObject().put("enabled", true).put("filter_max_conditions", 1));
        JsonObject two = new JsonObject().put("must", new JsonArray()
                .add(new JsonObject().put("key", "city").put("match", new JsonObject().put("value", "Rome")))
                .add(new JsonObject().put("key", "g").put("match", new JsonObject().put("value", 1))));
        TestServer.Reply r = server.postJson("/collections/s/points/scroll", new JsonObject().put("filter", two));
        assertEquals(400, r.status(), r.text());
        assertTrue(r.error().contains("Filter condition limit reached (2 > 1)"), r.error());
    }

    @Test
    void aNewPayloadIndexBeyondMaxPayloadIndexCountIsRefused() {
        strict(new JsonObject().put("enabled", true).put("max_payload_index_count", 0));
        TestServer.Reply r = server.putJson("/collections/s/index?wait=true", new JsonObject().put("field_name", "g").put("field_schema", "integer"));
        assertEquals(400, r.status(), r.text());
        assertTrue(r.error().contains("Collection already has the maximum number of payload indices (0)"), r.error());
    }

    @Test
    void theStrictModeAppliesToRespVsimToo() throws Exception {
        strict(new JsonObject().put("enabled", true).put("max_query_limit", 2));
        try (RespClient c = server.resp()) {
            Object r = c.call("VSIM", "s", "VALUES", "2", "1", "0", "COUNT", "3");
            assertTrue(r instanceof RespClient.Error e && e.text().contains("Limit exceeded 3 > 2 for \"limit\""), String.valueOf(r));
        }
    }

    @Test
    void aStrictModeKeyQuiverDoesNotEnforceIsRefusedByName() {
        TestServer.Reply r = server.sendJson("PATCH", "/collections/s", new JsonObject().put("strict_mode_config",
                new JsonObject().put("enabled", true).put("read_rate_limit", 5)));
        assertEquals(400, r.status(), r.text());
        assertTrue(r.error().contains("strict_mode_config.read_rate_limit"), r.error());
        assertNull(strictConfig(), "nothing changed");
    }

    @Test
    void strictModeGivenOnCreationIsKept() {
        server.deleteJson("/collections/s2");
        server.ok("PUT", "/collections/s2", new JsonObject().put("vectors", new JsonObject().put("size", 2).put("distance", "Dot"))
                .put("strict_mode_config", new JsonObject().put("enabled", true).put("max_query_limit", 1)));
        TestServer.Reply r = server.postJson("/collections/s2/points/query", nearest(2));
        assertEquals(400, r.status(), r.text());
        server.deleteJson("/collections/s2");
    }

    @Test
    void aPatchWithAPartQuiverRefusesChangesNothing() {
        java.util.Map<String, Object> refused = java.util.Map.of(
                "params.on_disk_payload", new JsonObject().put("on_disk_payload", true),
                "params.replication_factor", new JsonObject().put("replication_factor", 2),
                "quantization_config.scalar.type", new JsonObject().put("scalar", new JsonObject().put("type", "uint8")));
        refused.forEach((what, value) -> {
            String part = what.substring(0, what.indexOf('.'));
            TestServer.Reply r = server.sendJson("PATCH", "/collections/s", new JsonObject().put(part, value)
                    .put("strict_mode_config", new JsonObject().put("enabled", true)));
            assertEquals(400, r.status(), what + ": " + r.text());
            assertTrue(r.error().contains(what), r.error());
        });
        assertNull(strictConfig(), "nothing changed");
    }

    @Test
    void aPatchMergesMetadataAndANullRemovesAKey() {
        server.ok("PATCH", "/collections/s", new JsonObject().put("metadata", new JsonObject().put("a", 1).put("b", "x")));
        server.ok("PATCH", "/collections/s", new JsonObject().put("metadata", new JsonObject().putNull("a").put("c", true)));
        JsonObject m = server.ok("GET", "/collections/s", null).json().getJsonObject("result").getJsonObject("config").getJsonObject("metadata");
        assertEquals(new JsonObject().put("b", "x").put("c", true), m);
    }

    @Test
    void aPatchOfIndexingThresholdSetsTheAutoThreshold() {
        server.ok("PATCH", "/collections/s", new JsonObject().put("optimizers_config", new JsonObject().put("indexing_threshold", 16)));
        JsonObject info = server.ok("GET", "/collections/s", null).json().getJsonObject("result");
        assertEquals(16, info.getJsonObject("config").getJsonObject("optimizer_config").getInteger("indexing_threshold"));
        assertEquals(2048, info.getJsonObject("quiver").getInteger("auto_threshold"), "16 KiB of 2-d float vectors: 2048 points");
        TestServer.Reply r = server.sendJson("PATCH", "/collections/s", new JsonObject().put("optimizers_config", new JsonObject().put("deleted_threshold", 0.2)));
        assertEquals(400, r.status(), r.text());
        assertTrue(r.error().contains("optimizers_config.deleted_threshold"), r.error());
    }
}
