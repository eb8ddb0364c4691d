package io.quiver.persist;

import io.quiver.cli.RespClient;
import io.quiver.config.ConfigKeys;
import io.quiver.testing.TestServer;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Snapshots taken while clients write lose none of those writes. */
class SnapshotUnderWritesTest {
    private static final int WRITERS = 4, PER_WRITER = 3000;

    @Test
    void nothingWrittenDuringSnapshotsIsLost() throws Exception {
        Path dir = TestServer.newDataDir();
        // small logs: size-triggered snapshots and log rotations happen all through the run too
        var config = Servers.config(dir, 3).with(ConfigKeys.SNAPSHOT_LOG_SIZE, "16kb");
        int snapshots = 0;
        try (TestServer s = TestServer.start(config)) {
            ExecutorService pool = Executors.newFixedThreadPool(WRITERS);
            AtomicBoolean done = new AtomicBoolean();
            List<Future<?>> writers = new ArrayList<>();
            for (int w = 0; w < WRITERS; w++) {
                int writer = w;
                writers.add(pool.submit(() -> {
                    try (RespClient c = s.resp()) {
                        for (int i = 0; i < PER_WRITER; i++) {
                            c.call("SET", "w" + writer + ":" + i, "v" + i);
                            if (i % 10 == 9) {
                                c.call("SET", "w" + writer + ":" + (i - 5), "rewritten" + i); // overwrites, too
                            }
                        }
                    }
                    return null;
                }));
            }
            try (RespClient admin = s.resp()) {
                while (writers.stream().anyMatch(f -> !f.isDone())) {
                    admin.call(snapshots % 2 == 0 ? "SAVE" : "BGSAVE");
                    snapshots++;
                }
            }
            for (Future<?> f : writers) {
                f.get();
            }
            done.set(true);
            pool.shutdown();
        }
        assertTrue(snapshots >= 2, "snapshots were taken during the writes: " + snapshots);
        try (TestServer s = Servers.start(dir, 3)) {
            assertEquals((long) WRITERS * PER_WRITER, Servers.dbsize(s));
            for (int w = 0; w < WRITERS; w++) {
                for (int i = 0; i < PER_WRITER; i++) {
                    int rewrittenBy = i + 5;
                    boolean rewritten = rewrittenBy % 10 == 9 && rewrittenBy < PER_WRITER;
                    assertEquals(rewritten ? "rewritten" + rewrittenBy : "v" + i, Servers.get(s, "w" + w + ":" + i));
                }
            }
            assertTrue(s.quiver().persistence().report().snapshotsLoaded() > 0);
        }
    }

    @Test
    void noPointWrittenOrDeletedDuringSnapshotsIsLost() throws Exception {
        Path dir = TestServer.newDataDir();
        var config = Servers.config(dir, 2).with(ConfigKeys.SNAPSHOT_LOG_SIZE, "64kb");
        int vectorWriters = 2, batches = 120, perBatch = 10;
        Map<Long, Integer> expected = new ConcurrentHashMap<>();
        int snapshots = 0;
        try (TestServer s = TestServer.start(config)) {
            Points.create(s, "g", "graph");
            ExecutorService pool = Executors.newFixedThreadPool(vectorWriters);
            List<Future<?>> writers = new ArrayList<>();
            for (int w = 0; w < vectorWriters; w++) {
                long base = w * 100_000L;
                writers.add(pool.submit(() -> {
                    for (int b = 0; b < batches; b++) {
                        long from = base + (long) b * perBatch;
                        Points.upsert(s, "g", from, from + perBatch, 1);
                        for (long id = from; id < from + perBatch; id++) {
                            expected.put(id, 1);
                        }
                        if (b > 0) { // a third of the previous batch goes: enough for jvector's cleanup to be due
                            List<Long> gone = List.of(from - perBatch, from - perBatch + 3, from - perBatch + 6);
                            Points.delete(s, "g", gone);
                            gone.forEach(expected::remove);
                        }
                        if (b % 7 == 0) { // and some are replaced
                            Points.upsert(s, "g", from + 1, from + 2, 2);
                            expected.put(from + 1, 2);
                        }
                    }
                    return null;
                }));
            }
            try (RespClient admin = s.resp()) {
                while (writers.stream().anyMatch(f -> !f.isDone())) {
                    admin.call(snapshots % 2 == 0 ? "SAVE" : "BGSAVE");
                    snapshots++;
                }
            }
            for (Future<?> f : writers) {
                f.get();
            }
            pool.shutdown();
        }
        assertTrue(snapshots >= 2, "snapshots were taken during the writes: " + snapshots);
        try (TestServer s = Servers.start(dir, 2)) {
            Points.assertHolds(s, "g", expected);
            assertEquals(List.of("loaded", "loaded"), Points.graphOrigins(s, "g"));
            for (long id : new long[]{1, 100_001, 1191, 101_195}) {
                Points.assertFindsItself(s, "g", id, expected.get(id));
            }
            Points.assertNotFound(s, "g", 100_000, 1);
        }
    }
}
