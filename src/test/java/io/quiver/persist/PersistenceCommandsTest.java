package io.quiver.persist;

import io.quiver.cli.RespClient;
import io.quiver.config.ConfigKeys;
import io.quiver.testing.TestServer;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** SAVE, BGSAVE, LASTSAVE, INFO persistence, POST /admin/snapshot, and the persistence meters. */
class PersistenceCommandsTest {
    static TestServer server;

    @BeforeAll
    static void start() {
        server = TestServer.start(TestServer.base(ConfigKeys.SHARDS, 2));
        Servers.call(server, "SET", "a", "1");
        Servers.call(server, "SET", "b", "2");
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static String status(Object reply) {
        return reply instanceof RespClient.Status s ? s.text() : "not a status: " + reply;
    }

    @Test
    void saveRepliesOkAndMovesLastsave() {
        long before = System.currentTimeMillis() / 1000;
        assertEquals("OK", status(Servers.call(server, "SAVE")));
        assertTrue((Long) Servers.call(server, "LASTSAVE") >= before);
    }

    @Test
    void bgsaveRepliesAtOnce() {
        assertEquals("Background saving started", status(Servers.call(server, "BGSAVE")));
    }

    @Test
    void infoPersistenceShowsTheLogAndSnapshots() {
        Servers.call(server, "SAVE");
        String info = new String((byte[]) Servers.call(server, "INFO", "persistence"), StandardCharsets.UTF_8);
        assertTrue(info.startsWith("# Persistence\r\n"), info);
        for (String field : new String[]{"aof_enabled:1", "appendfsync:everysec", "aof_current_size:",
                "rdb_last_save_time:", "rdb_last_bgsave_status:ok", "fsync_avg_us:", "loading_duration_ms:"}) {
            assertTrue(info.contains(field), field + " in " + info);
        }
    }

    @Test
    void adminSnapshotAnswersWithWhatWasWritten() {
        HttpResponse<String> r = server.send("POST", "/admin/snapshot", null);
        assertEquals(200, r.statusCode(), r.body());
        JsonObject body = new JsonObject(r.body());
        assertEquals(2, body.getJsonArray("shards").size());
        assertTrue(body.getLong("keys") >= 2, r.body());
    }

    @Test
    void metricsShowLogSizeSnapshotTimeAndFsyncLatency() {
        String metrics = server.get("/metrics").body();
        for (String name : new String[]{"quiver_persistence_log_bytes{shard=\"0\"}",
                "quiver_persistence_last_snapshot_timestamp_seconds{shard=\"1\"}",
                "quiver_persistence_fsync_duration_seconds", "quiver_persistence_recovery_seconds"}) {
            assertTrue(metrics.contains(name), name);
        }
    }

    @Test
    void withPersistenceOffSaveIsRefused() {
        try (TestServer memoryOnly = TestServer.start(TestServer.base(ConfigKeys.PERSISTENCE, false))) {
            Object r = Servers.call(memoryOnly, "SAVE");
            assertTrue(r instanceof RespClient.Error e && e.text().contains("persistence is off"), String.valueOf(r));
            assertEquals(409, memoryOnly.send("POST", "/admin/snapshot", null).statusCode());
        }
    }
}
