package io.quiver.shard;

import io.quiver.config.KeyspaceEventFlags;
import io.quiver.error.QuiverException;
import io.quiver.kv.GlobPattern;
import io.quiver.kv.HashValue;
import io.quiver.kv.KvEntry;
import io.quiver.kv.KvStore;
import io.quiver.kv.LargeHash;
import io.quiver.kv.ScanPage;
import io.quiver.kv.StringNumbers;
import io.quiver.kv.Value;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Applies {@link KvOp.HashOp}s to a shard's {@link KvStore}: a hash is one entry of type
 * {@link KvEntry#HASH}, so it expires, renames, moves and is snapshotted as any key. A small hash is
 * encoded in its entry ({@link HashValue}: a change decodes and re-encodes it, as Redis's listpack);
 * one past the store's {@link io.quiver.kv.EncodingLimits} is a {@link LargeHash}, changed in place
 * in O(1) per field. Changes reach the journal in canonical form (an HINCRBY as the HSET of its
 * result, an HSETNX that set as an HSET), the same whichever form holds the hash. Redis's error words.
 */
final class HashExecutor {
    private final KvStore kv;
    private final KeyNotifier note;
    private final SplittableRandom random = new SplittableRandom();

    HashExecutor(KvStore kv, KeyNotifier note) {
        this.kv = kv;
        this.note = note;
    }

    /** Redis's events for a change of the hash at {@code key}: "new" first when it did not exist, then {@code event}. */
    private void changed(byte[] key, byte[] before, String event) {
        if (before == null) {
            note.fireNew(key);
        }
        note.fire(KeyspaceEventFlags.HASH, event, key);
    }

    private byte[] hashEntry(byte[] key) {
        return KvExecutor.entryOfType(kv, key, KvEntry.HASH);
    }

    /** A read's lookup of the compact hash at {@code key}'s entry {@code e} (null: none). */
    private static HashValue compact(byte[] e) {
        return e == null ? null : HashValue.of(e);
    }

    /** The large form of the hash in entry {@code e} of {@code key}, or null (no hash, or a compact one). */
    private LargeHash large(byte[] e, byte[] key) {
        return e == null ? null : kv.largeHash(e, key);
    }

    /** The value of {@code field} in the hash of entry {@code e} (either form), or null. */
    private Value field(byte[] e, byte[] key, byte[] field) {
        if (e == null) {
            return null;
        }
        LargeHash big = kv.largeHash(e, key);
        if (big != null) {
            return big.get(field);
        }
        byte[] v = HashValue.get(e, field);
        return v == null ? null : Value.of(v);
    }

    private byte[] readHashEntry(byte[] key) {
        byte[] e = hashEntry(key);
        note.missIfAbsent(e, key);
        return e;
    }

    /** Stores {@code h} under {@code key} keeping the key's expiry, or removes the key when {@code h} is empty. */
    private void store(byte[] key, HashValue h, byte[] before) {
        if (h.size() == 0) {
            kv.delete(key);
            return;
        }
        kv.put(KvEntry.ofType(KvEntry.HASH, key, h.encode(), before == null ? 0 : KvEntry.expireAt(before)));
    }

    Object execute(KvOp.HashOp<?> op, ShardJournal journal) {
        return switch (op) {
            case KvOp.HashSet s -> {
                byte[] before = hashEntry(s.key());
                LargeHash big = large(before, s.key());
                if (big != null) {
                    yield setLarge(big, s, journal);
                }
                HashValue h = before == null ? HashValue.empty() : HashValue.of(before);
                if (s.onlyIfAbsent()) {
                    if (h.indexOf(s.fields()[0]) >= 0) {
                        yield 0L;
                    }
                    h.put(s.fields()[0], s.values()[0]);
                    store(s.key(), h, before);
                    journal.append(new KvOp.HashSet(s.key(), s.fields(), s.values(), false));
                    changed(s.key(), before, "hset");
                    yield 1L;
                }
                long added = 0;
                for (int i = 0; i < s.fields().length; i++) {
                    added += h.put(s.fields()[i], s.values()[i]) ? 1 : 0;
                }
                store(s.key(), h, before);
                journal.append(s);
                changed(s.key(), before, "hset");
                yield added;
            }
            case KvOp.HashGet g -> field(readHashEntry(g.key()), g.key(), g.field());
            case KvOp.HashMultiGet m -> {
                byte[] e = readHashEntry(m.key());
                LargeHash big = large(e, m.key());
                HashValue h = big == null ? compact(e) : null;
                Value[] out = new Value[m.fields().length];
                for (int i = 0; i < out.length; i++) {
                    if (big != null) {
                        out[i] = big.get(m.fields()[i]);
                    } else {
                        byte[] v = h == null ? null : h.get(m.fields()[i]);
                        out[i] = v == null ? null : Value.of(v);
                    }
                }
                yield out;
            }
            case KvOp.HashGetAll a -> {
                byte[] e = readHashEntry(a.key());
                LargeHash big = large(e, a.key());
                if (big != null) {
                    List<Value> out = new ArrayList<>(a.what() == KvOp.HashGetAll.PAIRS ? 2 * big.size() : big.size());
                    big.forEach(p -> {
                        if (a.what() != KvOp.HashGetAll.VALUES) {
                            out.add(Value.of(LargeHash.field(p)));
                        }
                        if (a.what() != KvOp.HashGetAll.FIELDS) {
                            out.add(LargeHash.value(p));
                        }
                    });
                    yield out.toArray(new Value[0]);
                }
                HashValue h = compact(e);
                if (h == null) {
                    yield new Value[0];
                }
                List<Value> out = new ArrayList<>();
                for (int i = 0; i < h.size(); i++) {
                    if (a.what() != KvOp.HashGetAll.VALUES) {
                        out.add(Value.of(h.field(i)));
                    }
                    if (a.what() != KvOp.HashGetAll.FIELDS) {
                        out.add(Value.of(h.value(i)));
                    }
                }
                yield out.toArray(new Value[0]);
            }
            case KvOp.HashDelete d -> {
                byte[] before = hashEntry(d.key());
                if (before == null) {
                    yield 0L;
                }
                LargeHash big = large(before, d.key());
                if (big != null) {
                    yield deleteLarge(big, d, journal);
                }
                HashValue h = HashValue.of(before);
                List<byte[]> removed = new ArrayList<>();
                for (byte[] f : d.fields()) {
                    if (h.remove(f)) {
                        removed.add(f);
                    }
                }
                if (!removed.isEmpty()) {
                    store(d.key(), h, before);
                    journal.append(new KvOp.HashDelete(d.key(), removed.toArray(new byte[0][])));
                    note.fire(KeyspaceEventFlags.HASH, "hdel", d.key());
                    if (h.size() == 0) {
                        note.fire(KeyspaceEventFlags.GENERIC, "del", d.key());
                    }
                }
                yield (long) removed.size();
            }
            case KvOp.HashExists x -> field(readHashEntry(x.key()), x.key(), x.field()) != null ? 1L : 0L;
            case KvOp.HashLength l -> {
                byte[] e = readHashEntry(l.key());
                LargeHash big = large(e, l.key());
                yield e == null ? 0L : big != null ? big.size() : (long) HashValue.count(e);
            }
            case KvOp.HashStringLength l -> {
                Value v = field(readHashEntry(l.key()), l.key(), l.field());
                yield v == null ? 0L : (long) v.length();
            }
            case KvOp.HashIncrementBy i -> {
                byte[] before = hashEntry(i.key());
                Value oldValue = field(before, i.key(), i.field());
                byte[] old = oldValue == null ? null : oldValue.bytes();
                long current = 0;
                if (old != null) {
                    Long parsed = StringNumbers.parseLong(old);
                    if (parsed == null) {
                        throw QuiverException.badRequest("hash value is not an integer");
                    }
                    current = parsed;
                }
                long next;
                try {
                    next = Math.addExact(current, i.delta());
                } catch (ArithmeticException e) {
                    throw QuiverException.badRequest("increment or decrement would overflow");
                }
                byte[] text = StringNumbers.bytes(next);
                putOne(i.key(), before, i.field(), text);
                journal.append(new KvOp.HashSet(i.key(), new byte[][]{i.field()}, new byte[][]{text}, false));
                changed(i.key(), before, "hincrby");
                yield next;
            }
            case KvOp.HashIncrementByFloat i -> {
                byte[] before = hashEntry(i.key());
                Value oldValue = field(before, i.key(), i.field());
                byte[] old = oldValue == null ? null : oldValue.bytes();
                double current = 0;
                if (old != null) {
                    Double parsed = StringNumbers.parseDouble(old);
                    if (parsed == null) {
                        throw QuiverException.badRequest("hash value is not a float");
                    }
                    current = parsed;
                }
                double next = current + i.delta();
                if (Double.isNaN(next) || Double.isInfinite(next)) {
                    throw QuiverException.badRequest("increment would produce NaN or Infinity");
                }
                byte[] text = StringNumbers.formatDouble(next).getBytes(StandardCharsets.US_ASCII);
                putOne(i.key(), before, i.field(), text);
                journal.append(new KvOp.HashSet(i.key(), new byte[][]{i.field()}, new byte[][]{text}, false));
                changed(i.key(), before, "hincrbyfloat");
                yield Value.of(text);
            }
            case KvOp.HashScan s -> {
                byte[] e = readHashEntry(s.key());
                List<byte[]> out = new ArrayList<>();
                GlobPattern pattern = s.pattern() == null ? null : GlobPattern.of(s.pattern());
                LargeHash big = large(e, s.key());
                if (big != null) { // a step of COUNT home buckets, SCAN's cursor and guarantee (Redis's hashtable HSCAN)
                    long next = big.scan(s.cursor(), Math.max(1, s.count()), p -> {
                        byte[] f = LargeHash.field(p);
                        if (pattern == null || pattern.matches(f)) {
                            out.add(f);
                            if (!s.noValues()) {
                                out.add(KvEntry.value(p));
                            }
                        }
                    });
                    yield new ScanPage(next, out.toArray(new byte[0][]));
                }
                // the whole hash in one step, cursor 0, as Redis answers for its compact (listpack) hashes
                HashValue h = compact(e);
                for (int i = 0; h != null && i < h.size(); i++) {
                    if (pattern == null || pattern.matches(h.field(i))) {
                        out.add(h.field(i));
                        if (!s.noValues()) {
                            out.add(h.value(i));
                        }
                    }
                }
                yield new ScanPage(0, out.toArray(new byte[0][]));
            }
            case KvOp.HashRandomField r -> randomFields(r);
            case KvOp.HashRestore r -> KvExecutor.restore(kv, journal, KvEntry.HASH, r.key(), r.encoded(), r.expireAt(),
                    r.replace(), new KvOp.HashRestore(r.key(), r.encoded(), r.expireAt(), true));
        };
    }

    private Value[] randomFields(KvOp.HashRandomField r) {
        byte[] e = readHashEntry(r.key());
        LargeHash big = large(e, r.key());
        if (big != null) {
            return randomLargeFields(big, r);
        }
        HashValue h = compact(e);
        if (h == null) {
            return r.single() ? null : new Value[0];
        }
        int n = h.size();
        List<Value> out = new ArrayList<>();
        if (r.single()) {
            int i = random.nextInt(n);
            out.add(Value.of(h.field(i)));
            return out.toArray(new Value[0]);
        }
        if (r.count() < 0) {
            for (long k = 0; k < -r.count(); k++) {
                add(out, h, random.nextInt(n), r.withValues());
            }
        } else {
            int want = (int) Math.min(r.count(), n);
            int[] order = new int[n];
            for (int i = 0; i < n; i++) {
                order[i] = i;
            }
            for (int i = 0; i < want; i++) { // a partial Fisher-Yates shuffle: distinct fields
                int j = i + random.nextInt(n - i);
                int t = order[i];
                order[i] = order[j];
                order[j] = t;
                add(out, h, order[i], r.withValues());
            }
        }
        return out.toArray(new Value[0]);
    }

    /** HSET / HSETNX on a large hash: in place, logged as the compact path logs it. */
    private Long setLarge(LargeHash big, KvOp.HashSet s, ShardJournal journal) {
        if (s.onlyIfAbsent()) {
            if (big.get(s.fields()[0]) != null) {
                return 0L;
            }
            big.put(s.fields()[0], s.values()[0]);
            journal.append(new KvOp.HashSet(s.key(), s.fields(), s.values(), false));
            note.fire(KeyspaceEventFlags.HASH, "hset", s.key());
            return 1L;
        }
        long added = 0;
        for (int i = 0; i < s.fields().length; i++) {
            added += big.put(s.fields()[i], s.values()[i]) ? 1 : 0;
        }
        journal.append(s);
        note.fire(KeyspaceEventFlags.HASH, "hset", s.key());
        return added;
    }

    private Long deleteLarge(LargeHash big, KvOp.HashDelete d, ShardJournal journal) {
        List<byte[]> removed = new ArrayList<>();
        for (byte[] f : d.fields()) {
            if (big.remove(f)) {
                removed.add(f);
            }
        }
        if (!removed.isEmpty()) {
            if (big.size() == 0) {
                kv.delete(d.key());
            }
            journal.append(new KvOp.HashDelete(d.key(), removed.toArray(new byte[0][])));
            note.fire(KeyspaceEventFlags.HASH, "hdel", d.key());
            if (big.size() == 0) {
                note.fire(KeyspaceEventFlags.GENERIC, "del", d.key());
            }
        }
        return (long) removed.size();
    }

    /** Sets one field of the hash at {@code key} (entry {@code before}, null: none), whichever form holds it. */
    private void putOne(byte[] key, byte[] before, byte[] field, byte[] value) {
        LargeHash big = large(before, key);
        if (big != null) {
            big.put(field, value);
            return;
        }
        HashValue h = before == null ? HashValue.empty() : HashValue.of(before);
        h.put(field, value);
        store(key, h, before);
    }

    /**
     * HRANDFIELD on a large hash, Redis's strategies: repeats are independent uniform picks; distinct
     * picks take the whole hash when asked for as many, shuffle a copy of the pairs when asked for
     * most of them (more than a third), and otherwise pick at random until enough distinct ones came.
     */
    private Value[] randomLargeFields(LargeHash big, KvOp.HashRandomField r) {
        List<Value> out = new ArrayList<>();
        if (r.single()) {
            out.add(Value.of(LargeHash.field(big.randomPair(random))));
            return out.toArray(new Value[0]);
        }
        int n = big.size();
        if (r.count() < 0) {
            for (long k = 0; k < -r.count(); k++) {
                addPair(out, big.randomPair(random), r.withValues());
            }
        } else if (r.count() >= n || r.count() * 3 > n) {
            byte[][] pairs = big.pairArray();
            int want = (int) Math.min(r.count(), n);
            for (int i = 0; i < want; i++) { // a partial Fisher-Yates shuffle
                int j = i + random.nextInt(n - i);
                byte[] t = pairs[i];
                pairs[i] = pairs[j];
                pairs[j] = t;
                addPair(out, pairs[i], r.withValues());
            }
        } else {
            java.util.Set<byte[]> seen = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
            while (seen.size() < r.count()) {
                byte[] p = big.randomPair(random);
                if (seen.add(p)) {
                    addPair(out, p, r.withValues());
                }
            }
        }
        return out.toArray(new Value[0]);
    }

    private static void addPair(List<Value> out, byte[] pair, boolean withValues) {
        out.add(Value.of(LargeHash.field(pair)));
        if (withValues) {
            out.add(LargeHash.value(pair));
        }
    }

    private static void add(List<Value> out, HashValue h, int i, boolean withValues) {
        out.add(Value.of(h.field(i)));
        if (withValues) {
            out.add(Value.of(h.value(i)));
        }
    }
}
