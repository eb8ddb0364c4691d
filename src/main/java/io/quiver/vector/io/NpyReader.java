package io.quiver.vector.io;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Streams a NumPy {@code .npy} file holding a 2-D float32 array in C order (rows contiguous): the
 * magic {@code \x93NUMPY}, a version, a header length (2 bytes in version 1, 4 in 2 and 3), a Python
 * dict literal with {@code descr}, {@code fortran_order} and {@code shape}, then the data. Anything
 * else (float64, Fortran order, 1-D or 3-D) is refused with a message saying what was found.
 */
public final class NpyReader implements VectorReader {
    private static final Pattern DESCR = Pattern.compile("'descr'\\s*:\\s*'([^']*)'");
    private static final Pattern FORTRAN = Pattern.compile("'fortran_order'\\s*:\\s*(True|False)");
    private static final Pattern SHAPE = Pattern.compile("'shape'\\s*:\\s*\\(([^)]*)\\)");

    private final InputStream in;
    private final long rows;
    private final int dimension;
    private long row;

    public NpyReader(InputStream input) throws IOException {
        this.in = input instanceof BufferedInputStream ? input : new BufferedInputStream(input, 1 << 16);
        byte[] magic = in.readNBytes(8);
        if (magic.length < 8 || (magic[0] & 0xFF) != 0x93 || !new String(magic, 1, 5, StandardCharsets.US_ASCII).equals("NUMPY")) {
            throw new VectorFormatException("not a .npy file (no \\x93NUMPY magic)");
        }
        int major = magic[6];
        int headerLength;
        if (major == 1) {
            byte[] l = in.readNBytes(2);
            headerLength = ByteBuffer.wrap(l).order(ByteOrder.LITTLE_ENDIAN).getShort() & 0xFFFF;
        } else if (major == 2 || major == 3) {
            byte[] l = in.readNBytes(4);
            headerLength = ByteBuffer.wrap(l).order(ByteOrder.LITTLE_ENDIAN).getInt();
        } else {
            throw new VectorFormatException("unsupported .npy version " + major);
        }
        if (headerLength <= 0 || headerLength > 1 << 20) {
            throw new VectorFormatException(".npy header length " + headerLength + " is implausible");
        }
        String header = new String(in.readNBytes(headerLength), StandardCharsets.ISO_8859_1);
        Matcher d = DESCR.matcher(header), f = FORTRAN.matcher(header), s = SHAPE.matcher(header);
        if (!d.find() || !f.find() || !s.find()) {
            throw new VectorFormatException("malformed .npy header: " + header.trim());
        }
        String descr = d.group(1);
        if (!descr.equals("<f4") && !descr.equals("=f4")) {
            throw new VectorFormatException(".npy dtype must be little-endian float32 ('<f4'), not '" + descr + "'");
        }
        if (f.group(1).equals("True")) {
            throw new VectorFormatException(".npy array must be in C order, not Fortran order");
        }
        String[] dims = s.group(1).split(",");
        java.util.List<Long> shape = new java.util.ArrayList<>();
        for (String part : dims) {
            if (!part.isBlank()) {
                shape.add(Long.parseLong(part.trim()));
            }
        }
        if (shape.size() != 2) {
            throw new VectorFormatException(".npy array must be 2-D (rows x dimension), not shape " + shape);
        }
        if (shape.get(1) < 1 || shape.get(1) > 1 << 20) {
            throw new VectorFormatException(".npy dimension " + shape.get(1) + " is implausible");
        }
        this.rows = shape.get(0);
        this.dimension = shape.get(1).intValue();
    }

    @Override
    public VectorRow next() throws IOException {
        if (row >= rows) {
            return null;
        }
        byte[] body = in.readNBytes(dimension * 4);
        if (body.length < dimension * 4) {
            throw new VectorFormatException(".npy data ends in row " + row + " of " + rows);
        }
        float[] v = new float[dimension];
        ByteBuffer.wrap(body).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(v);
        row++;
        return new VectorRow(null, v, null);
    }

    @Override
    public int dimension() {
        return dimension;
    }

    @Override
    public long expectedRows() {
        return rows;
    }
}
