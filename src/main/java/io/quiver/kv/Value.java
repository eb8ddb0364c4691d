package io.quiver.kv;

import java.util.Arrays;

/**
 * A stored value as the layers above the store see it: a run of bytes. In one JVM it is a view of
 * the stored entry (entries never change after creation, so the view stays valid while the shard
 * goes on writing) and costs no copy; a wire codec sends just the bytes.
 */
public final class Value {
    private final byte[] array;
    private final int offset;
    private final int length;

    private Value(byte[] array, int offset, int length) {
        this.array = array;
        this.offset = offset;
        this.length = length;
    }

    /** A value of its own bytes (the array is kept, not copied). */
    public static Value of(byte[] bytes) {
        return new Value(bytes, 0, bytes.length);
    }

    /** The value part of a stored entry, or null for no entry. */
    public static Value ofEntry(byte[] entry) {
        return entry == null ? null : new Value(entry, KvEntry.valueOffset(entry), KvEntry.valueLength(entry));
    }

    /** The array holding the bytes, at {@link #offset()} for {@link #length()}; never to be changed. */
    public byte[] array() {
        return array;
    }

    public int offset() {
        return offset;
    }

    public int length() {
        return length;
    }

    /** A copy of the bytes. */
    public byte[] bytes() {
        return Arrays.copyOfRange(array, offset, offset + length);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Value v && Arrays.equals(array, offset, offset + length, v.array, v.offset, v.offset + v.length);
    }

    @Override
    public int hashCode() {
        int h = 1;
        for (int i = offset; i < offset + length; i++) {
            h = 31 * h + array[i];
        }
        return h;
    }

    @Override
    public String toString() {
        return "Value(" + length + " bytes)";
    }
}
