package io.quiver.shard;

/**
 * Something a shard is asked to do. Every operation is a plain record of plain data, so a wire
 * codec can carry it when shards live in other processes; in one JVM it travels by reference.
 * Families: {@link KvOp} (keys and values), {@link VectorOp} (vector collections) and
 * {@link AdminOp} (whole-shard work).
 */
public sealed interface ShardOp permits KvOp, VectorOp, AdminOp {
    /** Whether the operation changes state (used for the write path and its guards). */
    boolean writes();
}
