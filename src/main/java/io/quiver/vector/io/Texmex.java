package io.quiver.vector.io;

import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Whole-file readers for the texmex formats (little-endian): {@code .fvecs} holds, per vector, an
 * int32 dimension then that many float32; {@code .ivecs} the same with int32 (ground-truth neighbour
 * ids). For tests and the benchmark; imports stream with {@link FvecsReader} instead.
 */
public final class Texmex {
    private Texmex() {
    }

    public static float[][] readFvecs(Path file, int limit) throws IOException {
        List<float[]> rows = new ArrayList<>();
        try (InputStream in = Files.newInputStream(file)) {
            FvecsReader r = new FvecsReader(in);
            VectorRow row;
            while ((limit <= 0 || rows.size() < limit) && (row = r.next()) != null) {
                rows.add(row.vector());
            }
        }
        return rows.toArray(new float[0][]);
    }

    public static int[][] readIvecs(Path file) throws IOException {
        List<int[]> rows = new ArrayList<>();
        try (DataInputStream in = new DataInputStream(new BufferedInputStream(Files.newInputStream(file)))) {
            byte[] head = new byte[4];
            while (true) {
                int n = in.readNBytes(head, 0, 4);
                if (n == 0) {
                    break;
                }
                if (n < 4) {
                    throw new EOFException("truncated ivecs header");
                }
                int dim = ByteBuffer.wrap(head).order(ByteOrder.LITTLE_ENDIAN).getInt();
                byte[] body = in.readNBytes(dim * 4);
                if (body.length < dim * 4) {
                    throw new EOFException("truncated ivecs row");
                }
                int[] row = new int[dim];
                ByteBuffer.wrap(body).order(ByteOrder.LITTLE_ENDIAN).asIntBuffer().get(row);
                rows.add(row);
            }
        }
        return rows.toArray(new int[0][]);
    }
}
