package io.quiver.persist;

import io.quiver.shard.Shard;
import io.quiver.shard.ShardOp;
import io.quiver.shard.TxOp;
import io.quiver.shard.codec.ShardOpCodec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * Rebuilds one shard from its directory: load the snapshot, then replay the log records after the
 * snapshot's last sequence number through {@link Shard#execute} (the same code that applied them).
 *
 * <ul>
 *   <li>A torn tail (see {@link LogFormat}) is truncated and logged. Log files after one with a
 *       torn tail cannot be applied (records are missing before them): they are set aside as
 *       {@code *.orphan} and logged; none of their records was acknowledged under {@code always}.</li>
 *   <li>Corruption (a bad checksum with data after it, a gap in sequence numbers, an unreadable
 *       snapshot) throws {@link CorruptDataException} naming file and offset, unless
 *       {@code skipCorrupt}: then the damaged file is copied aside as {@code *.corrupt}, what came
 *       before the damage is kept, and the start goes on.</li>
 * </ul>
 */
final class ShardRecovery {
    private static final Logger log = LoggerFactory.getLogger(ShardRecovery.class);

    /**
     * What recovery found for one shard directory.
     *
     * @param nextSeq         the sequence number the next change gets
     * @param activeLog       the last log file, to append to (already truncated to its valid end), or null
     * @param activeLogCodec  op codec version of that file's records
     * @param otherLogBytes   bytes of the other log files still in the directory
     */
    record Result(Shard shard, long nextSeq, Path activeLog, int activeLogCodec, long otherLogBytes,
                  boolean snapshotLoaded, ShardSections.Loaded fromSnapshot, long replayed, int tornTails,
                  List<String> problems, HeldRecord held) {

        long snapshotKeys() {
            return fromSnapshot.keys();
        }
    }

    /**
     * The shard's part of a transaction over several shards, when it is the last record of the log:
     * not applied until recovery knows every participant logged its part ({@link Recovery}).
     * A held shard logs nothing after its part until every participant has logged, so only the
     * last record can lack a counterpart.
     *
     * @param file   the log file it is in
     * @param offset where it starts there (the file is cut there if it is dropped)
     */
    record HeldRecord(TxOp.Record record, long seq, Path file, long offset) {
    }

    static final ShardSections.Loaded NOTHING = new ShardSections.Loaded(0, 0, 0, 0, 0);

    private final Path dir;
    private final Shard shard;
    private final boolean skipCorrupt;
    private final List<String> problems = new ArrayList<>();
    private long expected;
    private long replayed;
    private int tornTails;
    private HeldRecord held;

    private ShardRecovery(Path dir, Shard shard, boolean skipCorrupt) {
        this.dir = dir;
        this.shard = shard;
        this.skipCorrupt = skipCorrupt;
    }

    static Result run(Path dir, Shard shard, boolean skipCorrupt) throws IOException {
        return new ShardRecovery(dir, shard, skipCorrupt).run();
    }

    private Result run() throws IOException {
        Files.deleteIfExists(dir.resolve(SnapshotFormat.TEMP_NAME)); // a snapshot that never finished
        long snapshotSeq = 0;
        ShardSections.Loaded fromSnapshot = NOTHING;
        boolean snapshotLoaded = false;
        Path snapshot = dir.resolve(SnapshotFormat.FILE_NAME);
        if (Files.exists(snapshot)) {
            try (SnapshotReader r = SnapshotReader.open(snapshot)) {
                fromSnapshot = ShardSections.load(r, shard);
                snapshotSeq = r.header().lastSeq();
                snapshotLoaded = true;
            } catch (CorruptDataException e) {
                if (!skipCorrupt) {
                    throw e;
                }
                Path aside = setAside(snapshot, ".corrupt", false);
                problem("snapshot unusable, moved to " + aside.getFileName() + " and ignored (skip-corrupt-data): "
                        + e.getMessage());
                shard.clearForRecovery();
            }
        }
        expected = snapshotSeq + 1;
        List<Path> logs = logFiles(dir);
        if (!snapshotLoaded && !logs.isEmpty() && LogFormat.firstSeqOf(logs.get(0).getFileName().toString()) > 1) {
            // no snapshot (set aside as corrupt, or lost) but logs that start after one: replay what they hold
            long first = LogFormat.firstSeqOf(logs.get(0).getFileName().toString());
            if (!skipCorrupt) {
                throw new CorruptDataException(logs.get(0), 0, "records 1.." + (first - 1)
                        + " are missing: no snapshot holds them (" + SnapshotFormat.FILE_NAME + " is missing)");
            }
            problem("records 1.." + (first - 1) + " are in no snapshot and no log; starting from record " + first
                    + " (skip-corrupt-data)");
            expected = first;
        }
        Path active = null;
        int activeCodec = ShardOpCodec.VERSION;
        long otherBytes = 0;
        boolean rest = false; // a torn or corrupt log was cut: later files cannot follow it
        for (Path file : logs) {
            if (rest) {
                Path aside = setAside(file, ".orphan", false);
                problem("log " + file + " follows a cut log; set aside as " + aside.getFileName()
                        + " (its records were never acknowledged under appendfsync always)");
                continue;
            }
            LogReader.Result res;
            try {
                res = LogReader.scan(file, this::apply);
                if (res.header() != null && res.header().firstSeq() > expected) {
                    throw new CorruptDataException(file, 16, "records " + expected + ".." + (res.header().firstSeq() - 1)
                            + " are missing: this log starts at " + res.header().firstSeq());
                }
            } catch (CorruptDataException e) {
                if (!skipCorrupt) {
                    throw e;
                }
                Path aside = setAside(file, ".corrupt", true);
                problem("kept the records before offset " + e.offset() + " of " + file + " and a copy as "
                        + aside.getFileName() + " (skip-corrupt-data): " + e.getMessage());
                rest = true;
                if (e.offset() < LogFormat.FILE_HEADER) {
                    Files.delete(file);
                    continue;
                }
                truncate(file, e.offset());
                res = LogReader.scan(file, (h, seq, payload, at) -> { });
            }
            if (res.tornTail() != null) {
                tornTails++;
                if (res.header() == null) {
                    Files.delete(file);
                    problem("log " + file + " was torn before its header was complete (" + res.tornTail() + "); removed");
                    continue;
                }
                truncate(file, res.validEnd());
                problem("log " + file + " had a torn tail, truncated at offset " + res.validEnd() + ": " + res.tornTail());
                rest = true;
            }
            if (active != null) {
                otherBytes += Files.size(active);
            }
            active = file;
            activeCodec = res.header().codecVersion();
        }
        shard.forEachDatabase((kv, db) -> kv.removeExpired()); // replayed SETs whose TTL ran out while the server was down
        return new Result(shard, expected, active, activeCodec, otherBytes, snapshotLoaded, fromSnapshot, replayed,
                tornTails, problems, held);
    }

    /** Replays one record unless the snapshot already holds it. */
    private void apply(LogFormat.FileHeader header, long seq, byte[] payload, long offset) {
        if (seq < expected) {
            return;
        }
        if (seq > expected) {
            throw new CorruptDataException(dir.resolve(LogFormat.fileName(header.firstSeq())), offset,
                    "records " + expected + ".." + (seq - 1) + " are missing");
        }
        ShardOp op;
        try {
            op = ShardOpCodec.decode(payload, header.codecVersion());
            if (held != null) {
                shard.execute(held.record()); // records follow it: every participant had logged its part
                held = null;
            }
            if (op instanceof TxOp.Record r && r.participants().length > 1) {
                held = new HeldRecord(r, seq, dir.resolve(LogFormat.fileName(header.firstSeq())), offset);
            } else {
                shard.execute(op);
            }
        } catch (RuntimeException e) {
            throw new CorruptDataException(dir.resolve(LogFormat.fileName(header.firstSeq())), offset,
                    "record " + seq + " cannot be replayed: " + e.getMessage());
        }
        expected++;
        replayed++;
    }

    private void problem(String message) {
        log.warn("shard {}: {}", shard.index(), message);
        problems.add(message);
    }

    static List<Path> logFiles(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> LogFormat.firstSeqOf(p.getFileName().toString()) >= 0)
                    .sorted(Comparator.comparingLong(p -> LogFormat.firstSeqOf(p.getFileName().toString())))
                    .toList();
        }
    }

    static void truncate(Path file, long length) throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE)) {
            ch.truncate(length);
            ch.force(true);
        }
    }

    /** Copies (or moves) a file aside under a name that recovery ignores, for a person to inspect. */
    private static Path setAside(Path file, String suffix, boolean copy) throws IOException {
        Path aside = file.resolveSibling(file.getFileName() + suffix + "-" + System.currentTimeMillis());
        if (copy) {
            Files.copy(file, aside, StandardCopyOption.REPLACE_EXISTING);
        } else {
            Files.move(file, aside);
        }
        AtomicFiles.fsyncDirectory(file.getParent());
        return aside;
    }
}
