package io.quiver.app;

import io.quiver.config.ConfigKeys;
import io.quiver.testing.TestServer;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The vector-import configuration key loads collections before the server answers. */
class StartupVectorImportTest {
    @TempDir
    Path dir;

    @Test
    void configuredImportIsLoadedAtStart() throws Exception {
        Files.writeString(dir.resolve("start.jsonl"), "{\"id\": 1, \"vector\": [1, 0]}\n{\"id\": 2, \"vector\": [0, 1]}\n");
        try (TestServer server = TestServer.start(2, ConfigKeys.IMPORT_DIR, dir.toString(),
                ConfigKeys.VECTOR_IMPORT, "boot:dot:start.jsonl")) {
            JsonObject info = server.ok("GET", "/collections/boot", null).json().getJsonObject("result");
            assertEquals(2, info.getLong("points_count"));
            assertEquals("Dot", info.getJsonObject("config").getJsonObject("params").getJsonObject("vectors").getString("distance"));
        }
    }
}
