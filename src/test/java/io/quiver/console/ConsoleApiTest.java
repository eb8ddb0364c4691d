package io.quiver.console;

import io.quiver.cli.RespClient;
import io.quiver.config.ConfigKeys;
import io.quiver.testing.TestServer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The console's JSON endpoints over real HTTP, behind a password: what they answer, and that bad
 * input gets a clear error. (Every route needing the password is checked by HttpAuthTest.)
 */
class ConsoleApiTest {
    private static final String PASSWORD = "console-api-password";
    private static TestServer server;

    @BeforeAll
    static void start() {
        server = TestServer.start(TestServer.base(ConfigKeys.PASSWORD, PASSWORD).with(ConfigKeys.SHARDS, 3));
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static HttpResponse<String> call(String method, String path, String body, String password) {
        HttpRequest.Builder b = HttpRequest.newBuilder(server.uri(path))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body))
                .header("Content-Type", "application/json");
        if (password != null) {
            b.header("Authorization", "Bearer " + password);
        }
        return server.send(b.build());
    }

    private static JsonObject ok(String method, String path, String body) {
        HttpResponse<String> r = call(method, path, body, PASSWORD);
        assertEquals(200, r.statusCode(), method + " " + path + ": " + r.body());
        return new JsonObject(r.body());
    }

    private static String error(HttpResponse<String> r, int status) {
        assertEquals(status, r.statusCode(), r.body());
        return new JsonObject(r.body()).getJsonObject("error").getString("message");
    }

    private static Object resp(String... argv) throws Exception {
        try (RespClient c = server.resp()) {
            c.call("AUTH", PASSWORD);
            return c.call(argv);
        }
    }

    private static JsonObject command(String line, boolean allowWrites) {
        return ok("POST", "/dashboard/api/command",
                new JsonObject().put("command", line).put("allow_writes", allowWrites).encode());
    }

    @Test
    void thePageIsServedWithoutThePasswordAndItsApiIsNot() {
        HttpResponse<String> page = call("GET", "/dashboard/", null, null);
        assertEquals(200, page.statusCode());
        assertTrue(page.headers().firstValue("Content-Type").orElse("").startsWith("text/html"));
        assertTrue(page.body().contains("lib/uplot/uPlot.iife.min.js"), "the page loads uPlot from the server");
        assertEquals(200, call("GET", "/dashboard/lib/uplot/uPlot.iife.min.js", null, null).statusCode());
        assertEquals(200, call("GET", "/dashboard/console.js", null, null).statusCode());
        assertEquals(302, call("GET", "/dashboard", null, null).statusCode());
        assertEquals(401, call("GET", "/dashboard/api/overview", null, null).statusCode());
        assertEquals(401, call("GET", "/dashboard/api/overview", null, "wrong").statusCode());
    }

    @Test
    void theOverviewAgreesWithInfo() throws Exception {
        for (int i = 0; i < 25; i++) {
            resp("SET", "ov:" + i, "v");
        }
        String info = new String((byte[]) resp("INFO"), StandardCharsets.UTF_8);
        JsonObject o = ok("GET", "/dashboard/api/overview", null);
        long infoKeys = Long.parseLong(info.replaceAll("(?s).*db0:keys=(\\d+),.*", "$1"));
        assertEquals(infoKeys, o.getJsonObject("totals").getLong("keys"));
        assertEquals(3, o.getJsonArray("shards").size());
        assertTrue(info.contains("multiplexing_api:" + o.getString("transport")), o.getString("transport"));
        assertTrue(info.contains("quiver_version:" + o.getString("version")), o.getString("version"));
        long sum = 0;
        for (Object s : o.getJsonArray("shards")) {
            sum += ((JsonObject) s).getLong("keys");
        }
        assertEquals(infoKeys, sum);
        assertTrue(o.getJsonObject("persistence").getBoolean("enabled"));
        assertEquals("everysec", o.getJsonObject("persistence").getString("appendfsync"));
    }

    @Test
    void theKeyBrowserPagesThroughEveryKeyMatchingItsPatternOnce() throws Exception {
        for (int i = 0; i < 120; i++) {
            resp("SET", "page:" + i, Integer.toString(i));
        }
        resp("SET", "elsewhere", "x");
        Set<String> seen = new HashSet<>();
        String cursor = "0";
        int pages = 0;
        do {
            JsonObject page = ok("GET", "/dashboard/api/keys?pattern=page:*&count=50&cursor=" + cursor, null);
            for (Object k : page.getJsonArray("keys")) {
                JsonObject key = (JsonObject) k;
                assertTrue(key.getString("name").startsWith("page:"), key.encode());
                assertEquals("string", key.getString("type"));
                assertTrue(seen.add(key.getString("name")), "seen twice: " + key.getString("name"));
            }
            cursor = page.getString("cursor");
            pages++;
        } while (!cursor.equals("0") && pages < 100);
        assertEquals(120, seen.size());
    }

    @Test
    void aKeyShowsItsTypeTtlAndValue() throws Exception {
        resp("SET", "detail", "héllo", "EX", "100");
        JsonObject k = ok("GET", "/dashboard/api/key?key=detail", null);
        assertEquals("string", k.getString("type"));
        assertEquals("héllo", k.getString("text"));
        assertEquals("68c3a96c6c6f", k.getString("hex"));
        assertTrue(k.getLong("ttl_ms") > 90_000 && k.getLong("ttl_ms") <= 100_000, k.encode());
        resp("SET", "forever", "x");
        assertEquals(-1L, ok("GET", "/dashboard/api/key?key=forever", null).getLong("ttl_ms"));
    }

    @Test
    void aKeyThatIsNotUtf8IsAskedForByHex() throws Exception {
        try (RespClient c = server.resp()) {
            c.call("AUTH", PASSWORD);
            c.call(List.of("SET".getBytes(), new byte[]{'b', 'i', 'n', (byte) 0xff}, new byte[]{0, (byte) 0xfe, 2}));
        }
        JsonArray keys = ok("GET", "/dashboard/api/keys?pattern=bin*", null).getJsonArray("keys");
        assertEquals(1, keys.size());
        assertEquals("62696eff", keys.getJsonObject(0).getString("hex"));
        JsonObject k = ok("GET", "/dashboard/api/key?key_hex=62696eff", null);
        assertEquals("00fe02", k.getString("hex"));
        assertFalse(k.getBoolean("utf8"));
    }

    @Test
    void aListShowsItsElementsInOrder() throws Exception {
        resp("RPUSH", "recent", "first", "second");
        JsonObject k = ok("GET", "/dashboard/api/key?key=recent", null);
        assertEquals("list", k.getString("type"));
        assertEquals(2, k.getInteger("length"));
        assertFalse(k.getBoolean("truncated"));
        assertEquals(-1L, k.getLong("ttl_ms"));
        assertEquals(new JsonArray().add(new JsonObject().put("value", "first")).add(new JsonObject().put("value", "second")),
                k.getJsonArray("elements"));
    }

    @Test
    void aHashShowsItsFieldsAsRows() throws Exception {
        resp("HSET", "profile", "name", "Ada", "born", "1815");
        resp("PEXPIRE", "profile", "50000");
        JsonObject k = ok("GET", "/dashboard/api/key?key=profile", null);
        assertEquals("hash", k.getString("type"));
        assertEquals(2, k.getInteger("length"));
        assertFalse(k.getBoolean("truncated"));
        assertTrue(k.getLong("ttl_ms") > 40_000 && k.getLong("ttl_ms") <= 50_000, k.encode());
        assertEquals(new JsonArray().add(new JsonObject().put("field", "name").put("value", "Ada"))
                .add(new JsonObject().put("field", "born").put("value", "1815")), k.getJsonArray("fields"));
    }

    @Test
    void aHashFieldThatIsNotUtf8ComesWithItsHex() throws Exception {
        try (RespClient c = server.resp()) {
            c.call("AUTH", PASSWORD);
            c.call(List.of("HSET".getBytes(), "hash-not-utf8".getBytes(), new byte[]{(byte) 0xff, 1}, "v".getBytes()));
        }
        JsonObject row = ok("GET", "/dashboard/api/key?key=hash-not-utf8", null).getJsonArray("fields").getJsonObject(0);
        assertEquals("ff01", row.getString("field_hex"));
        assertEquals("v", row.getString("value"));
        assertFalse(row.containsKey("value_hex"), row.encode());
    }

    @Test
    void theKeyBrowserFiltersByHashType() throws Exception {
        resp("HSET", "typed:h", "f", "v");
        resp("SET", "typed:s", "v");
        JsonArray keys = ok("GET", "/dashboard/api/keys?pattern=typed:*&type=hash", null).getJsonArray("keys");
        assertEquals(new JsonArray().add(new JsonObject().put("name", "typed:h").put("type", "hash")), keys);
    }

    @Test
    void theOverviewSaysClusterModeIsOff() {
        assertEquals(new JsonObject().put("enabled", false), ok("GET", "/dashboard/api/overview", null).getJsonObject("cluster"));
    }

    @Test
    void theCommandBoxRunsHashCommands() throws Exception {
        assertEquals("(integer) 2", command("HSET cmdhash a 1 b 2", true).getString("display"));
        assertEquals("\"1\"", command("HGET cmdhash a", false).getString("display"));
        assertEquals("1) \"a\"\n2) \"1\"\n3) \"b\"\n4) \"2\"", command("HGETALL cmdhash", false).getString("display"));
        assertEquals("(integer) 2", command("HLEN cmdhash", false).getString("display"));
        String refused = error(call("POST", "/dashboard/api/command", "{\"command\": \"HDEL cmdhash a\"}", PASSWORD), 400);
        assertTrue(refused.contains("allow writes"), refused);
        assertEquals("ERR wrong number of arguments for 'hset' command", error(call("POST", "/dashboard/api/command",
                "{\"command\": \"HSET cmdhash a 1 b\", \"allow_writes\": true}", PASSWORD), 400));
        assertEquals("(integer) 1", command("HDEL cmdhash a", true).getString("display"));
        assertEquals("1) \"b\"", command("HKEYS cmdhash", false).getString("display"));
    }

    @Test
    void aMissingKeyIsNotFound() {
        assertTrue(error(call("GET", "/dashboard/api/key?key=nothing-here", null, PASSWORD), 404).contains("nothing-here"));
    }

    @Test
    void unknownParametersAndTypesAreRefusedByName() {
        assertTrue(error(call("GET", "/dashboard/api/keys?match=x", null, PASSWORD), 400).contains("'match'"));
        String set = error(call("GET", "/dashboard/api/keys?type=set", null, PASSWORD), 400);
        assertTrue(set.contains("'set'") && set.contains("string, hash, list and vectorset"), set);
        assertTrue(error(call("GET", "/dashboard/api/keys?count=0", null, PASSWORD), 400).contains("count"));
        assertTrue(error(call("GET", "/dashboard/api/key", null, PASSWORD), 400).contains("key="));
        assertTrue(error(call("GET", "/dashboard/api/overview?x=1", null, PASSWORD), 400).contains("'x'"));
    }

    @Test
    void theCommandBoxRunsReadsAndRefusesWritesUnlessAllowed() throws Exception {
        resp("SET", "cmd", "value");
        assertEquals("\"value\"", command("GET cmd", false).getString("display"));
        String refused = error(call("POST", "/dashboard/api/command", "{\"command\": \"SET cmd other\"}", PASSWORD), 400);
        assertTrue(refused.contains("allow writes"), refused);
        assertEquals("value", new String((byte[]) resp("GET", "cmd"), StandardCharsets.UTF_8), "the refused write changed nothing");
        assertEquals("OK", command("SET cmd \"two words\"", true).getString("display"));
        assertEquals("two words", new String((byte[]) resp("GET", "cmd"), StandardCharsets.UTF_8));
        assertEquals("(integer) 1", command("DEL cmd", true).getString("display"));
        assertEquals("(nil)", command("GET cmd", false).getString("display"));
    }

    @Test
    void theCommandBoxNamesWhatItDoesNotRun() {
        HttpResponse<String> unknown = call("POST", "/dashboard/api/command", "{\"command\": \"FOO bar\"}", PASSWORD);
        assertTrue(error(unknown, 400).startsWith("ERR unknown command 'FOO'"));
        HttpResponse<String> notHere = call("POST", "/dashboard/api/command", "{\"command\": \"INFO\"}", PASSWORD);
        assertTrue(error(notHere, 400).contains("does not run 'info'"));
        HttpResponse<String> arity = call("POST", "/dashboard/api/command", "{\"command\": \"GET\"}", PASSWORD);
        assertEquals("ERR wrong number of arguments for 'get' command", error(arity, 400));
        HttpResponse<String> field = call("POST", "/dashboard/api/command", "{\"command\": \"PING\", \"db\": 1}", PASSWORD);
        assertTrue(error(field, 400).contains("'db'"));
    }

    @Test
    void theMetersCountEveryCommand() throws Exception {
        long before = getCount(ok("GET", "/dashboard/api/meters", null));
        for (int i = 0; i < 15; i++) {
            resp("GET", "metered");
        }
        JsonObject m = ok("GET", "/dashboard/api/meters", null);
        assertTrue(m.getBoolean("enabled"));
        assertEquals(before + 15, getCount(m));
        assertTrue(m.getJsonObject("memory").getLong("heap_used_bytes") > 0);
    }

    private static long getCount(JsonObject meters) {
        for (Object c : meters.getJsonArray("commands")) {
            JsonObject o = (JsonObject) c;
            if (o.getString("protocol").equals("resp") && o.getString("command").equals("get")) {
                return o.getLong("count");
            }
        }
        return 0;
    }

    @Test
    void theCollectionsListShowsEachCollectionsFigures() {
        ok("PUT", "/collections/listed", "{\"vectors\": {\"size\": 3, \"distance\": \"Dot\"}}");
        ok("PUT", "/collections/listed/points?wait=true", "{\"points\": [{\"id\": 1, \"vector\": [1, 0, 0]}, {\"id\": 2, \"vector\": [0, 1, 0]}]}");
        JsonObject listed = null;
        for (Object c : ok("GET", "/dashboard/api/collections", null).getJsonArray("collections")) {
            if (((JsonObject) c).getString("name").equals("listed")) {
                listed = (JsonObject) c;
            }
        }
        assertTrue(listed != null);
        assertEquals(2, listed.getLong("points"));
        assertEquals(3, listed.getInteger("dimension"));
        assertEquals("Dot", listed.getString("metric"));
    }

    @Test
    void aCollectionWithNamedVectorsListsEachSpace() {
        ok("PUT", "/collections/named", "{\"vectors\": {\"image\": {\"size\": 4, \"distance\": \"Dot\"}}, "
                + "\"sparse_vectors\": {\"words\": {}}}");
        JsonObject named = null;
        for (Object c : ok("GET", "/dashboard/api/collections", null).getJsonArray("collections")) {
            if (((JsonObject) c).getString("name").equals("named")) {
                named = (JsonObject) c;
            }
        }
        assertTrue(named != null);
        JsonArray spaces = named.getJsonArray("vectors");
        assertEquals(2, spaces.size(), spaces.encode());
        assertEquals(new JsonObject().put("name", "image").put("kind", "dense").put("dimension", 4).put("metric", "Dot"),
                spaces.getJsonObject(0));
        assertEquals("sparse", spaces.getJsonObject(1).getString("kind"));
    }
}
