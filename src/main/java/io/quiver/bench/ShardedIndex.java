package io.quiver.bench;

import io.quiver.service.vector.TopKMerger;
import io.quiver.shard.KeyHash;
import io.quiver.shard.Shard;
import io.quiver.shard.VectorOp;
import io.quiver.vector.CollectionShardInfo;
import io.quiver.vector.PointId;
import io.quiver.vector.SearchParams;
import io.quiver.vector.ShardHits;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * An index as the server holds it, without the network: {@code shards} real {@link Shard}s, each
 * on a thread of its own (as each shard is a worker verticle with one thread), with points placed
 * by the server's rule ({@link KeyHash} of the point id). A search goes to every shard's thread at
 * once and the answers are merged by the router's {@link TopKMerger}, so a query costs a hand-off
 * to each shard thread and back, as on the server. Everything goes through {@link VectorOp}s: the
 * code measured is the code the server runs.
 */
final class ShardedIndex implements AutoCloseable {
    static final String COLLECTION = "bench";

    /**
     * Drops the bench collection from a shard, freeing its graph. Every bench shard is new and its
     * collection is created unnumbered (epoch 0), so the drop names epoch 0.
     */
    static VectorOp dropOp() {
        return new VectorOp.DropCollection(COLLECTION, 0);
    }
    private static final int BATCH = 512; // points per upsert, as the server's import sends them

    private final IndexConfig config;
    private final Shard[] shards;
    private final ExecutorService[] threads;
    private double buildSeconds;

    private ShardedIndex(IndexConfig config) {
        this.config = config;
        this.shards = new Shard[config.shards()];
        this.threads = new ExecutorService[config.shards()];
        for (int s = 0; s < shards.length; s++) {
            shards[s] = new Shard(s);
            String name = "bench-shard-" + s;
            threads[s] = Executors.newSingleThreadExecutor(r -> {
                Thread t = new Thread(r, name);
                t.setDaemon(true);
                return t;
            });
        }
    }

    /** Builds the index over {@code base} (point i = row i), the shards in parallel; then compresses if asked. */
    static ShardedIndex build(IndexConfig config, float[][] base) {
        ShardedIndex index = new ShardedIndex(config);
        int n = base.length, s = config.shards();
        int[][] rows = rowsPerShard(n, s);
        long t0 = System.nanoTime();
        try (Progress p = Progress.start("building " + config.label(), n, "vectors")) {
            List<Future<?>> parts = new ArrayList<>();
            for (int shard = 0; shard < s; shard++) {
                Shard target = index.shards[shard];
                int[] mine = rows[shard];
                parts.add(index.threads[shard].submit(() -> {
                    target.execute(new VectorOp.CreateCollection(config.collection(COLLECTION, base[0].length)));
                    for (int from = 0; from < mine.length; from += BATCH) {
                        int m = Math.min(BATCH, mine.length - from);
                        PointId[] ids = new PointId[m];
                        float[][] vectors = new float[m][];
                        for (int i = 0; i < m; i++) {
                            ids[i] = PointId.of(mine[from + i]);
                            vectors[i] = base[mine[from + i]]; // euclidean keeps the array as it is: no copy
                        }
                        target.execute(new VectorOp.Upsert(COLLECTION, null, ids, vectors, null, false));
                        p.add(m);
                    }
                    if (config.pqSubspaces() > 0) { // (SQ8 is the collection's own config: nothing to do after the build)
                        target.collection(COLLECTION).compress(config.pqSubspaces());
                    }
                }));
            }
            await(parts);
        }
        index.buildSeconds = (System.nanoTime() - t0) / 1e9;
        return index;
    }

    /** Which rows go to which shard: the server's placement of point ids. */
    private static int[][] rowsPerShard(int n, int shardCount) {
        int[] counts = new int[shardCount];
        int[] owner = new int[n];
        for (int i = 0; i < n; i++) {
            owner[i] = KeyHash.shardOf(PointId.of(i).bytes(), shardCount);
            counts[owner[i]]++;
        }
        int[][] rows = new int[shardCount][];
        for (int s = 0; s < shardCount; s++) {
            rows[s] = new int[counts[s]];
            counts[s] = 0;
        }
        for (int i = 0; i < n; i++) {
            rows[owner[i]][counts[owner[i]]++] = i;
        }
        return rows;
    }

    IndexConfig config() {
        return config;
    }

    double buildSeconds() {
        return buildSeconds;
    }

    /** The k nearest points to {@code query}: every shard searched on its own thread, the answers merged. */
    ShardHits search(float[] query, int k, SearchParams params) {
        VectorOp.Search op = new VectorOp.Search(COLLECTION, new float[][]{query}, new int[]{k}, new SearchParams[]{params});
        List<Future<Object>> parts = new ArrayList<>(shards.length);
        for (int s = 0; s < shards.length; s++) {
            Shard shard = shards[s];
            parts.add(threads[s].submit(() -> shard.execute(op)));
        }
        List<ShardHits> answers = new ArrayList<>(shards.length);
        for (Object answer : await(parts)) {
            answers.add(((ShardHits[]) answer)[0]);
        }
        return shards.length == 1 ? answers.get(0) : TopKMerger.merge(answers, k);
    }

    /**
     * A batch of queries as the server's search/batch sends it: one {@link VectorOp.Search} holding
     * all of them to every shard, each query's answers merged.
     */
    ShardHits[] searchBatch(float[][] queries, int k, SearchParams params) {
        int n = queries.length;
        int[] ks = new int[n];
        SearchParams[] ps = new SearchParams[n];
        java.util.Arrays.fill(ks, k);
        java.util.Arrays.fill(ps, params);
        VectorOp.Search op = new VectorOp.Search(COLLECTION, queries, ks, ps);
        List<Future<Object>> parts = new ArrayList<>(shards.length);
        for (int s = 0; s < shards.length; s++) {
            Shard shard = shards[s];
            parts.add(threads[s].submit(() -> shard.execute(op)));
        }
        List<ShardHits[]> answers = new ArrayList<>(shards.length);
        for (Object answer : await(parts)) {
            answers.add((ShardHits[]) answer);
        }
        ShardHits[] out = new ShardHits[n];
        for (int q = 0; q < n; q++) {
            List<ShardHits> each = new ArrayList<>(shards.length);
            for (ShardHits[] a : answers) {
                each.add(a[q]);
            }
            out[q] = shards.length == 1 ? each.get(0) : TopKMerger.merge(each, k);
        }
        return out;
    }

    /** The index's own memory estimate over all shards (what {@code GET /collections/{c}} reports). */
    long memoryBytes() {
        long bytes = 0;
        List<Future<Object>> parts = new ArrayList<>();
        for (int s = 0; s < shards.length; s++) {
            Shard shard = shards[s];
            parts.add(threads[s].submit(() -> shard.execute(new VectorOp.Info(COLLECTION))));
        }
        for (Object info : await(parts)) {
            bytes += ((CollectionShardInfo) info).memoryBytes();
        }
        return bytes;
    }

    @Override
    public void close() {
        List<Future<Object>> parts = new ArrayList<>();
        for (int s = 0; s < shards.length; s++) {
            Shard shard = shards[s];
            parts.add(threads[s].submit(() -> shard.execute(dropOp())));
        }
        await(parts);
        for (ExecutorService t : threads) {
            t.shutdownNow();
        }
    }

    private static <T> List<T> await(List<? extends Future<? extends T>> futures) {
        List<T> out = new ArrayList<>(futures.size());
        for (Future<? extends T> f : futures) {
            try {
                out.add(f.get());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted", e);
            } catch (ExecutionException e) {
                throw new IllegalStateException("a shard failed: " + e.getCause(), e.getCause());
            }
        }
        return out;
    }
}
