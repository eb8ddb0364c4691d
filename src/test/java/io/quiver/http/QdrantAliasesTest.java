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
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Qdrant's collection aliases over real HTTP: {@code POST /collections/aliases} (create, delete,
 * rename, checked all before any applies), {@code GET /aliases}, {@code GET /collections/{c}/aliases},
 * and an alias standing for its collection in every route that names one.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class QdrantAliasesTest {
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
    void collections() {
        for (String c : new String[]{"books", "films"}) {
            server.deleteJson("/collections/" + c);
            server.ok("PUT", "/collections/" + c, new JsonObject().put("vectors", new JsonObject().put("size", 2).put("distance", "Dot")));
        }
        server.ok("PUT", "/collections/books/points?wait=true", new JsonObject().put("points", new JsonArray()
                .add(new JsonObject().put("id", 1).put("vector", new JsonArray().add(1).add(0)).put("payload", new JsonObject().put("t", "a")))));
    }

    private TestServer.Reply actions(JsonObject... actions) {
        JsonArray list = new JsonArray();
        for (JsonObject a : actions) {
            list.add(a);
        }
        return server.postJson("/collections/aliases", new JsonObject().put("actions", list));
    }

    private static JsonObject create(String alias, String collection) {
        return new JsonObject().put("create_alias", new JsonObject().put("alias_name", alias).put("collection_name", collection));
    }

    private JsonArray aliases(String path) {
        return server.ok("GET", path, null).json().getJsonObject("result").getJsonArray("aliases");
    }

    @Test
    void anAliasAnswersForItsCollectionOnEveryRoute() {
        assertEquals(200, actions(create("shelf", "books")).status());
        assertEquals(1, server.ok("POST", "/collections/shelf/points/query",
                new JsonObject().put("query", new JsonArray().add(1).add(0))).json().getJsonObject("result").getJsonArray("points").size());
        assertEquals("a", server.ok("GET", "/collections/shelf/points/1", null).json().getJsonObject("result")
                .getJsonObject("payload").getString("t"));
        server.ok("PUT", "/collections/shelf/points?wait=true", new JsonObject().put("points", new JsonArray()
                .add(new JsonObject().put("id", 2).put("vector", new JsonArray().add(0).add(1)))));
        assertEquals(2, server.ok("GET", "/collections/books", null).json().getJsonObject("result").getInteger("points_count"),
                "the write through the alias went to its collection");
    }

    @Test
    void theListsShowEachAliasWithItsCollection() {
        actions(create("shelf", "books"), create("reel", "films"));
        assertEquals(new JsonArray().add(new JsonObject().put("alias_name", "reel").put("collection_name", "films"))
                .add(new JsonObject().put("alias_name", "shelf").put("collection_name", "books")), aliases("/aliases"));
        assertEquals(new JsonArray().add(new JsonObject().put("alias_name", "shelf").put("collection_name", "books")),
                aliases("/collections/books/aliases"));
        actions(new JsonObject().put("delete_alias", new JsonObject().put("alias_name", "shelf")),
                new JsonObject().put("delete_alias", new JsonObject().put("alias_name", "reel")));
    }

    @Test
    void aRenamedAliasAnswersUnderItsNewNameOnly() {
        actions(create("old", "books"));
        assertEquals(200, actions(new JsonObject().put("rename_alias", new JsonObject().put("old_alias_name", "old")
                .put("new_alias_name", "new"))).status());
        assertEquals(200, server.getJson("/collections/new").status());
        assertEquals(404, server.getJson("/collections/old").status());
        actions(new JsonObject().put("delete_alias", new JsonObject().put("alias_name", "new")));
    }

    @Test
    void anAliasNamedAsACollectionIsAConflictAndNothingOfTheListApplies() {
        TestServer.Reply r = actions(create("first", "books"), create("films", "books"));
        assertEquals(409, r.status(), r.text());
        assertTrue(r.error().contains("films"), r.error());
        assertEquals(new JsonArray(), aliases("/aliases"), "the valid first action was not applied either");
    }

    @Test
    void aCollectionCannotBeCreatedUnderAnAliasName() {
        actions(create("shelf", "books"));
        TestServer.Reply r = server.putJson("/collections/shelf", new JsonObject().put("vectors", new JsonObject().put("size", 2).put("distance", "Dot")));
        assertEquals(400, r.status(), r.text());
        assertTrue(r.error().contains("Alias with the same name already exists"), r.error());
        actions(new JsonObject().put("delete_alias", new JsonObject().put("alias_name", "shelf")));
    }

    @Test
    void droppingACollectionDropsItsAliases() {
        actions(create("reel", "films"));
        server.ok("DELETE", "/collections/films", null);
        assertEquals(new JsonArray(), aliases("/aliases"));
        assertEquals(404, server.getJson("/collections/reel").status());
    }

    @Test
    void anAliasOfAMissingCollectionIsNotFound() {
        TestServer.Reply r = actions(create("x", "nowhere"));
        assertEquals(404, r.status(), r.text());
    }
}
