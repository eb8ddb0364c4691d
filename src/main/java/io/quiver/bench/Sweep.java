package io.quiver.bench;

import io.quiver.vector.PointId;
import io.quiver.vector.SearchParams;
import io.quiver.vector.ShardHits;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The parameter sweep on one data set: builds each configured index ({@link ShardedIndex}) and
 * measures it at each search depth; prints a table row per measurement as it goes and returns the
 * rows. Each measurement is bounded: about {@code seconds} for one client, then as long for the
 * concurrent clients (one pass over the queries at least, for recall).
 */
final class Sweep {
    static final int K = 10;
    private static final int WARM_UP_QUERIES = 200;

    private final double seconds;
    private final int clients;

    Sweep(double seconds, int clients) {
        this.seconds = seconds;
        this.clients = clients;
    }

    List<ResultRow> run(Dataset data, List<IndexConfig> configs, int[] efs) {
        List<ResultRow> rows = new ArrayList<>();
        VectorBench.out("%n## %s: %,d x %d, %,d queries (%s)%n", data.name(), data.base().length, data.dimension(),
                data.queries().length, data.source());
        VectorBench.out(ResultRow.TABLE_HEADER, clients, clients);
        for (IndexConfig config : configs) {
            System.gc();
            try (ShardedIndex index = ShardedIndex.build(config, data.base())) {
                double bytesPerVector = index.memoryBytes() / (double) data.base().length;
                int[] depths = config.isFlat() ? new int[]{0} : efs;
                for (int i = 0; i < depths.length; i++) {
                    ResultRow row = measure(data, index, depths[i], bytesPerVector);
                    VectorBench.out("%s", row.tableRow(i == 0));
                    rows.add(row);
                }
            }
        }
        return rows;
    }

    /** One index at one search depth: recall, then one client, then {@code clients} at once. */
    ResultRow measure(Dataset data, ShardedIndex index, int ef, double bytesPerVector) {
        SearchParams params = new SearchParams(ef, false);
        float[][] queries = data.queries();
        long warmUpEnd = System.nanoTime() + (long) (Math.min(seconds, 1.0) * 1e9);
        for (int i = 0; i < Math.min(queries.length, WARM_UP_QUERIES) && System.nanoTime() < warmUpEnd; i++) {
            index.search(queries[i], K, params);
        }

        // one client: the first pass over the queries gives recall; it goes on until the time is up
        Latencies single = new Latencies();
        double recall = 0;
        long start = System.nanoTime(), deadline = start + (long) (seconds * 1e9);
        int q = 0;
        do {
            long t = System.nanoTime();
            ShardHits hits = index.search(queries[q % queries.length], K, params);
            single.add(System.nanoTime() - t);
            if (q < queries.length) {
                recall += recall(hits, data.truth()[q]);
            }
            q++;
        } while (q < queries.length || System.nanoTime() < deadline);
        double singleSecs = (System.nanoTime() - start) / 1e9;

        Concurrent many = concurrent(index, queries, params);
        IndexConfig c = index.config();
        return new ResultRow(data.name(), data.base().length, data.dimension(), queries.length, c, index.buildSeconds(),
                bytesPerVector, ef, recall / queries.length, single.count() / singleSecs, single.percentileMicros(0.5),
                single.percentileMicros(0.99), clients, many.qps, many.latencies.percentileMicros(0.5),
                many.latencies.percentileMicros(0.99));
    }

    private record Concurrent(double qps, Latencies latencies) {
    }

    /** {@code clients} threads, each sending its next query as soon as the last is answered. */
    private Concurrent concurrent(ShardedIndex index, float[][] queries, SearchParams params) {
        AtomicBoolean stop = new AtomicBoolean();
        List<Latencies> perClient = new ArrayList<>();
        List<Thread> threads = new ArrayList<>();
        for (int c = 0; c < clients; c++) {
            Latencies lat = new Latencies();
            perClient.add(lat);
            int offset = c * (queries.length / Math.max(1, clients));
            threads.add(new Thread(() -> {
                for (int i = offset; !stop.get(); i++) {
                    long t = System.nanoTime();
                    index.search(queries[i % queries.length], K, params);
                    lat.add(System.nanoTime() - t);
                }
            }, "bench-client-" + c));
        }
        long start = System.nanoTime();
        threads.forEach(Thread::start);
        sleep(seconds);
        stop.set(true);
        for (Thread t : threads) {
            try {
                t.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        double elapsed = (System.nanoTime() - start) / 1e9;
        Latencies all = new Latencies();
        perClient.forEach(all::addAll);
        return new Concurrent(all.count() / elapsed, all);
    }

    /** |found ∩ truth[0..K)| / K. */
    static double recall(ShardHits hits, int[] truth) {
        int hit = 0;
        for (PointId id : hits.ids()) {
            long found = id.number();
            for (int i = 0; i < K && i < truth.length; i++) {
                if (truth[i] == found) {
                    hit++;
                    break;
                }
            }
        }
        return hit / (double) K;
    }

    private static void sleep(double secs) {
        try {
            Thread.sleep((long) (secs * 1000));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
