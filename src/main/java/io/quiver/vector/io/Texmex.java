package io.quiver.vector.io;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Whole-file readers (and an {@code .fvecs} writer) for the texmex formats (little-endian):
 * {@code .fvecs} holds, per vector, an int32 dimension then that many float32; {@code .ivecs} the
 * same with int32 (ground-truth neighbour ids). For tests and the benchmark; imports stream with
 * {@link FvecsReader} instead.
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

    /** Writes {@code vectors} (all of one dimension) as a {@code .fvecs} file. */
    public static void writeFvecs(Path file, float[][] vectors) throws IOException {
        try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(file), 1 << 16)) {
            ByteBuffer row = ByteBuffer.allocate(4 + 4 * vectors[0].length).order(ByteOrder.LITTLE_ENDIAN);
            for (float[] v : vectors) {
                row.clear();
                row.putInt(v.length);
                for (float x : v) {
                    row.putFloat(x);
                }
                out.write(row.array(), 0, row.position());
            }
        }
    }
}
