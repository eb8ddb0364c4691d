package io.quiver.persist;

import io.quiver.config.ConfigKeys;
import io.quiver.testing.TestServer;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Damage before the end of a file is not a crash's doing: the start refuses, naming file and offset. */
class CorruptDataTest {

    private static Path logWithTenRecords() throws Exception {
        Path dir = TestServer.newDataDir();
        try (TestServer s = Servers.start(dir, 1)) {
            for (int i = 0; i < 10; i++) {
                Servers.call(s, "SET", "key" + i, "value" + i);
            }
        }
        return dir;
    }

    private static String refusal(Path dir) {
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> Servers.start(dir, 1).close());
        return e.getMessage();
    }

    @Test
    void aFlippedByteInAMiddleRecordsPayloadStopsTheStart() throws Exception {
        Path dir = logWithTenRecords();
        Path log = DataFiles.onlyLog(dir);
        long record5 = DataFiles.recordOffsets(log).get(5);
        DataFiles.flipByte(log, record5 + LogFormat.RECORD_HEADER + 2);
        String message = refusal(dir);
        assertTrue(message.contains(log.toString()) && message.contains("offset " + record5), message);
    }

    @Test
    void aFlippedByteInAMiddleRecordsHeaderStopsTheStart() throws Exception {
        Path dir = logWithTenRecords();
        Path log = DataFiles.onlyLog(dir);
        long record3 = DataFiles.recordOffsets(log).get(3);
        DataFiles.flipByte(log, record3 + 1); // the length field
        String message = refusal(dir);
        assertTrue(message.contains(log.toString()) && message.contains("offset " + record3), message);
    }

    @Test
    void skipCorruptDataKeepsWhatPrecedesTheDamageAndACopy() throws Exception {
        Path dir = logWithTenRecords();
        Path log = DataFiles.onlyLog(dir);
        DataFiles.flipByte(log, DataFiles.recordOffsets(log).get(5) + LogFormat.RECORD_HEADER + 2);
        try (TestServer s = TestServer.start(Servers.config(dir, 1).with(ConfigKeys.SKIP_CORRUPT_DATA, true))) {
            assertEquals(5, Servers.dbsize(s));
            assertEquals("value4", Servers.get(s, "key4"));
            assertNull(Servers.get(s, "key5"));
        }
        try (var files = Files.list(log.getParent())) {
            List<String> names = files.map(p -> p.getFileName().toString()).toList();
            assertTrue(names.stream().anyMatch(n -> n.startsWith(log.getFileName() + ".corrupt-")), names.toString());
        }
    }

    @Test
    void aFlippedByteInASnapshotStopsTheStart() throws Exception {
        Path dir = TestServer.newDataDir();
        try (TestServer s = Servers.start(dir, 1)) {
            for (int i = 0; i < 100; i++) {
                Servers.call(s, "SET", "key" + i, "value" + i);
            }
            Servers.call(s, "SAVE");
        }
        Path snapshot = DataFiles.snapshot(dir);
        DataFiles.flipByte(snapshot, Files.size(snapshot) / 2);
        String message = refusal(dir);
        assertTrue(message.contains(snapshot.toString()) && message.contains("offset "), message);
    }

    /** A snapshot of shard 0 that is almost all one collection section (with its graph). */
    private static Path snapshotOfACollection() throws Exception {
        Path dir = TestServer.newDataDir();
        try (TestServer s = Servers.start(dir, 1)) {
            Points.create(s, "g", "graph");
            Points.upsert(s, "g", 0, 300, 1);
            Servers.call(s, "SAVE");
            Points.upsert(s, "g", 300, 310, 1); // after the snapshot: in the log
        }
        return dir;
    }

    @Test
    void aFlippedByteInACollectionSectionStopsTheStart() throws Exception {
        for (double at : new double[]{0.3, 0.6, 0.95}) { // vectors, then graph
            Path dir = snapshotOfACollection();
            Path snapshot = DataFiles.snapshot(dir);
            DataFiles.flipByte(snapshot, (long) (Files.size(snapshot) * at));
            String message = refusal(dir);
            assertTrue(message.contains(snapshot.toString()) && message.contains("offset ")
                    && message.contains("checksum"), message);
        }
    }

    @Test
    void aCollectionSectionCutShortStopsTheStart() throws Exception {
        Path dir = snapshotOfACollection();
        Path snapshot = DataFiles.snapshot(dir);
        DataFiles.truncate(snapshot, Files.size(snapshot) * 2 / 3);
        String message = refusal(dir);
        assertTrue(message.contains(snapshot.toString()) && message.contains("ends inside"), message);
    }

    @Test
    void skipCorruptDataSetsACorruptCollectionSnapshotAsideAndKeepsThePointsLoggedAfterIt() throws Exception {
        Path dir = snapshotOfACollection();
        Path snapshot = DataFiles.snapshot(dir);
        DataFiles.flipByte(snapshot, Files.size(snapshot) / 2);
        try (TestServer s = TestServer.start(Servers.config(dir, 1).with(ConfigKeys.SKIP_CORRUPT_DATA, true))) {
            // the snapshot held the collection's creation and first 300 points; the log after it only later points
            assertEquals(404, s.getJson("/collections/g").status(), "the lost creation is not invented");
            assertTrue(s.quiver().persistence().report().problems().stream().anyMatch(p -> p.contains("snapshot unusable")));
        }
    }

    @Test
    void skipCorruptDataSetsACorruptSnapshotAsideAndReplaysTheLogsAfterIt() throws Exception {
        Path dir = TestServer.newDataDir();
        try (TestServer s = Servers.start(dir, 1)) {
            Servers.call(s, "SET", "in-snapshot", "1");
            Servers.call(s, "SAVE");
            Servers.call(s, "SET", "after-snapshot", "2");
        }
        Path snapshot = DataFiles.snapshot(dir);
        DataFiles.flipByte(snapshot, Files.size(snapshot) / 2);
        try (TestServer s = TestServer.start(Servers.config(dir, 1).with(ConfigKeys.SKIP_CORRUPT_DATA, true))) {
            assertNull(Servers.get(s, "in-snapshot"));
            assertEquals("2", Servers.get(s, "after-snapshot"));
        }
        try (var files = Files.list(snapshot.getParent())) {
            assertTrue(files.anyMatch(p -> p.getFileName().toString().startsWith(SnapshotFormat.FILE_NAME + ".corrupt-")));
        }
    }
}
