package io.quiver.shard;

import io.quiver.config.KeyspaceEventFlags;
import io.quiver.error.QuiverException;
import io.quiver.kv.GlobPattern;
import io.quiver.kv.HashValue;
import io.quiver.kv.KvEntry;
import io.quiver.kv.KvStore;
import io.quiver.kv.ScanPage;
import io.quiver.kv.StringNumbers;
import io.quiver.kv.Value;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Applies {@link KvOp.HashOp}s to a shard's {@link KvStore}: a hash is one entry of type
 * {@link KvEntry#HASH} ({@link HashValue}), so it expires, renames, moves and is snapshotted as any
 * key. Changes reach the journal in canonical form (an HINCRBY as the HSET of its result, an HSETNX
 * that set as an HSET). Redis's error words.
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

    /** A read's lookup of the hash at {@code key}: Redis's keymiss event when there is none. */
    private HashValue hash(byte[] key) {
        byte[] e = readHashEntry(key);
        return e == null ? null : HashValue.of(e);
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
            case KvOp.HashGet g -> {
                byte[] e = readHashEntry(g.key());
                byte[] v = e == null ? null : HashValue.get(e, g.field());
                yield v == null ? null : Value.of(v);
            }
            case KvOp.HashMultiGet m -> {
                HashValue h = hash(m.key());
                Value[] out = new Value[m.fields().length];
                for (int i = 0; i < out.length; i++) {
                    byte[] v = h == null ? null : h.get(m.fields()[i]);
                    out[i] = v == null ? null : Value.of(v);
                }
                yield out;
            }
            case KvOp.HashGetAll a -> {
                HashValue h = hash(a.key());
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
            case KvOp.HashExists x -> {
                byte[] e = readHashEntry(x.key());
                yield e != null && HashValue.get(e, x.field()) != null ? 1L : 0L;
            }
            case KvOp.HashLength l -> {
                byte[] e = readHashEntry(l.key());
                yield e == null ? 0L : (long) HashValue.count(e);
            }
            case KvOp.HashStringLength l -> {
                byte[] e = readHashEntry(l.key());
                byte[] v = e == null ? null : HashValue.get(e, l.field());
                yield v == null ? 0L : (long) v.length;
            }
            case KvOp.HashIncrementBy i -> {
                byte[] before = hashEntry(i.key());
                HashValue h = before == null ? HashValue.empty() : HashValue.of(before);
                byte[] old = h.get(i.field());
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
                h.put(i.field(), text);
                store(i.key(), h, before);
                journal.append(new KvOp.HashSet(i.key(), new byte[][]{i.field()}, new byte[][]{text}, false));
                changed(i.key(), before, "hincrby");
                yield next;
            }
            case KvOp.HashIncrementByFloat i -> {
                byte[] before = hashEntry(i.key());
                HashValue h = before == null ? HashValue.empty() : HashValue.of(before);
                byte[] old = h.get(i.field());
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
                h.put(i.field(), text);
                store(i.key(), h, before);
                journal.append(new KvOp.HashSet(i.key(), new byte[][]{i.field()}, new byte[][]{text}, false));
                changed(i.key(), before, "hincrbyfloat");
                yield Value.of(text);
            }
            case KvOp.HashScan s -> {
                // the whole hash in one step, cursor 0, as Redis answers for its compact (listpack) hashes
                HashValue h = hash(s.key());
                List<byte[]> out = new ArrayList<>();
                GlobPattern pattern = s.pattern() == null ? null : GlobPattern.of(s.pattern());
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
        HashValue h = hash(r.key());
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

    private static void add(List<Value> out, HashValue h, int i, boolean withValues) {
        out.add(Value.of(h.field(i)));
        if (withValues) {
            out.add(Value.of(h.value(i)));
        }
    }
}
