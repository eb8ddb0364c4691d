package io.quiver.kv;

import java.util.function.Consumer;
import java.util.function.LongSupplier;

/**
 * One shard's keys and values: an open-addressing hash table (linear probing, deletion by backward
 * shift, so no tombstones) of {@link KvEntry} arrays. Not thread-safe by design: only the owning
 * shard's context touches it.
 *
 * <p>Expiry is Redis's: a pair past its expiry is gone for every command (removed when touched,
 * lazily), and {@link #expireCycle} reclaims the memory of pairs nobody touches, a slice of the
 * table at a time. Time comes from an injectable clock (Unix ms), so tests need not sleep.
 */
public final class KvStore {
    private static final int MIN_CAPACITY = 16;

    private byte[][] entries;
    private int[] hashes;
    private int mask;
    private int size;
    private long entryBytes;
    private final LongSupplier clock;
    /** Pairs that have an expiry, and the sum of their expiry times (for INFO's avg_ttl). */
    private double expirySum;
    private int volatileKeys;
    /** Pairs removed because they expired (INFO's expired_keys). */
    private long expiredKeys;
    /** Where {@link #expireCycle} goes on from. */
    private int expireCursor;
    private ExpiryListener expiryListener;

    public KvStore() {
        this(System::currentTimeMillis);
    }

    public KvStore(LongSupplier clock) {
        this.clock = clock;
        allocate(MIN_CAPACITY);
    }

    /** The store's clock, Unix milliseconds. */
    public long now() {
        return clock.getAsLong();
    }

    private void allocate(int capacity) {
        entries = new byte[capacity][];
        hashes = new int[capacity];
        mask = capacity - 1;
    }

    public int size() {
        return size;
    }

    /** The stored entry for {@code key}, or null (also when it has just expired); read it with {@link KvEntry}. */
    public byte[] getEntry(byte[] key) {
        int i = findLive(key);
        return i < 0 ? null : entries[i];
    }

    /** The slot of {@code key}'s live entry, or -1; an expired entry found there is removed. */
    private int findLive(byte[] key) {
        int i = find(key, KeyBytes.hash(key, 0, key.length));
        if (i >= 0 && isExpired(entries[i])) {
            removeExpiredAt(i);
            return -1;
        }
        return i;
    }

    private boolean isExpired(byte[] e) {
        long at = KvEntry.expireAt(e);
        return at != 0 && at <= clock.getAsLong();
    }

    private void removeExpiredAt(int i) {
        byte[] e = entries[i];
        forget(e);
        removeAt(i);
        size--;
        expiredKeys++;
        if (expiryListener != null) {
            expiryListener.expired(e);
        }
    }

    /** Told of each pair removed because its time passed, lazily or by {@link #expireCycle}. */
    public interface ExpiryListener {
        void expired(byte[] entry);
    }

    /** Sets who hears of expired pairs (keyspace notifications); null: nobody. */
    public void onExpired(ExpiryListener listener) {
        this.expiryListener = listener;
    }

    /** Pairs with an expiry (INFO keyspace's expires=). */
    public int volatileKeys() {
        return volatileKeys;
    }

    public long expiredKeys() {
        return expiredKeys;
    }

    /** The value stored for {@code key}, or null. */
    public Value get(byte[] key) {
        return Value.ofEntry(getEntry(key));
    }

    public boolean contains(byte[] key) {
        return findLive(key) >= 0;
    }

    /** Stores the pair, without expiry, if {@code condition} allows; returns whether it was stored. */
    public boolean set(byte[] key, byte[] value, SetCondition condition) {
        return set(key, value, condition, 0, false);
    }

    /**
     * Stores the pair if {@code condition} allows, expiring at {@code expireAt} (Unix ms; 0: never),
     * or, with {@code keepTtl}, when the pair it replaces would have; returns whether it was stored.
     */
    public boolean set(byte[] key, byte[] value, SetCondition condition, long expireAt, boolean keepTtl) {
        int h = KeyBytes.hash(key, 0, key.length);
        int i = h & mask;
        for (byte[] e; (e = entries[i]) != null; i = (i + 1) & mask) { // one probe: SET is the hot path
            if (hashes[i] == h && KvEntry.hasKey(e, key)) {
                if (isExpired(e)) {
                    removeExpiredAt(i);
                    break; // gone: stored below as a new key
                }
                if (condition == SetCondition.IF_ABSENT) {
                    return false;
                }
                byte[] replacement = KvEntry.of(key, value, keepTtl ? KvEntry.expireAt(e) : expireAt);
                forget(e);
                remember(replacement);
                entries[i] = replacement;
                return true;
            }
        }
        if (condition == SetCondition.IF_PRESENT) {
            return false;
        }
        putEntry(KvEntry.of(key, value, expireAt));
        return true;
    }

    /** Stores a pair built by the caller, replacing one of the same key (a live key's expiry is the entry's). */
    public void put(byte[] entry) {
        putEntry(entry);
    }

    /** Gives the key a new expiry (0: none); false when there is no such key. */
    public boolean setExpiry(byte[] key, long expireAt) {
        byte[] old = getEntry(key);
        if (old == null) {
            return false;
        }
        if (KvEntry.expireAt(old) != expireAt) {
            putEntry(KvEntry.withExpiry(old, expireAt));
        }
        return true;
    }

    public boolean delete(byte[] key) {
        int i = find(key, KeyBytes.hash(key, 0, key.length));
        if (i < 0) {
            return false;
        }
        boolean expired = isExpired(entries[i]);
        if (expired) {
            removeExpiredAt(i);
            return false;
        }
        forget(entries[i]);
        removeAt(i);
        size--;
        return true;
    }

    private void forget(byte[] e) {
        entryBytes -= e.length;
        if (KvEntry.hasExpiry(e)) {
            volatileKeys--;
            expirySum -= KvEntry.expireAt(e);
        }
    }

    private void remember(byte[] e) {
        entryBytes += e.length;
        if (KvEntry.hasExpiry(e)) {
            volatileKeys++;
            expirySum += KvEntry.expireAt(e);
        }
    }

    /** The mean time to live of the pairs that have one, in ms (0 when none does). */
    public long averageTtlMillis() {
        return volatileKeys == 0 ? 0 : Math.max(0, (long) (expirySum / volatileKeys) - clock.getAsLong());
    }

    public void clear() {
        allocate(MIN_CAPACITY);
        size = 0;
        entryBytes = 0;
        volatileKeys = 0;
        expirySum = 0;
        expireCursor = 0;
    }

    /** Loads a pair read from a snapshot: one already expired is dropped. Returns whether it was kept. */
    public boolean load(byte[] entry) {
        if (isExpired(entry)) {
            return false;
        }
        putEntry(entry);
        return true;
    }

    /**
     * Active expiry: looks at up to {@code slots} slots from where the last cycle stopped and removes
     * the pairs whose time has passed. Returns how many it removed, so the caller can give the next
     * cycle more time when many are due (Redis's adaptive cycle). Costs nothing when no key has a TTL.
     */
    public int expireCycle(int slots) {
        if (volatileKeys == 0) {
            return 0;
        }
        long now = clock.getAsLong();
        int removed = 0;
        int capacity = mask + 1;
        int i = expireCursor & mask;
        for (int n = 0, limit = Math.min(slots, capacity); n < limit; ) {
            byte[] e = entries[i];
            if (e != null && KvEntry.hasExpiry(e) && KvEntry.expireAt(e) <= now) {
                removeExpiredAt(i);
                removed++;
                continue; // a later pair may have shifted into this slot: look at it again
            }
            i = (i + 1) & mask;
            n++;
        }
        expireCursor = i;
        return removed;
    }

    /** Removes every pair whose time has passed (after recovery, so none outlives its TTL). */
    public int removeExpired() {
        return expireCycle(Integer.MAX_VALUE);
    }

    /**
     * Inserts an entry built elsewhere (a snapshot being loaded, keys moving to another shard),
     * without copying it; an entry with the same key is replaced.
     */
    public void putEntry(byte[] entry) {
        int h = KvEntry.keyHash(entry);
        int i = h & mask;
        for (byte[] e; (e = entries[i]) != null; i = (i + 1) & mask) {
            if (hashes[i] == h && KvEntry.sameKey(e, entry)) {
                forget(e);
                remember(entry);
                entries[i] = entry;
                return;
            }
        }
        entries[i] = entry;
        hashes[i] = h;
        remember(entry);
        if (++size > (mask + 1) * 3L / 4) {
            resize((mask + 1) * 2);
        }
    }

    /**
     * One step of SCAN: visits the live pairs of {@code count} home buckets (at least one), starting
     * at {@code cursor}'s, in Redis's reverse-binary bucket order, and returns the cursor to go on
     * from, 0 when the table has been covered. As in Redis, a key present for the whole iteration is
     * visited at least once even when the table grows or shrinks between steps: buckets are a key's
     * hash bits (its home slot), and with linear probing every pair lies in the run of slots that
     * starts at its home, so a bucket is read by walking that run.
     */
    public long scan(long cursor, int count, Consumer<byte[]> visitor) {
        long m = mask;
        long v = cursor;
        long now = clock.getAsLong();
        int visited = 0;
        do {
            int bucket = (int) (v & m);
            for (int j = bucket; entries[j] != null; j = (j + 1) & mask) {
                if ((hashes[j] & mask) == bucket) {
                    byte[] e = entries[j];
                    long at = KvEntry.expireAt(e);
                    if (at == 0 || at > now) {
                        visitor.accept(e);
                    }
                }
            }
            v |= ~m;
            v = Long.reverse(Long.reverse(v) + 1);
        } while (v != 0 && ++visited < count);
        return v;
    }

    /** A live pair chosen at random (RANDOMKEY), or null when there is none. */
    public byte[] randomEntry(java.util.random.RandomGenerator random) {
        long now = clock.getAsLong();
        for (int tries = 0; size > 0 && tries < 100; tries++) {
            int i = random.nextInt(mask + 1);
            for (int n = 0; n <= mask; n++, i = (i + 1) & mask) {
                byte[] e = entries[i];
                if (e != null) {
                    long at = KvEntry.expireAt(e);
                    if (at == 0 || at > now) {
                        return e;
                    }
                    break; // expired: try elsewhere (active expiry will reclaim it)
                }
            }
        }
        return null;
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
