package io.quiver.http;

import io.quiver.testing.QdrantSnapshots;
import io.quiver.testing.TestServer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The points routes refuse a body key that Qdrant's request has not (serde's words, 400) and a
 * {@code shard_key} by name, at the top, in a batch's searches, in a query's prefetch and in the
 * operations of points/batch; a refused request changes nothing.
 */
class QdrantRequestFieldsTest {
    private static TestServer server;

    @BeforeAll
    static void start() {
        server = TestServer.start(2);
        server.ok("PUT", "/collections/rf", new JsonObject().put("vectors", new JsonObject().put("size", 4).put("distance", "Dot")));
        QdrantSnapshots.fill(server, "rf", 10);
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static JsonObject search() {
        return new JsonObject().put("vector", new JsonArray("[1, 0, 0, 0]")).put("limit", 3);
    }

    private static long count() {
        return server.ok("POST", "/collections/rf/points/count", new JsonObject()).json().getJsonObject("result").getLong("count");
    }

    @Test
    void anUnknownKeyOfASearchIsRefusedWithSerdesWords() {
        TestServer.Reply r = server.postJson("/collections/rf/points/search", search().put("limt", 3));
        assertEquals(400, r.status(), r.text());
        assertTrue(r.error().startsWith("Format error in JSON body: unknown field `limt`, expected one of `filter`, `limit`,"),
                r.error());
    }

    @Test
    void anUnknownKeyOfAScrollOrCountIsRefused() {
        assertEquals(400, server.postJson("/collections/rf/points/scroll", new JsonObject().put("limit", 2).put("fitler",
                new JsonObject())).status());
        TestServer.Reply r = server.postJson("/collections/rf/points/count", new JsonObject().put("exactly", true));
        assertEquals(400, r.status(), r.text());
        assertTrue(r.error().contains("unknown field `exactly`"), r.error());
    }

    @Test
    void anUnknownKeyOfOneBatchedSearchIsRefusedAtItsIndex() {
        TestServer.Reply r = server.postJson("/collections/rf/points/search/batch",
                new JsonObject().put("searches", new JsonArray().add(search()).add(search().put("bogus", 1))));
        assertEquals(400, r.status(), r.text());
        assertTrue(r.error().startsWith("Format error in JSON body: searches[1].unknown field `bogus`"), r.error());
    }

    @Test
    void anUnknownKeyOfANestedPrefetchIsRefused() {
        JsonObject inner = new JsonObject().put("query", new JsonArray("[1, 0, 0, 0]")).put("limit", 5).put("with_payload", true);
        JsonObject query = new JsonObject().put("query", new JsonObject().put("fusion", "rrf"))
                .put("prefetch", new JsonArray().add(new JsonObject().put("prefetch", inner).put("limit", 5)));
        TestServer.Reply r = server.postJson("/collections/rf/points/query", query);
        assertEquals(400, r.status(), r.text());
        assertTrue(r.error().contains("prefetch[0].prefetch.unknown field `with_payload`"), r.error());
    }

    @Test
    void anUnknownKeyOfABatchOperationRefusesTheWholeBatch() {
        long before = count();
        JsonArray ops = new JsonArray()
                .add(new JsonObject().put("delete", new JsonObject().put("points", new JsonArray().add(1))))
                .add(new JsonObject().put("delete", new JsonObject().put("points", new JsonArray().add(2)).put("wait", true)));
        TestServer.Reply r = server.postJson("/collections/rf/points/batch", new JsonObject().put("operations", ops));
        assertEquals(400, r.status(), r.text());
        assertTrue(r.error().contains("operations[1].delete.unknown field `wait`"), r.error());
        assertEquals(before, count(), "nothing was deleted");
    }

    @Test
    void aShardKeyIsRefusedByNameOnReadsAndWrites() {
        for (String[] route : new String[][]{{"points/scroll", "{}"}, {"points/count", "{}"},
                {"points/query", "{\"query\": [1, 0, 0, 0]}"}, {"points/delete", "{\"points\": [1]}"}}) {
            TestServer.Reply r = server.postJson("/collections/rf/" + route[0], new JsonObject(route[1]).put("shard_key", "eu"));
            assertEquals(400, r.status(), route[0] + ": " + r.text());
            assertEquals("shard_key is not supported by Quiver yet", r.error(), route[0]);
        }
        assertEquals(10, count(), "the delete did not run");
    }

    @Test
    void withVectorsStaysAcceptedAsWithVectorsAlias() {
        JsonObject page = server.ok("POST", "/collections/rf/points/scroll", new JsonObject().put("limit", 1).put("with_vectors", true))
                .json().getJsonObject("result");
        assertEquals(4, page.getJsonArray("points").getJsonObject(0).getJsonArray("vector").size());
    }
}
