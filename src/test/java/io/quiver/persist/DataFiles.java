package io.quiver.persist;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/** Finding, copying and damaging the files of a data directory, for tests. */
final class DataFiles {
    private DataFiles() {
    }

    /** The only log file of shard 0 in generation 1. */
    static Path onlyLog(Path dataDir) throws IOException {
        List<Path> logs = ShardRecovery.logFiles(dataDir.resolve("gen-000001").resolve("shard-0"));
        if (logs.size() != 1) {
            throw new IllegalStateException("expected one log, found " + logs);
        }
        return logs.get(0);
    }

    static Path snapshot(Path dataDir) {
        return dataDir.resolve("gen-000001").resolve("shard-0").resolve(SnapshotFormat.FILE_NAME);
    }

    /** Where each record of a log starts. */
    static List<Long> recordOffsets(Path log) throws IOException {
        List<Long> offsets = new ArrayList<>();
        LogReader.scan(log, (h, seq, payload, at) -> offsets.add(at));
        return offsets;
    }

    static void copyTree(Path from, Path to) {
        try (Stream<Path> s = Files.walk(from)) {
            for (Path p : s.toList()) {
                Path target = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(target);
                } else if (!p.getFileName().toString().equals("LOCK")) {
                    Files.copy(p, target);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static void truncate(Path file, long length) throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE)) {
            ch.truncate(length);
        }
    }

    static void flipByte(Path file, long offset) throws IOException {
        byte[] all = Files.readAllBytes(file);
        all[(int) offset] ^= 0x5A;
        Files.write(file, all);
    }
}
