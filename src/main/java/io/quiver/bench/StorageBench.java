package io.quiver.bench;

import io.quiver.app.Quiver;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code --storage}: what a collection costs in RAM for each way of storing its vectors, measured through
 * the real server started in this process (persistence off): float32 on the heap, int8 scalar
 * quantization beside the float32 originals, float32 {@code on_disk} (memory-mapped), int8 codes with
 * the originals {@code on_disk}, and product quantization (x16) codes with the originals {@code on_disk}. For each: the heap the collection adds (used heap after a full GC,
 * after the import minus before the collection was created: the data set this process holds is in both),
 * the bytes of its mapped files, the collection's own estimate, and recall@10 and queries/s (one client)
 * at each {@code --efs} over HTTP.
 */
final class StorageBench {
    private static final Pattern MAPPED = Pattern.compile("\"mapped_bytes\":(\\d+)");
    private static final Pattern MEMORY = Pattern.compile("\"memory_bytes\":(\\d+)");
    private static final String COLLECTION = "storage";

    /** One way of storing the vectors: the collection's {@code on_disk} and {@code quantization_config}; {@code key} selects it ({@code --storages}). */
    record Storage(String key, String label, boolean onDisk, String quantization) {
        String vectorsJson(int dimension, String distance) {
            return "{\"size\":" + dimension + ",\"distance\":\"" + distance + "\",\"on_disk\":" + onDisk + "}";
        }

        String quantizationJson() {
            return quantization == null ? "" : ",\"quantization_config\":" + quantization;
        }
    }

    private static final String INT8 = "{\"scalar\":{\"type\":\"int8\",\"quantile\":0.99,\"always_ram\":true}}";
    private static final String PQ16 = "{\"product\":{\"compression\":\"x16\",\"always_ram\":true}}";
    private static final String BINARY = "{\"binary\":{\"always_ram\":true}}";
    private static final String TURBO4 = "{\"turbo\":{\"bits\":\"bits4\",\"always_ram\":true}}";
    private static final String TURBO2 = "{\"turbo\":{\"bits\":\"bits2\",\"always_ram\":true}}";
    private static final String TURBO1 = "{\"turbo\":{\"bits\":\"bits1\",\"always_ram\":true}}";
    private static final String BINARY_Q8 = "{\"binary\":{\"always_ram\":true,\"query_encoding\":\"scalar8bits\"}}";

    static final List<Storage> ALL = List.of(new Storage("float32", "float32, heap", false, null),
            new Storage("int8", "int8 + float32, heap", false, INT8), new Storage("disk", "float32, on_disk", true, null),
            new Storage("int8-disk", "int8, float32 on_disk", true, INT8),
            new Storage("pq16-disk", "product x16, float32 on_disk", true, PQ16),
            new Storage("binary-disk", "binary, float32 on_disk", true, BINARY),
            new Storage("binary8-disk", "binary (8-bit query), float32 on_disk", true, BINARY_Q8),
            new Storage("turbo4-disk", "turbo bits4, float32 on_disk", true, TURBO4),
            new Storage("turbo2-disk", "turbo bits2, float32 on_disk", true, TURBO2),
            new Storage("turbo1-disk", "turbo bits1, float32 on_disk", true, TURBO1));

    private final BenchOptions o;

    StorageBench(BenchOptions o) {
        this.o = o;
    }

    void run(Dataset data, Path out) throws Exception {
        int shards = o.integers("shards", "1")[0];
        int m = o.integers("degrees", "32")[0], beam = o.integers("beams", "100")[0];
        String distance = switch (IndexConfig.metric()) {
            case COSINE -> "Cosine";
            case DOT -> "Dot";
            default -> "Euclid";
        };
        int n = data.base().length, d = data.dimension();
        VectorBench.out("%n### %s (%,d x %d, %s): RAM per vector by storage, graph M=%d efC=%d, %d shard(s), through HTTP%n",
                data.name(), n, d, distance, m, beam, shards);
        VectorBench.out("heap: used heap after a full GC, after the import minus before the collection (bytes per vector); mapped: its"
                + " memory-mapped vector files; estimate: the collection's own memory_bytes; float32 alone is %,d bytes per vector", 4 * d);
        VectorBench.out("mapped resident: the pages of those files in RAM after the searches (Rss in /proc/self/smaps), which the OS"
                + " may evict under memory pressure; heap ratio: float32-on-heap's heap over this storage's");
        VectorBench.out("%n| storage | heap B/vector | mapped B/vector | mapped resident B/vector | estimate B/vector | heap ratio | import s | ef | oversampling | recall@10 | q/s (1 client) | p50 µs |");
        VectorBench.out("|---|---|---|---|---|---|---|---|---|---|---|---|");
        Double baseline = null;
        try (Dataset.BaseFile file = data.baseFile(out)) {
            List<String> keys = o.words("storages", String.join(",", ALL.stream().map(Storage::key).toList()));
            for (String key : keys) {
                if (ALL.stream().noneMatch(s -> s.key().equals(key))) {
                    throw new IllegalArgumentException("unknown storage '" + key + "' (--storages takes "
                            + String.join(",", ALL.stream().map(Storage::key).toList()) + ")");
                }
            }
            for (Storage s : ALL.stream().filter(s -> keys.contains(s.key())).toList()) {
                baseline = measure(data, file.path(), shards, m, beam, distance, s, baseline);
            }
        }
    }

    /** One storage: returns the heap bytes per vector of the first (float32 on the heap), the baseline of the ratio. */
    private Double measure(Dataset data, Path fvecs, int shards, int m, int beam, String distance, Storage s, Double baseline)
            throws Exception {
        Quiver quiver = HttpBench.startServer(fvecs, shards);
        try {
            HttpClient setup = HttpClient.newHttpClient();
            String url = "http://127.0.0.1:" + quiver.httpPort() + "/collections/" + COLLECTION;
            long before = usedHeapAfterGc();
            HttpBench.send(setup, url, "PUT", "{\"vectors\":" + s.vectorsJson(data.dimension(), distance) + s.quantizationJson()
                    + ",\"quiver\":{\"index\":\"graph\",\"max_degree\":" + m + ",\"ef_construct\":" + beam + "}}");
            long t0 = System.nanoTime();
            HttpBench.send(setup, url + "/import", "POST", "{\"path\":\"" + fvecs.getFileName() + "\",\"wait\":true}");
            double importSeconds = (System.nanoTime() - t0) / 1e9;
            long heap = usedHeapAfterGc() - before;
            String info = HttpBench.send(setup, url, "GET", "");
            int n = data.base().length;
            double heapPer = heap / (double) n, mappedPer = first(MAPPED, info) / (double) n, estimatePer = first(MEMORY, info) / (double) n;
            double base = baseline == null ? heapPer : baseline;
            List<String> searches = new java.util.ArrayList<>(); // printed after the resident pages, which the searches touch
            for (int ef : o.integers("efs", "40,80")) {
                for (String over : s.quantization() == null ? List.of("1") : o.words("oversampling", "1")) {
                    String params = "{\"hnsw_ef\":" + ef + (over.equals("1") ? "" : ",\"quantization\":{\"oversampling\":" + over + "}") + "}";
                    HttpBench.Measured r = HttpBench.measure(data, url + "/points/search",
                            HttpBench.searchBodies(data, params), 1, o.number("seconds", 1));
                    searches.add(String.format(java.util.Locale.ROOT, "| %d | %s | %.4f | %,.0f | %,.0f |", ef, over, r.recall(), r.qps(),
                            r.p50Micros()));
                }
            }
            double residentPer = mappedResidentBytes() / (double) n;
            for (int i = 0; i < searches.size(); i++) {
                String head = i > 0 ? "| | | | | | | " : String.format(java.util.Locale.ROOT, "| %s | %,.0f | %,.0f | %,.0f | %,.0f | %.2f | %.1f ",
                        s.label(), heapPer, mappedPer, residentPer, estimatePer, base / heapPer, importSeconds);
                VectorBench.out("%s%s", head, searches.get(i));
            }
            return base;
        } finally {
            quiver.close().await(30, TimeUnit.SECONDS);
        }
    }

    /** The resident bytes of this process's mappings of Quiver's vector files ({@code *.qvec}, unlinked or not). */
    private static long mappedResidentBytes() throws java.io.IOException {
        long kb = 0;
        boolean inVectorFile = false;
        for (String line : Files.readAllLines(Path.of("/proc/self/smaps"))) {
            if (MAPPING.matcher(line).lookingAt()) {
                inVectorFile = line.contains(".qvec");
            } else if (inVectorFile && line.startsWith("Rss:")) {
                kb += Long.parseLong(line.replaceAll("[^0-9]", ""));
            }
        }
        return kb * 1024;
    }

    private static final Pattern MAPPING = Pattern.compile("[0-9a-f]+-[0-9a-f]+ ");

    private static long first(Pattern p, String json) {
        Matcher m = p.matcher(json);
        return m.find() ? Long.parseLong(m.group(1)) : 0;
    }

    /** Used heap once repeated full collections stop lowering it (System.gc() is a request, not a promise). */
    static long usedHeapAfterGc() throws InterruptedException {
        MemoryMXBean mem = ManagementFactory.getMemoryMXBean();
        long last = Long.MAX_VALUE;
        for (int i = 0; i < 5; i++) {
            System.gc();
            Thread.sleep(100);
            long used = mem.getHeapMemoryUsage().getUsed();
            if (used >= last - (1 << 20)) {
                return Math.min(used, last);
            }
            last = used;
        }
        return last;
    }
}
