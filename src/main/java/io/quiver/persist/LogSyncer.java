package io.quiver.persist;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * The thread that fsyncs one shard's {@link AppendLog}, so the shard never waits for the disk.
 *
 * <p>Group commit ({@code appendfsync always}): a batch asks {@link #whenDurable} for its last
 * sequence number; the syncer reads how far the log has been written, fsyncs once, and completes
 * every waiter that fsync covered. Batches that arrive during an fsync share the next one, so
 * the number of fsyncs per second stays bounded by the disk, not by the number of writers.
 * Under {@code everysec} it fsyncs once a second when anything was written.
 */
final class LogSyncer {
    /** Told about each fsync: its duration, or its failure. */
    interface Observer {
        void fsynced(long nanos);

        void failed(IOException e);
    }

    private record Waiter(long seq, CompletableFuture<Void> done) {
    }

    private static final long SECOND = TimeUnit.SECONDS.toNanos(1);

    private final AppendLog log;
    private final FsyncPolicy policy;
    private final Observer observer;
    private final Thread thread;
    private final ConcurrentLinkedQueue<Waiter> waiters = new ConcurrentLinkedQueue<>();
    private volatile long durableSeq;
    private volatile boolean running = true;

    LogSyncer(AppendLog log, FsyncPolicy policy, Observer observer, String name) {
        this.log = log;
        this.policy = policy;
        this.observer = observer;
        this.thread = new Thread(this::run, name);
        this.thread.setDaemon(true);
    }

    void start() {
        thread.start();
    }

    void markDurable(long seq) {
        durableSeq = seq;
    }

    long durableSeq() {
        return durableSeq;
    }

    /** Called by the shard thread, in increasing {@code seq} order. */
    CompletableFuture<Void> whenDurable(long seq) {
        if (seq <= durableSeq) {
            return CompletableFuture.completedFuture(null);
        }
        IOException failed = log.failure();
        if (failed != null) {
            return CompletableFuture.failedFuture(failed);
        }
        CompletableFuture<Void> f = new CompletableFuture<>();
        waiters.add(new Waiter(seq, f));
        if (log.failure() != null) { // failed meanwhile: the thread may be gone, so nobody else fails it
            failAll(log.failure());
        }
        LockSupport.unpark(thread);
        return f;
    }

    private void run() {
        long nextTimed = System.nanoTime() + SECOND;
        while (running) {
            completeCovered();
            long now = System.nanoTime();
            boolean due = policy == FsyncPolicy.EVERYSEC && now - nextTimed >= 0;
            if (!waiters.isEmpty() || (due && dirty())) {
                syncOnce();
                if (due) {
                    nextTimed = now + SECOND;
                }
                continue;
            }
            if (due) {
                nextTimed = now + SECOND;
            }
            LockSupport.parkNanos(this, Math.max(1, nextTimed - System.nanoTime()));
        }
        completeCovered();
    }

    private boolean dirty() {
        return log.writtenSeq() > durableSeq || !log.retired.isEmpty() || log.directoryDirty;
    }

    /**
     * One fsync round. The order matters: read how far the log was written, then which file is
     * current, then the files rotated out. The shard thread adds an old file to the rotated-out
     * queue before making the new one current, so every record counted in {@code target} is in a
     * file this round fsyncs.
     */
    private void syncOnce() {
        if (log.failure() != null) {
            failAll(log.failure());
            return;
        }
        long target = log.writtenSeq();
        FileChannel current = log.current();
        boolean directory = log.directoryDirty;
        if (directory) {
            log.directoryDirty = false;
        }
        long t0 = System.nanoTime();
        try {
            current.force(false);
            for (FileChannel old; (old = log.retired.poll()) != null; ) {
                old.force(false);
                old.close();
            }
            if (directory) {
                AtomicFiles.fsyncDirectory(log.dir());
            }
        } catch (IOException e) {
            log.fail(e);
            observer.failed(e);
            failAll(e);
            return;
        }
        observer.fsynced(System.nanoTime() - t0);
        if (target > durableSeq) {
            durableSeq = target;
        }
    }

    private void completeCovered() {
        for (Waiter w; (w = waiters.peek()) != null && w.seq() <= durableSeq; ) {
            waiters.poll();
            w.done().complete(null);
        }
    }

    private void failAll(IOException e) {
        for (Waiter w; (w = waiters.poll()) != null; ) {
            w.done().completeExceptionally(e);
        }
        running = false; // a failed log stays failed: writes are refused from now on
    }

    /** Stops the thread after a last round; waiters still pending are completed or failed. */
    void stop() {
        running = false;
        LockSupport.unpark(thread);
        try {
            thread.join(TimeUnit.SECONDS.toMillis(30));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (!waiters.isEmpty()) {
            try {
                log.current().force(false);
                durableSeq = log.writtenSeq();
            } catch (IOException e) {
                failAll(e);
            }
            completeCovered();
        }
    }
}
