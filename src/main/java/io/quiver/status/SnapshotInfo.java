package io.quiver.status;

/**
 * A shard's snapshot: which shard, the last log sequence number it holds, how many keys and vector
 * points, its size, and how long the shard was held for the copy step and the whole snapshot took.
 * A snapshot whose file is still being written ({@link #copyTaken}) has no size or total yet.
 */
public record SnapshotInfo(int shard, long lastSeq, long keys, long points, long bytes, long copyMicros, long totalMillis) {

    /** The copy is taken and the file is being written in the background. */
    public static SnapshotInfo copyTaken(int shard, long lastSeq, long keys, long points, long copyMicros) {
        return new SnapshotInfo(shard, lastSeq, keys, points, -1, copyMicros, -1);
    }

    /** Whether the file is on disk (else only the copy is taken). */
    public boolean written() {
        return bytes >= 0;
    }
}
