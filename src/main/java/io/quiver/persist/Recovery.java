package io.quiver.persist;

import io.quiver.shard.KeyHash;
import io.quiver.shard.Shard;
import io.quiver.shard.ShardImage;
import io.quiver.shard.VectorOp;
import io.quiver.shard.codec.ShardOpCodec;
import io.quiver.vector.CollectionConfig;
import io.quiver.vector.PointId;
import io.quiver.vector.PointsImage;
import io.quiver.vector.VectorCollection;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Recovery at start: rebuilds every shard from the data directory before the front ends open.
 *
 * <ol>
 *   <li>No manifest: a fresh directory. Generation 1 is created with one directory per shard.</li>
 *   <li>Each shard directory of the generation in force is recovered ({@link ShardRecovery}),
 *       shards in parallel.</li>
 *   <li>The shards are made to agree on which vector collections exist (see
 *       {@link #settleCollections}).</li>
 *   <li>If the shard count changed, every key and point is moved to the shard that owns it now
 *       ({@link KeyHash}), each new shard is written as a snapshot into a new generation, the
 *       manifest is switched to it (the atomic step), and the old generation deleted.</li>
 * </ol>
 */
public final class Recovery {
    private static final Logger log = LoggerFactory.getLogger(Recovery.class);

    /**
     * Recovered shards (index = shard), their log positions, the generation in force, the report,
     * and what the vector catalog must hold: the collections the shards hold, and the highest epoch
     * the data has seen (new creations must number above it).
     */
    public record Result(List<ShardRecovery.Result> shards, long generation, RecoveryReport report,
                         List<CollectionConfig> collections, long highestEpoch) {
    }

    private Recovery() {
    }

    public static Result run(DataDirectory dir, int shardCount, boolean skipCorrupt) throws IOException {
        return run(dir, shardCount, skipCorrupt, io.quiver.kv.EncodingLimits.defaults());
    }

    /**
     * As {@link #run(DataDirectory, int, boolean)}, with the shards' hashes and lists leaving their compact form
     * at {@code limits} (the configured {@code hash-max-listpack-*}) while they load and replay, as Redis's
     * loading converts by its configured thresholds.
     */
    public static Result run(DataDirectory dir, int shardCount, boolean skipCorrupt, io.quiver.kv.EncodingLimits limits)
            throws IOException {
        long t0 = System.nanoTime();
        Manifest manifest = dir.readManifest();
        if (manifest == null) {
            dir.createGeneration(1, shardCount);
            dir.deleteGenerationsExcept(1);
            dir.writeManifest(new Manifest(Manifest.FORMAT, 1, shardCount));
            List<ShardRecovery.Result> empty = new ArrayList<>();
            for (int i = 0; i < shardCount; i++) {
                empty.add(ShardRecovery.run(dir.shardDir(1, i), shard(i, vectorFiles(dir, 1, i), limits), skipCorrupt));
            }
            return new Result(empty, 1, RecoveryReport.fresh(dir.root().toString(), shardCount, millisSince(t0)),
                    List.of(), 0);
        }
        dir.deleteGenerationsExcept(manifest.generation());
        List<String> problems = new ArrayList<>();
        List<ShardRecovery.Result> found = settleTransactions(recoverAll(dir, manifest, skipCorrupt, limits), problems);
        long snapshotKeys = 0, snapshotPoints = 0, replayed = 0, graphMillis = 0;
        int snapshots = 0, torn = 0, graphs = 0;
        for (ShardRecovery.Result r : found) {
            problems.addAll(r.problems());
            snapshotKeys += r.snapshotKeys();
            snapshotPoints += r.fromSnapshot().points();
            graphs += r.fromSnapshot().graphsLoaded();
            graphMillis += r.fromSnapshot().graphMillis();
            replayed += r.replayed();
            snapshots += r.snapshotLoaded() ? 1 : 0;
            torn += r.tornTails();
        }
        List<Shard> recovered = found.stream().map(ShardRecovery.Result::shard).toList();
        CollectionsFound catalog = settleCollections(recovered);
        List<ShardRecovery.Result> shards = found;
        long generation = manifest.generation();
        if (manifest.shards() != shardCount) {
            generation = manifest.generation() + 1;
            shards = redistribute(dir, found, shardCount, generation, limits);
            dir.writeManifest(new Manifest(Manifest.FORMAT, generation, shardCount));
            dir.deleteGenerationsExcept(generation);
        }
        long keys = shards.stream().mapToLong(r -> r.shard().keyCount()).sum();
        long points = shards.stream().mapToLong(r -> r.shard().points()).sum();
        return new Result(shards, generation, new RecoveryReport(dir.root().toString(), false, manifest.shards(), shardCount,
                keys, catalog.configs().size(), points, snapshots, snapshotKeys, snapshotPoints, graphs, graphMillis,
                replayed, torn, millisSince(t0), List.copyOf(problems)), catalog.configs(), catalog.highestEpoch());
    }

    /**
     * All or none of a transaction over several shards: a shard's part held back at the end of its
     * log ({@link ShardRecovery.HeldRecord}) is applied when every participant's log (or snapshot)
     * reached the sequence number its part has there, else it is dropped and cut from the log (a
     * crash came before every participant had logged; none of it was acknowledged).
     */
    static List<ShardRecovery.Result> settleTransactions(List<ShardRecovery.Result> found, List<String> problems)
            throws IOException {
        List<ShardRecovery.Result> out = new ArrayList<>(found.size());
        for (ShardRecovery.Result r : found) {
            ShardRecovery.HeldRecord h = r.held();
            if (h == null) {
                out.add(r);
                continue;
            }
            boolean complete = true;
            for (int i = 0; i < h.record().participants().length; i++) {
                int p = h.record().participants()[i];
                long reached = p < found.size() ? found.get(p).nextSeq() - 1 : -1;
                complete &= reached >= h.record().seqs()[i];
            }
            if (complete) {
                r.shard().execute(h.record());
                out.add(r);
                continue;
            }
            ShardRecovery.truncate(h.file(), h.offset());
            String why = "shard " + r.shard().index() + ": dropped its part of transaction " + h.record().txId()
                    + " (record " + h.seq() + "): not every participant of " + java.util.Arrays.toString(h.record().participants())
                    + " logged its part before the crash; cut from " + h.file().getFileName() + " at offset " + h.offset();
            log.warn(why);
            problems.add(why);
            out.add(new ShardRecovery.Result(r.shard(), h.seq(), r.activeLog(), r.activeLogCodec(), r.otherLogBytes(),
                    r.snapshotLoaded(), r.fromSnapshot(), r.replayed() - 1, r.tornTails(), r.problems(), null));
        }
        return out;
    }

    /** The collections recovery settled on, and the highest epoch seen in parts and drop marks. */
    record CollectionsFound(List<CollectionConfig> configs, long highestEpoch) {
    }

    /**
     * Makes the shards agree on which collections exist. Each shard replays only its own log, and a
     * crash can come in the middle of a create or drop broadcast (neither was acknowledged then):
     * <ul>
     *   <li>a collection some shard was told to drop (a drop mark at or above its newest epoch) is
     *       dropped on every shard: the catalog had removed it before telling any shard;</li>
     *   <li>otherwise its newest epoch wins, and parts of older epochs (left from an incarnation
     *       dropped before) are dropped.</li>
     * </ul>
     * Done in memory, not logged: the next start derives the same from the same files.
     */
    static CollectionsFound settleCollections(List<Shard> shards) {
        Map<String, CollectionConfig> newest = new TreeMap<>();
        Map<String, Long> droppedThrough = new HashMap<>();
        long highest = 0;
        for (Shard s : shards) {
            for (VectorCollection part : s.collectionParts()) {
                newest.merge(part.config().name(), part.config(), (a, b) -> a.epoch() >= b.epoch() ? a : b);
                highest = Math.max(highest, part.config().epoch());
            }
            for (Map.Entry<String, Long> e : s.collectionDropMarks().entrySet()) {
                droppedThrough.merge(e.getKey(), e.getValue(), Math::max);
                highest = Math.max(highest, e.getValue());
            }
        }
        List<CollectionConfig> kept = new ArrayList<>();
        for (CollectionConfig config : newest.values()) {
            String name = config.name();
            Long dropped = droppedThrough.get(name);
            if (dropped != null && dropped >= config.epoch()) {
                log.warn("collection {} was dropped on some shards only (a stop during its drop): dropped on every shard", name);
                for (Shard s : shards) {
                    s.execute(new VectorOp.DropCollection(name, dropped));
                }
                continue;
            }
            for (Shard s : shards) {
                VectorCollection part = s.collection(name);
                if (part != null && part.config().epoch() < config.epoch()) {
                    log.warn("shard {} held collection {} of an older incarnation (epoch {} < {}): dropped", s.index(), name,
                            part.config().epoch(), config.epoch());
                    s.execute(new VectorOp.DropCollection(name, config.epoch() - 1));
                }
            }
            kept.add(config);
        }
        return new CollectionsFound(List.copyOf(kept), highest);
    }

    /**
     * A shard's directory for the memory-mapped vector files of its {@code on_disk} parts: emptied
     * now, since recovery rebuilds every part (and its file) from the snapshot and the log.
     */
    static io.quiver.vector.VectorFiles vectorFiles(DataDirectory dir, long generation, int shard) {
        return io.quiver.vector.VectorFiles.in(dir.shardDir(generation, shard).resolve("vectors"));
    }

    private static Shard shard(int index, io.quiver.vector.VectorFiles files, io.quiver.kv.EncodingLimits limits) {
        Shard s = new Shard(index, files);
        s.attachLimits(limits);
        return s;
    }

    private static List<ShardRecovery.Result> recoverAll(DataDirectory dir, Manifest m, boolean skipCorrupt,
                                                         io.quiver.kv.EncodingLimits limits) throws IOException {
        int threads = Math.max(1, Math.min(m.shards(), Runtime.getRuntime().availableProcessors()));
        ExecutorService pool = Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, "quiver-recovery");
            t.setDaemon(true);
            return t;
        });
        try {
            List<Future<ShardRecovery.Result>> parts = new ArrayList<>();
            for (int i = 0; i < m.shards(); i++) {
                int shard = i;
                parts.add(pool.submit(() -> ShardRecovery.run(dir.shardDir(m.generation(), shard),
                        shard(shard, vectorFiles(dir, m.generation(), shard), limits), skipCorrupt)));
            }
            List<ShardRecovery.Result> out = new ArrayList<>();
            for (Future<ShardRecovery.Result> f : parts) {
                out.add(f.get());
            }
            return out;
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException re) {
                throw re;
            }
            if (e.getCause() instanceof IOException io) {
                throw io;
            }
            throw new IllegalStateException(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("recovery interrupted", e);
        } finally {
            pool.shutdownNow();
        }
    }

    /**
     * Moves every key and every point to the shard that owns it under the new count ({@link KeyHash}
     * of the key, or of the point id's bytes), and writes the new layout as a new generation: one
     * snapshot per shard (sequence 0, so their logs start at 1). Every collection gets a part on
     * every new shard, as a creation does; points move as stored (prepared vector and norm), so
     * nothing is normalised twice. Graphs are rebuilt by inserting: their ordinals and
     * neighbourhoods belong to the old layout. Drop marks are kept on every new shard.
     */
    private static List<ShardRecovery.Result> redistribute(DataDirectory dir, List<ShardRecovery.Result> old, int shardCount,
                                                           long generation, io.quiver.kv.EncodingLimits limits) throws IOException {
        long t0 = System.nanoTime();
        dir.createGeneration(generation, shardCount); // first: the new shards' on_disk parts map their files in it
        List<Shard> shards = new ArrayList<>();
        for (int i = 0; i < shardCount; i++) {
            shards.add(shard(i, vectorFiles(dir, generation, i), limits));
        }
        long moved = 0, movedPoints = 0;
        for (ShardRecovery.Result r : old) {
            long[] count = {0};
            r.shard().forEachDatabase((kv, db) -> {
                for (byte[] entry : kv.copyEntries()) {
                    shards.get(KeyHash.shardOf(io.quiver.kv.KvEntry.key(entry), shardCount)).kv(db).putEntry(entry);
                    count[0]++;
                }
                kv.clear(); // entries now live in the new shards only
            });
            moved += count[0];
            for (Map.Entry<String, Long> mark : r.shard().collectionDropMarks().entrySet()) {
                for (Shard s : shards) {
                    s.markCollectionDropped(mark.getKey(), mark.getValue());
                }
            }
            for (VectorCollection part : r.shard().collectionParts()) {
                CollectionConfig config = part.config();
                for (Shard s : shards) {
                    s.execute(new VectorOp.CreateCollection(config));
                    for (io.quiver.vector.PayloadIndexSpec spec : part.payloadIndexes()) {
                        s.execute(new VectorOp.CreatePayloadIndex(config.name(), spec));
                    }
                }
                if (part.hasSchema()) {
                    for (io.quiver.vector.StoredPoint sp : part.storedPoints()) {
                        shards.get(KeyHash.shardOf(sp.id().bytes(), shardCount)).collection(config.name()).putStored(sp);
                        movedPoints++;
                    }
                    part.close();
                    continue;
                }
                PointsImage p = part.points();
                BitSet live = p.live();
                for (int ord = live.nextSetBit(0); ord >= 0; ord = live.nextSetBit(ord + 1)) {
                    PointId id = p.ids()[ord];
                    shards.get(KeyHash.shardOf(id.bytes(), shardCount)).collection(config.name())
                            .putPrepared(id, p.vectors().get(ord), p.norms()[ord], p.payloads()[ord]);
                    movedPoints++;
                }
                p.release();
                part.close();
            }
        }
        List<ShardRecovery.Result> out = new ArrayList<>();
        for (Shard s : shards) {
            ShardImage image = s.capture();
            try (SnapshotWriter w = SnapshotWriter.create(dir.shardDir(generation, s.index()),
                    new SnapshotFormat.Header(SnapshotFormat.VERSION, ShardOpCodec.VERSION, 0, System.currentTimeMillis(), s.index()))) {
                ShardSections.write(w, image);
                w.commit();
            } catch (UncheckedIOException e) {
                throw e.getCause();
            } finally {
                image.release();
            }
            out.add(new ShardRecovery.Result(s, 1, null, ShardOpCodec.VERSION, 0, true,
                    new ShardSections.Loaded(s.keyCount(), s.collectionParts().size(), s.points(), 0, 0), 0, 0, List.of(), null));
        }
        log.info("re-distributed {} keys and {} points from {} to {} shards in {} ms (generation {}; graphs rebuilt)",
                moved, movedPoints, old.size(), shardCount, millisSince(t0), generation);
        return out;
    }

    private static long millisSince(long t0) {
        return (System.nanoTime() - t0) / 1_000_000;
    }
}
