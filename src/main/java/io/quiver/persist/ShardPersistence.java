package io.quiver.persist;

import io.micrometer.core.instrument.Timer;
import io.quiver.error.ErrorCode;
import io.quiver.error.QuiverException;
import io.quiver.status.PersistenceStats;
import io.quiver.shard.Shard;
import io.quiver.shard.ShardFailure;
import io.quiver.shard.ShardImage;
import io.quiver.shard.ShardJournal;
import io.quiver.shard.PendingReply;
import io.quiver.shard.ShardOp;
import io.quiver.shard.ShardResults;
import io.quiver.status.SnapshotInfo;
import io.quiver.shard.codec.ShardOpCodec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * One shard's persistence: its {@link AppendLog} and its snapshots. The {@link ShardJournal} the
 * shard calls on its own thread; the snapshot files are written on the shared snapshot thread.
 *
 * <p>A snapshot: on the shard's thread, write pending records, take the copy ({@link Shard#capture})
 * and rotate the log (a short step); then, in the background, write the snapshot file (temp,
 * fsync, rename) and delete the log files it made redundant. Writes go on meanwhile, into the new
 * log file, so none is lost whenever a crash comes: before the rename the old snapshot and every
 * log are there; after it, the new snapshot and the logs from the rotation on.
 */
final class ShardPersistence implements ShardJournal {
    private static final Logger log = LoggerFactory.getLogger(ShardPersistence.class);

    private final int index;
    private final Path dir;
    private final AppendLog appendLog;
    private final Executor snapshotThread;
    private final long intervalMillis;
    private final long logSizeTrigger;
    private final Timer fsyncTimer;
    private final ShardRecovery.Result recovered;
    private final long recoveryMillis;
    private final long loadedKeys;
    private final long loadedPoints;

    // ---- shard thread only ----
    private boolean batchHasDeferred;
    private long lastCopyMillis = System.currentTimeMillis();
    private long lastCopySeq;

    // ---- figures, written by the snapshot or syncer thread ----
    private final AtomicInteger snapshotsInProgress = new AtomicInteger();
    private volatile long snapshotSeq;
    private volatile long lastSnapshotMillis;
    private volatile long lastSnapshotTook;
    /** How long the shard was held for the last snapshot's copy step. */
    private volatile long lastCopyMicros;
    private volatile boolean lastSnapshotOk = true;
    private volatile long fsyncs;
    private volatile long fsyncLastNanos;
    private volatile long fsyncTotalNanos;

    ShardPersistence(int index, Path dir, AppendLog appendLog, Executor snapshotThread, long intervalMillis,
                     long logSizeTrigger, Timer fsyncTimer, ShardRecovery.Result recovered, long recoveryMillis) {
        this.index = index;
        this.dir = dir;
        this.appendLog = appendLog;
        this.snapshotThread = snapshotThread;
        this.intervalMillis = intervalMillis;
        this.logSizeTrigger = logSizeTrigger;
        this.fsyncTimer = fsyncTimer;
        this.recovered = recovered;
        this.recoveryMillis = recoveryMillis;
        this.loadedKeys = recovered.shard().keyCount();
        this.loadedPoints = recovered.shard().points();
        this.snapshotSeq = recovered.nextSeq() - 1 - recovered.replayed();
        this.lastCopySeq = recovered.nextSeq() - 1;
    }

    /** Where the syncer reports fsyncs (created before this object, so it forwards here). */
    static final class FsyncObserver implements LogSyncer.Observer {
        volatile ShardPersistence target;

        @Override
        public void fsynced(long nanos) {
            ShardPersistence t = target;
            if (t != null) {
                t.fsyncs++; // one writer: the syncer thread
                t.fsyncLastNanos = nanos;
                t.fsyncTotalNanos += nanos;
                t.fsyncTimer.record(nanos, TimeUnit.NANOSECONDS);
            }
        }

        @Override
        public void failed(IOException e) {
            log.error("append log fsync failed ({}); writes are refused from now on", e.toString());
        }
    }

    // ---- ShardJournal: the shard's thread ----

    @Override
    public void checkWritable() {
        IOException failed = appendLog.failure();
        if (failed != null) {
            throw new QuiverException(ErrorCode.INTERNAL, "writes are refused: the append log of shard " + index
                    + " failed (" + failed.getMessage() + ")");
        }
    }

    @Override
    public long nextSeq() {
        return appendLog.lastSeq() + 1;
    }

    @Override
    public void append(ShardOp<?> change) {
        appendLog.append(change);
    }

    @Override
    public void commit(ShardResults results, Consumer<ShardResults> reply) {
        try {
            appendLog.write();
        } catch (IOException e) {
            log.error("append log write failed for shard {}: {}; writes are refused from now on", index, e.toString());
            reply.accept(failAll(results, "the append log write failed: " + e.getMessage()));
            return;
        }
        CompletableFuture<Void> durable = null;
        if (appendLog.policy() == FsyncPolicy.ALWAYS && appendLog.writtenSeq() > appendLog.durableSeq()) {
            // replies, reads included, wait for the fsync: nothing is seen before it is on disk
            durable = appendLog.whenDurable(appendLog.writtenSeq());
        }
        boolean deferred = batchHasDeferred;
        batchHasDeferred = false;
        if (durable == null && !deferred) {
            reply.accept(results);
            return;
        }
        CompletableFuture<?> gate = durable == null ? CompletableFuture.completedFuture(null) : durable;
        if (deferred) {
            Object[] r = results.results();
            for (int i = 0; i < r.length; i++) {
                if (r[i] instanceof PendingReply(CompletableFuture<?> f)) {
                    int at = i;
                    gate = CompletableFuture.allOf(gate, f.handle((v, e) -> {
                        r[at] = e == null ? v : ShardFailure.of(e instanceof CompletionException ? e.getCause() : e);
                        return null;
                    }));
                }
            }
        }
        CompletableFuture<?> fsync = durable;
        gate.whenComplete((v, e) -> {
            if (fsync != null && fsync.isCompletedExceptionally()) {
                reply.accept(failAll(results, "the append log fsync failed: " + fsync.exceptionNow().getMessage()));
            } else {
                reply.accept(results);
            }
        });
    }

    private static ShardResults failAll(ShardResults results, String why) {
        Object[] r = results.results();
        ShardFailure f = new ShardFailure(ErrorCode.INTERNAL, why + "; writes are refused");
        for (int i = 0; i < r.length; i++) {
            r[i] = f;
        }
        return results;
    }

    @Override
    public Object snapshot(Shard shard, boolean waitUntilWritten) {
        Copy copy = startSnapshot(shard);
        if (!waitUntilWritten) {
            return copy.taken();
        }
        batchHasDeferred = true;
        return new PendingReply(copy.written());
    }

    @Override
    public void tick(Shard shard) {
        if (snapshotsInProgress.get() > 0 || appendLog.failure() != null) {
            return;
        }
        long wal = shard.walCapacityBytes();
        long trigger = wal > 0 && (logSizeTrigger == 0 || wal < logSizeTrigger) ? wal : logSizeTrigger;
        boolean bySize = trigger > 0 && appendLog.currentFileBytes() - LogFormat.FILE_HEADER >= trigger;
        boolean byTime = intervalMillis > 0 && appendLog.lastSeq() > lastCopySeq
                && System.currentTimeMillis() - lastCopyMillis >= intervalMillis;
        if (bySize || byTime) {
            try {
                startSnapshot(shard).written().exceptionally(e -> null); // failures are logged and counted by the job
            } catch (QuiverException e) {
                // could not start: logged and counted; the next tick tries again
            }
        }
    }

    /** A snapshot under way: what its copy holds, and the file being written from it. */
    private record Copy(SnapshotInfo taken, CompletableFuture<SnapshotInfo> written) {
    }

    /** The short step on the shard's thread, then the file in the background. */
    private Copy startSnapshot(Shard shard) {
        long t0 = System.nanoTime();
        ShardImage image = shard.capture();
        long lastSeq, keepFrom;
        try {
            lastSeq = appendLog.lastSeq();
            keepFrom = appendLog.rotate();
        } catch (IOException e) {
            image.release();
            lastSnapshotOk = false;
            log.error("snapshot of shard {} could not start: {}", index, e.toString());
            QuiverException failure = new QuiverException(ErrorCode.INTERNAL,
                    "snapshot of shard " + index + " could not start: " + e.getMessage());
            throw failure; // the op fails; nothing was taken
        }
        long copyMicros = (System.nanoTime() - t0) / 1000;
        lastCopyMillis = System.currentTimeMillis();
        lastCopySeq = lastSeq;
        snapshotsInProgress.incrementAndGet();
        return new Copy(SnapshotInfo.copyTaken(index, lastSeq, image.keys(), image.points(), copyMicros),
                CompletableFuture.supplyAsync(() -> writeSnapshot(image, lastSeq, keepFrom, copyMicros, t0), snapshotThread));
    }

    /** On the snapshot thread. */
    private SnapshotInfo writeSnapshot(ShardImage image, long lastSeq, long keepFrom, long copyMicros, long t0) {
        try {
            long bytes;
            try (SnapshotWriter w = SnapshotWriter.create(dir, new SnapshotFormat.Header(SnapshotFormat.VERSION,
                    ShardOpCodec.VERSION, lastSeq, System.currentTimeMillis(), index))) {
                ShardSections.write(w, image);
                bytes = w.commit();
            }
            long freed = deleteLogsBefore(keepFrom);
            appendLog.forgetOlderBytes(freed);
            long took = (System.nanoTime() - t0) / 1_000_000;
            snapshotSeq = Math.max(snapshotSeq, lastSeq);
            lastSnapshotMillis = System.currentTimeMillis();
            lastSnapshotTook = took;
            lastSnapshotOk = true;
            long points = image.points();
            log.debug("shard {} snapshot: {} keys, {} points, {} bytes, sequence {}, copy {} us, {} ms in all",
                    index, image.keys(), points, bytes, lastSeq, copyMicros, took);
            lastCopyMicros = copyMicros;
            return new SnapshotInfo(index, lastSeq, image.keys(), points, bytes, copyMicros, took);
        } catch (IOException | RuntimeException e) {
            lastSnapshotOk = false;
            log.error("snapshot of shard {} failed: {} (the log keeps everything; nothing is lost)", index, e.toString());
            throw new CompletionException(new QuiverException(ErrorCode.INTERNAL,
                    "snapshot of shard " + index + " failed: " + e.getMessage()));
        } finally {
            image.release();
            snapshotsInProgress.decrementAndGet();
        }
    }

    /** Deletes the log files whose records all precede {@code keepFrom}; returns the bytes freed. */
    private long deleteLogsBefore(long keepFrom) throws IOException {
        long freed = 0;
        for (Path p : ShardRecovery.logFiles(dir)) {
            if (LogFormat.firstSeqOf(p.getFileName().toString()) < keepFrom) {
                freed += Files.size(p);
                Files.delete(p);
            }
        }
        AtomicFiles.fsyncDirectory(dir);
        return freed;
    }

    @Override
    public PersistenceStats stats() {
        long fsyncCount = fsyncs;
        return new PersistenceStats(true, appendLog.policy().configName(), appendLog.bytes(), appendLog.writtenSeq(),
                appendLog.writtenSeq() - snapshotSeq, lastSnapshotMillis, lastSnapshotOk, snapshotsInProgress.get(),
                lastSnapshotTook, fsyncCount, fsyncLastNanos / 1000, fsyncTotalNanos / 1000,
                appendLog.failure() == null, loadedKeys, loadedPoints, recovered.fromSnapshot().graphsLoaded(),
                recovered.replayed(), recoveryMillis, lastCopyMicros);
    }

    // ---- figures for metrics, any thread ----

    long logBytes() {
        return appendLog.bytes();
    }

    long lastSnapshotMillis() {
        return lastSnapshotMillis;
    }

    AppendLog appendLog() {
        return appendLog;
    }

    int snapshotsInProgress() {
        return snapshotsInProgress.get();
    }
}
