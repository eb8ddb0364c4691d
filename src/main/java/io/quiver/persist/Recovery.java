package io.quiver.persist;

import io.quiver.shard.KeyHash;
import io.quiver.shard.Shard;
import io.quiver.shard.ShardImage;
import io.quiver.shard.codec.ShardOpCodec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
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
 *   <li>If the shard count changed, every key is moved to the shard that owns it now
 *       ({@link KeyHash}), each new shard is written as a snapshot into a new generation, the
 *       manifest is switched to it (the atomic step), and the old generation deleted.</li>
 * </ol>
 */
public final class Recovery {
    private static final Logger log = LoggerFactory.getLogger(Recovery.class);

    /** Recovered shards (index = shard), their log positions, the generation in force, and the report. */
    public record Result(List<ShardRecovery.Result> shards, long generation, RecoveryReport report) {
    }

    private Recovery() {
    }

    public static Result run(DataDirectory dir, int shardCount, boolean skipCorrupt) throws IOException {
        long t0 = System.nanoTime();
        Manifest manifest = dir.readManifest();
        if (manifest == null) {
            dir.createGeneration(1, shardCount);
            dir.deleteGenerationsExcept(1);
            dir.writeManifest(new Manifest(Manifest.FORMAT, 1, shardCount));
            List<ShardRecovery.Result> empty = new ArrayList<>();
            for (int i = 0; i < shardCount; i++) {
                empty.add(ShardRecovery.run(dir.shardDir(1, i), new Shard(i), skipCorrupt));
            }
            return new Result(empty, 1, new RecoveryReport(dir.root().toString(), true, shardCount, shardCount, 0, 0, 0, 0, 0,
                    millisSince(t0), List.of()));
        }
        dir.deleteGenerationsExcept(manifest.generation());
        List<ShardRecovery.Result> found = recoverAll(dir, manifest, skipCorrupt);
        List<String> problems = new ArrayList<>();
        long snapshotKeys = 0, replayed = 0;
        int snapshots = 0, torn = 0;
        for (ShardRecovery.Result r : found) {
            problems.addAll(r.problems());
            snapshotKeys += r.snapshotKeys();
            replayed += r.replayed();
            snapshots += r.snapshotLoaded() ? 1 : 0;
            torn += r.tornTails();
        }
        List<ShardRecovery.Result> shards = found;
        long generation = manifest.generation();
        if (manifest.shards() != shardCount) {
            generation = manifest.generation() + 1;
            shards = redistribute(dir, found, shardCount, generation);
            dir.writeManifest(new Manifest(Manifest.FORMAT, generation, shardCount));
            dir.deleteGenerationsExcept(generation);
        }
        long keys = shards.stream().mapToLong(r -> r.shard().kv().size()).sum();
        return new Result(shards, generation, new RecoveryReport(dir.root().toString(), false, manifest.shards(), shardCount,
                keys, snapshots, snapshotKeys, replayed, torn, millisSince(t0), List.copyOf(problems)));
    }

    private static List<ShardRecovery.Result> recoverAll(DataDirectory dir, Manifest m, boolean skipCorrupt)
            throws IOException {
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
                parts.add(pool.submit(() -> ShardRecovery.run(dir.shardDir(m.generation(), shard), new Shard(shard), skipCorrupt)));
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
     * Moves every key to the shard that owns it under the new count, and writes the new layout as a
     * new generation: one snapshot per shard (sequence 0, so their logs start at 1).
     */
    private static List<ShardRecovery.Result> redistribute(DataDirectory dir, List<ShardRecovery.Result> old, int shardCount,
                                                           long generation) throws IOException {
        long t0 = System.nanoTime();
        List<Shard> shards = new ArrayList<>();
        for (int i = 0; i < shardCount; i++) {
            shards.add(new Shard(i));
        }
        long moved = 0;
        for (ShardRecovery.Result r : old) {
            for (byte[] entry : r.shard().kv().copyEntries()) {
                shards.get(KeyHash.shardOf(io.quiver.kv.KvEntry.key(entry), shardCount)).kv().putEntry(entry);
                moved++;
            }
            r.shard().kv().clear(); // entries now live in the new shards only
        }
        dir.createGeneration(generation, shardCount);
        List<ShardRecovery.Result> out = new ArrayList<>();
        for (Shard s : shards) {
            try (SnapshotWriter w = SnapshotWriter.create(dir.shardDir(generation, s.index()),
                    new SnapshotFormat.Header(SnapshotFormat.VERSION, ShardOpCodec.VERSION, 0, System.currentTimeMillis(), s.index()))) {
                ShardImage image = s.capture();
                ShardSections.write(w, image);
                w.commit();
            } catch (UncheckedIOException e) {
                throw e.getCause();
            }
            out.add(new ShardRecovery.Result(s, 1, null, ShardOpCodec.VERSION, 0, true, s.kv().size(), 0, 0, List.of()));
        }
        log.info("re-distributed {} keys from {} to {} shards in {} ms (generation {})", moved, old.size(), shardCount,
                millisSince(t0), generation);
        return out;
    }

    private static long millisSince(long t0) {
        return (System.nanoTime() - t0) / 1_000_000;
    }
}
