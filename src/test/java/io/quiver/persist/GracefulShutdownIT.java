package io.quiver.persist;

import io.quiver.cli.RespClient;
import io.quiver.testing.QuiverProcess;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** SIGTERM: the server finishes, snapshots, exits 0; the next start loads the snapshot and replays nothing. */
class GracefulShutdownIT {

    @Test
    void sigtermSnapshotsAndExitsZero() throws Exception {
        Path data = Files.createTempDirectory("quiver-shutdown-it");
        String[] flags = {"--data-dir", data.toString(), "--shards", "2"};
        try (QuiverProcess server = QuiverProcess.start(flags); RespClient c = server.client()) {
            for (int i = 0; i < 1000; i++) {
                c.call("SET", "k" + i, "v" + i);
            }
            int exit = server.terminate();
            assertEquals(0, exit, server.output());
            assertTrue(server.output().contains("snapshot at shutdown: 1000 keys"), server.output());
        }
        try (QuiverProcess server = QuiverProcess.start(flags); RespClient c = server.client()) {
            assertTrue(server.output().contains("recovered 1000 keys and 0 collections (0 points)")
                            && server.output().contains("2 snapshots (1000 keys, 0 points, 0 graphs loaded")
                            && server.output().contains("0 log records replayed"),
                    server.output());
            assertEquals("v999", new String((byte[]) c.call("GET", "k999"), StandardCharsets.UTF_8));
            assertEquals(0, server.terminate(), server.output());
        } finally {
            DataDirectory.deleteTree(data);
        }
    }
}
