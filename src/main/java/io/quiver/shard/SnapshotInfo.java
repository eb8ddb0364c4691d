package io.quiver.shard;

/**
 * A snapshot that is on disk: which shard, the last log sequence number it holds, how many keys
 * and vector points, its size, and how long the shard was held for the copy step and the whole
 * snapshot took.
 */
public record SnapshotInfo(int shard, long lastSeq, long keys, long points, long bytes, long copyMicros, long totalMillis) {
}
