package io.quiver.http;

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
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Qdrant 1.19's {@code PUT/DELETE /collections/{c}/vectors/{name}} over real HTTP: a named vector
 * space added to or dropped from a collection with named vectors; points keep their other vectors.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class QdrantVectorSpacesTest {
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
    void collection() {
        server.deleteJson("/collections/nv");
        server.ok("PUT", "/collections/nv", new JsonObject().put("vectors", new JsonObject()
                .put("a", new JsonObject().put("size", 3).put("distance", "Dot"))
                .put("b", new JsonObject().put("size", 2).put("distance", "Dot"))));
        server.ok("PUT", "/collections/nv/points?wait=true", new JsonObject().put("points", new JsonArray()
                .add(new JsonObject().put("id", 1).put("vector", new JsonObject().put("a", new JsonArray().add(1).add(2).add(3))
                        .put("b", new JsonArray().add(1).add(0))))));
    }

    private JsonObject vectorsOf(int id) {
        return server.ok("GET", "/collections/nv/points/" + id, null).json().getJsonObject("result").getJsonObject("vector");
    }

    @Test
    void aDroppedVectorLeavesThePointsWithTheirOthers() {
        server.ok("DELETE", "/collections/nv/vectors/a?wait=true", null);
        JsonObject v = vectorsOf(1);
        assertFalse(v.containsKey("a"));
        assertEquals(new JsonArray().add(1.0).add(0.0), v.getJsonArray("b"));
        TestServer.Reply r = server.postJson("/collections/nv/points/query", new JsonObject()
                .put("query", new JsonArray().add(1).add(1).add(1)).put("using", "a"));
        assertEquals(400, r.status(), "the space is gone: " + r.text());
    }

    @Test
    void anAddedVectorTakesPointsOfItsNewShape() {
        server.ok("DELETE", "/collections/nv/vectors/a?wait=true", null);
        server.ok("PUT", "/collections/nv/vectors/a?wait=true", new JsonObject().put("dense", new JsonObject().put("size", 4).put("distance", "Dot")));
        assertFalse(vectorsOf(1).containsKey("a"), "no point has the new space's vector yet");
        server.ok("PUT", "/collections/nv/points?wait=true", new JsonObject().put("points", new JsonArray()
                .add(new JsonObject().put("id", 2).put("vector", new JsonObject().put("a", new JsonArray().add(1).add(0).add(0).add(0))))));
        JsonArray hits = server.ok("POST", "/collections/nv/points/query", new JsonObject()
                .put("query", new JsonArray().add(1).add(0).add(0).add(0)).put("using", "a")).json().getJsonObject("result").getJsonArray("points");
        assertEquals(1, hits.size());
        assertEquals(2, hits.getJsonObject(0).getInteger("id"));
    }

    @Test
    void aSparseVectorCanBeAdded() {
        server.ok("PUT", "/collections/nv/vectors/words", new JsonObject().put("sparse", new JsonObject()));
        server.ok("PUT", "/collections/nv/points?wait=true", new JsonObject().put("points", new JsonArray()
                .add(new JsonObject().put("id", 3).put("vector", new JsonObject().put("words",
                        new JsonObject().put("indices", new JsonArray().add(7)).put("values", new JsonArray().add(0.5)))))));
        assertTrue(vectorsOf(3).containsKey("words"));
    }

    @Test
    void anExistingNameIsAConflictAndAZeroSizeAValidationError() {
        TestServer.Reply r = server.putJson("/collections/nv/vectors/b", new JsonObject().put("dense", new JsonObject().put("size", 2).put("distance", "Dot")));
        assertEquals(409, r.status(), r.text());
        r = server.putJson("/collections/nv/vectors/c", new JsonObject().put("dense", new JsonObject().put("size", 0).put("distance", "Dot")));
        assertEquals(422, r.status(), r.text());
        assertTrue(r.error().contains("dense.size"), r.error());
    }

    @Test
    void aCollectionWithOneUnnamedVectorIsRefusedByName() {
        server.deleteJson("/collections/plain");
        server.ok("PUT", "/collections/plain", new JsonObject().put("vectors", new JsonObject().put("size", 2).put("distance", "Dot")));
        TestServer.Reply r = server.putJson("/collections/plain/vectors/x", new JsonObject().put("dense", new JsonObject().put("size", 2).put("distance", "Dot")));
        assertEquals(400, r.status(), r.text());
        assertTrue(r.error().contains("one unnamed vector"), r.error());
        server.deleteJson("/collections/plain");
    }
}
