package io.quiver.shard;

/** A shard's figures at one moment, for INFO, /health and metrics. */
public record ShardStats(int shard, long keys, long kvMemoryBytes, long opsExecuted) {
}
