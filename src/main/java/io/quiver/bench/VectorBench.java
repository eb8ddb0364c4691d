package io.quiver.bench;

import io.quiver.vector.IndexKind;
import io.quiver.vector.VectorKernels;
import io.quiver.vector.VectorRuntime;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * {@code bin/quiver bench}: the vector benchmark (see {@link BenchOptions#USAGE} for the options).
 *
 * <ol>
 *   <li>Data: texmex directories ({@link Dataset#texmex}) or synthetic clustered Gaussians
 *       ({@link SyntheticVectors}), with exact ground truth ({@link GroundTruth}).</li>
 *   <li>For each data set, the {@link Sweep}: every configured index ({@link IndexConfig}: flat, or a
 *       graph by max degree, construction beam and compression) on each shard count, built with the
 *       server's own shard code ({@link ShardedIndex}), measured at each search depth.</li>
 *   <li>Output: tables on stdout (also saved as {@code report.md}), {@code results.csv}
 *       ({@link ResultRow#CSV_HEADER}) and recall-vs-queries/s plots ({@link Charts}) in {@code --out}.</li>
 *   <li>Optional: {@code --scale} ({@link ScaleBench}), {@code --http} ({@link HttpBench}),
 *       {@code --hnswlib} and {@code --crossover} ({@link OneThreadBench}).</li>
 * </ol>
 */
public final class VectorBench {
    private static PrintWriter report;

    private VectorBench() {
    }

    public static void main(String[] argv) throws Exception {
        System.exit(run(argv));
    }

    /** Runs the benchmark; returns the exit status: 0, or 2 for a bad command line. */
    public static int run(String[] argv) throws Exception {
        BenchOptions o;
        try {
            o = BenchOptions.parse(argv);
        } catch (IllegalArgumentException e) {
            System.err.println("quiver bench: " + e.getMessage());
            System.err.print(BenchOptions.USAGE);
            return 2;
        }
        if (o.has("help")) {
            System.out.print(BenchOptions.USAGE);
            return 0;
        }
        Path out = o.out();
        Files.createDirectories(out);
        try (PrintWriter r = new PrintWriter(Files.newBufferedWriter(out.resolve("report.md"), StandardCharsets.UTF_8))) {
            report = r;
            String provider = VectorRuntime.configure(System.getProperty("jvector.vectorization_provider", "panama"));
            header(o, provider);
            IndexConfig.tune(o);
            if (o.has("filtered")) {
                new FilteredBench(o).run(out);
            } else if (o.has("payload")) {
                new PayloadBench(o).run(out);
            } else if (o.has("exact")) {
                new ExactBench(o).run(out);
            } else if (o.has("scale")) {
                new ScaleBench(o).run(out);
            } else {
                sweep(o, out);
            }
            out("%nmachine load average at the end: %s", loadAverage());
            out("results in %s", out.toAbsolutePath());
        } finally {
            report = null;
        }
        return 0;
    }

    /** The sweep on each data set in turn (texmex directories, then the synthetic one), each loaded when its turn comes. */
    private static void sweep(BenchOptions o, Path out) throws Exception {
        List<ResultRow> all = new ArrayList<>();
        int queries = o.integer("queries", 0);
        for (Path dir : o.dataDirs()) {
            sweep(o, out, Dataset.texmex(dir, queries, Sweep.K), all);
        }
        int n = o.syntheticSize();
        if (n > 0) {
            sweep(o, out, SyntheticVectors.generate(n, o.integer("dim", 128), o.integer("clusters", 100),
                    o.number("spread", 0.5), queries > 0 ? queries : 1000, o.integer("seed", 42), Sweep.K), all);
        }
    }

    private static void sweep(BenchOptions o, Path out, Dataset data, List<ResultRow> all) throws Exception {
        if (o.has("storage")) {
            new StorageBench(o).run(data, out);
            return;
        }
        if (o.has("no-sweep")) { // only the optional measurements below
            if (o.has("hnswlib") || o.has("crossover")) {
                new OneThreadBench(o).run(data);
            }
            return;
        }
        Sweep sweep = new Sweep(o.number("seconds", 1), o.integer("clients", 4));
        List<ResultRow> rows = sweep.run(data, configs(o, data.dimension()), o.integers("efs", "10,20,40,80,160"));
        all.addAll(rows);
        String title = data.name() + " (" + String.format(Locale.ROOT, "%,d", data.base().length) + " x " + data.dimension() + ")";
        Charts.recallVsQps(rows, title + ": recall vs queries/s, 1 client", false, out.resolve("recall-qps-" + data.name() + ".png"));
        Charts.recallVsQps(rows, title + ": recall vs queries/s, " + rows.get(0).clients() + " clients", true,
                out.resolve("recall-qps-concurrent-" + data.name() + ".png"));
        if (o.has("http")) {
            new HttpBench(o).run(data, out);
        }
        if (o.has("hnswlib") || o.has("crossover")) {
            new OneThreadBench(o).run(data);
        }
        ResultRow.writeCsv(out.resolve("results.csv"), all); // after each data set: a stopped run keeps what it measured
    }

    /** Every combination of the index options, for each shard count: flat first, then the graphs. */
    static List<IndexConfig> configs(BenchOptions o, int dimension) {
        List<String> kinds = o.words("index", "flat,graph");
        List<String> compression = o.words("compression", "none,pq");
        int pq = o.integer("pq-subspaces", Math.max(1, dimension / 4));
        List<IndexConfig> configs = new ArrayList<>();
        for (int shards : o.integers("shards", "1,2")) {
            for (String kind : kinds) {
                switch (IndexKind.parse(kind)) {
                    case FLAT -> configs.add(IndexConfig.flat(shards));
                    case GRAPH -> {
                        for (int m : o.integers("degrees", "16,32")) {
                            for (int beam : o.integers("beams", "100")) {
                                for (String c : compression) {
                                    configs.add(IndexConfig.graph(m, beam, IndexConfig.compression(c, pq), shards));
                                }
                            }
                        }
                    }
                    default -> throw new IllegalArgumentException("--index takes flat and graph, not " + kind);
                }
            }
        }
        return configs;
    }

    private static void header(BenchOptions o, String provider) {
        Runtime rt = Runtime.getRuntime();
        out("# Quiver vector benchmark, %s", ZonedDateTime.now().format(DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm z")));
        out("%n`%s`%n", o.commandLine());
        out("- machine: %d cores, JVM max heap %.1f GiB, java %s, jvector provider %s, exact kernels %s",
                rt.availableProcessors(), rt.maxMemory() / (double) (1L << 30), System.getProperty("java.version"), provider,
                VectorKernels.active().name());
        out("- machine load average at the start (other work on the same cores lowers every wall-clock figure): %s", loadAverage());
        out("- hand-off to a shard thread and back, as every in-process query pays once per shard: p50 %.1f µs", handOffMicros());
        out("- q/s 1 client: one query at a time; q/s N clients: N threads each sending its next query when the last is answered;"
                + " p50/p99: one client's latency; bytes/vector: the index's own estimate over all shards");
    }

    /** The median round trip of an empty task to a single-thread executor and back. */
    private static double handOffMicros() {
        ExecutorService t = Executors.newSingleThreadExecutor();
        try {
            Latencies l = new Latencies();
            for (int i = 0; i < 2000; i++) {
                long s = System.nanoTime();
                t.submit(() -> null).get();
                l.add(System.nanoTime() - s);
            }
            return l.percentileMicros(0.5);
        } catch (Exception e) {
            return Double.NaN;
        } finally {
            t.shutdownNow();
        }
    }

    static String loadAverage() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).trim();
        } catch (IOException e) {
            return "unknown";
        }
    }

    /** Prints a line on stdout and into the run's report.md. */
    static void out(String format, Object... args) {
        String line = String.format(Locale.ROOT, format, args);
        System.out.println(line);
        System.out.flush();
        if (report != null) {
            report.println(line);
            report.flush();
        }
    }
}
