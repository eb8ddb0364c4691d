package io.quiver.shard;

/**
 * One event-bus message to a shard: the operations a front end gathered for it in one event-loop
 * turn. The shard runs them in order and answers with one {@link ShardResults}.
 */
public record ShardBatch(ShardOp[] ops) {
}
