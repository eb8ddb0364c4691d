package io.quiver.shard;

/**
 * Something a shard is asked to do, and (its type parameter) what it answers: every operation
 * names its reply type, so the shard client hands its caller a typed future and the reply codec
 * knows what to carry. Every operation is a plain record of plain data, so a wire codec can carry
 * it when shards live in other processes; in one JVM it travels by reference.
 * Families: {@link KvOp} (keys and values), {@link VectorOp} (vector collections) and
 * {@link AdminOp} (whole-shard work), {@link MigrationOp} (slots moving between cluster nodes).
 *
 * @param <R> the reply type (a failed operation answers with a {@link ShardFailure} instead)
 */
public sealed interface ShardOp<R> permits KvOp, VectorOp, AdminOp, TxOp, MigrationOp {
    /** Whether the operation changes state (used for the write path and its guards). */
    boolean writes();
}
