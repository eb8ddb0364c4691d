package io.quiver.status;

/**
 * The overload protection's figures at one moment (INFO stats, the console): refusals, requests
 * that timed out, operations the shards skipped because they reached them too late, and each
 * shard's queue now.
 *
 * @param pending    operations sent to each shard and not yet done, by shard index
 * @param queueBound {@code shard-queue}, 0 for unbounded
 */
public record QueueStats(long busyRefusals, long oomRefusals, long timeouts, long skippedLate, int[] pending,
                         int queueBound) {
}
