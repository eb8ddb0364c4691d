package io.quiver.shard;

import io.quiver.status.PersistenceStats;
import io.quiver.status.ShardStats;
import io.quiver.status.SnapshotInfo;

/** Operations on a shard as a whole. */
public sealed interface AdminOp<R> extends ShardOp<R> {

    /** Reply: the number of keys. */
    record KeyCount() implements AdminOp<Long> {
        public boolean writes() { return false; }
    }

    /** Reply: {@code true}; removes every key (collections are dropped by their own ops). */
    record FlushAll() implements AdminOp<Boolean> {
        public boolean writes() { return true; }
    }

    /** Reply: the shard's figures. */
    record Stats() implements AdminOp<ShardStats> {
        public boolean writes() { return false; }
    }

    /** Reply: {@code true} once the shard has done nothing for {@code millis} (DEBUG SLEEP). */
    record Sleep(long millis) implements AdminOp<Boolean> {
        public boolean writes() { return false; }
    }

    /** Reply: {@code true}; turns active expiry off or on (DEBUG SET-ACTIVE-EXPIRE). Not logged: a debugging switch. */
    record SetActiveExpire(boolean on) implements AdminOp<Boolean> {
        public boolean writes() { return false; }
    }

    /**
     * Takes a snapshot of the shard (SAVE, BGSAVE, {@code POST /admin/snapshot}, shutdown). The shard
     * only copies its state in a short step; the file is written in the background.
     * Reply: the written snapshot once the file is on disk when {@code waitUntilWritten}; else, as
     * soon as the copy is taken, what the copy holds ({@link SnapshotInfo#written()} false).
     */
    record Snapshot(boolean waitUntilWritten) implements AdminOp<SnapshotInfo> {
        public boolean writes() { return false; }
    }

    /** Reply: the shard's log, snapshot and recovery figures. */
    record PersistenceInfo() implements AdminOp<PersistenceStats> {
        public boolean writes() { return false; }
    }

    /** SWAPDB: databases {@code a} and {@code b} trade their keys. Reply: {@code true}. */
    record SwapDb(int a, int b) implements AdminOp<Boolean> {
        public boolean writes() { return true; }
    }

    /**
     * MOVE: the key (with its expiry) goes from database {@code from} to {@code to}. Reply: 1 moved,
     * 0 not (no such key in {@code from}, or {@code to} has it).
     */
    record MoveKey(byte[] key, int from, int to) implements AdminOp<Long> {
        public boolean writes() { return true; }
    }
}
