package io.quiver.persist;

import io.quiver.testing.TestServer;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/** A crash mid-write leaves the log's last record incomplete: the start cuts it and keeps the rest. */
class TornTailTest {
    private static final int KEYS = 20;

    @Test
    void aLogCutAtAnyOffsetOfItsLastRecordStartsWithEverythingBeforeIt() throws Exception {
        Path original = TestServer.newDataDir();
        try (TestServer s = Servers.start(original, 1)) {
            for (int i = 0; i < KEYS; i++) {
                Servers.call(s, "SET", "key" + i, "value" + i);
            }
        }
        Path log = DataFiles.onlyLog(original);
        List<Long> offsets = DataFiles.recordOffsets(log);
        assertEquals(KEYS, offsets.size());
        long lastStart = offsets.get(KEYS - 1), size = Files.size(log);

        for (long cut = lastStart; cut < size; cut++) {
            Path dir = TestServer.newDataDir();
            DataFiles.copyTree(original, dir);
            DataFiles.truncate(dir.resolve(original.relativize(log)), cut);
            try (TestServer s = Servers.start(dir, 1)) {
                assertEquals(KEYS - 1, Servers.dbsize(s), "cut at " + cut);
                for (int i = 0; i < KEYS - 1; i++) {
                    assertEquals("value" + i, Servers.get(s, "key" + i), "cut at " + cut);
                }
                assertNull(Servers.get(s, "key" + (KEYS - 1)), "cut at " + cut);
                assertEquals(cut == lastStart ? 0 : 1, s.quiver().persistence().report().tornTails(), "cut at " + cut);
            }
            assertEquals(lastStart, Files.size(dir.resolve(original.relativize(log))), "truncated to the last whole record");
        }
    }

    @Test
    void aLogWhoseLastRecordIsAVectorUpsertCutAtAnyOffsetKeepsEveryPointBeforeIt() throws Exception {
        Path original = TestServer.newDataDir();
        try (TestServer s = Servers.start(original, 1)) {
            Points.create(s, "g", "graph");
            for (long id = 0; id < 5; id++) {
                Points.upsert(s, "g", id, id + 1, 1); // one record per point
            }
        }
        Path log = DataFiles.onlyLog(original);
        List<Long> offsets = DataFiles.recordOffsets(log);
        long lastStart = offsets.get(offsets.size() - 1), size = Files.size(log);
        for (long cut = lastStart; cut < size; cut += 3) {
            Path dir = TestServer.newDataDir();
            DataFiles.copyTree(original, dir);
            DataFiles.truncate(dir.resolve(original.relativize(log)), cut);
            try (TestServer s = Servers.start(dir, 1)) {
                Points.assertHolds(s, "g", Points.range(0, 4, 1));
                Points.assertFindsItself(s, "g", 3, 1);
                assertEquals(cut == lastStart ? 0 : 1, s.quiver().persistence().report().tornTails(), "cut at " + cut);
            }
        }
    }

    @Test
    void writesAfterATruncatedTailSurviveTheNextRestart() throws Exception {
        Path dir = TestServer.newDataDir();
        try (TestServer s = Servers.start(dir, 1)) {
            Servers.call(s, "SET", "a", "1");
            Servers.call(s, "SET", "b", "2");
        }
        Path log = DataFiles.onlyLog(dir);
        DataFiles.truncate(log, Files.size(log) - 3);
        try (TestServer s = Servers.start(dir, 1)) {
            assertNull(Servers.get(s, "b"));
            Servers.call(s, "SET", "c", "3");
        }
        try (TestServer s = Servers.start(dir, 1)) {
            assertEquals("1", Servers.get(s, "a"));
            assertNull(Servers.get(s, "b"));
            assertEquals("3", Servers.get(s, "c"));
        }
    }

    @Test
    void aZeroFilledTailIsCutToo() throws Exception {
        Path dir = TestServer.newDataDir();
        try (TestServer s = Servers.start(dir, 1)) {
            Servers.call(s, "SET", "a", "1");
        }
        Path log = DataFiles.onlyLog(dir);
        Files.write(log, new byte[4096], java.nio.file.StandardOpenOption.APPEND);
        try (TestServer s = Servers.start(dir, 1)) {
            assertEquals("1", Servers.get(s, "a"));
            assertEquals(1, s.quiver().persistence().report().tornTails());
        }
    }
}
