package io.quiver.persist;

import io.quiver.config.ConfigKeys;
import io.quiver.config.QuiverConfig;
import io.quiver.metrics.QuiverMetrics;
import io.quiver.shard.Shard;
import io.quiver.vector.CollectionConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * Durability for the whole server: opens (and locks) the data directory, runs {@link Recovery},
 * and gives each recovered {@link Shard} its {@link ShardPersistence} as its journal. One
 * background thread writes every shard's snapshot files, one after another, so snapshots never
 * compete with each other for the disk. {@link #close} is the last step of a clean shutdown.
 */
public final class Persistence implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Persistence.class);

    private final DataDirectory dir;
    private final List<Shard> shards;
    private final List<ShardPersistence> journals;
    private final ExecutorService snapshotThread;
    private final RecoveryReport report;
    private final List<CollectionConfig> collections;
    private final long highestEpoch;

    private Persistence(DataDirectory dir, List<Shard> shards, List<ShardPersistence> journals,
                        ExecutorService snapshotThread, Recovery.Result recovered) {
        this.dir = dir;
        this.shards = shards;
        this.journals = journals;
        this.snapshotThread = snapshotThread;
        this.report = recovered.report();
        this.collections = recovered.collections();
        this.highestEpoch = recovered.highestEpoch();
    }

    /** Recovers the data directory into {@code config.shardCount()} shards, with journals attached. Blocking. */
    public static Persistence open(QuiverConfig config, QuiverMetrics metrics) throws IOException {
        Path root = Path.of(config.get(ConfigKeys.DATA_DIR));
        FsyncPolicy policy = FsyncPolicy.parse(config.get(ConfigKeys.APPENDFSYNC));
        DataDirectory dir = DataDirectory.open(root);
        try {
            Recovery.Result r = Recovery.run(dir, config.shardCount(), config.get(ConfigKeys.SKIP_CORRUPT_DATA),
                    new io.quiver.kv.EncodingLimits(config.get(ConfigKeys.HASH_MAX_LISTPACK_ENTRIES),
                            config.get(ConfigKeys.HASH_MAX_LISTPACK_VALUE)));
            ExecutorService snapshotThread = Executors.newSingleThreadExecutor(task -> {
                Thread t = new Thread(task, "quiver-snapshot");
                t.setDaemon(true);
                return t;
            });
            List<Shard> shards = new ArrayList<>();
            List<ShardPersistence> journals = new ArrayList<>();
            for (ShardRecovery.Result s : r.shards()) {
                int i = s.shard().index();
                Path shardDir = dir.shardDir(r.generation(), i);
                ShardPersistence.FsyncObserver observer = new ShardPersistence.FsyncObserver();
                AppendLog appendLog = AppendLog.open(shardDir, i, policy, s.activeLog(), s.activeLogCodec(), s.nextSeq(),
                        s.otherLogBytes(), observer);
                ShardPersistence sp = new ShardPersistence(i, shardDir, appendLog, snapshotThread,
                        TimeUnit.SECONDS.toMillis(config.get(ConfigKeys.SNAPSHOT_INTERVAL)),
                        config.get(ConfigKeys.SNAPSHOT_LOG_SIZE),
                        metrics.timer("quiver.persistence.fsync.duration", "Duration of an fsync of a shard's append log",
                                "shard", Integer.toString(i)),
                        s, r.report().millis());
                observer.target = sp;
                s.shard().attachJournal(sp);
                shards.add(s.shard());
                journals.add(sp);
                String tag = Integer.toString(i);
                metrics.gauge("quiver.persistence.log.bytes", "Bytes in a shard's append log files", sp::logBytes,
                        "shard", tag);
                metrics.gauge("quiver.persistence.last.snapshot.timestamp.seconds",
                        "When a shard's last snapshot was completed (Unix time; 0 = none since start)",
                        () -> sp.lastSnapshotMillis() / 1000.0, "shard", tag);
            }
            RecoveryReport report = r.report();
            metrics.gauge("quiver.persistence.recovery.seconds", "How long recovery at start took", () -> report.millis() / 1000.0);
            metrics.gauge("quiver.persistence.recovery.keys", "Keys loaded by recovery at start", report::keys);
            metrics.gauge("quiver.persistence.recovery.collections", "Vector collections loaded by recovery at start",
                    report::collections);
            metrics.gauge("quiver.persistence.recovery.points", "Vector points loaded by recovery at start", report::points);
            metrics.gauge("quiver.persistence.recovery.graphs.loaded",
                    "Collection parts whose graph recovery loaded from a snapshot (not rebuilt)", report::graphsLoaded);
            log.info("{} (appendfsync {})", report.describe(), policy.configName());
            return new Persistence(dir, shards, journals, snapshotThread, r);
        } catch (IOException | RuntimeException e) {
            dir.close();
            throw e;
        }
    }

    public List<Shard> shards() {
        return shards;
    }

    public RecoveryReport report() {
        return report;
    }

    /** The vector collections the recovered shards hold: the catalog starts with these. */
    public List<CollectionConfig> collections() {
        return collections;
    }

    /** The highest collection epoch in the data: the catalog numbers new creations above it. */
    public long highestEpoch() {
        return highestEpoch;
    }

    public Path dataDir() {
        return dir.root();
    }

    /**
     * After the shards have stopped: lets running snapshot writes finish, fsyncs and closes every
     * log, releases the directory lock.
     */
    @Override
    public void close() throws IOException {
        snapshotThread.shutdown();
        try {
            if (!snapshotThread.awaitTermination(10, TimeUnit.MINUTES)) {
                log.warn("snapshot writes did not finish; the logs still hold every change");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        IOException first = null;
        for (ShardPersistence j : journals) {
            try {
                j.appendLog().close();
            } catch (IOException e) {
                log.error("closing the append log of a shard failed: {}", e.toString());
                first = first == null ? e : first;
            }
        }
        dir.close();
        if (first != null) {
            throw first;
        }
    }
}
