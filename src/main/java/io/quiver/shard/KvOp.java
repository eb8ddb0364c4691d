package io.quiver.shard;

import io.quiver.kv.SetCondition;
import io.quiver.kv.Value;

/** Key-value operations; the keys of one operation all belong to the shard it is sent to. */
public sealed interface KvOp<R> extends ShardOp<R> {

    /** Reply: the stored value, or null. */
    record Get(byte[] key) implements KvOp<Value> {
        public boolean writes() { return false; }
    }

    /** Reply: whether the value was stored. */
    record Set(byte[] key, byte[] value, SetCondition condition) implements KvOp<Boolean> {
        public boolean writes() { return true; }
    }

    /** Reply: how many of the keys existed and were removed. */
    record Delete(byte[][] keys) implements KvOp<Long> {
        public boolean writes() { return true; }
    }

    /** Reply: how many of the keys exist (a key named twice counts twice, as in Redis). */
    record Exists(byte[][] keys) implements KvOp<Long> {
        public boolean writes() { return false; }
    }

    /** Reply: one value or null per key, in order. */
    record MultiGet(byte[][] keys) implements KvOp<Value[]> {
        public boolean writes() { return false; }
    }

    /** Reply: {@code true}. Applied as one step on this shard. */
    record MultiSet(byte[][] keys, byte[][] values) implements KvOp<Boolean> {
        public boolean writes() { return true; }
    }
}
