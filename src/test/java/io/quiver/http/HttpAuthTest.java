package io.quiver.http;

import io.quiver.config.ConfigKeys;
import io.quiver.testing.TestServer;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** With a password set, every HTTP route but the configured exceptions needs 'Authorization: Bearer'. */
class HttpAuthTest {
    static final String PASSWORD = "t0ken-for-http";

    /**
     * A request of each route and the status it gets with credentials: 200, or for a route no static
     * request can succeed on (a refusal by name, a file that cannot be named in advance), the status of
     * its refusal, which only an authorized request reaches. A new route needs one here.
     */
    record Sample(String method, String path, String body, int status) {
        Sample(String method, String path, String body) {
            this(method, path, body, 200);
        }
    }

    private static final String VECTOR = "{\"size\": 2, \"distance\": \"Dot\"}";

    static final Map<String, Sample> SAMPLES = Map.ofEntries(
            Map.entry("root", new Sample("GET", "/", null)),
            Map.entry("health", new Sample("GET", "/health", null)),
            Map.entry("healthz", new Sample("GET", "/healthz", null)),
            Map.entry("livez", new Sample("GET", "/livez", null)),
            Map.entry("readyz", new Sample("GET", "/readyz", null)),
            Map.entry("admin.snapshot", new Sample("POST", "/admin/snapshot", null)),
            Map.entry("metrics", new Sample("GET", "/metrics", null)),
            Map.entry("admin.config", new Sample("GET", "/admin/config", null)),
            Map.entry("cluster", new Sample("GET", "/cluster", null)),
            Map.entry("cluster.leave", new Sample("POST", "/cluster/leave", null, 400)),
            Map.entry("kv.mget", new Sample("POST", "/kv/_mget", "{\"keys\": [\"auth:a\"]}")),
            Map.entry("kv.mset", new Sample("POST", "/kv/_mset", "{\"entries\": {\"auth:b\": \"2\"}}")),
            Map.entry("kv.get", new Sample("GET", "/kv/auth:a", null)),
            Map.entry("kv.put", new Sample("PUT", "/kv/auth:c", "3")),
            Map.entry("kv.delete", new Sample("DELETE", "/kv/auth:c", null)),
            // the collection "auth" (with point 1) and "auth-drop" exist and "auth-new" does not: see prepareCollections
            Map.entry("collections.list", new Sample("GET", "/collections", null)),
            Map.entry("collections.create", new Sample("PUT", "/collections/auth-new", "{\"vectors\": " + VECTOR + "}")),
            Map.entry("collections.info", new Sample("GET", "/collections/auth", null)),
            Map.entry("collections.delete", new Sample("DELETE", "/collections/auth-drop", null)),
            Map.entry("collections.update", new Sample("PATCH", "/collections/auth", "{\"metadata\": {\"k\": 1}}")),
            Map.entry("aliases.update", new Sample("POST", "/collections/aliases", "{\"actions\": []}")),
            Map.entry("aliases.list", new Sample("GET", "/aliases", null)),
            // vector spaces: the plain collection's one unnamed vector is refused by name (400), past the credentials check
            Map.entry("collections.vector.create", new Sample("PUT", "/collections/auth/vectors/v", "{\"dense\": {\"size\": 2, \"distance\": \"Dot\"}}", 400)),
            Map.entry("collections.vector.delete", new Sample("DELETE", "/collections/auth/vectors/v", null, 400)),
            Map.entry("collections.aliases", new Sample("GET", "/collections/auth/aliases", null)),
            Map.entry("collections.exists", new Sample("GET", "/collections/auth/exists", null)),
            Map.entry("points.upsert", new Sample("PUT", "/collections/auth/points?wait=true",
                    "{\"points\": [{\"id\": 2, \"vector\": [0, 1]}]}")),
            Map.entry("points.retrieve", new Sample("POST", "/collections/auth/points", "{\"ids\": [1]}")),
            Map.entry("points.delete", new Sample("POST", "/collections/auth/points/delete", "{\"points\": [3]}")),
            Map.entry("points.count", new Sample("POST", "/collections/auth/points/count", "{}")),
            Map.entry("points.vectors.update", new Sample("PUT", "/collections/auth/points/vectors",
                    "{\"points\": [{\"id\": 1, \"vector\": [0.5, 0.5]}]}")),
            Map.entry("points.vectors.delete", new Sample("POST", "/collections/auth-named/points/vectors/delete",
                    "{\"points\": [3], \"vector\": [\"v\"]}")),
            Map.entry("points.search.batch", new Sample("POST", "/collections/auth/points/search/batch",
                    "{\"searches\": [{\"vector\": [1, 0], \"limit\": 1}]}")),
            Map.entry("points.search", new Sample("POST", "/collections/auth/points/search", "{\"vector\": [1, 0], \"limit\": 1}")),
            Map.entry("points.query.batch", new Sample("POST", "/collections/auth/points/query/batch",
                    "{\"searches\": [{\"query\": [1, 0], \"limit\": 1}]}")),
            Map.entry("points.query", new Sample("POST", "/collections/auth/points/query", "{\"query\": [1, 0], \"limit\": 1}")),
            Map.entry("points.get", new Sample("GET", "/collections/auth/points/1", null)),
            Map.entry("points.search.matrix.pairs", new Sample("POST", "/collections/auth/points/search/matrix/pairs",
                    "{\"sample\": 2, \"limit\": 1}")),
            Map.entry("points.search.matrix.offsets", new Sample("POST", "/collections/auth/points/search/matrix/offsets",
                    "{\"sample\": 2, \"limit\": 1}")),
            Map.entry("points.query.groups", new Sample("POST", "/collections/auth/points/query/groups",
                    "{\"query\": [1, 0], \"group_by\": \"tag\", \"limit\": 1}")),
            Map.entry("points.recommend", new Sample("POST", "/collections/auth/points/recommend",
                    "{\"positive\": [1], \"limit\": 1}")),
            Map.entry("points.recommend.batch", new Sample("POST", "/collections/auth/points/recommend/batch",
                    "{\"searches\": [{\"positive\": [1], \"limit\": 1}]}")),
            Map.entry("points.recommend.groups", new Sample("POST", "/collections/auth/points/recommend/groups",
                    "{\"positive\": [1], \"group_by\": \"tag\", \"limit\": 1}")),
            Map.entry("points.discover", new Sample("POST", "/collections/auth/points/discover",
                    "{\"target\": [1, 0], \"context\": [{\"positive\": 1, \"negative\": 2}], \"limit\": 1}")),
            Map.entry("points.discover.batch", new Sample("POST", "/collections/auth/points/discover/batch",
                    "{\"searches\": [{\"target\": [1, 0], \"context\": [{\"positive\": 1, \"negative\": 2}], \"limit\": 1}]}")),
            Map.entry("points.search.groups", new Sample("POST", "/collections/auth/points/search/groups",
                    "{\"vector\": [1, 0], \"group_by\": \"tag\", \"limit\": 1}")),
            Map.entry("collections.index.create", new Sample("PUT", "/collections/auth/index",
                    "{\"field_name\": \"city\", \"field_schema\": \"keyword\"}")),
            Map.entry("collections.index.delete", new Sample("DELETE", "/collections/auth/index/city", null)),
            Map.entry("points.scroll", new Sample("POST", "/collections/auth/points/scroll", "{\"limit\": 1}")),
            Map.entry("points.batch", new Sample("POST", "/collections/auth/points/batch",
                    "{\"operations\": [{\"delete\": {\"points\": [4]}}]}")),
            Map.entry("collections.facet", new Sample("POST", "/collections/auth/facet", "{\"key\": \"tag\"}")),
            Map.entry("points.payload.set", new Sample("POST", "/collections/auth/points/payload",
                    "{\"payload\": {\"a\": 1}, \"points\": [1]}")),
            Map.entry("points.payload.overwrite", new Sample("PUT", "/collections/auth/points/payload",
                    "{\"payload\": {\"a\": 2}, \"points\": [1]}")),
            Map.entry("points.payload.delete", new Sample("POST", "/collections/auth/points/payload/delete",
                    "{\"keys\": [\"a\"], \"points\": [1]}")),
            Map.entry("points.payload.clear", new Sample("POST", "/collections/auth/points/payload/clear",
                    "{\"filter\": {\"must\": [{\"has_id\": [1]}]}}")),
            Map.entry("collections.import", new Sample("POST", "/collections/auth-import/import",
                    "{\"path\": \"points.jsonl\", \"distance\": \"Dot\", \"wait\": true}")),
            // snapshots: the missing ones are looked up (404), the recovery's file does not exist (400)
            Map.entry("collections.snapshots.create", new Sample("POST", "/collections/auth/snapshots", null)),
            Map.entry("collections.snapshots.list", new Sample("GET", "/collections/auth/snapshots", null)),
            Map.entry("collections.snapshots.get", new Sample("GET", "/collections/auth/snapshots/none.snapshot", null, 404)),
            Map.entry("collections.snapshots.delete", new Sample("DELETE", "/collections/auth/snapshots/none.snapshot", null, 404)),
            Map.entry("collections.snapshots.recover", new Sample("PUT", "/collections/auth-recovered/snapshots/recover",
                    "{\"location\": \"file:///no/such.snapshot\"}", 400)),
            Map.entry("collections.snapshots.upload", new Sample("POST", "/collections/auth-recovered/snapshots/upload", "x", 400)),
            Map.entry("collections.shards.snapshots.get", new Sample("GET", "/collections/auth/shards/0/snapshots", null, 400)),
            Map.entry("collections.shards.snapshots.post", new Sample("POST", "/collections/auth/shards/0/snapshots", null, 400)),
            Map.entry("collections.shards.snapshots.put", new Sample("PUT", "/collections/auth/shards/0/snapshots/recover",
                    "{\"location\": \"file:///no/such.snapshot\"}", 400)),
            Map.entry("collections.shards.snapshots.delete", new Sample("DELETE", "/collections/auth/shards/0/snapshots/x.snapshot",
                    null, 404)),
            Map.entry("telemetry", new Sample("GET", "/telemetry?details_level=2", null)),
            Map.entry("issues", new Sample("GET", "/issues", null)),
            Map.entry("issues.clear", new Sample("DELETE", "/issues", null)),
            Map.entry("snapshots.create", new Sample("POST", "/snapshots", null)),
            Map.entry("snapshots.list", new Sample("GET", "/snapshots", null)),
            Map.entry("snapshots.get", new Sample("GET", "/snapshots/none.snapshot", null, 404)),
            Map.entry("snapshots.delete", new Sample("DELETE", "/snapshots/none.snapshot", null, 404)),
            Map.entry("console.overview", new Sample("GET", "/dashboard/api/overview", null)),
            Map.entry("console.meters", new Sample("GET", "/dashboard/api/meters", null)),
            Map.entry("console.collections", new Sample("GET", "/dashboard/api/collections", null)),
            Map.entry("console.keys", new Sample("GET", "/dashboard/api/keys?pattern=auth:*", null)),
            Map.entry("console.key", new Sample("GET", "/dashboard/api/key?key=auth:a", null)),
            Map.entry("console.command", new Sample("POST", "/dashboard/api/command", "{\"command\": \"GET auth:a\"}")));

    @TempDir
    static Path importDir;

    static TestServer server;

    @BeforeAll
    static void start() {
        try {
            Files.writeString(importDir.resolve("points.jsonl"), "{\"id\": 1, \"vector\": [1, 0]}\n");
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
        server = TestServer.start(TestServer.base(ConfigKeys.PASSWORD, PASSWORD)
                .with(ConfigKeys.IMPORT_DIR, importDir.toString()));
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @BeforeEach
    void storeTheKeyTheSamplesRead() {
        assertEquals(200, send("PUT", "/kv/auth:a", "1", "Bearer " + PASSWORD).statusCode());
    }

    @BeforeEach
    void prepareCollections() {
        String auth = "Bearer " + PASSWORD;
        send("DELETE", "/collections/auth-new", null, auth);
        send("DELETE", "/collections/auth-import", null, auth);
        for (String c : List.of("auth", "auth-drop")) {
            send("DELETE", "/collections/" + c, null, auth);
            assertEquals(200, send("PUT", "/collections/" + c, "{\"vectors\": " + VECTOR + "}", auth).statusCode());
        }
        assertEquals(200, send("PUT", "/collections/auth/points?wait=true",
                "{\"points\": [{\"id\": 1, \"vector\": [1, 0]}]}", auth).statusCode());
        assertEquals(200, send("PUT", "/collections/auth/index", "{\"field_name\": \"tag\", \"field_schema\": \"keyword\"}", auth)
                .statusCode());
        send("DELETE", "/collections/auth-named", null, auth);
        assertEquals(200, send("PUT", "/collections/auth-named", "{\"vectors\": {\"v\": " + VECTOR + "}}", auth).statusCode());
    }

    private static HttpResponse<String> send(String method, String path, String body, String authorization) {
        HttpRequest.Builder b = HttpRequest.newBuilder(server.uri(path))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body))
                .header("Content-Type", "application/json");
        if (authorization != null) {
            b.header("Authorization", authorization);
        }
        return server.send(b.build());
    }

    private static HttpResponse<String> send(Sample s, String authorization) {
        return send(s.method(), s.path(), s.body(), authorization);
    }

    /** Every route of the table, with its sample, but GET /health and the Kubernetes probes (open by default). */
    private static List<Map.Entry<String, Sample>> routesNeedingAuth() {
        List<RouteSpec> routes = HttpRoutes.table(new KvHttpApi(), new SystemHttpApi(null, null), new QdrantApi(null, null),
                new io.quiver.console.ConsoleApi(null, null, null));
        return routes.stream().map(r -> {
            Sample s = SAMPLES.get(r.name());
            assertNotNull(s, "HttpAuthTest.SAMPLES needs a request of route '" + r.name() + "'");
            return Map.entry(r.name(), s);
        }).filter(e -> !List.of("health", "healthz", "livez", "readyz").contains(e.getKey())).toList();
    }

    private static void assertUnauthorized(HttpResponse<String> r, String what) {
        assertEquals(401, r.statusCode(), what + ": " + r.body());
        assertTrue(r.headers().firstValue("WWW-Authenticate").orElse("").startsWith("Bearer"), what);
        JsonObject body = new JsonObject(r.body());
        String path = r.uri().getPath();
        if (path.startsWith("/collections") || path.startsWith("/snapshots") || path.startsWith("/telemetry")
                || path.startsWith("/issues")) { // Qdrant's error shape under Qdrant's paths
            assertFalse(body.getJsonObject("status").getString("error").isEmpty(), what + ": " + r.body());
        } else {
            assertEquals("unauthorized", body.getJsonObject("error").getString("code"), what);
        }
    }

    @Test
    void everyRouteButHealthRefusesWithoutCredentials() {
        for (Map.Entry<String, Sample> e : routesNeedingAuth()) {
            assertUnauthorized(send(e.getValue(), null), e.getKey());
        }
    }

    @Test
    void everyRouteWorksWithTheBearerToken() {
        for (Map.Entry<String, Sample> e : routesNeedingAuth()) {
            HttpResponse<String> r = send(e.getValue(), "Bearer " + PASSWORD);
            // a single server is no cluster node: the leave is refused past the credentials check, by its own rule (400)
            assertEquals(e.getValue().status(), r.statusCode(), e.getKey() + ": " + r.body());
            if (e.getKey().equals("cluster.leave")) {
                assertTrue(r.body().contains("not a cluster node"), r.body());
            }
        }
    }

    @Test
    void everyRouteRefusesAWrongToken() {
        for (Map.Entry<String, Sample> e : routesNeedingAuth()) {
            HttpResponse<String> r = send(e.getValue(), "Bearer " + PASSWORD + "x");
            assertUnauthorized(r, e.getKey());
            assertTrue(r.headers().firstValue("WWW-Authenticate").orElse("").contains("invalid_token"), e.getKey());
        }
    }

    @Test
    void anotherAuthorizationSchemeIsRefused() {
        assertUnauthorized(send("GET", "/kv/auth:a", null, "Basic " + PASSWORD), "Basic");
    }

    @Test
    void theBearerSchemeIsCaseInsensitive() {
        assertEquals(200, send("GET", "/kv/auth:a", null, "bearer " + PASSWORD).statusCode());
    }

    @Test
    void qdrantsApiKeyHeaderIsAccepted() {
        HttpResponse<String> r = server.send(HttpRequest.newBuilder(server.uri("/kv/auth:a")).header("api-key", PASSWORD).build());
        assertEquals(200, r.statusCode(), r.body());
    }

    @Test
    void aRefusedWriteChangesNothing() {
        assertUnauthorized(send("PUT", "/kv/auth:refused", "x", null), "PUT");
        assertEquals(404, send("GET", "/kv/auth:refused", null, "Bearer " + PASSWORD).statusCode());
    }

    @Test
    void unknownPathsAreRefusedBeforeTheyAreLookedUp() {
        assertUnauthorized(send("GET", "/no/such/route", null, null), "unknown path");
        assertEquals(404, send("GET", "/no/such/route", null, "Bearer " + PASSWORD).statusCode());
    }

    @Test
    void healthIsOpenByDefault() {
        HttpResponse<String> r = send("GET", "/health", null, null);
        assertEquals(200, r.statusCode(), r.body());
        assertFalse(r.headers().firstValue("WWW-Authenticate").isPresent());
    }

    @Test
    void theKubernetesProbesAreOpenByDefaultAndAnswerQdrantsTexts() {
        assertEquals("healthz check passed", send("GET", "/healthz", null, null).body());
        assertEquals("healthz check passed", send("GET", "/livez", null, null).body());
        HttpResponse<String> r = send("GET", "/readyz", null, null);
        assertEquals(200, r.statusCode());
        assertEquals("all shards are ready", r.body());
    }

    @Test
    void healthNeedsCredentialsWhenHealthOpenIsOff() {
        try (TestServer closed = TestServer.start(TestServer.base(ConfigKeys.PASSWORD, PASSWORD)
                .with(ConfigKeys.HEALTH_OPEN, false))) {
            HttpResponse<String> r = closed.send(HttpRequest.newBuilder(closed.uri("/health")).build());
            assertEquals(401, r.statusCode(), r.body());
            r = closed.send(HttpRequest.newBuilder(closed.uri("/health")).header("Authorization", "Bearer " + PASSWORD).build());
            assertEquals(200, r.statusCode(), r.body());
        }
    }

    @Test
    void withoutAPasswordNoCredentialsAreNeeded() {
        try (TestServer open = TestServer.start()) {
            assertEquals(200, open.get("/admin/config").statusCode());
        }
    }
}
