package io.quiver.http;

import io.quiver.config.ConfigKeys;
import io.quiver.testing.TestServer;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** With a password set, every HTTP route but the configured exceptions needs 'Authorization: Bearer'. */
class HttpAuthTest {
    static final String PASSWORD = "t0ken-for-http";

    /** A request of each route that succeeds (200) with credentials; a new route needs one here. */
    record Sample(String method, String path, String body) {
    }

    static final Map<String, Sample> SAMPLES = Map.of(
            "health", new Sample("GET", "/health", null),
            "admin.snapshot", new Sample("POST", "/admin/snapshot", null),
            "metrics", new Sample("GET", "/metrics", null),
            "admin.config", new Sample("GET", "/admin/config", null),
            "kv.mget", new Sample("POST", "/kv/_mget", "{\"keys\": [\"auth:a\"]}"),
            "kv.mset", new Sample("POST", "/kv/_mset", "{\"entries\": {\"auth:b\": \"2\"}}"),
            "kv.get", new Sample("GET", "/kv/auth:a", null),
            "kv.put", new Sample("PUT", "/kv/auth:c", "3"),
            "kv.delete", new Sample("DELETE", "/kv/auth:c", null));

    static TestServer server;

    @BeforeAll
    static void start() {
        server = TestServer.start(TestServer.base(ConfigKeys.PASSWORD, PASSWORD));
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @BeforeEach
    void storeTheKeyTheSamplesRead() {
        assertEquals(200, send("PUT", "/kv/auth:a", "1", "Bearer " + PASSWORD).statusCode());
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

    /** Every route of the table, with its sample, but GET /health (open by default). */
    private static List<Map.Entry<String, Sample>> routesNeedingAuth() {
        List<RouteSpec> routes = HttpRoutes.table(new KvHttpApi(null), new SystemHttpApi(null, null, null));
        return routes.stream().map(r -> {
            Sample s = SAMPLES.get(r.name());
            assertNotNull(s, "HttpAuthTest.SAMPLES needs a request of route '" + r.name() + "'");
            return Map.entry(r.name(), s);
        }).filter(e -> !e.getKey().equals("health")).toList();
    }

    private static void assertUnauthorized(HttpResponse<String> r, String what) {
        assertEquals(401, r.statusCode(), what + ": " + r.body());
        assertTrue(r.headers().firstValue("WWW-Authenticate").orElse("").startsWith("Bearer"), what);
        assertEquals("unauthorized", new JsonObject(r.body()).getJsonObject("error").getString("code"), what);
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
            assertEquals(200, r.statusCode(), e.getKey() + ": " + r.body());
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
