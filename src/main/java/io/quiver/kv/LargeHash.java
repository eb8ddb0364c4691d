package io.quiver.kv;

import java.util.function.Consumer;
import java.util.random.RandomGenerator;

/**
 * A hash past {@link EncodingLimits}: Redis's {@code hashtable} encoding. Its fields are a
 * {@link KvStore} of their own (field as the key, value as the value, one immutable array per pair,
 * never an expiry), so a field is read, set or removed in O(1), HSCAN walks the table's home buckets
 * with SCAN's cursor and guarantee, and a snapshot copies its slots (references) in one step. Held by
 * the hash's entry in its store's table of large values ({@link KvEntry#isLarge}); touched only on
 * the owning shard's thread.
 */
public final class LargeHash extends LargeValue {
    private final KvStore pairs = new KvStore(() -> 0L);

    LargeHash() {
    }

    /** The hash encoded (as {@link HashValue}) in {@code b} from {@code offset}. */
    static LargeHash ofEncoded(byte[] b, int offset) {
        int[] pos = {offset};
        int n = HashValue.varInt(b, pos);
        LargeHash h = new LargeHash();
        h.pairs.ensureCapacity(n);
        for (int i = 0; i < n; i++) {
            byte[] f = HashValue.bytes(b, pos);
            h.pairs.set(f, HashValue.bytes(b, pos), SetCondition.ALWAYS);
        }
        return h;
    }

    public int size() {
        return pairs.size();
    }

    /** The value of {@code field}, a view of its pair (no copy), or null. */
    public Value get(byte[] field) {
        return Value.ofEntry(pairs.getEntry(field));
    }

    /** Sets the field; true when it is new. */
    public boolean put(byte[] field, byte[] value) {
        int before = pairs.size();
        pairs.set(field, value, SetCondition.ALWAYS);
        recount();
        return pairs.size() > before;
    }

    /** Removes the field; true when it was there. */
    public boolean remove(byte[] field) {
        boolean removed = pairs.delete(field);
        recount();
        return removed;
    }

    /** One HSCAN step over {@code count} home buckets from {@code cursor} (see {@link KvStore#scan}); the next cursor, 0 at the end. */
    public long scan(long cursor, int count, Consumer<byte[]> pair) {
        return pairs.scan(cursor, count, pair);
    }

    /** Every pair, in table order; read each with {@link #field} and {@link #value}. */
    public void forEach(Consumer<byte[]> pair) {
        pairs.forEachEntry(pair);
    }

    /** A pair chosen uniformly at random (the hash is never empty: an emptied hash deletes its key). */
    public byte[] randomPair(RandomGenerator random) {
        return pairs.randomEntry(random);
    }

    /** Every pair, as a compact array (HRANDFIELD's distinct picks out of most of the hash). */
    public byte[][] pairArray() {
        return pairs.copyEntries();
    }

    public static byte[] field(byte[] pair) {
        return KvEntry.key(pair);
    }

    public static Value value(byte[] pair) {
        return Value.ofEntry(pair);
    }

    /** A copy sharing the (immutable) pairs: COPY. */
    @Override
    LargeHash copy() {
        LargeHash h = new LargeHash();
        h.pairs.ensureCapacity(pairs.size());
        pairs.forEachEntry(h.pairs::putEntry);
        return h;
    }

    /** Approximate heap: the table, the pairs and this object. */
    @Override
    long memoryEstimate() {
        return pairs.memoryEstimate() + 16 + 64;
    }

    /** The snapshot's copy step: the table's slots (references), encoded later off the shard's thread by {@link #encode}. */
    @Override
    byte[][] freeze() {
        return pairs.copySlots();
    }

    /** The compact encoding ({@link HashValue}'s layout) of the pairs in {@code slots} (nulls skipped). */
    static byte[] encode(byte[][] slots) {
        int n = 0;
        long size = 0;
        for (byte[] p : slots) {
            if (p != null) {
                int kl = KvEntry.keyLength(p), vl = KvEntry.valueLength(p);
                size += HashValue.varIntSize(kl) + kl + HashValue.varIntSize(vl) + vl;
                n++;
            }
        }
        size += HashValue.varIntSize(n);
        if (size > Integer.MAX_VALUE - 64) {
            throw new IllegalStateException("a hash of " + size + " encoded bytes does not fit one array");
        }
        byte[] out = new byte[(int) size];
        int pos = HashValue.putVarInt(out, 0, n);
        for (byte[] p : slots) {
            if (p != null) {
                int ko = KvEntry.keyOffset(p), kl = KvEntry.keyLength(p), vo = ko + kl, vl = p.length - vo;
                pos = HashValue.putVarInt(out, pos, kl);
                System.arraycopy(p, ko, out, pos, kl);
                pos += kl;
                pos = HashValue.putVarInt(out, pos, vl);
                System.arraycopy(p, vo, out, pos, vl);
                pos += vl;
            }
        }
        return out;
    }

    /** The compact encoding of the hash as it is now. */
    @Override
    byte[] encode() {
        return encode(pairs.copySlots());
    }
}
