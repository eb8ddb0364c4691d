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
    /**
     * The values past {@link EncodingLimits} ({@link LargeHash}, {@link LargeList}) by key; each key's
     * entry in the table keeps its type, expiry and the {@link KvEntry#LARGE} bit, so the table (SCAN,
     * expiry, TYPE) sees one kind of entry. Empty (no table allocated) while no value is large.
     */
    private final java.util.HashMap<java.nio.ByteBuffer, LargeValue> large = new java.util.HashMap<>();
    /** The memory of the large values with their map nodes and keys, kept as they change ({@link LargeValue#recount}). */
    private long largeBytes;
    private EncodingLimits limits = DEFAULT_LIMITS;
    private static final EncodingLimits DEFAULT_LIMITS = EncodingLimits.defaults();
    /** The slot the last successful lookup found (a hint for {@link #replace}; checked before use). */
    private int lastFound = -1;

    public KvStore() {
        this(System::currentTimeMillis);
    }

    public KvStore(LongSupplier clock) {
        this.clock = clock;
        allocate(MIN_CAPACITY);
    }

    /** From now on, where this store's hashes and lists turn large (shared by a node's stores). */
    public void useLimits(EncodingLimits limits) {
        this.limits = limits;
    }

    public EncodingLimits limits() {
        return limits;
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

    /**
     * Brings into the cache what a lookup of each key will read first (its home slot's hash and
     * entry reference, then the entry's first bytes), reading them all before any lookup needs them,
     * so a pipelined batch's cache misses overlap instead of coming one after another (Redis 8
     * prefetches a batch's keys for the same reason). Changes nothing; the result only keeps the
     * reads from being optimized away.
     */
    public int warm(byte[][] keys, int count) {
        int sink = 0;
        int[] slots = new int[count];
        for (int k = 0; k < count; k++) {
            byte[] key = keys[k];
            int i = KeyBytes.hash(key, 0, key.length) & mask;
            slots[k] = i;
            sink += hashes[i];
            byte[] e = entries[i];
            sink += e == null ? 0 : 1;
        }
        for (int k = 0; k < count; k++) {
            byte[] e = entries[slots[k]];
            sink += e == null ? 0 : e.length;
        }
        return sink;
    }

    /** The slot of {@code key}'s live entry, or -1; an expired entry found there is removed. */
    private int findLive(byte[] key) {
        int i = find(key, KeyBytes.hash(key, 0, key.length));
        if (i >= 0 && isExpired(entries[i])) {
            removeExpiredAt(i);
            return -1;
        }
        lastFound = i;
        return i;
    }

    /**
     * Replaces {@code current}, an entry a lookup just returned, by {@code replacement} of the same
     * key: in the slot that lookup found when it still holds {@code current} (a read-modify-write such
     * as INCR then pays one probe and one hash, not two), else as {@link #put}. Only a string
     * replacing a compact value takes the short way: a large value's table must hear of its end.
     */
    public void replace(byte[] current, byte[] replacement) {
        int i = lastFound;
        if (i >= 0 && entries[i] == current && KvEntry.rawType(replacement) == KvEntry.STRING && !KvEntry.isLarge(current)
                && !KvEntry.isLarge(replacement) && KvEntry.sameKey(current, replacement)) {
            forget(current);
            remember(replacement);
            entries[i] = replacement;
            return;
        }
        put(replacement);
    }

    private boolean isExpired(byte[] e) {
        long at = KvEntry.expireAt(e);
        return at != 0 && at <= clock.getAsLong();
    }

    private void removeExpiredAt(int i) {
        byte[] e = entries[i];
        forget(e);
        dropLarge(e);
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
                dropLarge(e);
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

    /**
     * Stores a pair built by the caller, replacing one of the same key (a live key's expiry is the
     * entry's). A hash or a list in the compact layout that is past {@link #limits} is stored in its
     * large form instead, as Redis converts a listpack past its thresholds.
     */
    public void put(byte[] entry) {
        if (!adoptLarge(entry)) {
            insert(entry);
        }
    }

    /** Stores the large form of {@code entry}'s hash or list if it is past the limits; false when it is not. */
    private boolean adoptLarge(byte[] entry) {
        int type = KvEntry.rawType(entry);
        if (type == KvEntry.HASH && limits.hashTooBig(entry, KvEntry.valueOffset(entry))) {
            putLarge(KvEntry.key(entry), KvEntry.expireAt(entry), KvEntry.HASH, LargeHash.ofEncoded(entry, KvEntry.valueOffset(entry)));
            return true;
        }
        if (type == KvEntry.LIST && EncodingLimits.listTooBig(KvEntry.valueLength(entry))) {
            putLarge(KvEntry.key(entry), KvEntry.expireAt(entry), KvEntry.LIST, LargeList.ofEncoded(entry, KvEntry.valueOffset(entry)));
            return true;
        }
        return false;
    }

    /** Stores {@code value} (a {@link LargeHash} or {@link LargeList}) as the value of {@code key}, replacing what it held. */
    private void putLarge(byte[] key, long expireAt, int type, LargeValue value) {
        insert(KvEntry.largeHead(type, key, expireAt)); // drops a large value it replaces
        LargeValue old = large.put(java.nio.ByteBuffer.wrap(key), value);
        if (old != null) { // the same key's large value (setExpiry keeps it in place, so this is a replacement)
            largeBytes -= old.counted() + LARGE_NODE + key.length;
            old.adopt(null);
        }
        largeBytes += value.adopt(this) + LARGE_NODE + key.length;
    }

    /** A large value's map node, its key buffer and the buffer's array header (beside the value's own estimate). */
    private static final long LARGE_NODE = 48 + 16 + 16;

    void largeBytesChanged(long delta) {
        largeBytes += delta;
    }

    private void dropLarge(byte[] e) {
        if (KvEntry.isLarge(e)) {
            LargeValue v = large.remove(java.nio.ByteBuffer.wrap(KvEntry.key(e)));
            if (v != null) {
                largeBytes -= v.counted() + LARGE_NODE + KvEntry.keyLength(e);
                v.adopt(null);
            }
        }
    }

    /** The large hash at {@code key}'s entry {@code e} (a live entry of this store), or null when its hash is compact. */
    public LargeHash largeHash(byte[] e, byte[] key) {
        return KvEntry.isLarge(e) ? (LargeHash) large.get(java.nio.ByteBuffer.wrap(key)) : null;
    }

    /** The large list at {@code key}'s entry {@code e}, or null when its list is compact. */
    public LargeList largeList(byte[] e, byte[] key) {
        return KvEntry.isLarge(e) ? (LargeList) large.get(java.nio.ByteBuffer.wrap(key)) : null;
    }

    /** How many of the store's values are in their large form. */
    public long largeValues() {
        return large.size();
    }

    /**
     * {@code entry} (of this store) as an ordinary entry: itself, or for a large value the compact
     * layout encoded now (linear in its size): DUMP, moves to another shard or node, re-sharding.
     */
    public byte[] inline(byte[] entry) {
        if (!KvEntry.isLarge(entry)) {
            return entry;
        }
        byte[] encoded = large.get(java.nio.ByteBuffer.wrap(KvEntry.key(entry))).encode();
        return KvEntry.ofType(KvEntry.type(entry), KvEntry.key(entry), encoded, KvEntry.expireAt(entry));
    }

    /** The value bytes of {@code entry} in the compact layout (see {@link #inline}). */
    public byte[] encodedValue(byte[] entry) {
        return KvEntry.value(inline(entry));
    }

    /**
     * Stores {@code entry}'s value (an entry of this store) under {@code newKey} too, with its type and
     * expiry: COPY within the store. A large value is copied (its immutable parts shared).
     */
    public void putCopy(byte[] entry, byte[] newKey) {
        if (!KvEntry.isLarge(entry)) {
            put(KvEntry.renamed(entry, newKey));
            return;
        }
        LargeValue v = large.get(java.nio.ByteBuffer.wrap(KvEntry.key(entry)));
        putLarge(newKey.clone(), KvEntry.expireAt(entry), KvEntry.type(entry), v.copy());
    }

    /** RENAME within the store: the value, type and expiry of {@code from} move to {@code to}; false when there is no {@code from}. */
    public boolean rename(byte[] from, byte[] to) {
        byte[] e = getEntry(from);
        if (e == null) {
            return false;
        }
        LargeValue v = KvEntry.isLarge(e) ? large.get(java.nio.ByteBuffer.wrap(from)) : null;
        delete(from);
        if (v == null) {
            put(KvEntry.renamed(e, to));
        } else {
            putLarge(to.clone(), KvEntry.expireAt(e), KvEntry.type(e), v);
        }
        return true;
    }

    /** MOVE to another database: {@code key}'s pair leaves this store for {@code to}, its large value with it (not copied). */
    public boolean moveTo(KvStore to, byte[] key) {
        byte[] e = getEntry(key);
        if (e == null) {
            return false;
        }
        LargeValue v = KvEntry.isLarge(e) ? large.get(java.nio.ByteBuffer.wrap(key)) : null;
        delete(key);
        if (v == null) {
            to.put(e);
        } else {
            to.putLarge(key.clone(), KvEntry.expireAt(e), KvEntry.type(e), v);
        }
        return true;
    }

    /** Gives the key a new expiry (0: none); false when there is no such key. */
    public boolean setExpiry(byte[] key, long expireAt) {
        byte[] old = getEntry(key);
        if (old == null) {
            return false;
        }
        if (KvEntry.expireAt(old) != expireAt) {
            insert(KvEntry.withExpiry(old, expireAt)); // a large value stays where it is
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
        dropLarge(entries[i]);
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
        large.clear();
        largeBytes = 0;
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
        put(entry);
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
     * without copying it; an entry with the same key is replaced. As {@link #put}: a hash or list
     * past the limits is stored in its large form.
     */
    public void putEntry(byte[] entry) {
        put(entry);
    }

    /** Stores the entry as it is, replacing one of the same key (and the large value that one held, unless the new entry is large too). */
    private void insert(byte[] entry) {
        int h = KvEntry.keyHash(entry);
        int i = h & mask;
        for (byte[] e; (e = entries[i]) != null; i = (i + 1) & mask) {
            if (hashes[i] == h && KvEntry.sameKey(e, entry)) {
                if (!KvEntry.isLarge(entry)) {
                    dropLarge(e);
                }
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
        // uniform first: a random slot, again while it is empty (the table is at least 3/8 full after a
        // growth; deletions can leave it sparser, hence the bound, then the walk below)
        for (int tries = 0; size > 0 && tries < 32; tries++) {
            byte[] e = entries[random.nextInt(mask + 1)];
            if (e != null) {
                long at = KvEntry.expireAt(e);
                if (at == 0 || at > now) {
                    return e;
                }
            }
        }
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

    /** Every entry, as a new compact array of references, in no order; a large value encoded in place ({@link #inline}). */
    public byte[][] copyEntries() {
        byte[][] out = new byte[size][];
        int n = 0;
        for (byte[] e : entries) {
            if (e != null) {
                out[n++] = inline(e);
            }
        }
        return out;
    }

    /**
     * The snapshot's copy step ({@link KvImage}): {@link #copySlots}, and for each large value a copy
     * of its references (its table's slots, a list's elements in order), linear in the number of its
     * fields or elements but never copying their bytes; encoding them is left to the writer.
     */
    public KvImage image() {
        java.util.IdentityHashMap<byte[], byte[][]> frozen = new java.util.IdentityHashMap<>();
        if (!large.isEmpty()) {
            for (byte[] e : entries) {
                if (e != null && KvEntry.isLarge(e)) {
                    frozen.put(e, large.get(java.nio.ByteBuffer.wrap(KvEntry.key(e))).freeze());
                }
            }
        }
        return KvImage.of(entries.clone(), size, frozen);
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
        return table + entryBytes + size * (16L + 4) + largeBytes;
    }

    /** MEMORY USAGE of {@code entry}: its array with header, slot and hash, plus a large value's own estimate. */
    public long memoryUsage(byte[] entry) {
        long bytes = entry.length + 16 + 8 + 4;
        if (KvEntry.isLarge(entry)) {
            bytes += large.get(java.nio.ByteBuffer.wrap(KvEntry.key(entry))).counted() + LARGE_NODE + KvEntry.keyLength(entry);
        }
        return bytes;
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
