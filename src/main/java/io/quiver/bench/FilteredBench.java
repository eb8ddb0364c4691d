package io.quiver.bench;

import io.quiver.vector.CollectionConfig;
import io.quiver.vector.GraphParams;
import io.quiver.vector.IndexKind;
import io.quiver.vector.Metric;
import io.quiver.vector.PointId;
import io.quiver.vector.SearchParams;
import io.quiver.vector.ShardHits;
import io.quiver.vector.VectorCollection;
import io.quiver.vector.VectorKernels;
import io.quiver.vector.filter.Filter;
import io.quiver.vector.filter.Payload;
import io.quiver.vector.filter.QdrantFilterParser;

import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * {@code bin/quiver bench --filtered [--data DIR] [--shards N]}: filtered search on one shard's part
 * holding the data set (default Fashion-MNIST 10k) with a synthetic payload {@code {"sel": i % 100}};
 * a filter {@code sel < s} keeps s % of the points. For 1 %, 10 % and 50 %: recall@10 against a
 * brute force over the matching points (computed here, independently of Quiver's exact search) and
 * single-thread queries/s, for the planner's choice, the filtered graph walk alone, and the exact
 * scan of the matches alone; unfiltered graph search as the reference. Writes filtered.csv and
 * filtered.png (queries/s and recall@10 against the selectivity, a line per plan).
 */
final class FilteredBench {
    private static final int K = 10;
    private final BenchOptions o;
    private final List<Charts.Curve> qpsCurves = new ArrayList<>();
    private final List<Charts.Curve> recallCurves = new ArrayList<>();

    FilteredBench(BenchOptions o) {
        this.o = o;
    }

    void run(Path out) throws Exception {
        int queries = o.integer("queries", 200);
        List<Path> dirs = o.dataDirs();
        if (dirs.isEmpty()) {
            throw new IllegalArgumentException("--filtered needs texmex data (--data DIR)");
        }
        Dataset data = Dataset.texmex(dirs.get(0), queries, K);
        int n = data.base().length;
        int shards = o.integer("shards", 1);
        int part = n / shards; // one shard's part: the points a shard holds with that many shards
        VectorKernels kernels = VectorKernels.active();
        VectorCollection c = new VectorCollection(new CollectionConfig("filtered", data.dimension(), Metric.EUCLIDEAN,
                IndexKind.GRAPH, GraphParams.DEFAULTS, 0), kernels);
        PointId[] ids = new PointId[part];
        String[] payloads = new String[part];
        float[][] base = new float[part][];
        for (int i = 0; i < part; i++) {
            ids[i] = PointId.of(i);
            payloads[i] = "{\"sel\": " + (i % 100) + "}";
            base[i] = data.base()[i];
        }
        long t0 = System.nanoTime();
        for (int from = 0; from < part; from += 1000) {
            int to = Math.min(part, from + 1000);
            c.upsert(java.util.Arrays.copyOfRange(ids, from, to), java.util.Arrays.copyOfRange(base, from, to),
                    java.util.Arrays.copyOfRange(payloads, from, to), false);
        }
        VectorBench.out("%nfiltered search: %s, one shard's part of %,d points (%d shard%s), graph built in %.1f s, %d queries, k=%d",
                data.name(), part, shards, shards == 1 ? "" : "s", (System.nanoTime() - t0) / 1e9, data.queries().length, K);
        VectorBench.out("%-12s %-9s %10s %10s", "selectivity", "plan", "recall@10", "queries/s");
        try (PrintWriter csv = new PrintWriter(Files.newBufferedWriter(out.resolve("filtered.csv"), StandardCharsets.UTF_8))) {
            csv.println("dataset,points,selectivity_percent,plan,recall_at_10,queries_per_second");
            // two passes: the first warms the JIT for every plan, the second is reported
            for (int pass = 0; pass < 2; pass++) {
                PrintWriter to = pass == 0 ? null : csv;
                rowWith(to, data, c, part, 100, bruteForce(data.queries(), base, 100), "unfiltered", SearchParams.DEFAULT);
                for (int s : new int[]{1, 10, 50}) {
                    Filter f = QdrantFilterParser.parse(Payload.parseValue("{\"must\": [{\"key\": \"sel\", \"range\": {\"lt\": " + s + "}}]}"));
                    List<Set<PointId>> truth = bruteForce(data.queries(), base, s);
                    rowWith(to, data, c, part, s, truth, "planner", new SearchParams(0, false, f));
                    rowWith(to, data, c, part, s, truth, "exact", new SearchParams(0, true, f));
                    rowWith(to, data, c, part, s, truth, "graph-only", new SearchParams(0, false, f));
                }
            }
        }
        c.close();
        Charts.growth(data.name() + ", a part of " + part + " points", "selectivity, % of points passing the filter",
                List.of("queries/s by plan", "recall@10 by plan"), List.of("queries/s, 1 thread", "recall@10"),
                List.of(qpsCurves, recallCurves), out.resolve("filtered.png"));
    }

    /** graph-only forces the walk: the planner's exact branch is skipped by asking the graph directly. */
    private void rowWith(PrintWriter csv, Dataset data, VectorCollection c, int part, int s, List<Set<PointId>> truth,
                         String plan, SearchParams p) {
        float[][] q = data.queries();
        float[][] prepared = new float[q.length][];
        for (int i = 0; i < q.length; i++) {
            prepared[i] = Metric.EUCLIDEAN.prepare(q[i]);
        }
        boolean graphOnly = plan.equals("graph-only");
        ShardHits[] warm = new ShardHits[q.length];
        for (int i = 0; i < q.length; i++) {
            warm[i] = graphOnly ? c.searchGraphFiltered(prepared[i], K, p) : c.search(prepared[i], K, p);
        }
        long t0 = System.nanoTime();
        int rounds = 0;
        ShardHits[] hits = new ShardHits[q.length];
        do {
            for (int i = 0; i < q.length; i++) {
                hits[i] = graphOnly ? c.searchGraphFiltered(prepared[i], K, p) : c.search(prepared[i], K, p);
            }
            rounds++;
        } while (System.nanoTime() - t0 < 1_000_000_000L && rounds < 50);
        double qps = (double) rounds * q.length / ((System.nanoTime() - t0) / 1e9);
        double found = 0, wanted = 0;
        for (int i = 0; i < q.length; i++) {
            for (PointId id : hits[i].ids()) {
                found += truth.get(i).contains(id) ? 1 : 0;
            }
            wanted += truth.get(i).size();
        }
        double recall = found / wanted;
        if (csv == null) {
            return; // the warm-up pass
        }
        VectorBench.out("%-12s %-9s %10.4f %10.0f", s + " %", plan, recall, qps);
        qpsCurves.add(new Charts.Curve(plan, s, qps));
        recallCurves.add(new Charts.Curve(plan, s, recall));
        csv.printf(Locale.ROOT, "%s,%d,%d,%s,%.4f,%.0f%n", data.name(), part, s, plan, recall, qps);
    }

    /** The true top 10 among points with i % 100 < s, by squared euclidean distance (ties by id). */
    private static List<Set<PointId>> bruteForce(float[][] queries, float[][] base, int s) {
        List<Set<PointId>> out = new ArrayList<>();
        for (float[] q : queries) {
            int[] best = new int[K];
            double[] dist = new double[K];
            java.util.Arrays.fill(dist, Double.POSITIVE_INFINITY);
            java.util.Arrays.fill(best, -1);
            for (int i = 0; i < base.length; i++) {
                if (i % 100 >= s) {
                    continue;
                }
                double d = 0;
                for (int j = 0; j < q.length; j++) {
                    double x = q[j] - base[i][j];
                    d += x * x;
                }
                if (d < dist[K - 1]) {
                    int at = K - 1;
                    while (at > 0 && dist[at - 1] > d) {
                        dist[at] = dist[at - 1];
                        best[at] = best[at - 1];
                        at--;
                    }
                    dist[at] = d;
                    best[at] = i;
                }
            }
            Set<PointId> t = new HashSet<>();
            for (int b : best) {
                if (b >= 0) {
                    t.add(PointId.of(b));
                }
            }
            out.add(t);
        }
        return out;
    }
}
