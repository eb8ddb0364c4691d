package io.quiver.shard;

/**
 * Which shard owns a key (or a vector point id): the same rule from every front end, and stable
 * across releases because persisted data is re-distributed with it.
 *
 * <p>The rule is Redis Cluster's key-slot rule, then a modulo: {@code slot = CRC16-XMODEM(k) mod
 * 16384} where {@code k} is the key's bytes, or only the part between the first {@code {} and the
 * next {@code }} when that part is non-empty (a "hash tag", so related keys can share a shard);
 * {@code shard = slot mod shardCount}.
 */
public final class KeyHash {
    public static final int SLOTS = 16384;
    private static final int[] TABLE = new int[256];

    static {
        for (int i = 0; i < 256; i++) {
            int crc = i << 8;
            for (int b = 0; b < 8; b++) {
                crc = (crc & 0x8000) != 0 ? (crc << 1) ^ 0x1021 : crc << 1;
            }
            TABLE[i] = crc & 0xFFFF;
        }
    }

    private KeyHash() {
    }

    public static int crc16(byte[] b, int from, int to) {
        int crc = 0;
        for (int i = from; i < to; i++) {
            crc = ((crc << 8) ^ TABLE[((crc >>> 8) ^ b[i]) & 0xFF]) & 0xFFFF;
        }
        return crc;
    }

    public static int slot(byte[] key) {
        int open = indexOf(key, (byte) '{', 0);
        if (open >= 0) {
            int close = indexOf(key, (byte) '}', open + 1);
            if (close > open + 1) {
                return crc16(key, open + 1, close) & (SLOTS - 1);
            }
        }
        return crc16(key, 0, key.length) & (SLOTS - 1);
    }

    public static int shardOf(byte[] key, int shardCount) {
        return slot(key) % shardCount;
    }

    private static int indexOf(byte[] b, byte c, int from) {
        for (int i = from; i < b.length; i++) {
            if (b[i] == c) {
                return i;
            }
        }
        return -1;
    }
}
