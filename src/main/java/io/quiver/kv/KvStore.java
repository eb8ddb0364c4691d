package io.quiver.kv;

import java.util.function.Consumer;

/**
 * One shard's keys and values: an open-addressing hash table (linear probing, deletion by backward
 * shift, so no tombstones) of {@link KvEntry} arrays. Not thread-safe by design: only the owning
 * shard's context touches it.
 */
public final class KvStore {
    private static final int MIN_CAPACITY = 16;

    private byte[][] entries;
    private int[] hashes;
    private int mask;
    private int size;
    private long entryBytes;

    public KvStore() {
        allocate(MIN_CAPACITY);
    }

    private void allocate(int capacity) {
        entries = new byte[capacity][];
        hashes = new int[capacity];
        mask = capacity - 1;
    }

    public int size() {
        return size;
    }

    /** The stored entry for {@code key}, or null; read the value with {@link KvEntry}. */
    public byte[] getEntry(byte[] key) {
        int h = KeyBytes.hash(key, 0, key.length);
        int i = find(key, h);
        return i < 0 ? null : entries[i];
    }

    /** The value stored for {@code key}, or null. */
    public Value get(byte[] key) {
        return Value.ofEntry(getEntry(key));
    }

    public boolean contains(byte[] key) {
        return find(key, KeyBytes.hash(key, 0, key.length)) >= 0;
    }

    /** Stores the pair if {@code condition} allows; returns whether it was stored. */
    public boolean set(byte[] key, byte[] value, SetCondition condition) {
        int h = KeyBytes.hash(key, 0, key.length);
        int i = h & mask;
        for (byte[] e; (e = entries[i]) != null; i = (i + 1) & mask) {
            if (hashes[i] == h && KvEntry.hasKey(e, key)) {
                if (condition == SetCondition.IF_ABSENT) {
                    return false;
                }
                byte[] replacement = KvEntry.of(key, value);
                entryBytes += replacement.length - e.length;
                entries[i] = replacement;
                return true;
            }
        }
        if (condition == SetCondition.IF_PRESENT) {
            return false;
        }
        byte[] entry = KvEntry.of(key, value);
        entries[i] = entry;
        hashes[i] = h;
        entryBytes += entry.length;
        if (++size > (mask + 1) * 3L / 4) {
            resize((mask + 1) * 2);
        }
        return true;
    }

    public boolean delete(byte[] key) {
        int i = find(key, KeyBytes.hash(key, 0, key.length));
        if (i < 0) {
            return false;
        }
        entryBytes -= entries[i].length;
        removeAt(i);
        size--;
        return true;
    }

    public void clear() {
        allocate(MIN_CAPACITY);
        size = 0;
        entryBytes = 0;
    }

    /**
     * Inserts an entry built elsewhere (a snapshot being loaded, keys moving to another shard),
     * without copying it; an entry with the same key is replaced.
     */
    public void putEntry(byte[] entry) {
        int klen = KvEntry.keyLength(entry);
        int h = KeyBytes.hash(entry, KvEntry.HEADER, klen);
        int i = h & mask;
        for (byte[] e; (e = entries[i]) != null; i = (i + 1) & mask) {
            if (hashes[i] == h && KvEntry.sameKey(e, entry)) {
                entryBytes += entry.length - e.length;
                entries[i] = entry;
                return;
            }
        }
        entries[i] = entry;
        hashes[i] = h;
        entryBytes += entry.length;
        if (++size > (mask + 1) * 3L / 4) {
            resize((mask + 1) * 2);
        }
    }

    /** Grows the table once for {@code pairs} pairs, so a bulk insert does not resize step by step. */
    public void ensureCapacity(long pairs) {
        long needed = pairs * 4 / 3 + 1;
        if (needed > mask + 1) {
            resize((int) Math.min(1 << 30, Long.highestOneBit(needed - 1) << 1));
        }
    }

    /**
     * The snapshot's copy step: a copy of the table's slots (null where a slot is empty), one
     * {@code System.arraycopy} of references, fast even before the JIT has compiled anything. Entries
     * are never modified, so the copy stays valid while this store goes on changing; whoever writes it
     * out skips the nulls, off the shard's thread.
     */
    public byte[][] copySlots() {
        return entries.clone();
    }

    /** Every entry, as a new compact array of references, in no order. */
    public byte[][] copyEntries() {
        byte[][] out = new byte[size][];
        int n = 0;
        for (byte[] e : entries) {
            if (e != null) {
                out[n++] = e;
            }
        }
        return out;
    }

    /** Visits every stored entry (snapshots, redistribution). */
    public void forEachEntry(Consumer<byte[]> visitor) {
        for (byte[] e : entries) {
            if (e != null) {
                visitor.accept(e);
            }
        }
    }

    /** Approximate heap used: the table plus each entry array with its object header and padding. */
    public long memoryEstimate() {
        long table = 2L * (16 + 4L * (mask + 1));
        return table + entryBytes + size * (16L + 4);
    }

    private int find(byte[] key, int h) {
        int i = h & mask;
        for (byte[] e; (e = entries[i]) != null; i = (i + 1) & mask) {
            if (hashes[i] == h && KvEntry.hasKey(e, key)) {
                return i;
            }
        }
        return -1;
    }

    /** Backward-shift deletion: pull later members of the probe run into the hole. */
    private void removeAt(int hole) {
        for (int j = (hole + 1) & mask; entries[j] != null; j = (j + 1) & mask) {
            int home = hashes[j] & mask;
            // j's entry may move into the hole unless its home lies cyclically in (hole, j]
            boolean homeBetween = hole <= j ? (home > hole && home <= j) : (home > hole || home <= j);
            if (!homeBetween) {
                entries[hole] = entries[j];
                hashes[hole] = hashes[j];
                hole = j;
            }
        }
        entries[hole] = null;
        hashes[hole] = 0;
    }

    private void resize(int capacity) {
        byte[][] oldEntries = entries;
        int[] oldHashes = hashes;
        allocate(capacity);
        for (int k = 0; k < oldEntries.length; k++) {
            byte[] e = oldEntries[k];
            if (e != null) {
                int i = oldHashes[k] & mask;
                while (entries[i] != null) {
                    i = (i + 1) & mask;
                }
                entries[i] = e;
                hashes[i] = oldHashes[k];
            }
        }
    }
}
