package io.quiver.console;

import io.quiver.cli.RespClient;
import io.quiver.config.ConfigKeys;
import io.quiver.testing.ClientScripts;
import io.quiver.testing.TestServer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.net.http.HttpRequest;
import java.util.HexFormat;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The console in real browsers: Debian's Chromium and Debian's Firefox ESR, driven by puppeteer-core
 * (pinned in src/test/node) running src/test/node/console-check.mjs against a real server with a
 * password and data, at 1280×800 and at a phone's 390×844. It signs in (a wrong password first),
 * compares the overview with the server's own INFO and collection info, creates and deletes a payload
 * index, searches by id and with a filter, scrolls the points with a filter page by page, looks up a
 * string and a hash by pattern and type, runs commands, makes API errors show, and waits for the
 * charts to draw. Screenshots go to target/console-screenshots/.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ConsoleBrowserTest {
    private static final String PASSWORD = "console-test-password";
    private static final String CHROMIUM = "/usr/bin/chromium";
    private static final String FIREFOX = "/usr/bin/firefox-esr";
    private TestServer server;
    private Path expectedFile;

    @BeforeAll
    void startServer() throws Exception {
        server = TestServer.start(TestServer.base(ConfigKeys.PASSWORD, PASSWORD).with(ConfigKeys.SHARDS, 3));
        expectedFile = Files.createTempFile(Path.of("target"), "console-expected-", ".json");
        Files.writeString(expectedFile, fill(server).encode());
    }

    @AfterAll
    void stopServer() throws Exception {
        if (server != null) {
            server.close();
        }
        if (expectedFile != null) {
            Files.deleteIfExists(expectedFile);
        }
    }

    @Test
    void chromiumShowsTheServersData() throws Exception {
        check("chromium", CHROMIUM);
    }

    @Test
    void firefoxShowsTheServersData() throws Exception {
        check("firefox", FIREFOX);
    }

    private void check(String browser, String executable) throws Exception {
        boolean ci = System.getenv("CI") != null;
        boolean tools = ClientScripts.onPath("node") && ClientScripts.onPath("npm") && Files.isExecutable(Path.of(executable));
        if (ci) {
            assertTrue(tools, "CI must have node, npm and " + executable + " (bin/quiver test installs them)");
        }
        Assumptions.assumeTrue(tools, "skipped: node, npm and " + executable + " are needed (bin/quiver test installs them)");
        ClientScripts.npmInstalled("puppeteer-core");
        long t0 = System.nanoTime();
        ClientScripts.Result r = ClientScripts.run(ClientScripts.NODE_DIR, List.of("node", "console-check.mjs", browser,
                "http://127.0.0.1:" + server.httpPort(), PASSWORD, expectedFile.toAbsolutePath().toString(),
                Path.of("target", "console-screenshots").toAbsolutePath().toString()), 300);
        System.out.println("console browser check in " + browser + " took " + (System.nanoTime() - t0) / 1_000_000 + " ms:\n" + r.output());
        assertEquals(0, r.code(), "the console's browser check in " + browser + " failed:\n" + r.output());
        assertTrue(r.output().contains("all checks passed"), r.output());
    }

    /** Keys over RESP and a collection over HTTP; what the console should show, from INFO and collection info. */
    private static JsonObject fill(TestServer server) throws Exception {
        try (RespClient resp = server.resp()) {
            assertEquals(new RespClient.Status("OK"), resp.call("AUTH", PASSWORD));
            for (int i = 0; i < 30; i++) {
                resp.call("SET", "user:" + i, "name-" + i);
                resp.call("SET", "order:" + i, Integer.toString(i * 7));
            }
            resp.call("SET", "user:7", "Ada Lovelace", "EX", "300");
            resp.call("HSET", "profile:7", "name", "Ada Lovelace", "born", "1815", "notes", "first programmer");
            String info = infoText(resp.call("INFO"));
            JsonObject collection = new JsonObject().put("vectors", new JsonObject().put("size", 4).put("distance", "Cosine"));
            authed(server, "PUT", "/collections/shop", collection.encode());
            JsonArray points = new JsonArray();
            for (int i = 1; i <= 40; i++) {
                points.add(new JsonObject().put("id", i)
                        .put("vector", new JsonArray().add(i).add(1.0 / i).add(i % 5).add((i * 37) % 11))
                        .put("payload", new JsonObject().put("city", i % 2 == 0 ? "London" : "Paris").put("n", i)));
            }
            authed(server, "PUT", "/collections/shop/points?wait=true", new JsonObject().put("points", points).encode());
            authed(server, "PUT", "/collections/shop/index", "{\"field_name\": \"city\", \"field_schema\": \"keyword\"}");
            JsonObject shop = new JsonObject(authed(server, "GET", "/collections/shop", null)).getJsonObject("result");
            return new JsonObject()
                    .put("version", field(info, "quiver_version"))
                    .put("transport", field(info, "multiplexing_api"))
                    .put("shards", Integer.parseInt(field(info, "shards")))
                    .put("keys", Long.parseLong(field(info, "db0").replaceAll("keys=(\\d+),.*", "$1")))
                    .put("points", shop.getLong("points_count"))
                    .put("collection", "shop")
                    .put("searchId", 17)
                    .put("keyPattern", "user:*")
                    .put("key", "user:7")
                    .put("keyValue", "Ada Lovelace")
                    .put("keyValueHex", HexFormat.of().formatHex("Ada Lovelace".getBytes(StandardCharsets.UTF_8))
                            .replaceAll("(..)(?!$)", "$1 "))
                    .put("keyTtlSeconds", 300)
                    .put("hash", "profile:7")
                    .put("hashFields", new JsonArray().add(new JsonArray().add("name").add("Ada Lovelace"))
                            .add(new JsonArray().add("born").add("1815")).add(new JsonArray().add("notes").add("first programmer")))
                    .put("indexedField", "city")
                    .put("dimension", 4)
                    .put("filterKey", "city")
                    .put("filterValue", "London")
                    .put("filter", new JsonObject().put("must", new JsonArray().add(new JsonObject().put("key", "city")
                            .put("match", new JsonObject().put("value", "London")))));
        }
    }

    private static String infoText(Object reply) {
        return reply instanceof byte[] b ? new String(b, StandardCharsets.UTF_8) : String.valueOf(reply);
    }

    private static String field(String info, String name) {
        Matcher m = Pattern.compile("(?m)^" + name + ":(.*?)\\r?$").matcher(info);
        assertTrue(m.find(), "INFO has no " + name + ":\n" + info);
        return m.group(1).trim();
    }

    private static String authed(TestServer server, String method, String path, String body) {
        var r = server.send(HttpRequest.newBuilder(server.uri(path))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body))
                .header("Content-Type", "application/json").header("Authorization", "Bearer " + PASSWORD).build());
        assertEquals(200, r.statusCode(), method + " " + path + ": " + r.body());
        return r.body();
    }
}
