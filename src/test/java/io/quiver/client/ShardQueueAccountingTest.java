package io.quiver.client;

import io.quiver.cli.RespClient;
import io.quiver.config.ConfigKeys;
import io.quiver.shard.ShardLoad;
import io.quiver.testing.TestServer;
import io.quiver.vector.io.Texmex;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;

import static io.quiver.testing.Json.vector;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every message to a shard goes through a shard client, which counts it in the shard's queue, and
 * the shard gives the place back: whatever the traffic, every queue returns to exactly 0.
 */
class ShardQueueAccountingTest {
    @TempDir
    Path dir;

    @Test
    void afterABulkLoadAnImportAndMixedTrafficEveryShardsQueueIsEmpty() throws Exception {
        StringBuilder pairs = new StringBuilder();
        for (int i = 0; i < 5000; i++) {
            pairs.append("loaded:").append(i).append(' ').append("value ").append(i).append('\n');
        }
        Path load = dir.resolve("pairs.txt");
        Files.writeString(load, pairs, StandardCharsets.UTF_8);
        float[][] rows = new float[10_000][8];
        Random r = new Random(7);
        for (float[] row : rows) {
            for (int d = 0; d < row.length; d++) {
                row[d] = r.nextFloat() - 0.5f;
            }
        }
        Texmex.writeFvecs(dir.resolve("v.fvecs"), rows);

        try (TestServer server = TestServer.start(2, ConfigKeys.LOAD, load.toString(), ConfigKeys.IMPORT_DIR, dir.toString());
             RespClient resp = server.resp()) {
            server.ok("POST", "/collections/fm/import", new JsonObject().put("path", "v.fvecs").put("distance", "Cosine")
                    .put("wait", true));
            for (int i = 0; i < 200; i++) {
                resp.call("SET", "k" + i, "v" + i);
                resp.call("MGET", "k" + i, "loaded:" + i, "missing");
                resp.call("VADD", "set", "VALUES", "2", Integer.toString(i), "1", "e" + i);
                server.ok("POST", "/collections/fm/points/search", new JsonObject().put("vector", vector(rows[i]))
                        .put("limit", 3).put("with_payload", true));
            }
            server.ok("POST", "/kv/_mset", new JsonObject().put("entries", new JsonObject().put("a", "1").put("b", "2")));
            server.ok("POST", "/collections/fm/points/search/batch", new JsonObject().put("searches",
                    new JsonArray().add(new JsonObject().put("vector", vector(rows[1])).put("limit", 2))));
            assertEquals(10_000L, server.ok("POST", "/collections/fm/points/count", new JsonObject())
                    .json().getJsonObject("result").getLong("count"));

            ShardLoad queues = server.quiver().load();
            long until = System.currentTimeMillis() + 10_000;
            while (!empty(queues) && System.currentTimeMillis() < until) {
                Thread.sleep(20);
            }
            for (int s = 0; s < 2; s++) {
                assertEquals(0, queues.pending(s), "shard " + s + "'s queue");
            }
            String info = new String((byte[]) resp.call("INFO", "stats"), StandardCharsets.UTF_8);
            assertTrue(info.contains("shard_queue_pending:0,0\r\n"), info);
        }
    }

    private static boolean empty(ShardLoad queues) {
        return queues.pending(0) == 0 && queues.pending(1) == 0;
    }
}
