package io.quiver.status;

/**
 * One shard's persistence figures at one moment, for {@code INFO persistence}, LASTSAVE and
 * {@code /metrics}. {@code enabled} is false (and the rest zero) when persistence is off.
 *
 * @param appendfsync          the fsync policy in force
 * @param logBytes             bytes in the shard's log files (what a restart would replay, plus what a running snapshot will drop)
 * @param lastSeq              sequence number of the last change written to the log
 * @param changesSinceSnapshot changes not yet in a snapshot
 * @param lastSnapshotMillis   when the last snapshot was completed (epoch ms), 0 if none since start
 * @param lastSnapshotOk       whether the last snapshot attempt succeeded
 * @param snapshotsInProgress  copies taken whose file is not yet on disk
 * @param lastSnapshotMillisTaken how long the last snapshot took
 * @param fsyncs               fsync calls made on the log
 * @param fsyncLastMicros      duration of the latest fsync
 * @param fsyncTotalMicros     sum of fsync durations (with {@code fsyncs}, the mean)
 * @param logWriteOk           false once a log write or fsync failed (writes are then refused)
 * @param loadedKeys           keys this shard held after recovery at start
 * @param loadedPoints         vector points this shard held after recovery at start
 * @param graphsLoaded         collection parts whose graph recovery loaded from the snapshot (not rebuilt)
 * @param replayedRecords      log records replayed at start
 * @param recoveryMillis       how long the whole recovery at start took
 * @param lastCopyMicros       how long the shard was held for the last snapshot's copy step
 */
public record PersistenceStats(boolean enabled, String appendfsync, long logBytes, long lastSeq,
                               long changesSinceSnapshot, long lastSnapshotMillis, boolean lastSnapshotOk,
                               int snapshotsInProgress, long lastSnapshotMillisTaken, long fsyncs,
                               long fsyncLastMicros, long fsyncTotalMicros, boolean logWriteOk,
                               long loadedKeys, long loadedPoints, int graphsLoaded, long replayedRecords,
                               long recoveryMillis, long lastCopyMicros) {

    public static final PersistenceStats OFF = new PersistenceStats(false, "off", 0, 0, 0, 0, true, 0, 0, 0, 0, 0,
            true, 0, 0, 0, 0, 0, 0);
}
