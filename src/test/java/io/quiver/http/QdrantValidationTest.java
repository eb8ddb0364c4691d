package io.quiver.http;

import io.quiver.testing.TestServer;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Qdrant's validation statuses over real HTTP: a value its type cannot hold is a 400, a value
 * breaking a rule a 422 with {@code Validation error ...} naming the field; nothing is created.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class QdrantValidationTest {
    private TestServer server;

    @BeforeAll
    void start() {
        server = TestServer.start(2);
    }

    @AfterAll
    void stop() {
        server.close();
    }

    private static JsonObject dot4() {
        return new JsonObject().put("vectors", new JsonObject().put("size", 4).put("distance", "Dot"));
    }

    private boolean exists(String name) {
        return server.ok("GET", "/collections/" + name + "/exists", null).json().getJsonObject("result").getBoolean("exists");
    }

    @Test
    void zeroShardReplicationAndConsistencyFactorsAre422NamingTheField() {
        for (String field : new String[]{"shard_number", "replication_factor", "write_consistency_factor"}) {
            TestServer.Reply r = server.putJson("/collections/v0", dot4().put(field, 0));
            assertEquals(422, r.status(), field + ": " + r.text());
            assertTrue(r.error().startsWith("Validation error in JSON body: [" + field + ":"), r.error());
            assertFalse(exists("v0"));
        }
    }

    @Test
    void negativeFactorsAre400() {
        TestServer.Reply r = server.putJson("/collections/vn", dot4().put("shard_number", -1));
        assertEquals(400, r.status(), r.text());
        assertTrue(r.error().contains("shard_number"), r.error());
        assertFalse(exists("vn"));
    }

    @Test
    void aTooSmallEfConstructIsAValidationError() {
        TestServer.Reply r = server.putJson("/collections/ve", dot4().put("hnsw_config", new JsonObject().put("ef_construct", 0)));
        assertEquals(422, r.status(), r.text());
        assertTrue(r.error().contains("hnsw_config.ef_construct"), r.error());
    }

    @Test
    void aZeroTimeoutIsAValidationErrorOfTheQueryParameters() {
        TestServer.Reply r = server.putJson("/collections/vt?timeout=0", dot4());
        assertEquals(422, r.status(), r.text());
        assertTrue(r.error().contains("timeout: value 0 invalid"), r.error());
        assertFalse(exists("vt"));
        assertEquals(400, server.putJson("/collections/vt?timeout=soon", dot4()).status());
        assertEquals(200, server.putJson("/collections/vt?timeout=5", dot4()).status());
    }

    @Test
    void aCollectionNameOver255CharactersIsAValidationError() {
        TestServer.Reply r = server.getJson("/collections/" + "n".repeat(256) + "/points/1");
        assertEquals(422, r.status(), r.text());
        assertTrue(r.error().startsWith("Validation error in path parameters: [collection_name:"), r.error());
    }

    @Test
    void aZeroHnswEfIsAValidationError() {
        server.ok("PUT", "/collections/vh", dot4());
        TestServer.Reply r = server.postJson("/collections/vh/points/query", new JsonObject()
                .put("query", new io.vertx.core.json.JsonArray().add(1).add(0).add(0).add(0))
                .put("params", new JsonObject().put("hnsw_ef", 0)));
        assertEquals(422, r.status(), r.text());
        assertTrue(r.error().contains("params.hnsw_ef"), r.error());
    }

    @Test
    void aVectorSizeAboveQdrantsLimitIsAValidationErrorInItsWords() {
        assertEquals(200, server.putJson("/collections/vd", new JsonObject().put("vectors",
                new JsonObject().put("size", 65536).put("distance", "Dot"))).status());
        TestServer.Reply r = server.putJson("/collections/vd2", new JsonObject().put("vectors",
                new JsonObject().put("size", 65537).put("distance", "Dot")));
        assertEquals(422, r.status(), r.text());
        assertEquals("Validation error in JSON body: [vectors.size: value 65537 invalid, must be from 1 to 65536]", r.error());
        r = server.putJson("/collections/vd2", new JsonObject().put("vectors",
                new JsonObject().put("img", new JsonObject().put("size", 0).put("distance", "Dot"))));
        assertEquals(422, r.status(), r.text());
        assertTrue(r.error().contains("vectors.img.size"), r.error());
        assertFalse(exists("vd2"));
    }
}
