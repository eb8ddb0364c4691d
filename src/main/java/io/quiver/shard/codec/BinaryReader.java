package io.quiver.shard.codec;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.Arrays;

/**
 * Reads what {@link BinaryWriter} wrote, from a byte range. Every read checks the bounds and
 * throws {@link CodecException} on malformed input (never an index exception), so a damaged
 * record is reported rather than crashing whoever decodes it.
 */
public final class BinaryReader {
    private static final VarHandle INT = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.BIG_ENDIAN);
    private static final VarHandle LONG = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.BIG_ENDIAN);
    private static final VarHandle FLOAT = MethodHandles.byteArrayViewVarHandle(float[].class, ByteOrder.BIG_ENDIAN);

    private final byte[] buf;
    private final int end;
    private int pos;

    public BinaryReader(byte[] buf) {
        this(buf, 0, buf.length);
    }

    public BinaryReader(byte[] buf, int off, int len) {
        this.buf = buf;
        this.pos = off;
        this.end = off + len;
    }

    public int remaining() {
        return end - pos;
    }

    private void need(int n) {
        if (n < 0 || pos + n > end) {
            throw new CodecException("truncated: needs " + n + " more bytes, " + remaining() + " left");
        }
    }

    public int u8() {
        need(1);
        return buf[pos++] & 0xFF;
    }

    public int i32() {
        need(4);
        int v = (int) INT.get(buf, pos);
        pos += 4;
        return v;
    }

    public long i64() {
        need(8);
        long v = (long) LONG.get(buf, pos);
        pos += 8;
        return v;
    }

    public long varLong() {
        long v = 0;
        for (int shift = 0; shift < 64; shift += 7) {
            int b = u8();
            v |= (long) (b & 0x7F) << shift;
            if ((b & 0x80) == 0) {
                return v;
            }
        }
        throw new CodecException("varint longer than 10 bytes");
    }

    public int varInt() {
        long v = varLong();
        if (v < 0 || v > Integer.MAX_VALUE) {
            throw new CodecException("length or count out of range: " + v);
        }
        return (int) v;
    }

    public byte[] bytes() {
        int n = varInt();
        need(n);
        byte[] b = Arrays.copyOfRange(buf, pos, pos + n);
        pos += n;
        return b;
    }

    public byte[][] byteArrays() {
        int n = varInt();
        if (n > remaining()) { // every element takes at least one byte: a bad count fails here, not in new byte[n][]
            throw new CodecException("count " + n + " is larger than the bytes left (" + remaining() + ")");
        }
        byte[][] out = new byte[n][];
        for (int i = 0; i < n; i++) {
            out[i] = bytes();
        }
        return out;
    }

    public float f32() {
        need(4);
        float v = (float) FLOAT.get(buf, pos);
        pos += 4;
        return v;
    }

    public float[] floats() {
        int n = varInt();
        if (n > remaining() / 4) { // checked before allocating: a damaged count must not allocate gigabytes
            throw new CodecException("float count " + n + " is larger than the bytes left (" + remaining() + ")");
        }
        float[] out = new float[n];
        for (int i = 0; i < n; i++) {
            out[i] = (float) FLOAT.get(buf, pos);
            pos += 4;
        }
        return out;
    }

    public String utf8() {
        return new String(bytes(), java.nio.charset.StandardCharsets.UTF_8);
    }

    /** A count of things that take at least {@code minBytes} each: checked against what is left. */
    public int count(int minBytes) {
        int n = varInt();
        if ((long) n * minBytes > remaining()) {
            throw new CodecException("count " + n + " is larger than the bytes left (" + remaining() + ") allow");
        }
        return n;
    }

    public boolean bool() {
        int b = u8();
        if (b > 1) {
            throw new CodecException("boolean byte is " + b);
        }
        return b == 1;
    }

    /** Fails unless every byte was consumed: trailing garbage means a codec mismatch. */
    public void expectEnd() {
        if (pos != end) {
            throw new CodecException(remaining() + " unexpected bytes after the value");
        }
    }
}
