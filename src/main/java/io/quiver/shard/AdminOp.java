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
}
