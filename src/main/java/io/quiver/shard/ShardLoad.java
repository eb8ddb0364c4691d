package io.quiver.shard;

import io.quiver.config.ConfigKeys;
import io.quiver.config.QuiverConfig;
import io.quiver.error.ErrorCode;
import io.quiver.error.QuiverException;
import io.quiver.status.QueueStats;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

/**
 * What the shards and every shard client share, without locks: per shard, the
 * number of operations sent to it and not yet done (its queue, bounded by {@code shard-queue}), and
 * the memory its data uses (bounded, over all shards, by {@code max-memory}).
 *
 * <p>A client reserves a place for each operation before sending it ({@link #tryReserve}); the
 * shard gives places back after each batch ({@link #done}). So the count is the shard's true
 * backlog, whatever became of the requests (answered, timed out, skipped). Every batch goes
 * through a shard client, which counts it here ({@link #sent} for senders that must not be refused).
 * The memory figures are published by each shard after each batch and summed by readers.
 */
public final class ShardLoad {
    private final Slot[] slots;
    private final int queueBound;
    private volatile long maxMemory;
    private final LongAdder busyRefusals = new LongAdder();
    private final LongAdder oomRefusals = new LongAdder();
    private final LongAdder timeouts = new LongAdder();
    private final LongAdder skippedLate = new LongAdder();

    /** One shard's figures; an object each, so shards do not write to one array's cache lines. */
    private static final class Slot {
        final AtomicInteger pending = new AtomicInteger();
        volatile long memory;
    }

    public ShardLoad(int shards, int queueBound, long maxMemory) {
        this.slots = new Slot[shards];
        for (int i = 0; i < shards; i++) {
            slots[i] = new Slot();
        }
        this.queueBound = queueBound;
        this.maxMemory = maxMemory;
    }

    public int shardCount() {
        return slots.length;
    }

    public static ShardLoad of(QuiverConfig config) {
        return new ShardLoad(config.shardCount(), config.get(ConfigKeys.SHARD_QUEUE), config.get(ConfigKeys.MAX_MEMORY));
    }

    // ---- the queue bound ----

    /** Takes a place in {@code shard}'s queue for one operation; false (and nothing taken) when it is full. */
    public boolean tryReserve(int shard) {
        AtomicInteger p = slots[shard].pending;
        if (queueBound == 0) {
            p.incrementAndGet();
            return true;
        }
        if (p.get() >= queueBound) {
            return false; // the common refusal reads and writes nothing shared
        }
        if (p.incrementAndGet() > queueBound) {
            p.decrementAndGet();
            return false;
        }
        return true;
    }

    /** Takes a place in each of {@code shards}, or none of them: throws BUSY naming the first full one. */
    public void reserveAll(int[] shards) {
        for (int i = 0; i < shards.length; i++) {
            if (!tryReserve(shards[i])) {
                for (int j = 0; j < i; j++) {
                    slots[shards[j]].pending.decrementAndGet();
                }
                throw busy(shards[i]);
            }
        }
    }

    /**
     * Whether every shard's queue is full, so that any request would be refused whatever shards it
     * needs: front ends check this before expensive parsing, to make refusals cheap.
     */
    public boolean allFull() {
        if (queueBound == 0) {
            return false;
        }
        for (Slot s : slots) {
            if (s.pending.get() < queueBound) {
                return false;
            }
        }
        return true;
    }

    /** The refusal when every shard's queue is full, counted. */
    public QuiverException busyAll() {
        busyRefusals.increment();
        return new QuiverException(ErrorCode.BUSY, "every shard has " + queueBound
                + " requests pending (shard-queue); retry later");
    }

    /** Counts {@code n} operations sent to {@code shard} without checking the bound (the bulk loader). */
    public void sent(int shard, int n) {
        slots[shard].pending.addAndGet(n);
    }

    /** Called by the shard once it has finished (or skipped) {@code n} operations. */
    public void done(int shard, int n) {
        slots[shard].pending.addAndGet(-n);
    }

    public int pending(int shard) {
        return slots[shard].pending.get();
    }

    public int queueBound() {
        return queueBound;
    }

    /** The refusal for a full queue, counted. */
    public QuiverException busy(int shard) {
        busyRefusals.increment();
        return new QuiverException(ErrorCode.BUSY, "shard " + shard + " has " + queueBound
                + " requests pending (shard-queue); retry later");
    }

    // ---- memory ----

    /** Called by the shard after each batch with its data's memory estimate. */
    public void publishMemory(int shard, long bytes) {
        if (slots[shard].memory != bytes) {
            slots[shard].memory = bytes;
        }
    }

    /** Memory used by every shard's data, as last published. */
    public long memoryUsed() {
        long sum = 0;
        for (Slot s : slots) {
            sum += s.memory;
        }
        return sum;
    }

    public long maxMemory() {
        return maxMemory;
    }

    /** CONFIG SET maxmemory: the limit from now on (0: none). */
    public void setMaxMemory(long bytes) {
        maxMemory = bytes;
    }

    /** Whether writes that add data must be refused: a limit is set and the data is over it (Redis's test). */
    public boolean overMemory() {
        return maxMemory > 0 && memoryUsed() > maxMemory;
    }

    /** Throws Redis's OOM refusal, counted, when the data is over {@code max-memory}. */
    public void checkMemory() {
        if (overMemory()) {
            throw outOfMemory();
        }
    }

    public QuiverException outOfMemory() {
        oomRefusals.increment();
        return new QuiverException(ErrorCode.OUT_OF_MEMORY, "command not allowed when used memory > 'maxmemory'.");
    }

    // ---- counters for INFO ----

    public void countTimeouts(int n) {
        timeouts.add(n);
    }

    public void countSkipped(long n) {
        if (n > 0) {
            skippedLate.add(n);
        }
    }

    /** Operations shards did not run because their deadline had passed when reached. */
    public long skippedLate() {
        return skippedLate.sum();
    }

    public long busyRefusals() {
        return busyRefusals.sum();
    }

    public long oomRefusals() {
        return oomRefusals.sum();
    }

    public long timeouts() {
        return timeouts.sum();
    }

    /** Every figure above, read now. */
    public QueueStats stats() {
        int[] pending = new int[slots.length];
        for (int i = 0; i < pending.length; i++) {
            pending[i] = slots[i].pending.get();
        }
        return new QueueStats(busyRefusals(), oomRefusals(), timeouts(), skippedLate(), pending, queueBound);
    }
}
