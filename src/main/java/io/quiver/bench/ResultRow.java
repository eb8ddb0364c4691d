package io.quiver.bench;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * One measured setting: an index configuration at one search depth, on one data set. The same
 * figures go to the printed table, the CSV ({@link #CSV_HEADER}) and the plots.
 *
 * @param ef               search depth (jvector's beam, Qdrant's {@code hnsw_ef}); 0 for flat (exact)
 * @param bytesPerVector   the index's memory estimate over all shards, per vector
 * @param qps              queries per second, one client sending one query at a time
 * @param qpsConcurrent    queries per second with {@code clients} clients at once
 * @param p50us            single-client latency percentiles, microseconds
 * @param p99ConcurrentUs  p99 latency with {@code clients} clients
 */
record ResultRow(String dataset, int n, int dim, int queries, IndexConfig index, double buildSeconds,
                 double bytesPerVector, int ef, double recall, double qps, double p50us, double p99us,
                 int clients, double qpsConcurrent, double p50ConcurrentUs, double p99ConcurrentUs) {

    static final String CSV_HEADER = "dataset,n,dim,queries,index,shards,max_degree,ef_construct,compression,"
            + "build_seconds,vectors_per_second,bytes_per_vector,ef,recall_at_10,qps_single,p50_us,p99_us,"
            + "clients,qps_concurrent,p50_concurrent_us,p99_concurrent_us";

    double vectorsPerSecond() {
        return buildSeconds > 0 ? n / buildSeconds : 0;
    }

    /** The search depth as a table shows it: "exact" for flat. */
    String efLabel() {
        return index.isFlat() ? "exact" : Integer.toString(ef);
    }

    String csv() {
        return String.format(Locale.ROOT, "%s,%d,%d,%d,%s,%d,%d,%d,%s,%.3f,%.0f,%.0f,%d,%.4f,%.1f,%.1f,%.1f,%d,%.1f,%.1f,%.1f",
                dataset, n, dim, queries, index.kind().wireName(), index.shards(), index.maxDegree(), index.efConstruct(),
                index.compression(), buildSeconds, vectorsPerSecond(), bytesPerVector, ef, recall, qps, p50us, p99us,
                clients, qpsConcurrent, p50ConcurrentUs, p99ConcurrentUs);
    }

    static void writeCsv(Path file, List<ResultRow> rows) throws IOException {
        try (Writer w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            w.write(CSV_HEADER + "\n");
            for (ResultRow r : rows) {
                w.write(r.csv() + "\n");
            }
        }
    }

    static final String TABLE_HEADER = "| index | build s | vectors/s | bytes/vector | ef | recall@10 | q/s 1 client "
            + "| p50 µs | p99 µs | q/s %d clients | p99 µs %d clients |\n|---|---|---|---|---|---|---|---|---|---|---|";

    /** A markdown row; the build columns only on the first row of a configuration ({@code first}). */
    String tableRow(boolean first) {
        String build = first ? String.format(Locale.ROOT, "%.2f | %,.0f | %,.0f", buildSeconds, vectorsPerSecond(), bytesPerVector)
                : " |  | ";
        return String.format(Locale.ROOT, "| %s | %s | %s | %.4f | %,.0f | %,.0f | %,.0f | %,.0f | %,.0f |",
                first ? index.label() : "", build, efLabel(), recall, qps, p50us, p99us, qpsConcurrent, p99ConcurrentUs);
    }
}
