package io.quiver.shard;

/**
 * A shard's answer to a {@link ShardBatch}: one result per operation, or a {@link ShardFailure}, and
 * when the shard ran each one. {@code clock[i]} is {@link System#nanoTime()} when the shard started
 * operation {@code i}, and {@code clock[n]} when it finished the last, so operation {@code i} took
 * {@code clock[i + 1] - clock[i]} (the operations run back to back). The front end's router turns
 * these into each request's queue and shard times ({@code Server-Timing}); {@code System.nanoTime}
 * readings are comparable across the threads of one JVM.
 */
public record ShardResults(Object[] results, long[] clock) {
}
