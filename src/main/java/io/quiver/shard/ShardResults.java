package io.quiver.shard;

/** A shard's answer to a {@link ShardBatch}: one result per operation, or a {@link ShardFailure}. */
public record ShardResults(Object[] results) {
}
