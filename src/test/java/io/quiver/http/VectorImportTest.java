package io.quiver.http;

import com.sun.net.httpserver.HttpServer;
import io.quiver.config.ConfigKeys;
import io.quiver.testing.TestServer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static io.quiver.testing.Json.vector;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** POST /collections/{c}/import from files under import-dir and from an http URL. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class VectorImportTest {
    @TempDir
    static Path dir;
    @TempDir
    static Path outside;
    private TestServer server;
    private HttpServer files;

    @BeforeAll
    void start() throws IOException {
        Files.write(dir.resolve("v.npy"), npy(new float[][]{{1, 0, 0}, {0, 1, 0}, {0, 0, 1}, {1, 1, 1}}));
        Files.writeString(dir.resolve("v.jsonl"), """
                {"id": 10, "vector": [1, 0], "payload": {"name": "ten", "tags": [1, 2]}}

                {"id": "a", "vector": [0, 1]}
                {"vector": [1, 1]}
                """);
        Files.writeString(dir.resolve("broken.jsonl"), "{\"id\": 1, \"vector\": [1, 0]}\n{\"id\": 2, \"vector\": [1, \"x\"]}\n");
        Files.write(dir.resolve("v.fvecs"), fvecs(200, 8));
        Files.writeString(outside.resolve("secret.jsonl"), "{\"vector\": [1, 2]}\n");
        files = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        files.createContext("/", exchange -> {
            Path p = dir.resolve(exchange.getRequestURI().getPath().substring(1));
            if (!Files.isRegularFile(p)) {
                exchange.sendResponseHeaders(404, -1);
                exchange.close();
                return;
            }
            byte[] body = Files.readAllBytes(p);
            exchange.sendResponseHeaders(200, 0); // chunked: the length is unknown to the importer
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        files.start();
        server = TestServer.start(2, ConfigKeys.IMPORT_DIR, dir.toString());
    }

    @AfterAll
    void stop() {
        server.close();
        files.stop(0);
    }

    private static byte[] npy(float[][] rows) {
        String header = "{'descr': '<f4', 'fortran_order': False, 'shape': (" + rows.length + ", " + rows[0].length + "), }";
        int total = 10 + header.length() + 1;
        int pad = (64 - total % 64) % 64;
        header = header + " ".repeat(pad) + "\n";
        ByteBuffer b = ByteBuffer.allocate(10 + header.length() + rows.length * rows[0].length * 4).order(ByteOrder.LITTLE_ENDIAN);
        b.put((byte) 0x93).put("NUMPY".getBytes(StandardCharsets.US_ASCII)).put((byte) 1).put((byte) 0);
        b.putShort((short) header.length()).put(header.getBytes(StandardCharsets.US_ASCII));
        for (float[] r : rows) {
            for (float f : r) {
                b.putFloat(f);
            }
        }
        return b.array();
    }

    private static byte[] fvecs(int n, int dim) {
        ByteBuffer b = ByteBuffer.allocate(n * (4 + 4 * dim)).order(ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < n; i++) {
            b.putInt(dim);
            for (int d = 0; d < dim; d++) {
                b.putFloat(i + d * 0.01f);
            }
        }
        return b.array();
    }

    private JsonObject importWait(String collection, JsonObject body) {
        return server.ok("POST", "/collections/" + collection + "/import", body.put("wait", true)).json().getJsonObject("result");
    }

    @Test
    void npyImportCreatesTheCollectionWithRowNumbersAsIds() {
        assertEquals(4, importWait("npy", new JsonObject().put("path", "v.npy").put("distance", "Cosine")).getLong("rows"));
        JsonObject info = server.ok("GET", "/collections/npy", null).json().getJsonObject("result");
        assertEquals(3, info.getJsonObject("config").getJsonObject("params").getJsonObject("vectors").getInteger("size"));
        JsonArray hits = server.ok("POST", "/collections/npy/points/search", new JsonObject()
                .put("vector", vector(0, 1, 0)).put("limit", 1)).json().getJsonArray("result");
        assertEquals(1L, hits.getJsonObject(0).getLong("id"));
    }

    @Test
    void jsonlImportKeepsGivenIdsAndPayloads() {
        assertEquals(3, importWait("jsonl", new JsonObject().put("path", "v.jsonl").put("distance", "Dot")).getLong("rows"));
        JsonArray got = server.ok("POST", "/collections/jsonl/points", new JsonObject()
                .put("ids", new JsonArray().add(10).add("a").add(2))).json().getJsonArray("result");
        assertEquals(3, got.size());
        assertEquals("ten", got.getJsonObject(0).getJsonObject("payload").getString("name"));
        assertEquals(new JsonArray().add(1).add(2), got.getJsonObject(0).getJsonObject("payload").getJsonArray("tags"));
    }

    @Test
    void urlImportStreamsOverHttp() {
        String url = "http://127.0.0.1:" + files.getAddress().getPort() + "/v.fvecs";
        assertEquals(200, importWait("url", new JsonObject().put("url", url).put("distance", "Euclid")).getLong("rows"));
        assertEquals(200, server.ok("POST", "/collections/url/points/count", new JsonObject()).json()
                .getJsonObject("result").getLong("count"));
    }

    @Test
    void progressIsVisibleInCollectionInfo() {
        importWait("progress", new JsonObject().put("path", "v.fvecs").put("distance", "Euclid"));
        JsonObject imp = server.ok("GET", "/collections/progress", null).json().getJsonObject("result")
                .getJsonObject("quiver").getJsonObject("import");
        assertEquals("done", imp.getString("state"));
        assertEquals(200, imp.getLong("rows"));
        assertEquals(100.0, imp.getDouble("percent"), 1e-9);
    }

    @Test
    void asyncImportAnswers202AndFinishesInTheBackground() throws InterruptedException {
        TestServer.Reply r = server.postJson("/collections/async/import", new JsonObject().put("path", "v.fvecs").put("distance", "Dot"));
        assertEquals(202, r.status(), r.text());
        long deadline = System.currentTimeMillis() + 30_000;
        String state = "";
        while (System.currentTimeMillis() < deadline && !state.equals("done")) {
            Thread.sleep(50);
            TestServer.Reply info = server.getJson("/collections/async");
            if (info.status() == 200 && info.json().getJsonObject("result").getJsonObject("quiver").getJsonObject("import") != null) {
                state = info.json().getJsonObject("result").getJsonObject("quiver").getJsonObject("import").getString("state");
            }
        }
        assertEquals("done", state);
    }

    @Test
    void pathsOutsideImportDirAreRefused() {
        TestServer.Reply r = server.postJson("/collections/escape/import", new JsonObject()
                .put("path", "../" + outside.getFileName() + "/secret.jsonl").put("distance", "Dot"));
        assertEquals(400, r.status());
        assertTrue(r.error().contains("outside import-dir"), r.text());
        assertEquals(400, server.postJson("/collections/escape/import", new JsonObject()
                .put("path", outside.resolve("secret.jsonl").toString()).put("distance", "Dot")).status());
        assertEquals(404, server.getJson("/collections/escape").status());
    }

    @Test
    void malformedRowStopsTheImportWithTheRowNamed() {
        TestServer.Reply r = server.postJson("/collections/broken/import", new JsonObject()
                .put("path", "broken.jsonl").put("distance", "Dot").put("wait", true));
        assertEquals(400, r.status());
        assertTrue(r.error().contains("line 2"), r.text());
        JsonObject imp = server.ok("GET", "/collections/broken", null).json().getJsonObject("result")
                .getJsonObject("quiver").getJsonObject("import");
        assertEquals("failed", imp.getString("state"));
    }

    @Test
    void urlImportsCanBeSwitchedOff() {
        try (TestServer closed = TestServer.start(1, ConfigKeys.IMPORT_URLS, false)) {
            String url = "http://127.0.0.1:" + files.getAddress().getPort() + "/v.fvecs";
            TestServer.Reply r = closed.postJson("/collections/u/import", new JsonObject().put("url", url).put("distance", "Dot"));
            assertEquals(400, r.status());
            assertTrue(r.error().contains("import-urls"), r.text());
        }
    }

    @Test
    void badSourcesAreRefusedBeforeAnythingStarts() {
        assertEquals(400, server.postJson("/collections/x/import", new JsonObject().put("url", "ftp://host/f.fvecs").put("distance", "Dot")).status());
        assertEquals(400, server.postJson("/collections/x/import", new JsonObject().put("path", "v.csv").put("distance", "Dot")).status());
        assertEquals(400, server.postJson("/collections/x/import", new JsonObject().put("path", "v.npy").put("url", "http://h/v.npy")).status());
        assertEquals(404, server.postJson("/collections/x/import", new JsonObject().put("path", "v.npy")).status());
    }
}
