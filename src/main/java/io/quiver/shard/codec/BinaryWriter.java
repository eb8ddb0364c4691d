package io.quiver.shard.codec;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.Arrays;

/**
 * A growable byte array that binary formats are written into: fixed-width big-endian integers,
 * unsigned varints (LEB128, 7 bits a byte, low first) for lengths and counts, length-prefixed byte
 * strings. Not thread-safe; reuse one per writer thread with {@link #reset()}.
 */
public final class BinaryWriter {
    private static final VarHandle INT = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.BIG_ENDIAN);
    private static final VarHandle LONG = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.BIG_ENDIAN);
    private static final VarHandle FLOAT = MethodHandles.byteArrayViewVarHandle(float[].class, ByteOrder.BIG_ENDIAN);

    private byte[] buf;
    private int pos;

    public BinaryWriter(int initialCapacity) {
        buf = new byte[Math.max(16, initialCapacity)];
    }

    public int position() {
        return pos;
    }

    public void reset() {
        pos = 0;
    }

    /** The backing array; bytes {@code 0..position()-1} are the content. */
    public byte[] array() {
        return buf;
    }

    public byte[] toByteArray() {
        return Arrays.copyOf(buf, pos);
    }

    private void ensure(int more) {
        if (pos + more > buf.length) {
            buf = Arrays.copyOf(buf, Math.max(buf.length * 2, pos + more));
        }
    }

    /** Leaves {@code n} bytes to be filled in later (a header whose fields depend on what follows). */
    public int skip(int n) {
        ensure(n);
        int at = pos;
        pos += n;
        return at;
    }

    public BinaryWriter u8(int v) {
        ensure(1);
        buf[pos++] = (byte) v;
        return this;
    }

    public BinaryWriter i32(int v) {
        ensure(4);
        INT.set(buf, pos, v);
        pos += 4;
        return this;
    }

    public BinaryWriter i64(long v) {
        ensure(8);
        LONG.set(buf, pos, v);
        pos += 8;
        return this;
    }

    public void i32At(int at, int v) {
        INT.set(buf, at, v);
    }

    public void i64At(int at, long v) {
        LONG.set(buf, at, v);
    }

    /** An unsigned varint: 1 byte below 128, 2 below 16384, at most 10. */
    public BinaryWriter varLong(long v) {
        ensure(10);
        while ((v & ~0x7FL) != 0) {
            buf[pos++] = (byte) ((v & 0x7F) | 0x80);
            v >>>= 7;
        }
        buf[pos++] = (byte) v;
        return this;
    }

    public BinaryWriter varInt(int v) {
        if (v < 0) {
            throw new IllegalArgumentException("varInt takes a non-negative int: " + v);
        }
        return varLong(v);
    }

    public BinaryWriter raw(byte[] b, int off, int len) {
        ensure(len);
        System.arraycopy(b, off, buf, pos, len);
        pos += len;
        return this;
    }

    /** A byte string: varint length, then the bytes. */
    public BinaryWriter bytes(byte[] b) {
        varInt(b.length);
        return raw(b, 0, b.length);
    }

    /** A list of byte strings: varint count, then each as {@link #bytes}. */
    public BinaryWriter byteArrays(byte[][] list) {
        varInt(list.length);
        for (byte[] b : list) {
            bytes(b);
        }
        return this;
    }

    /** Writes {@code value} with {@code part}, so a writer chain can go on past a nested structure. */
    public <T> BinaryWriter with(T value, java.util.function.BiConsumer<T, BinaryWriter> part) {
        part.accept(value, this);
        return this;
    }

    public BinaryWriter bool(boolean b) {
        return u8(b ? 1 : 0);
    }

    /** A float32, big-endian (its raw bits: NaN payloads survive). */
    public BinaryWriter f32(float v) {
        ensure(4);
        FLOAT.set(buf, pos, v);
        pos += 4;
        return this;
    }

    /** A float array: varint length, then each float as {@link #f32}. */
    public BinaryWriter floats(float[] v) {
        varInt(v.length);
        ensure(4 * v.length);
        for (float f : v) {
            FLOAT.set(buf, pos, f);
            pos += 4;
        }
        return this;
    }

    /** A string as UTF-8 {@link #bytes}. */
    public BinaryWriter utf8(String s) {
        return bytes(s.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }
}
