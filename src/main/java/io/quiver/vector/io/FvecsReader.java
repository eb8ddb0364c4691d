package io.quiver.vector.io;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/** Streams a texmex {@code .fvecs} file: per row an int32 dimension, then that many float32 (little-endian). */
public final class FvecsReader implements VectorReader {
    private final InputStream in;
    private final byte[] head = new byte[4];
    private int dimension;
    private long row;

    public FvecsReader(InputStream in) {
        this.in = in instanceof BufferedInputStream ? in : new BufferedInputStream(in, 1 << 16);
    }

    @Override
    public VectorRow next() throws IOException {
        int n = in.readNBytes(head, 0, 4);
        if (n == 0) {
            return null;
        }
        if (n < 4) {
            throw new VectorFormatException("fvecs row " + row + ": truncated dimension header");
        }
        int dim = ByteBuffer.wrap(head).order(ByteOrder.LITTLE_ENDIAN).getInt();
        if (dim <= 0 || dim > 1 << 20) {
            throw new VectorFormatException("fvecs row " + row + ": implausible dimension " + dim);
        }
        if (dimension == 0) {
            dimension = dim;
        } else if (dim != dimension) {
            throw new VectorFormatException("fvecs row " + row + ": dimension " + dim + " differs from the first row's " + dimension);
        }
        byte[] body = in.readNBytes(dim * 4);
        if (body.length < dim * 4) {
            throw new VectorFormatException("fvecs row " + row + ": truncated (" + body.length + " of " + dim * 4 + " bytes)");
        }
        float[] v = new float[dim];
        ByteBuffer.wrap(body).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(v);
        row++;
        return new VectorRow(null, v, null);
    }

    @Override
    public int dimension() {
        return dimension;
    }
}
