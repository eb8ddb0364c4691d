package io.quiver.testing;

import io.quiver.vector.io.Texmex;
import org.junit.jupiter.api.Assumptions;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The real data set shared beside the repository ({@code ../shared/datasets/fashion-mnist-10k}):
 * 10,000 x 784 base vectors, 200 queries, exact L2 top-100 per query. Tests that need it are
 * skipped, with a message saying where it was looked for, when it is absent.
 */
public final class FashionMnist {
    public final Path dir;
    public final float[][] queries;
    public final int[][] groundTruth;

    private FashionMnist(Path dir) throws IOException {
        this.dir = dir;
        this.queries = Texmex.readFvecs(dir.resolve("query.fvecs"), 0);
        this.groundTruth = Texmex.readIvecs(dir.resolve("groundtruth.ivecs"));
    }

    public static Path locate() {
        for (Path p : new Path[]{Path.of("../shared/datasets/fashion-mnist-10k"), Path.of("../../shared/datasets/fashion-mnist-10k"),
                Path.of("/work/shared/datasets/fashion-mnist-10k")}) {
            if (Files.isRegularFile(p.resolve("base.fvecs"))) {
                return p.toAbsolutePath().normalize();
            }
        }
        return null;
    }

    /** The data set, or the calling test is skipped. */
    public static FashionMnist loadOrSkip() {
        Path dir = locate();
        Assumptions.assumeTrue(dir != null,
                "skipped: Fashion-MNIST 10k data set not found at ../shared/datasets/fashion-mnist-10k");
        try {
            return new FashionMnist(dir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public float[][] base() {
        try {
            return Texmex.readFvecs(dir.resolve("base.fvecs"), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
