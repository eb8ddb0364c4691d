package io.quiver.kv;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A hash's fields and values as one byte string, the value of its {@link KvEntry} (type
 * {@link KvEntry#HASH}): {@code [count: varint]} then, per field in insertion order,
 * {@code [field length: varint][field][value length: varint][value]}. As compact as Redis's
 * listpack (two or so bytes of overhead per field and value), in the one array of the pair, so a
 * hash of ten small fields costs its bytes plus the entry's. A change builds a new string (entries
 * are immutable): time linear in the hash's size, which suits the small hashes applications keep
 * per object.
 */
public final class HashValue {
    private final List<byte[]> fields;
    private final List<byte[]> values;

    private HashValue(List<byte[]> fields, List<byte[]> values) {
        this.fields = fields;
        this.values = values;
    }

    public static HashValue empty() {
        return new HashValue(new ArrayList<>(), new ArrayList<>());
    }

    /** The hash in {@code entry} (a {@link KvEntry} of type HASH). */
    public static HashValue of(byte[] entry) {
        int[] pos = {KvEntry.valueOffset(entry)};
        int n = varInt(entry, pos);
        List<byte[]> f = new ArrayList<>(n), v = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            f.add(bytes(entry, pos));
            v.add(bytes(entry, pos));
        }
        return new HashValue(f, v);
    }

    /** Fields in the hash of {@code entry}, read from its first bytes. */
    public static int count(byte[] entry) {
        return varInt(entry, new int[]{KvEntry.valueOffset(entry)});
    }

    /** The value of {@code field} in the hash of {@code entry}, or null; reads without decoding the rest. */
    public static byte[] get(byte[] entry, byte[] field) {
        int[] pos = {KvEntry.valueOffset(entry)};
        int n = varInt(entry, pos);
        for (int i = 0; i < n; i++) {
            int fl = varInt(entry, pos), fo = pos[0];
            pos[0] += fl;
            int vl = varInt(entry, pos), vo = pos[0];
            pos[0] += vl;
            if (fl == field.length && Arrays.equals(entry, fo, fo + fl, field, 0, fl)) {
                return Arrays.copyOfRange(entry, vo, vo + vl);
            }
        }
        return null;
    }

    public int size() {
        return fields.size();
    }

    public byte[] field(int i) {
        return fields.get(i);
    }

    public byte[] value(int i) {
        return values.get(i);
    }

    public int indexOf(byte[] field) {
        for (int i = 0; i < fields.size(); i++) {
            if (Arrays.equals(fields.get(i), field)) {
                return i;
            }
        }
        return -1;
    }

    public byte[] get(byte[] field) {
        int i = indexOf(field);
        return i < 0 ? null : values.get(i);
    }

    /** Sets the field; true when it is new. */
    public boolean put(byte[] field, byte[] value) {
        int i = indexOf(field);
        if (i >= 0) {
            values.set(i, value);
            return false;
        }
        fields.add(field);
        values.add(value);
        return true;
    }

    /** Removes the field; true when it was there. */
    public boolean remove(byte[] field) {
        int i = indexOf(field);
        if (i < 0) {
            return false;
        }
        int last = fields.size() - 1; // order is not part of a hash's meaning: the last one takes the place
        fields.set(i, fields.get(last));
        values.set(i, values.get(last));
        fields.remove(last);
        values.remove(last);
        return true;
    }

    /** The encoded form (the value of the entry). */
    public byte[] encode() {
        int size = varIntSize(fields.size());
        for (int i = 0; i < fields.size(); i++) {
            size += varIntSize(fields.get(i).length) + fields.get(i).length + varIntSize(values.get(i).length) + values.get(i).length;
        }
        byte[] out = new byte[size];
        int p = putVarInt(out, 0, fields.size());
        for (int i = 0; i < fields.size(); i++) {
            p = putBytes(out, p, fields.get(i));
            p = putBytes(out, p, values.get(i));
        }
        return out;
    }

    /** Whether {@code value} (an entry's value bytes) is a well-formed encoded hash; for data read from files and the wire. */
    public static boolean isWellFormed(byte[] value) {
        try {
            int[] pos = {0};
            int n = varInt(value, pos);
            for (int i = 0; i < 2 * n; i++) {
                int l = varInt(value, pos);
                if (l < 0 || pos[0] + l > value.length) {
                    return false;
                }
                pos[0] += l;
            }
            return pos[0] == value.length;
        } catch (ArrayIndexOutOfBoundsException e) {
            return false;
        }
    }

    /** Shared with {@link ListValue}: the same length-prefixed layout. */
    static int putBytes(byte[] out, int p, byte[] b) {
        p = putVarInt(out, p, b.length);
        System.arraycopy(b, 0, out, p, b.length);
        return p + b.length;
    }

    static int varIntSize(int v) {
        int n = 1;
        while ((v >>>= 7) != 0) {
            n++;
        }
        return n;
    }

    static int putVarInt(byte[] out, int p, int v) {
        while ((v & ~0x7f) != 0) {
            out[p++] = (byte) ((v & 0x7f) | 0x80);
            v >>>= 7;
        }
        out[p++] = (byte) v;
        return p;
    }

    static int varInt(byte[] b, int[] pos) {
        int v = 0, shift = 0;
        while (true) {
            int x = b[pos[0]++];
            v |= (x & 0x7f) << shift;
            if ((x & 0x80) == 0) {
                return v;
            }
            shift += 7;
            if (shift > 28) {
                throw new ArrayIndexOutOfBoundsException("varint too long");
            }
        }
    }

    static byte[] bytes(byte[] b, int[] pos) {
        int l = varInt(b, pos);
        byte[] out = Arrays.copyOfRange(b, pos[0], pos[0] + l);
        pos[0] += l;
        return out;
    }
}
