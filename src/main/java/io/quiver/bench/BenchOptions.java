package io.quiver.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** {@code bin/quiver bench}'s command line: {@code --name value} options and bare flags. See {@link #USAGE}. */
final class BenchOptions {
    static final String USAGE = """
            usage: bin/quiver bench [data] [indexes] [measurement] [--out DIR]
                   bin/quiver bench --scale [--scale-sizes N,...] [...]

            Builds each configured index with Quiver's own shard and index code, in this process, sweeps the
            search depth and prints one table per data set; writes results.csv and recall-vs-queries/s plots
            (PNG) to --out. Every measurement is bounded (--seconds); progress goes to stderr.

            data (one of; default: ../shared/datasets/fashion-mnist-10k when present, else --synthetic 10000)
              --data DIR[,DIR...]     texmex directories: base.fvecs, query.fvecs, groundtruth.ivecs
                                      (euclidean; the ground truth is computed when the file is absent)
              --synthetic N           N clustered-Gaussian vectors, exact ground truth computed
                --dim D (128)  --clusters C (100)  --spread S (0.5, noise per coordinate; centres ~ N(0,1))
                --seed S (42)
              --queries Q             queries (synthetic: 1000, --scale: 100; texmex: all in query.fvecs)

            indexes (every combination is built, for each shard count)
              --index flat,graph      kinds (default both)
              --degrees 16,32         graph max degrees
              --beams 100             graph construction beams (ef_construct)
              --compression none,pq   graph without and with product quantization (search by PQ codes,
                                      rerank exactly); --pq-subspaces M (default dimension/4); sq8: the
                                      collection's int8 scalar quantization (walk by codes, rescore),
                                      --quantile Q (default 0.99); --hnswlib takes the first word
              --shards 1,2            shard counts; each shard is a thread, as in the server
              --alpha A --overflow O  graph pruning slack and neighbour overflow (defaults: the server's)
              --ef E                  the collections' default search beam (what a query without hnsw_ef gets)
              --metric M              euclid (default), or cosine/dot on unit-vector data (the truth stays euclidean)

            measurement
              --efs 10,20,40,80,160   search depths swept for graphs (flat is exact)
              --seconds 1             per measurement, for one client and again for the concurrent clients
              --clients 4             concurrent clients

            output
              --out DIR               default bench-results/<date-time>

            more (optional)
              --scale                 synthetic vectors of --dim (128) at 10k, 100k, 1M, and 10M when the heap
                                      allows (about 12 GiB: QUIVER_JAVA_OPTS=-Xmx13g): flat and one graph (first --degrees and
                                      --beams, default M=32 efC=100) at --efs (default 40) on the largest --shards;
                                      plots build time, memory and latency against size. --scale-sizes N,...
              --http                  also through the real server over HTTP (texmex or synthetic data)
              --hnswlib               also hnswlib (bench/hnswlib_bench.py) against one Quiver shard on one thread,
                                      texmex data with groundtruth.ivecs only
              --no-sweep              skip the sweep: only --hnswlib / --crossover
              --crossover             exact vs graph latency as a shard's part grows (the auto index's threshold)
              --exact                 exact search only: --synthetic N (1M) uniform vectors of --dim (128), single
                                      queries and batches of --batch (64) on each --shards count, beside numpy
                                      (bench/exact_numpy.py: sgemv / sgemm, 1 thread and all cores) in the same run
              --storage               RAM per vector for float32 on the heap, int8 + float32, float32 on_disk, int8 with
                                      float32 on_disk, product x16, binary (bit or 8-bit query) and turbo (4, 2, 1 bits) with float32 on_disk,
                                      through the real server (first --shards, default 1; --efs default 40,80): heap
                                      after a full GC, mapped file bytes, recall@10 and q/s (one client); --storages
                                      picks some (float32,int8,disk,int8-disk,pq16-disk,binary-disk,binary8-disk,
                                      turbo4-disk,turbo2-disk,turbo1-disk);
                                      --oversampling 1,4 searches quantized storages with each factor
              --filtered              filtered search at 1 %, 10 % and 50 % selectivity: recall@10 against brute
                                      force over the matches and queries/s, planner vs graph-only vs exact
              --payload               RAM per point of payloads (3 fields) and of each payload index, and filtered
                                      search q/s before and after the indexes: --points N (1,000,000), first --shards (2)
            """;

    private static final Set<String> VALUED = Set.of("data", "synthetic", "dim", "clusters", "spread", "seed", "queries",
            "index", "degrees", "beams", "compression", "pq-subspaces", "shards", "efs", "seconds", "clients", "out",
            "scale-sizes", "python", "batch", "alpha", "overflow", "ef", "metric", "quantile", "points", "storages", "oversampling");
    private static final Set<String> FLAGS = Set.of("scale", "http", "hnswlib", "crossover", "exact", "no-sweep", "help",
            "filtered", "storage", "payload");

    private final Map<String, String> values = new LinkedHashMap<>();

    static BenchOptions parse(String[] argv) {
        BenchOptions o = new BenchOptions();
        for (int i = 0; i < argv.length; i++) {
            String a = argv[i];
            String name = a.startsWith("--") ? a.substring(2) : null;
            if (name != null && FLAGS.contains(name)) {
                o.values.put(name, "true");
            } else if (name != null && VALUED.contains(name)) {
                if (i + 1 >= argv.length) {
                    throw new IllegalArgumentException(a + " needs a value");
                }
                o.values.put(name, argv[++i]);
            } else {
                throw new IllegalArgumentException("unknown argument '" + a + "'");
            }
        }
        return o;
    }

    boolean has(String name) {
        return values.containsKey(name);
    }

    String get(String name, String otherwise) {
        return values.getOrDefault(name, otherwise);
    }

    int integer(String name, int otherwise) {
        return has(name) ? Integer.parseInt(values.get(name).replace("_", "")) : otherwise;
    }

    double number(String name, double otherwise) {
        return has(name) ? Double.parseDouble(values.get(name)) : otherwise;
    }

    /** A comma-separated list of integers; {@code k} and {@code m} suffixes mean thousands and millions. */
    int[] integers(String name, String otherwise) {
        return Arrays.stream(get(name, otherwise).split(",")).map(String::trim).filter(s -> !s.isEmpty())
                .mapToInt(BenchOptions::count).toArray();
    }

    List<String> words(String name, String otherwise) {
        return Arrays.stream(get(name, otherwise).split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
    }

    static int count(String s) {
        String t = s.toLowerCase(java.util.Locale.ROOT).replace("_", "");
        if (t.endsWith("m")) {
            return Math.multiplyExact(Integer.parseInt(t.substring(0, t.length() - 1)), 1_000_000);
        }
        if (t.endsWith("k")) {
            return Math.multiplyExact(Integer.parseInt(t.substring(0, t.length() - 1)), 1_000);
        }
        return Integer.parseInt(t);
    }

    /** The texmex directories asked for, or the default one when neither data nor synthetic is given. */
    List<Path> dataDirs() {
        List<Path> dirs = new ArrayList<>();
        if (has("data")) {
            for (String d : words("data", "")) {
                dirs.add(Path.of(d));
            }
        } else if (!has("synthetic")) {
            Path shared = Path.of(System.getProperty("quiver.home", ".")).resolve("../shared/datasets/fashion-mnist-10k").normalize();
            if (Files.isRegularFile(shared.resolve("base.fvecs"))) {
                dirs.add(shared);
            }
        }
        return dirs;
    }

    /** The synthetic data set's size: --synthetic, or 10,000 when no texmex data is found either. */
    int syntheticSize() {
        return has("synthetic") ? count(values.get("synthetic")) : dataDirs().isEmpty() ? 10_000 : 0;
    }

    Path out() {
        return Path.of(get("out", "bench-results/" + LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss"))));
    }

    /** The command line as given, for the results' record of how they were made. */
    String commandLine() {
        StringBuilder b = new StringBuilder("bin/quiver bench");
        values.forEach((k, v) -> b.append(" --").append(k).append(FLAGS.contains(k) ? "" : " " + v));
        return b.toString();
    }
}
