package io.quiver.kv;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.Arrays;

/**
 * A stored pair is one byte array: {@code [key length: int32][key][value]}. One array per pair keeps
 * the per-key overhead near Redis's; entries are never changed after creation (a SET makes a new one),
 * so a reader on another thread may keep one while the shard goes on writing.
 */
public final class KvEntry {
    private static final VarHandle INT = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.BIG_ENDIAN);
    static final int HEADER = 4;

    private KvEntry() {
    }

    public static byte[] of(byte[] key, byte[] value) {
        return of(key, 0, key.length, value, 0, value.length);
    }

    public static byte[] of(byte[] key, int koff, int klen, byte[] value, int voff, int vlen) {
        byte[] e = new byte[HEADER + klen + vlen];
        INT.set(e, 0, klen);
        System.arraycopy(key, koff, e, HEADER, klen);
        System.arraycopy(value, voff, e, HEADER + klen, vlen);
        return e;
    }

    public static int keyLength(byte[] entry) {
        return (int) INT.get(entry, 0);
    }

    public static int valueOffset(byte[] entry) {
        return HEADER + keyLength(entry);
    }

    public static int valueLength(byte[] entry) {
        return entry.length - valueOffset(entry);
    }

    public static byte[] key(byte[] entry) {
        return Arrays.copyOfRange(entry, HEADER, valueOffset(entry));
    }

    public static byte[] value(byte[] entry) {
        return Arrays.copyOfRange(entry, valueOffset(entry), entry.length);
    }

    static boolean sameKey(byte[] a, byte[] b) {
        int kl = keyLength(a);
        return kl == keyLength(b) && Arrays.equals(a, HEADER, HEADER + kl, b, HEADER, HEADER + kl);
    }

    /** Whether {@code entry} is a well-formed entry (a key length that fits); for data read from files. */
    public static boolean isWellFormed(byte[] entry) {
        if (entry.length < HEADER) {
            return false;
        }
        int kl = keyLength(entry);
        return kl >= 0 && kl <= entry.length - HEADER;
    }

    static boolean hasKey(byte[] entry, byte[] key) {
        int kl = keyLength(entry);
        return kl == key.length && Arrays.equals(entry, HEADER, HEADER + kl, key, 0, kl);
    }
}
