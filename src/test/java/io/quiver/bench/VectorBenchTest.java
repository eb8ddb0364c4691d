package io.quiver.bench;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code bin/quiver bench} end to end on tiny synthetic data (a few seconds): the CSV has the
 * documented columns, one row per index and search depth, flat search has recall 1.0 on any number
 * of shards, and the plots are PNG files.
 */
class VectorBenchTest {
    private static final List<String> COLUMNS = List.of("dataset", "n", "dim", "queries", "index", "shards", "max_degree",
            "ef_construct", "compression", "build_seconds", "vectors_per_second", "bytes_per_vector", "ef", "recall_at_10",
            "qps_single", "p50_us", "p99_us", "clients", "qps_concurrent", "p50_concurrent_us", "p99_concurrent_us");

    private static List<String[]> csv(Path file) throws Exception {
        List<String[]> rows = new ArrayList<>();
        for (String line : Files.readAllLines(file)) {
            rows.add(line.split(",", -1));
        }
        return rows;
    }

    private static boolean isPng(Path file) throws Exception {
        byte[] head = Arrays.copyOf(Files.readAllBytes(file), 8);
        return Arrays.equals(head, new byte[]{(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'});
    }

    @Test
    void sweepWritesItsCsvAndPlotsAndFlatSearchIsExact(@TempDir Path out) throws Exception {
        int status = VectorBench.run(new String[]{"--synthetic", "2000", "--dim", "16", "--clusters", "10", "--queries", "40",
                "--shards", "1,2", "--degrees", "8", "--beams", "32", "--compression", "none,pq", "--pq-subspaces", "4",
                "--efs", "10,40", "--seconds", "0.05", "--clients", "2", "--out", out.toString()});
        assertEquals(0, status);
        List<String[]> rows = csv(out.resolve("results.csv"));
        assertArrayEquals(COLUMNS.toArray(), rows.get(0), "CSV header");
        List<String[]> data = rows.subList(1, rows.size());
        // per shard count: flat once, two graphs (with and without PQ) at two depths
        assertEquals(2 * (1 + 2 * 2), data.size());
        int recall = COLUMNS.indexOf("recall_at_10"), index = COLUMNS.indexOf("index"), shards = COLUMNS.indexOf("shards");
        Set<String> flatShards = new TreeSet<>();
        Set<String> compressions = new TreeSet<>();
        for (String[] r : data) {
            assertEquals(COLUMNS.size(), r.length, String.join(",", r));
            assertEquals("synthetic-2000x16", r[0]);
            double rc = Double.parseDouble(r[recall]);
            assertTrue(rc >= 0 && rc <= 1, "recall in 0..1: " + rc);
            assertTrue(Double.parseDouble(r[COLUMNS.indexOf("qps_single")]) > 0, "a throughput was measured");
            compressions.add(r[COLUMNS.indexOf("compression")]);
            if (r[index].equals("flat")) {
                assertEquals(1.0, rc, "exact search finds the exact neighbours: " + String.join(",", r));
                flatShards.add(r[shards]);
            }
        }
        assertEquals(Set.of("1", "2"), flatShards);
        assertEquals(Set.of("none", "pq4"), compressions);
        assertTrue(isPng(out.resolve("recall-qps-synthetic-2000x16.png")));
        assertTrue(isPng(out.resolve("recall-qps-concurrent-synthetic-2000x16.png")));
        assertTrue(Files.readString(out.resolve("report.md")).contains("| flat s=2 |"), "the printed table is saved");
    }

    @Test
    void storageModeMeasuresEveryStorageThroughTheServerAndLeavesNoDataFileBehind(@TempDir Path out) throws Exception {
        int status = VectorBench.run(new String[]{"--storage", "--synthetic", "1500", "--dim", "16", "--clusters", "10",
                "--queries", "30", "--degrees", "8", "--beams", "32", "--efs", "40", "--seconds", "0.05", "--out", out.toString()});
        assertEquals(0, status);
        List<String> rows = Files.readAllLines(out.resolve("report.md")).stream().filter(l -> l.startsWith("| ")).toList();
        for (StorageBench.Storage storage : StorageBench.ALL) {
            String row = rows.stream().filter(l -> l.startsWith("| " + storage.label() + " |")).findFirst()
                    .orElseThrow(() -> new AssertionError("no row for " + storage.label() + " in " + rows));
            String[] cells = row.split("\\|");
            double mapped = Double.parseDouble(cells[3].trim().replace(",", "")), recall = Double.parseDouble(cells[9].trim());
            assertEquals(storage.onDisk(), mapped > 0, "vectors in a mapped file exactly when on_disk: " + row);
            assertTrue(recall >= 0.9, "the graph finds the neighbours through HTTP: " + row);
        }
        try (var left = Files.list(out)) {
            assertTrue(left.noneMatch(p -> p.getFileName().toString().startsWith("base-")), "the synthetic base file is deleted");
        }
    }

    @Test
    void scaleModeWritesItsCsvAndGrowthPlot(@TempDir Path out) throws Exception {
        int status = VectorBench.run(new String[]{"--scale", "--scale-sizes", "500,1000", "--dim", "8", "--queries", "20",
                "--degrees", "8", "--beams", "16", "--efs", "20", "--seconds", "0.05", "--clients", "2", "--out", out.toString()});
        assertEquals(0, status);
        List<String[]> rows = csv(out.resolve("scale.csv"));
        assertArrayEquals(COLUMNS.toArray(), rows.get(0));
        assertEquals(4, rows.size() - 1, "flat and graph at two sizes");
        for (String[] r : rows.subList(1, rows.size())) {
            if (r[COLUMNS.indexOf("index")].equals("flat")) {
                assertEquals(1.0, Double.parseDouble(r[COLUMNS.indexOf("recall_at_10")]));
            }
        }
        assertTrue(isPng(out.resolve("scale.png")));
    }

    @Test
    void groundTruthIsTheExactNearestFirstWithTiesToTheLowerRow() {
        float[][] base = {{0, 0}, {3, 0}, {1, 0}, {1, 0}, {-2, 0}};
        int[][] truth = GroundTruth.compute(base, new float[][]{{0.9f, 0}}, 4);
        assertArrayEquals(new int[]{2, 3, 0, 1}, truth[0]);
    }

    @Test
    void syntheticDataIsTheSameForTheSameSeed() {
        Dataset a = SyntheticVectors.generate(5000, 4, 3, 0.5, 10, 7, 10);
        Dataset b = SyntheticVectors.generate(5000, 4, 3, 0.5, 10, 7, 10);
        assertTrue(Arrays.deepEquals(a.base(), b.base()));
        assertTrue(Arrays.deepEquals(a.truth(), b.truth()));
        assertTrue(!Arrays.deepEquals(a.base(), SyntheticVectors.generate(5000, 4, 3, 0.5, 10, 8, 10).base()));
    }

    @Test
    void filteredModeWritesARowPerPlanAndSelectivityAndItsPlot(@TempDir Path out, @TempDir Path data) throws Exception {
        writeFvecs(data.resolve("base.fvecs"), 2000, 8, 1);
        writeFvecs(data.resolve("query.fvecs"), 20, 8, 2);
        assertEquals(0, VectorBench.run(new String[]{"--filtered", "--data", data.toString(), "--queries", "20",
                "--out", out.toString()}));
        List<String[]> rows = csv(out.resolve("filtered.csv"));
        assertArrayEquals(new String[]{"dataset", "points", "selectivity_percent", "plan", "recall_at_10", "queries_per_second"},
                rows.get(0));
        Set<String> seen = new TreeSet<>();
        for (String[] r : rows.subList(1, rows.size())) {
            seen.add(r[2] + " " + r[3]);
            if (r[3].equals("exact")) {
                assertEquals(1.0, Double.parseDouble(r[4]), "the scan of the matches is exact: " + String.join(",", r));
            }
        }
        assertEquals(Set.of("100 unfiltered", "1 planner", "1 exact", "1 graph-only", "10 planner", "10 exact", "10 graph-only",
                "50 planner", "50 exact", "50 graph-only"), seen);
        assertEquals(11, rows.size());
        assertTrue(isPng(out.resolve("filtered.png")));
    }

    /** A texmex .fvecs file: per vector its dimension (int32 little-endian), then its floats. */
    private static void writeFvecs(Path file, int n, int dim, long seed) throws Exception {
        java.util.Random r = new java.util.Random(seed);
        java.nio.ByteBuffer b = java.nio.ByteBuffer.allocate(n * (4 + 4 * dim)).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < n; i++) {
            b.putInt(dim);
            for (int d = 0; d < dim; d++) {
                b.putFloat(r.nextFloat());
            }
        }
        Files.write(file, b.array());
    }

    @Test
    void aBadCommandLineIsRefusedWithTheUsage() throws Exception {
        assertEquals(2, VectorBench.run(new String[]{"--no-such-option"}));
        assertEquals(2, VectorBench.run(new String[]{"--efs"}));
    }
}
