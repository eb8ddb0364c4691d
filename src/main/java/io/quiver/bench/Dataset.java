package io.quiver.bench;

import io.quiver.vector.io.Texmex;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * What the benchmark searches: base vectors (point {@code i} is row {@code i}), queries, and each
 * query's exact {@code k} nearest base rows by euclidean distance, nearest first. From a texmex
 * directory ({@link #texmex}) or generated ({@link SyntheticVectors}).
 *
 * @param name    for tables, file names and plot titles
 * @param source  how to make it again: the directory, or the generator's parameters
 * @param fvecs   the texmex base file, when there is one (the HTTP benchmark imports it); else null
 */
record Dataset(String name, String source, float[][] base, float[][] queries, int[][] truth, Path fvecs) {

    int dimension() {
        return base[0].length;
    }

    /**
     * A texmex directory: {@code base.fvecs}, {@code query.fvecs} and, when present,
     * {@code groundtruth.ivecs} (else the truth is computed exactly). {@code maxQueries} > 0 keeps the
     * first that many queries.
     */
    static Dataset texmex(Path dir, int maxQueries, int k) throws IOException {
        float[][] base = Texmex.readFvecs(dir.resolve("base.fvecs"), 0);
        float[][] queries = Texmex.readFvecs(dir.resolve("query.fvecs"), maxQueries);
        if (base.length == 0 || queries.length == 0) {
            throw new IOException(dir + ": base.fvecs and query.fvecs must hold at least one vector each");
        }
        Path gt = dir.resolve("groundtruth.ivecs");
        int[][] truth = null;
        if (Files.isRegularFile(gt)) {
            truth = Texmex.readIvecs(gt);
            if (truth.length < queries.length || truth[0].length < k) {
                throw new IOException(gt + " has " + truth.length + " rows of " + truth[0].length
                        + " neighbours; " + queries.length + " rows of at least " + k + " are needed");
            }
            truth = Arrays.copyOf(truth, queries.length);
        } else {
            truth = GroundTruth.compute(base, queries, k);
        }
        Path name = dir.toAbsolutePath().normalize().getFileName();
        return new Dataset(name == null ? dir.toString() : name.toString(), dir.toString(), base, queries, truth,
                dir.resolve("base.fvecs"));
    }

    /** Whether the texmex directory came with its own ground truth (hnswlib's script needs it). */
    boolean hasGroundTruthFile() {
        return fvecs != null && Files.isRegularFile(fvecs.resolveSibling("groundtruth.ivecs"));
    }

    /** The base as a file the server can import: the texmex file itself, or one written for synthetic data (deleted on close). */
    BaseFile baseFile(Path out) throws IOException {
        if (fvecs != null) {
            return new BaseFile(fvecs, null);
        }
        Path dir = Files.createTempDirectory(out.toAbsolutePath(), "base-");
        Path file = dir.resolve("base.fvecs");
        io.quiver.vector.io.Texmex.writeFvecs(file, base);
        return new BaseFile(file, dir);
    }

    /** A base.fvecs to import; {@code written} is the temporary directory holding it, or null for a texmex set's own file. */
    record BaseFile(Path path, Path written) implements AutoCloseable {
        @Override
        public void close() throws IOException {
            if (written != null) {
                Files.deleteIfExists(path);
                Files.deleteIfExists(written);
            }
        }
    }
}
