package io.quiver.persist;

import java.util.List;

/**
 * What recovery at start loaded and how long it took; logged at start and shown by
 * {@code INFO persistence} and {@code /metrics}.
 *
 * @param dataDir          the data directory
 * @param fresh            true when the directory held no data (first start)
 * @param fromShards       shard count of the files found (equal to {@code toShards} unless re-distributed)
 * @param toShards         shard count now
 * @param keys             keys held after recovery
 * @param collections      vector collections held after recovery
 * @param points           vector points held after recovery, over every collection
 * @param snapshotsLoaded  shard snapshots loaded
 * @param snapshotKeys     keys loaded from snapshots
 * @param snapshotPoints   points loaded from snapshots
 * @param graphsLoaded     collection parts whose jvector graph was loaded from a snapshot (not rebuilt)
 * @param graphMillis      time spent loading those graphs, summed over shards (they load in parallel)
 * @param replayed         log records replayed
 * @param tornTails        torn log tails truncated
 * @param millis           wall time of the whole recovery
 * @param problems         every problem found and dealt with (torn tails, files set aside)
 */
public record RecoveryReport(String dataDir, boolean fresh, int fromShards, int toShards, long keys, int collections,
                             long points, int snapshotsLoaded, long snapshotKeys, long snapshotPoints, int graphsLoaded,
                             long graphMillis, long replayed, int tornTails, long millis, List<String> problems) {

    static RecoveryReport fresh(String dataDir, int shards, long millis) {
        return new RecoveryReport(dataDir, true, shards, shards, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, millis, List.of());
    }

    public boolean redistributed() {
        return fromShards != toShards;
    }

    /** One line for the log. */
    public String describe() {
        if (fresh) {
            return "no data in " + dataDir + " yet: starting empty (" + millis + " ms)";
        }
        return "recovered " + keys + " keys and " + collections + " collections (" + points + " points) from " + dataDir
                + " in " + millis + " ms: "
                + snapshotsLoaded + " snapshots (" + snapshotKeys + " keys, " + snapshotPoints + " points, "
                + graphsLoaded + " graphs loaded, not rebuilt, " + graphMillis + " ms), "
                + replayed + " log records replayed, " + tornTails + " torn tails truncated"
                + (redistributed() ? ", re-distributed from " + fromShards + " to " + toShards + " shards" : "")
                + (problems.isEmpty() ? "" : ", " + problems.size() + " problems (see warnings above)");
    }
}
