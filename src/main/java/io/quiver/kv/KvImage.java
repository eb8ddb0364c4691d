package io.quiver.kv;

import java.util.IdentityHashMap;
import java.util.Map;
import java.util.function.Consumer;

/**
 * A store's pairs as of one moment ({@link KvStore#image}), taken on the shard's thread in one copy
 * of references and written out later on another: the table's slots (entries never change), and for
 * each large value ({@link LargeHash}, {@link LargeList}) a copy of its references, which
 * {@link #forEach} encodes into an ordinary entry of the compact layout. So a snapshot holds every
 * hash and list in the one layout older builds wrote and read: no new section or version.
 *
 * @param slots the table's slots: each an entry or null
 * @param count how many slots are not null
 */
public record KvImage(byte[][] slots, long count, Map<byte[], byte[][]> large) {

    static KvImage of(byte[][] slots, long count, IdentityHashMap<byte[], byte[][]> large) {
        return new KvImage(slots, count, large);
    }

    /** Every pair as an ordinary entry (a large value encoded in place), in table order. */
    public void forEach(Consumer<byte[]> entry) {
        for (byte[] e : slots) {
            if (e != null) {
                entry.accept(KvEntry.isLarge(e) ? inline(e, large.get(e)) : e);
            }
        }
    }

    private static byte[] inline(byte[] head, byte[][] frozen) {
        int type = KvEntry.type(head);
        byte[] encoded = type == KvEntry.HASH ? LargeHash.encode(frozen) : LargeList.encode(frozen);
        return KvEntry.ofType(type, KvEntry.key(head), encoded, KvEntry.expireAt(head));
    }
}
