package io.quiver.persist;

import io.quiver.config.ConfigKeys;
import io.quiver.testing.TestServer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A collection's {@code wal_config.wal_capacity_mb} bounds its shard's log: once the log has grown by
 * that much the shard snapshots and starts a new log file, though {@code snapshot-log-size} is far
 * larger; without it the log keeps growing.
 */
class WalCapacityTest {
    private static final int DIM = 256;

    /** Upserts about 2 MiB of vectors (1 KiB each, as logged) into {@code c}. */
    private static void fill(TestServer s, String c) {
        for (int batch = 0; batch < 20; batch++) {
            JsonArray points = new JsonArray();
            for (int i = 0; i < 100; i++) {
                JsonArray v = new JsonArray();
                for (int d = 0; d < DIM; d++) {
                    v.add((batch * 100 + i + d) % 17 / 17.0);
                }
                points.add(new JsonObject().put("id", batch * 100 + i).put("vector", v));
            }
            s.ok("PUT", "/collections/" + c + "/points?wait=true", new JsonObject().put("points", points));
        }
    }

    private static long logBytes(TestServer s) {
        String info = new String((byte[]) Servers.call(s, "INFO", "persistence"), StandardCharsets.UTF_8);
        for (String line : info.split("\r\n")) {
            if (line.startsWith("aof_current_size:")) {
                return Long.parseLong(line.substring(line.indexOf(':') + 1).trim());
            }
        }
        throw new IllegalStateException("no aof_current_size in " + info);
    }

    /** The log size once the shard's once-a-second check has had time to run (or the deadline passed). */
    private static long logBytesAfterTicks(TestServer s, long below) throws InterruptedException {
        long deadline = System.currentTimeMillis() + 5000;
        long bytes = logBytes(s);
        while (bytes >= below && System.currentTimeMillis() < deadline) {
            Thread.sleep(100);
            bytes = logBytes(s);
        }
        return bytes;
    }

    private static TestServer server() {
        return TestServer.start(TestServer.base().with(ConfigKeys.SHARDS, 1).with(ConfigKeys.SNAPSHOT_INTERVAL, 0));
    }

    @Test
    void aShardsLogStartsAnewOnceItReachesACollectionsWalCapacity() throws InterruptedException {
        try (TestServer s = server()) {
            s.ok("PUT", "/collections/c", new JsonObject().put("vectors", new JsonObject().put("size", DIM).put("distance", "Dot"))
                    .put("wal_config", new JsonObject().put("wal_capacity_mb", 1)));
            fill(s, "c");
            long bytes = logBytesAfterTicks(s, 1024 * 1024);
            assertTrue(bytes < 1024 * 1024, "log of " + bytes + " bytes after 2 MiB of upserts with a 1 MiB capacity");
        }
    }

    @Test
    void withoutAWalCapacityTheLogGrowsToSnapshotLogSize() throws InterruptedException {
        try (TestServer s = server()) {
            s.ok("PUT", "/collections/c", new JsonObject().put("vectors", new JsonObject().put("size", DIM).put("distance", "Dot")));
            fill(s, "c");
            Thread.sleep(2500); // two of the shard's checks
            long bytes = logBytes(s);
            assertTrue(bytes > 1024 * 1024, "log of " + bytes + " bytes: no snapshot started it anew");
        }
    }
}
