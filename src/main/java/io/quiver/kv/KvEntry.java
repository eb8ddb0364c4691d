package io.quiver.kv;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.Arrays;

/**
 * A stored pair is one byte array: {@code [header: int32][expiry: int64, only if it has one][key][value]}.
 * The header's top bit says whether an expiry (absolute Unix milliseconds) follows; bits 28-30 are
 * the value's type ({@link #STRING}, {@link #HASH}: a hash's fields and values encoded by
 * {@link HashValue}, {@link #LIST}: a list's elements encoded by {@link ListValue}; the others are kept for the types to come);
 * the low 28 bits are the key's length. One array per pair keeps the per-key overhead near Redis's,
 * and a key without a TTL pays nothing for TTLs. Entries are never changed after creation (a SET or
 * an EXPIRE makes a new one), so a reader on another thread may keep one while the shard goes on writing.
 */
public final class KvEntry {
    private static final VarHandle INT = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.BIG_ENDIAN);
    private static final VarHandle LONG = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.BIG_ENDIAN);
    static final int HEADER = 4;
    private static final int EXPIRY_BYTES = 8;
    private static final int HAS_EXPIRY = 0x8000_0000;
    private static final int TYPE_BITS = 0x7000_0000;
    /** Value types (header bits 28-29). */
    public static final int STRING = 0, HASH = 1, LIST = 2;
    /**
     * Header bit 30: the value is not in the entry but in its store's table of large values
     * ({@link LargeHash}, {@link LargeList}), the entry keeping the key, the type and the expiry. Such
     * an entry never leaves its store: snapshots, DUMP and moves get the value encoded in place.
     */
    static final int LARGE = 4;
    private static final int TYPE_SHIFT = 28;
    /** The longest key an entry can hold. */
    public static final int MAX_KEY_LENGTH = 0x0FFF_FFFF;

    private KvEntry() {
    }

    public static byte[] of(byte[] key, byte[] value) {
        return of(key, 0, key.length, value, 0, value.length, 0);
    }

    /** A pair that expires at {@code expireAt} (Unix ms), or never when it is 0. */
    public static byte[] of(byte[] key, byte[] value, long expireAt) {
        return of(key, 0, key.length, value, 0, value.length, expireAt);
    }

    public static byte[] of(byte[] key, int koff, int klen, byte[] value, int voff, int vlen) {
        return of(key, koff, klen, value, voff, vlen, 0);
    }

    public static byte[] of(byte[] key, int koff, int klen, byte[] value, int voff, int vlen, long expireAt) {
        return ofType(STRING, key, koff, klen, value, voff, vlen, expireAt);
    }

    /** A pair whose value is of {@code type}. */
    public static byte[] ofType(int type, byte[] key, byte[] value, long expireAt) {
        return ofType(type, key, 0, key.length, value, 0, value.length, expireAt);
    }

    static byte[] ofType(int type, byte[] key, int koff, int klen, byte[] value, int voff, int vlen, long expireAt) {
        if (klen > MAX_KEY_LENGTH) {
            throw new IllegalArgumentException("key of " + klen + " bytes is longer than " + MAX_KEY_LENGTH);
        }
        int ko = expireAt != 0 ? HEADER + EXPIRY_BYTES : HEADER;
        byte[] e = new byte[ko + klen + vlen];
        INT.set(e, 0, (expireAt != 0 ? klen | HAS_EXPIRY : klen) | (type << TYPE_SHIFT));
        if (expireAt != 0) {
            LONG.set(e, HEADER, expireAt);
        }
        System.arraycopy(key, koff, e, ko, klen);
        System.arraycopy(value, voff, e, ko + klen, vlen);
        return e;
    }

    /** The same pair with another expiry (0: none). */
    public static byte[] withExpiry(byte[] entry, long expireAt) {
        int ko = keyOffset(entry), kl = keyLength(entry), vo = ko + kl;
        return ofType(rawType(entry), entry, ko, kl, entry, vo, entry.length - vo, expireAt);
    }

    /** The same value, type and expiry under another key (RENAME, COPY). */
    public static byte[] renamed(byte[] entry, byte[] key) {
        int vo = valueOffset(entry);
        return ofType(rawType(entry), key, 0, key.length, entry, vo, entry.length - vo, expireAt(entry));
    }

    /** The value's type: {@link #STRING}, {@link #HASH} or {@link #LIST}, whichever form holds it. */
    public static int type(byte[] entry) {
        return rawType(entry) & ~LARGE;
    }

    /** The type bits as stored, {@link #LARGE} included. */
    static int rawType(byte[] entry) {
        return ((int) INT.get(entry, 0) & TYPE_BITS) >>> TYPE_SHIFT;
    }

    /** Whether the value lives in the store's table of large values (see {@link #LARGE}). */
    public static boolean isLarge(byte[] entry) {
        return (rawType(entry) & LARGE) != 0;
    }

    /** The entry of a large value of {@code type}: key and expiry, no value bytes. */
    static byte[] largeHead(int type, byte[] key, long expireAt) {
        return ofType(type | LARGE, key, 0, key.length, key, 0, 0, expireAt);
    }

    /** When the pair expires (Unix ms), or 0 when it does not. */
    public static long expireAt(byte[] entry) {
        return ((int) INT.get(entry, 0) & HAS_EXPIRY) != 0 ? (long) LONG.get(entry, HEADER) : 0;
    }

    static boolean hasExpiry(byte[] entry) {
        return ((int) INT.get(entry, 0) & HAS_EXPIRY) != 0;
    }

    static int keyOffset(byte[] entry) {
        return hasExpiry(entry) ? HEADER + EXPIRY_BYTES : HEADER;
    }

    public static int keyLength(byte[] entry) {
        return (int) INT.get(entry, 0) & MAX_KEY_LENGTH;
    }

    public static int valueOffset(byte[] entry) {
        return keyOffset(entry) + keyLength(entry);
    }

    public static int valueLength(byte[] entry) {
        return entry.length - valueOffset(entry);
    }

    public static byte[] key(byte[] entry) {
        int ko = keyOffset(entry);
        return Arrays.copyOfRange(entry, ko, ko + keyLength(entry));
    }

    public static byte[] value(byte[] entry) {
        return Arrays.copyOfRange(entry, valueOffset(entry), entry.length);
    }

    static boolean sameKey(byte[] a, byte[] b) {
        int kl = keyLength(a), ao = keyOffset(a), bo = keyOffset(b);
        return kl == keyLength(b) && Arrays.equals(a, ao, ao + kl, b, bo, bo + kl);
    }

    /** Whether {@code entry} is a well-formed entry (a header and key length that fit); for data read from files. */
    public static boolean isWellFormed(byte[] entry) {
        if (entry.length < HEADER || rawType(entry) > LIST) { // a large value's entry is never written out
            return false;
        }
        if (hasExpiry(entry) && entry.length < HEADER + EXPIRY_BYTES) {
            return false;
        }
        if (keyLength(entry) > entry.length - keyOffset(entry)) {
            return false;
        }
        byte[] value = type(entry) == STRING ? null : Arrays.copyOfRange(entry, valueOffset(entry), entry.length);
        return switch (type(entry)) {
            case HASH -> HashValue.isWellFormed(value);
            case LIST -> ListValue.isWellFormed(value);
            default -> true;
        };
    }

    static boolean hasKey(byte[] entry, byte[] key) {
        int kl = keyLength(entry), ko = keyOffset(entry);
        return kl == key.length && Arrays.equals(entry, ko, ko + kl, key, 0, kl);
    }

    /** Hash of the entry's key, as {@link KeyBytes#hash} of the key alone. */
    static int keyHash(byte[] entry) {
        return KeyBytes.hash(entry, keyOffset(entry), keyLength(entry));
    }
}
