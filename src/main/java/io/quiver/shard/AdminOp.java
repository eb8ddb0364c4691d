package io.quiver.shard;

/** Operations on a shard as a whole. */
public sealed interface AdminOp extends ShardOp {

    /** Reply: {@code Long}, the number of keys. */
    record KeyCount() implements AdminOp {
        public boolean writes() { return false; }
    }

    /** Reply: {@code Boolean.TRUE}; removes every key (and, later, every collection). */
    record FlushAll() implements AdminOp {
        public boolean writes() { return true; }
    }

    /** Reply: {@link ShardStats}. */
    record Stats() implements AdminOp {
        public boolean writes() { return false; }
    }

    /** Reply: {@code Boolean.TRUE} once the shard has done nothing for {@code millis} (DEBUG SLEEP). */
    record Sleep(long millis) implements AdminOp {
        public boolean writes() { return false; }
    }

    /**
     * Takes a snapshot of the shard (SAVE, BGSAVE, {@code POST /admin/snapshot}, shutdown). The shard
     * only copies its state in a short step; the file is written in the background.
     * Reply: {@link SnapshotInfo} once the file is on disk when {@code waitUntilWritten}, else
     * {@code Boolean.TRUE} as soon as the copy is taken.
     */
    record Snapshot(boolean waitUntilWritten) implements AdminOp {
        public boolean writes() { return false; }
    }

    /** Reply: {@link PersistenceStats}, the shard's log, snapshot and recovery figures. */
    record PersistenceInfo() implements AdminOp {
        public boolean writes() { return false; }
    }
}
