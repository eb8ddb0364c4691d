package io.quiver.bench;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code --scale}: how build time, memory and latency grow with the number of vectors. Synthetic
 * data of {@code --dim} (128) at each size of {@code --scale-sizes} (10k, 100k, 1M, and 10M when the
 * JVM's heap can hold it); at each size a flat index and one graph, on the largest {@code --shards}
 * count, measured at each {@code --efs} (default 40) as the sweep measures. Writes
 * {@code scale.csv} (the sweep's columns) and {@code scale.png} (three charts against size).
 */
final class ScaleBench {
    /**
     * Heap per vector beyond its floats, for the size check: the array header and reference (24),
     * the point-id map and slots (~110), the graph's adjacency (~300 at max degree 32); the check
     * adds a third for the collector's room.
     */
    private static final long OVERHEAD_PER_VECTOR = 24 + 110 + 300;

    private final BenchOptions o;

    ScaleBench(BenchOptions o) {
        this.o = o;
    }

    void run(Path out) throws Exception {
        int dim = o.integer("dim", 128);
        int queries = o.integer("queries", 100);
        int shards = java.util.Arrays.stream(o.integers("shards", "2")).max().orElse(2);
        int[] efs = o.integers("efs", "40");
        List<IndexConfig> configs = List.of(IndexConfig.flat(shards),
                IndexConfig.graph(o.integers("degrees", "32")[0], o.integers("beams", "100")[0], 0, shards));
        Sweep sweep = new Sweep(o.number("seconds", 1), o.integer("clients", 4));
        List<ResultRow> rows = new ArrayList<>();
        for (int n : o.integers("scale-sizes", "10k,100k,1m,10m")) {
            long needed = (long) (n * (4L * dim + OVERHEAD_PER_VECTOR) * 1.33);
            long heap = Runtime.getRuntime().maxMemory();
            if (needed > heap) {
                VectorBench.out("%n## %,d vectors: skipped, needs about %.1f GiB of heap and this JVM may use %.1f GiB "
                        + "(QUIVER_JAVA_OPTS=-Xmx%dg bin/quiver bench --scale ...)", n, needed / (double) (1L << 30),
                        heap / (double) (1L << 30), (needed >> 30) + 2);
                continue;
            }
            Dataset data = SyntheticVectors.generate(n, dim, o.integer("clusters", 100), o.number("spread", 0.5), queries,
                    o.integer("seed", 42), Sweep.K);
            rows.addAll(sweep.run(data, configs, efs));
            ResultRow.writeCsv(out.resolve("scale.csv"), rows); // after each size: a stopped run keeps what it measured
        }
        if (rows.isEmpty()) {
            return;
        }
        List<Charts.Curve> build = new ArrayList<>(), memory = new ArrayList<>(), latency = new ArrayList<>();
        for (ResultRow r : rows) {
            String index = r.index().isFlat() ? "flat" : "graph M=" + r.index().maxDegree();
            if (r.ef() == efs[0] || r.index().isFlat()) {
                build.add(new Charts.Curve(index, r.n(), r.buildSeconds()));
                memory.add(new Charts.Curve(index, r.n(), r.bytesPerVector()));
            }
            String depth = r.index().isFlat() ? "" : " ef=" + r.ef();
            latency.add(new Charts.Curve(index + depth + " p50", r.n(), r.p50us() / 1000));
            latency.add(new Charts.Curve(index + depth + " p99", r.n(), r.p99us() / 1000));
        }
        Charts.growth("synthetic, dim " + dim + ", " + shards + " shards",
                List.of("build time", "memory per vector", "latency, 1 client"),
                List.of("seconds", "bytes per vector (index estimate)", "milliseconds"),
                List.of(build, memory, latency), out.resolve("scale.png"));
    }
}
