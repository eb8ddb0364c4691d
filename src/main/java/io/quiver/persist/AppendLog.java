package io.quiver.persist;

import io.quiver.shard.ShardOp;
import io.quiver.shard.codec.BinaryWriter;
import io.quiver.shard.codec.ShardOpCodec;

import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One shard's append log (format: {@link LogFormat}). The shard's thread encodes each change into
 * a buffer ({@link #append}) and hands the whole batch to the OS in one write ({@link #write});
 * a {@link LogSyncer} thread does the fsyncs, so the shard goes on executing while one is in flight.
 *
 * <p>Three sequence numbers tell where records are: {@code lastSeq} (encoded, shard thread only),
 * {@code writtenSeq} (handed to the OS: survives a crash of the process) and {@code durableSeq}
 * (fsynced: survives a crash of the machine).
 *
 * <p>At a snapshot the log is rotated ({@link #rotate}): later records go to a new file whose first
 * sequence number follows the snapshot's last, and the older files are deleted once the snapshot
 * is on disk. A rotated-out file is handed to the syncer, which fsyncs and closes it.
 */
public final class AppendLog implements Closeable {
    private final Path dir;
    private final int shard;
    private final FsyncPolicy policy;
    private final BinaryWriter pending = new BinaryWriter(64 * 1024);
    private final LogSyncer syncer;

    // ---- shard thread only ----
    private long lastSeq;
    private Path currentPath;
    private long currentFirstSeq;

    // ---- shared with the syncer and with readers of the figures ----
    private volatile FileChannel current;
    private volatile long writtenSeq;
    private volatile long currentBytes;
    private volatile IOException failure;
    /** Bytes in log files older than the current one, not yet deleted by a snapshot. */
    private final AtomicLong olderBytes = new AtomicLong();
    /** Rotated-out files the syncer still has to fsync and close. */
    final ConcurrentLinkedQueue<FileChannel> retired = new ConcurrentLinkedQueue<>();
    /** A file was created in the directory: its entry must be fsynced before records in it count as durable. */
    volatile boolean directoryDirty;

    private AppendLog(Path dir, int shard, FsyncPolicy policy, LogSyncer.Observer observer) {
        this.dir = dir;
        this.shard = shard;
        this.policy = policy;
        this.syncer = policy == FsyncPolicy.NO ? null : new LogSyncer(this, policy, observer, "quiver-log-sync-" + shard);
    }

    /**
     * Opens a shard's log after recovery: appends to {@code existing} (already truncated to its
     * valid end) when it was written with this build's op codec version, else starts a new file.
     *
     * @param nextSeq     the sequence number the next record gets
     * @param olderBytes  bytes of the other log files still in the directory
     */
    public static AppendLog open(Path dir, int shard, FsyncPolicy policy, Path existing, int existingCodecVersion,
                                 long nextSeq, long olderBytes, LogSyncer.Observer observer) throws IOException {
        AppendLog log = new AppendLog(dir, shard, policy, observer);
        log.lastSeq = nextSeq - 1;
        log.writtenSeq = nextSeq - 1;
        log.olderBytes.set(olderBytes);
        if (existing != null && existingCodecVersion == ShardOpCodec.VERSION) {
            FileChannel ch = FileChannel.open(existing, StandardOpenOption.WRITE);
            ch.position(ch.size());
            log.current = ch;
            log.currentPath = existing;
            log.currentBytes = ch.size();
            log.currentFirstSeq = LogFormat.firstSeqOf(existing.getFileName().toString());
        } else {
            if (existing != null && LogFormat.firstSeqOf(existing.getFileName().toString()) == nextSeq) {
                // an older version's file without a record would have the new file's name: it holds
                // nothing to keep, so the new version's file replaces it
                java.nio.file.Files.delete(existing);
            } else if (existing != null) {
                log.olderBytes.addAndGet(java.nio.file.Files.size(existing));
            }
            log.startFile(nextSeq);
        }
        if (log.syncer != null) {
            log.syncer.markDurable(nextSeq - 1);
            log.syncer.start();
        }
        return log;
    }

    /** Creates the file whose first record will be {@code firstSeq} and makes it current. */
    private void startFile(long firstSeq) throws IOException {
        FileChannel ch = createFile(firstSeq);
        directoryDirty = true; // before current changes: the syncer reads them in the other order
        currentBytes = LogFormat.FILE_HEADER;
        currentPath = dir.resolve(LogFormat.fileName(firstSeq));
        currentFirstSeq = firstSeq;
        current = ch;
    }

    private FileChannel createFile(long firstSeq) throws IOException {
        Path path = dir.resolve(LogFormat.fileName(firstSeq));
        FileChannel ch = FileChannel.open(path, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
        ByteBuffer header = ByteBuffer.wrap(LogFormat.fileHeader(ShardOpCodec.VERSION, firstSeq, shard));
        while (header.hasRemaining()) {
            ch.write(header);
        }
        return ch;
    }

    // ---- the shard thread's side ----

    /** Encodes one change into the pending buffer; returns its sequence number. */
    public long append(ShardOp change) {
        int start = LogFormat.beginRecord(pending);
        ShardOpCodec.encode(change, pending);
        long seq = ++lastSeq;
        LogFormat.finishRecord(pending, start, seq);
        return seq;
    }

    /** Whether changes were appended since the last {@link #write}. */
    public boolean hasPending() {
        return pending.position() > 0;
    }

    /** Hands every pending record to the OS in one write; after this they survive a process crash. */
    public void write() throws IOException {
        if (pending.position() == 0) {
            return;
        }
        IOException failed = failure;
        if (failed != null) {
            throw failed;
        }
        try {
            ByteBuffer b = ByteBuffer.wrap(pending.array(), 0, pending.position());
            FileChannel ch = current;
            while (b.hasRemaining()) {
                ch.write(b);
            }
            currentBytes += pending.position();
            writtenSeq = lastSeq;
        } catch (IOException e) {
            failure = e;
            throw e;
        } finally {
            pending.reset();
        }
    }

    /**
     * Starts a new file for the records after {@link #lastSeq()} (a snapshot holds everything up to
     * it). Returns the new file's first sequence number: files that start before it may be deleted
     * once the snapshot is on disk.
     */
    public long rotate() throws IOException {
        write();
        long firstSeq = lastSeq + 1;
        if (currentFirstSeq == firstSeq) {
            return firstSeq; // nothing written since the last rotation: the current file already starts there
        }
        FileChannel next = createFile(firstSeq); // may fail: nothing has changed yet
        FileChannel old = current;
        olderBytes.addAndGet(currentBytes);
        if (syncer != null) {
            retired.add(old); // before current changes: see LogSyncer.syncOnce
        }
        directoryDirty = true;
        currentBytes = LogFormat.FILE_HEADER;
        currentPath = dir.resolve(LogFormat.fileName(firstSeq));
        currentFirstSeq = firstSeq;
        current = next;
        if (syncer == null) {
            old.close(); // appendfsync no: the OS writes it back in its own time
        }
        return firstSeq;
    }

    /** After a snapshot deleted older files. */
    public void forgetOlderBytes(long bytes) {
        olderBytes.addAndGet(-bytes);
    }

    /** Completes once every record up to {@code seq} is fsynced (at once under {@code appendfsync no}). */
    public CompletableFuture<Void> whenDurable(long seq) {
        if (syncer == null) {
            return CompletableFuture.completedFuture(null);
        }
        return syncer.whenDurable(seq);
    }

    // ---- figures, from any thread ----

    public long lastSeq() {
        return lastSeq;
    }

    public long writtenSeq() {
        return writtenSeq;
    }

    public long durableSeq() {
        return syncer == null ? writtenSeq : syncer.durableSeq();
    }

    public long bytes() {
        return currentBytes + olderBytes.get();
    }

    /** Bytes written to the current file: what a snapshot now would let go. */
    public long currentFileBytes() {
        return currentBytes;
    }

    public Path currentPath() {
        return currentPath;
    }

    public IOException failure() {
        return failure;
    }

    void fail(IOException e) {
        if (failure == null) {
            failure = e;
        }
    }

    FileChannel current() {
        return current;
    }

    Path dir() {
        return dir;
    }

    public FsyncPolicy policy() {
        return policy;
    }

    /** Writes what is pending, fsyncs every file (whatever the policy) and closes them. */
    @Override
    public void close() throws IOException {
        IOException first = null;
        try {
            write();
        } catch (IOException e) {
            first = e;
        }
        if (syncer != null) {
            syncer.stop();
        }
        for (FileChannel ch; (ch = retired.poll()) != null; ) {
            try {
                ch.force(false);
                ch.close();
            } catch (IOException e) {
                first = first == null ? e : first;
            }
        }
        FileChannel ch = current;
        if (ch != null && ch.isOpen()) {
            try {
                ch.force(false);
                ch.close();
                AtomicFiles.fsyncDirectory(dir);
            } catch (IOException e) {
                first = first == null ? e : first;
            }
        }
        if (first != null) {
            throw first;
        }
    }
}
