package io.quiver.shard;

/**
 * A shard's answer to a {@link ShardBatch}: per operation its reply (of the type the op names) or
 * a {@link ShardFailure}, and when the shard ran each one. Times are offsets from the batch's
 * {@code startNanos}, so they mean the same on either side of a wire: {@code clock[i]} is when the
 * shard started operation {@code i}, and {@code clock[n]} when it finished the last, so operation
 * {@code i} took {@code clock[i + 1] - clock[i]} (the operations run back to back). The shard
 * client turns these into each request's queue and shard times ({@code Server-Timing}).
 */
public record ShardResults(Object[] results, long[] clock) {
}
