package io.quiver.shard;

/**
 * A shard's state as of one moment, taken on the shard's thread in a short copy step so a snapshot
 * can be written in the background while the shard goes on. Cheap because stored data is immutable:
 * the copy is of references ({@link io.quiver.kv.KvEntry} arrays), not of bytes.
 *
 * <p>Vector collections add their own images here (one per collection).
 *
 * @param shard   the shard it was taken from
 * @param kvSlots the key-value table's slots: each a {@link io.quiver.kv.KvEntry} array or null (empty)
 * @param kvCount how many slots are not null
 */
public record ShardImage(int shard, byte[][] kvSlots, long kvCount) {
}
