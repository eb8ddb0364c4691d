package io.quiver.persist;

import io.quiver.cli.RespClient;
import io.quiver.testing.QuiverProcess;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * The server as a separate process with {@code appendfsync always}: several clients write, the
 * process is killed with SIGKILL in the middle of it, and after a restart every write that was
 * acknowledged is there.
 */
class CrashRecoveryIT {
    private static final int CLIENTS = 6;

    @Test
    void everyAcknowledgedWriteSurvivesSigkill() throws Exception {
        Path data = Files.createTempDirectory("quiver-crash-it");
        // small logs, so snapshots and log rotations also run while the writes go on and the kill comes
        String[] flags = {"--data-dir", data.toString(), "--appendfsync", "always", "--shards", "3",
                "--snapshot-log-size", "32kb"};
        Map<String, String> acknowledged = new ConcurrentHashMap<>();
        /** key → value sent but not acknowledged when the kill came (either may be there after it). */
        Map<String, String> inFlight = new ConcurrentHashMap<>();
        AtomicLong acks = new AtomicLong();
        try (QuiverProcess server = QuiverProcess.start(flags)) {
            List<Thread> writers = new ArrayList<>();
            for (int c = 0; c < CLIENTS; c++) {
                int client = c;
                Thread t = new Thread(() -> write(server, client, acknowledged, inFlight, acks));
                t.start();
                writers.add(t);
            }
            // kill once writes have been acknowledged and a snapshot has rotated a log, in the middle of the stream
            long deadline = System.currentTimeMillis() + 60_000;
            while ((acks.get() < 3000 || !snapshotWritten(data)) && System.currentTimeMillis() < deadline) {
                Thread.sleep(20);
            }
            assertTrue(acks.get() >= 3000 && snapshotWritten(data), "writes were acknowledged and a snapshot written before the kill: "
                    + acks.get() + "\n" + server.output());
            long more = acks.get() + 500;
            while (acks.get() < more && System.currentTimeMillis() < deadline) {
                Thread.sleep(5);
            }
            server.kill();
            for (Thread t : writers) {
                t.join(30_000);
            }
        }
        try (QuiverProcess server = QuiverProcess.start(flags); RespClient c = server.client()) {
            int missing = 0;
            StringBuilder examples = new StringBuilder();
            for (Map.Entry<String, String> e : acknowledged.entrySet()) {
                Object v = c.call("GET", e.getKey());
                String got = v == null ? null : new String((byte[]) v, StandardCharsets.UTF_8);
                boolean ok = e.getValue().equals(got) || (got != null && got.equals(inFlight.get(e.getKey())));
                if (!ok && missing++ < 5) {
                    examples.append(e.getKey()).append(" = ").append(e.getValue()).append(", found ").append(got).append('\n');
                }
            }
            if (missing > 0) {
                fail(missing + " of " + acknowledged.size() + " acknowledged writes are lost, e.g.\n" + examples
                        + "\n" + server.output());
            }
            assertTrue(server.output().contains("recovered"), server.output());
            System.out.println(acknowledged.size() + " keys acknowledged before SIGKILL, all found after restart; "
                    + server.output().lines().filter(l -> l.contains("recovered")).findFirst().orElse(""));
        } finally {
            DataDirectory.deleteTree(data);
        }
    }

    private static boolean snapshotWritten(Path data) throws java.io.IOException {
        try (var files = Files.walk(data)) {
            return files.anyMatch(p -> p.getFileName().toString().equals(SnapshotFormat.FILE_NAME));
        }
    }

    /** Writes keys of its own until the connection breaks; each key is written twice, the second overwriting. */
    private static void write(QuiverProcess server, int client, Map<String, String> acknowledged,
                              Map<String, String> inFlight, AtomicLong acks) {
        try (RespClient c = server.client()) {
            for (int i = 0; ; i++) {
                String key = "c" + client + ":" + (i / 2);
                String value = "v" + i + ":" + "x".repeat(i % 40);
                inFlight.put(key, value);
                Object r = c.call("SET", key, value);
                if (!(r instanceof RespClient.Status s) || !s.text().equals("OK")) {
                    throw new IllegalStateException("SET answered " + r);
                }
                acknowledged.put(key, value);
                inFlight.remove(key);
                acks.incrementAndGet();
            }
        } catch (Exception e) {
            // the server was killed: the write in flight was never acknowledged
        }
    }
}
