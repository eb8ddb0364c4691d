package io.quiver.shard;

import io.quiver.kv.SetCondition;

/** Key-value operations; the keys of one operation all belong to the shard it is sent to. */
public sealed interface KvOp extends ShardOp {

    /** Reply: the stored entry ({@code byte[]}, read with {@link io.quiver.kv.KvEntry}) or null. */
    record Get(byte[] key) implements KvOp {
        public boolean writes() { return false; }
    }

    /** Reply: {@code Boolean}, whether the value was stored. */
    record Set(byte[] key, byte[] value, SetCondition condition) implements KvOp {
        public boolean writes() { return true; }
    }

    /** Reply: {@code Long}, how many of the keys existed and were removed. */
    record Delete(byte[][] keys) implements KvOp {
        public boolean writes() { return true; }
    }

    /** Reply: {@code Long}, how many of the keys exist (a key named twice counts twice, as in Redis). */
    record Exists(byte[][] keys) implements KvOp {
        public boolean writes() { return false; }
    }

    /** Reply: {@code byte[][]}, one entry or null per key, in order. */
    record MultiGet(byte[][] keys) implements KvOp {
        public boolean writes() { return false; }
    }

    /** Reply: {@code Boolean.TRUE}. Applied as one step on this shard. */
    record MultiSet(byte[][] keys, byte[][] values) implements KvOp {
        public boolean writes() { return true; }
    }
}
