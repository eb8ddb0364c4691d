package io.quiver.http;

import io.quiver.config.ConfigKeys;
import io.quiver.testing.TestServer;
import io.quiver.testing.Tools;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Base64;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The key-value HTTP API over real HTTP, and its JSON errors. */
class HttpKvTest {
    static TestServer server;

    @BeforeAll
    static void start() {
        server = TestServer.start(TestServer.base(ConfigKeys.SHARDS, 3));
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static JsonObject json(HttpResponse<String> r) {
        return new JsonObject(r.body());
    }

    private static void assertJsonError(HttpResponse<String> r, int status, String code) {
        assertEquals(status, r.statusCode(), r.body());
        assertTrue(r.headers().firstValue("Content-Type").orElse("").startsWith("application/json"));
        JsonObject error = json(r).getJsonObject("error");
        assertEquals(code, error.getString("code"), r.body());
        assertTrue(!error.getString("message").isEmpty());
    }

    @Test
    void putThenGetReturnsTheRawBody() {
        assertEquals(200, server.send("PUT", "/kv/http:a", "some value").statusCode());
        HttpResponse<String> r = server.get("/kv/http:a");
        assertEquals(200, r.statusCode());
        assertEquals("some value", r.body());
        assertEquals("application/octet-stream", r.headers().firstValue("Content-Type").orElse(""));
    }

    @Test
    void getOfMissingKeyIs404WithAJsonError() {
        assertJsonError(server.get("/kv/http:none"), 404, "not_found");
    }

    @Test
    void binaryValuesRoundTrip() {
        byte[] value = new byte[256];
        for (int i = 0; i < 256; i++) {
            value[i] = (byte) i;
        }
        server.send(HttpRequest.newBuilder(server.uri("/kv/http:bin")).PUT(HttpRequest.BodyPublishers.ofByteArray(value)).build());
        assertArrayEquals(value, server.sendBytes(HttpRequest.newBuilder(server.uri("/kv/http:bin")).GET().build()).body());
    }

    @Test
    void percentEncodedKeysAreDecodedToBytes() {
        server.send("PUT", "/kv/a%20b%2Fc%00%FF", "x");
        assertEquals("x", server.get("/kv/a%20b%2Fc%00%FF").body());
        assertEquals(404, server.get("/kv/a%20b").statusCode());
    }

    @Test
    void keysWrittenOverHttpAreReadableOverResp() throws Exception {
        server.send("PUT", "/kv/http:shared", "both");
        try (var c = server.resp()) {
            assertArrayEquals("both".getBytes(), (byte[]) c.call("GET", "http:shared"));
        }
    }

    @Test
    void malformedPercentEncodingIs400() {
        // java.net.http refuses to send such a URI; curl sends it as written
        Tools.Result r = Tools.run(30, null, "curl", "-s", "-w", "\n%{http_code}", "http://127.0.0.1:" + server.httpPort() + "/kv/bad%zz");
        String[] lines = r.stdout().split("\n");
        assertEquals("400", lines[lines.length - 1], r.stdout());
        assertEquals("bad_request", new JsonObject(lines[0]).getJsonObject("error").getString("code"));
    }

    @Test
    void emptyKeyIs400() {
        assertJsonError(server.get("/kv/"), 400, "bad_request");
    }

    @Test
    void deleteReportsHowManyWereRemoved() {
        server.send("PUT", "/kv/http:del", "x");
        assertEquals(1, json(server.send("DELETE", "/kv/http:del", null)).getInteger("deleted"));
        assertEquals(0, json(server.send("DELETE", "/kv/http:del", null)).getInteger("deleted"));
        assertEquals(404, server.get("/kv/http:del").statusCode());
    }

    @Test
    void putWithNxRefusesAnExistingKeyWith409() {
        server.send("PUT", "/kv/http:nx", "first");
        assertJsonError(server.send("PUT", "/kv/http:nx?nx=true", "second"), 409, "conflict");
        assertEquals("first", server.get("/kv/http:nx").body());
    }

    @Test
    void putWithXxRefusesAMissingKeyWith404() {
        assertJsonError(server.send("PUT", "/kv/http:xx?xx=true", "v"), 404, "not_found");
        assertEquals(404, server.get("/kv/http:xx").statusCode());
    }

    @Test
    void msetThenMgetKeepsOrderAndReportsMissingAsNull() {
        JsonObject entries = new JsonObject();
        for (int i = 0; i < 20; i++) {
            entries.put("http:m" + i, "v" + i);
        }
        assertEquals(20, json(server.send("POST", "/kv/_mset", new JsonObject().put("entries", entries).encode())).getInteger("stored"));
        JsonArray keys = new JsonArray().add("http:m3").add("http:none").add("http:m19");
        JsonArray values = json(server.send("POST", "/kv/_mget", new JsonObject().put("keys", keys).encode())).getJsonArray("values");
        assertEquals(new JsonArray().add("v3").addNull().add("v19"), values);
    }

    @Test
    void base64EncodingCarriesBinaryKeysAndValues() {
        String key = Base64.getEncoder().encodeToString(new byte[]{0, 1, 2});
        String value = Base64.getEncoder().encodeToString(new byte[]{(byte) 0xFF, 0});
        server.send("POST", "/kv/_mset?encoding=base64", new JsonObject().put("entries", new JsonObject().put(key, value)).encode());
        JsonArray values = json(server.send("POST", "/kv/_mget?encoding=base64",
                new JsonObject().put("keys", new JsonArray().add(key)).encode())).getJsonArray("values");
        assertEquals(value, values.getString(0));
    }

    @Test
    void malformedJsonIs400() {
        assertJsonError(server.send("POST", "/kv/_mget", "{\"keys\": [1,"), 400, "bad_request");
    }

    @Test
    void mgetWithoutKeysIs400() {
        assertJsonError(server.send("POST", "/kv/_mget", "{}"), 400, "bad_request");
        assertJsonError(server.send("POST", "/kv/_mget", "{\"keys\": [1]}"), 400, "bad_request");
    }

    @Test
    void msetWithNonStringValueStoresNothing() {
        HttpResponse<String> r = server.send("POST", "/kv/_mset", "{\"entries\": {\"http:ok\": \"1\", \"http:bad\": 2}}");
        assertJsonError(r, 400, "bad_request");
        assertEquals(404, server.get("/kv/http:ok").statusCode());
    }

    @Test
    void unknownRouteIs404Json() {
        assertJsonError(server.get("/nope"), 404, "not_found");
    }

    @Test
    void wrongMethodIs405Json() {
        assertJsonError(server.send("PATCH", "/kv/x", "y"), 405, "bad_request");
    }

    @Test
    void healthReportsShardsAndKeys() {
        JsonObject h = json(server.get("/health"));
        assertEquals("ok", h.getString("status"));
        assertEquals(3, h.getInteger("shards"));
        assertTrue(h.getLong("keys") >= 0);
    }
}
