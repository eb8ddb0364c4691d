package io.quiver.kv;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/** Hashing of byte-string keys inside a shard's table (a different function from the shard hash). */
final class KeyBytes {
    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final long P1 = 0x9E3779B97F4A7C15L, P2 = 0xC2B2AE3D27D4EB4FL;

    private KeyBytes() {
    }

    static int hash(byte[] b, int off, int len) {
        long h = len * P1;
        int i = off, end = off + len;
        for (; i + 8 <= end; i += 8) {
            h = Long.rotateLeft(h ^ ((long) LONGS.get(b, i) * P2), 29) * P1;
        }
        long tail = 0;
        for (int s = 0; i < end; i++, s += 8) {
            tail |= (b[i] & 0xFFL) << s;
        }
        h = Long.rotateLeft(h ^ (tail * P2), 29) * P1;
        h ^= h >>> 32;
        h *= P2;
        h ^= h >>> 29;
        return (int) h;
    }
}
