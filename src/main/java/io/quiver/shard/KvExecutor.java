package io.quiver.shard;

import io.quiver.config.KeyspaceEventFlags;
import io.quiver.error.QuiverException;
import io.quiver.kv.GlobPattern;
import io.quiver.kv.KvEntry;
import io.quiver.kv.KvStore;
import io.quiver.kv.ScanPage;
import io.quiver.kv.SetCondition;
import io.quiver.kv.StoredValue;
import io.quiver.kv.StringNumbers;
import io.quiver.kv.Value;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Applies {@link KvOp}s to a shard's {@link KvStore} and tells the journal each change in canonical
 * form: the command as its effect, with absolute times (an INCR is logged as the SET of its result
 * keeping the key's expiry, an EXPIRE in the past as a DEL), so that replay, whenever it runs,
 * rebuilds the same pairs. Redis's error words, so the RESP front end passes them on unchanged.
 * Each change fires Redis's keyspace event for it ({@link KeyNotifier}: nothing when none is on).
 */
final class KvExecutor {
    /** Redis's proto-max-bulk-len default: no string grows past it by APPEND or SETRANGE. */
    static final long MAX_STRING = 512L * 1024 * 1024;
    private static final int EXPIRE_SLICE = 1024;
    private static final int EXPIRE_SLICE_ENOUGH = 16;
    static final String NOT_AN_INTEGER = "value is not an integer or out of range";

    private final KvStore kv;
    private final SplittableRandom random = new SplittableRandom();
    private final HashExecutor hashes;
    private final ListExecutor lists;
    final KeyNotifier note;

    KvExecutor(KvStore kv, KeyNotifier note) {
        this.kv = kv;
        this.note = note;
        this.hashes = new HashExecutor(kv, note);
        this.lists = new ListExecutor(kv, note);
    }

    /** The entry of {@code key} if it holds a value of {@code type}, null when there is no key; WRONGTYPE otherwise. */
    /**
     * The second half of a RENAME, COPY or MOVE across shards, and RESTORE, for a value of any type: false when
     * the key exists and {@code replace} is off; a value whose TTL ran out on the way leaves no key, as it would
     * have been. Logged as {@code logged} (the op with replace on), or as a DEL of what it removed.
     */
    static Boolean restore(KvStore kv, ShardJournal journal, int type, byte[] key, byte[] value, long expireAt,
                           boolean replace, KvOp<?> logged) {
        if (!replace && kv.contains(key)) {
            return Boolean.FALSE;
        }
        if (expireAt != 0 && expireAt <= kv.now()) {
            if (kv.delete(key)) {
                journal.append(new KvOp.Delete(new byte[][]{key}));
            }
            return Boolean.TRUE;
        }
        kv.put(KvEntry.ofType(type, key, value, expireAt));
        journal.append(logged);
        return Boolean.TRUE;
    }

    static byte[] entryOfType(KvStore kv, byte[] key, int type) {
        byte[] e = kv.getEntry(key);
        if (e != null && KvEntry.type(e) != type) {
            throw QuiverException.wrongType();
        }
        return e;
    }

    private byte[] stringEntry(byte[] key) {
        return entryOfType(kv, key, KvEntry.STRING);
    }

    private Value stringValue(byte[] key) {
        return Value.ofEntry(stringEntry(key));
    }

    /** A read's lookup: as {@link #stringEntry}, and Redis's keymiss event when there is no key. */
    private byte[] readStringEntry(byte[] key) {
        byte[] e = stringEntry(key);
        note.missIfAbsent(e, key);
        return e;
    }

    Object execute(KvOp<?> op, ShardJournal journal) {
        return switch (op) {
            case KvOp.Get g -> Value.ofEntry(readStringEntry(g.key()));
            case KvOp.HashOp<?> h -> hashes.execute(h, journal);
            case KvOp.ListOp<?> l -> lists.execute(l, journal);
            case KvOp.TypeOf t -> {
                byte[] e = kv.getEntry(t.key());
                yield e == null ? 0L : switch (KvEntry.type(e)) {
                    case KvEntry.HASH -> 2L;
                    case KvEntry.LIST -> 3L;
                    default -> 1L;
                };
            }
            case KvOp.DbSize d -> (long) kv.size();
            case KvOp.FlushDb f -> {
                kv.clear();
                journal.append(f);
                yield Boolean.TRUE;
            }
            case KvOp.InDb<?> d -> throw new IllegalArgumentException("the shard unwraps InDb before its executor");
            case KvOp.Set s -> set(s, journal);
            case KvOp.SetAndGet s -> {
                Value old = stringValue(s.key());
                set(new KvOp.Set(s.key(), s.value(), s.condition(), s.expireAt(), s.keepTtl()), journal);
                yield old;
            }
            case KvOp.GetAndExpire g -> getAndExpire(g, journal);
            case KvOp.GetAndDelete g -> {
                Value v = Value.ofEntry(readStringEntry(g.key()));
                if (v != null) {
                    kv.delete(g.key());
                    journal.append(new KvOp.Delete(new byte[][]{g.key()}));
                    note.fire(KeyspaceEventFlags.GENERIC, "del", g.key());
                }
                yield v;
            }
            case KvOp.Delete d -> {
                long n = 0;
                for (byte[] k : d.keys()) {
                    if (kv.delete(k)) {
                        n++;
                        note.fire(KeyspaceEventFlags.GENERIC, "del", k);
                    }
                }
                if (n > 0) {
                    journal.append(d);
                }
                yield n;
            }
            case KvOp.Exists e -> {
                long n = 0;
                for (byte[] k : e.keys()) {
                    n += kv.contains(k) ? 1 : 0;
                }
                yield n;
            }
            case KvOp.MultiGet m -> {
                Value[] out = new Value[m.keys().length];
                for (int i = 0; i < out.length; i++) {
                    byte[] e = kv.getEntry(m.keys()[i]);
                    note.missIfAbsent(e, m.keys()[i]);
                    out[i] = e != null && KvEntry.type(e) == KvEntry.STRING ? Value.ofEntry(e) : null; // MGET: nil for other types
                }
                yield out;
            }
            case KvOp.MultiSet m -> {
                for (int i = 0; i < m.keys().length; i++) {
                    boolean fresh = note.wantsNew() && !kv.contains(m.keys()[i]);
                    kv.set(m.keys()[i], m.values()[i], SetCondition.ALWAYS);
                    if (fresh) {
                        note.fireNew(m.keys()[i]);
                    }
                    note.fire(KeyspaceEventFlags.STRING, "set", m.keys()[i]);
                }
                journal.append(m);
                yield Boolean.TRUE;
            }
            case KvOp.MultiSetIfAbsent m -> {
                for (byte[] k : m.keys()) {
                    if (kv.contains(k)) {
                        yield Boolean.FALSE;
                    }
                }
                KvOp.MultiSet all = new KvOp.MultiSet(m.keys(), m.values());
                yield execute(all, journal);
            }
            case KvOp.Expire e -> {
                byte[] entry = kv.getEntry(e.key());
                if (entry == null || !e.condition().allows(KvEntry.expireAt(entry), e.expireAt())) {
                    yield Boolean.FALSE;
                }
                expireAt(e.key(), e.expireAt(), journal);
                yield Boolean.TRUE;
            }
            case KvOp.Persist p -> {
                byte[] entry = kv.getEntry(p.key());
                if (entry == null || KvEntry.expireAt(entry) == 0) {
                    yield Boolean.FALSE;
                }
                kv.setExpiry(p.key(), 0);
                journal.append(p);
                note.fire(KeyspaceEventFlags.GENERIC, "persist", p.key());
                yield Boolean.TRUE;
            }
            case KvOp.ExpireTime t -> {
                byte[] entry = kv.getEntry(t.key());
                note.missIfAbsent(entry, t.key());
                yield entry == null ? -2L : KvEntry.expireAt(entry) == 0 ? -1L : KvEntry.expireAt(entry);
            }
            case KvOp.IncrementBy i -> incrementBy(i, journal);
            case KvOp.IncrementByFloat i -> incrementByFloat(i, journal);
            case KvOp.Append a -> {
                byte[] entry = stringEntry(a.key());
                byte[] old = entry == null ? new byte[0] : KvEntry.value(entry);
                if ((long) old.length + a.suffix().length > MAX_STRING) {
                    throw QuiverException.badRequest("string exceeds maximum allowed size (proto-max-bulk-len)");
                }
                byte[] joined = Arrays.copyOf(old, old.length + a.suffix().length);
                System.arraycopy(a.suffix(), 0, joined, old.length, a.suffix().length);
                replaceValue(a.key(), joined, entry, journal, "append");
                yield (long) joined.length;
            }
            case KvOp.StringLength s -> {
                byte[] entry = readStringEntry(s.key());
                yield entry == null ? 0L : (long) KvEntry.valueLength(entry);
            }
            case KvOp.GetRange r -> getRange(r);
            case KvOp.SetRange r -> setRange(r, journal);
            case KvOp.SetBit b -> {
                byte[] entry = stringEntry(b.key());
                int byteIndex = (int) (b.offset() >>> 3), mask = 0x80 >>> (int) (b.offset() & 7);
                byte[] value = entry == null ? new byte[0] : KvEntry.value(entry);
                long old = byteIndex < value.length && (value[byteIndex] & mask) != 0 ? 1 : 0;
                if (byteIndex >= value.length) {
                    value = Arrays.copyOf(value, byteIndex + 1);
                }
                value[byteIndex] = (byte) (b.bit() ? value[byteIndex] | mask : value[byteIndex] & ~mask);
                replaceValue(b.key(), value, entry, journal, "setbit");
                yield old;
            }
            case KvOp.GetBit g -> {
                byte[] entry = readStringEntry(g.key());
                long byteIndex = g.offset() >>> 3;
                if (entry == null || byteIndex >= KvEntry.valueLength(entry)) {
                    yield 0L;
                }
                yield (entry[KvEntry.valueOffset(entry) + (int) byteIndex] & (0x80 >>> (int) (g.offset() & 7))) != 0 ? 1L : 0L;
            }
            case KvOp.BitCount c -> bitCount(c);
            case KvOp.Scan s -> {
                GlobPattern pattern = s.pattern() == null ? null : GlobPattern.of(s.pattern());
                List<byte[]> keys = new ArrayList<>();
                long next = kv.scan(s.cursor(), Math.max(1, s.count()), e -> collect(e, pattern, keys));
                yield new ScanPage(next, keys.toArray(new byte[0][]));
            }
            case KvOp.ScanType s -> {
                GlobPattern pattern = s.pattern() == null ? null : GlobPattern.of(s.pattern());
                List<byte[]> keys = new ArrayList<>();
                long next = kv.scan(s.cursor(), Math.max(1, s.count()), e -> {
                    if (KvEntry.type(e) == s.type()) {
                        collect(e, pattern, keys);
                    }
                });
                yield new ScanPage(next, keys.toArray(new byte[0][]));
            }
            case KvOp.Keys k -> {
                GlobPattern pattern = GlobPattern.of(k.pattern());
                List<byte[]> keys = new ArrayList<>();
                long now = kv.now();
                kv.forEachEntry(e -> {
                    long at = KvEntry.expireAt(e);
                    if (at == 0 || at > now) {
                        collect(e, pattern, keys);
                    }
                });
                yield new ScanPage(0, keys.toArray(new byte[0][]));
            }
            case KvOp.RandomKey r -> {
                byte[] e = kv.randomEntry(random);
                yield e == null ? null : Value.of(KvEntry.key(e));
            }
            case KvOp.Rename r -> {
                byte[] entry = kv.getEntry(r.from());
                if (entry == null) {
                    yield -1L;
                }
                if (r.onlyIfAbsent() && kv.contains(r.to())) {
                    yield 0L;
                }
                if (!Arrays.equals(r.from(), r.to())) {
                    boolean fresh = note.wantsNew() && !kv.contains(r.to());
                    kv.rename(r.from(), r.to());
                    journal.append(new KvOp.Rename(r.from(), r.to(), false));
                    if (fresh) {
                        note.fireNew(r.to());
                    }
                    note.fire(KeyspaceEventFlags.GENERIC, "rename_from", r.from());
                    note.fire(KeyspaceEventFlags.GENERIC, "rename_to", r.to());
                }
                yield 1L;
            }
            case KvOp.Copy c -> {
                byte[] entry = kv.getEntry(c.from());
                if (entry == null) {
                    yield -1L;
                }
                if (!c.replace() && kv.contains(c.to())) {
                    yield 0L;
                }
                boolean fresh = note.wantsNew() && !kv.contains(c.to());
                kv.putCopy(entry, c.to());
                journal.append(new KvOp.Copy(c.from(), c.to(), true));
                if (fresh) {
                    note.fireNew(c.to());
                }
                note.fire(KeyspaceEventFlags.GENERIC, "copy_to", c.to());
                yield 1L;
            }
            case KvOp.Dump d -> {
                byte[] entry = kv.getEntry(d.key());
                yield entry == null ? null : new StoredValue(Value.of(kv.encodedValue(entry)), KvEntry.expireAt(entry), KvEntry.type(entry));
            }
            case KvOp.Restore r -> restore(kv, journal, KvEntry.STRING, r.key(), r.value(), r.expireAt(), r.replace(),
                    new KvOp.Restore(r.key(), r.value(), r.expireAt(), true));
            case KvOp.ObjectEncoding o -> {
                byte[] entry = kv.getEntry(o.key());
                yield entry == null ? 0L : KvEntry.isLarge(entry) ? 2L : 1L;
            }
            case KvOp.MemoryUsage m -> {
                byte[] entry = kv.getEntry(m.key());
                yield entry == null ? -1L : kv.memoryUsage(entry); // the array, its header, the slot and its hash; a large value's own
            }
        };
    }

    private Boolean set(KvOp.Set s, ShardJournal journal) {
        byte[] before = s.keepTtl() ? kv.getEntry(s.key()) : null;
        boolean fresh = note.wantsNew() && !kv.contains(s.key());
        boolean stored = kv.set(s.key(), s.value(), s.condition(), s.expireAt(), s.keepTtl());
        if (stored) { // logged unconditionally, with its expiry resolved: on replay the condition has already been decided
            long at = s.keepTtl() ? (before == null ? 0 : KvEntry.expireAt(before)) : s.expireAt();
            journal.append(s.condition() == SetCondition.ALWAYS && !s.keepTtl() ? s
                    : new KvOp.Set(s.key(), s.value(), SetCondition.ALWAYS, at, false));
            if (fresh) {
                note.fireNew(s.key());
            }
            note.fire(KeyspaceEventFlags.STRING, "set", s.key());
            if (s.expireAt() != 0 && !s.keepTtl()) { // SET EX/PX, SETEX: Redis's "expire" after the "set"
                note.fire(KeyspaceEventFlags.GENERIC, "expire", s.key());
            }
        }
        return stored;
    }

    private Value getAndExpire(KvOp.GetAndExpire g, ShardJournal journal) {
        byte[] entry = readStringEntry(g.key());
        if (entry == null) {
            return null;
        }
        Value v = Value.of(KvEntry.value(entry));
        if (g.persist()) {
            if (KvEntry.expireAt(entry) != 0) {
                kv.setExpiry(g.key(), 0);
                journal.append(new KvOp.Persist(g.key()));
                note.fire(KeyspaceEventFlags.GENERIC, "persist", g.key());
            }
        } else if (g.expireAt() != 0) {
            expireAt(g.key(), g.expireAt(), journal);
        }
        return v;
    }

    /** Sets an existing key's expiry; one not in the future removes the key now, logged as a DEL. */
    private void expireAt(byte[] key, long at, ShardJournal journal) {
        if (at <= kv.now()) {
            kv.delete(key);
            journal.append(new KvOp.Delete(new byte[][]{key}));
            note.fire(KeyspaceEventFlags.GENERIC, "del", key);
        } else {
            kv.setExpiry(key, at);
            journal.append(new KvOp.Expire(key, at, io.quiver.kv.ExpireCondition.ALWAYS));
            note.fire(KeyspaceEventFlags.GENERIC, "expire", key);
        }
    }

    private Long incrementBy(KvOp.IncrementBy i, ShardJournal journal) {
        byte[] entry = stringEntry(i.key());
        long current = 0;
        if (entry != null) {
            Long parsed = StringNumbers.parseLong(entry, KvEntry.valueOffset(entry), KvEntry.valueLength(entry));
            if (parsed == null) {
                throw QuiverException.badRequest(NOT_AN_INTEGER);
            }
            current = parsed;
        }
        long next;
        try {
            next = Math.addExact(current, i.delta());
        } catch (ArithmeticException e) {
            throw QuiverException.badRequest("increment or decrement would overflow");
        }
        replaceValue(i.key(), StringNumbers.bytes(next), entry, journal, "incrby");
        return next;
    }

    private Value incrementByFloat(KvOp.IncrementByFloat i, ShardJournal journal) {
        byte[] entry = stringEntry(i.key());
        double current = 0;
        if (entry != null) {
            Double parsed = StringNumbers.parseDouble(KvEntry.value(entry));
            if (parsed == null) {
                throw QuiverException.badRequest("value is not a valid float");
            }
            current = parsed;
        }
        double next = current + i.delta();
        if (Double.isNaN(next) || Double.isInfinite(next)) {
            throw QuiverException.badRequest("increment would produce NaN or Infinity");
        }
        byte[] text = StringNumbers.formatDouble(next).getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        replaceValue(i.key(), text, entry, journal, "incrbyfloat");
        return Value.of(text);
    }

    private Value getRange(KvOp.GetRange r) {
        byte[] entry = readStringEntry(r.key());
        if (entry == null) {
            return Value.of(new byte[0]);
        }
        long len = KvEntry.valueLength(entry), start = r.start(), end = r.end();
        if (start < 0 && end < 0 && start > end) {
            return Value.of(new byte[0]);
        }
        if (start < 0) {
            start = len + start;
        }
        if (end < 0) {
            end = len + end;
        }
        start = Math.max(0, start);
        end = Math.max(0, end);
        end = Math.min(end, len - 1);
        if (start > end || len == 0) {
            return Value.of(new byte[0]);
        }
        int off = KvEntry.valueOffset(entry);
        return Value.of(Arrays.copyOfRange(entry, off + (int) start, off + (int) end + 1));
    }

    private Long setRange(KvOp.SetRange r, ShardJournal journal) {
        if (r.offset() < 0) {
            throw QuiverException.badRequest("offset is out of range");
        }
        byte[] entry = stringEntry(r.key());
        int oldLength = entry == null ? 0 : KvEntry.valueLength(entry);
        if (r.bytes().length == 0) {
            return (long) oldLength; // nothing to write: a missing key is not created
        }
        if (r.offset() > MAX_STRING - r.bytes().length) {
            throw QuiverException.badRequest("string exceeds maximum allowed size (proto-max-bulk-len)");
        }
        int newLength = (int) Math.max(oldLength, r.offset() + r.bytes().length);
        byte[] value = new byte[newLength];
        if (entry != null) {
            System.arraycopy(entry, KvEntry.valueOffset(entry), value, 0, oldLength);
        }
        System.arraycopy(r.bytes(), 0, value, (int) r.offset(), r.bytes().length);
        replaceValue(r.key(), value, entry, journal, "setrange");
        return (long) newLength;
    }

    private Long bitCount(KvOp.BitCount c) {
        byte[] entry = readStringEntry(c.key());
        if (entry == null) {
            return 0L;
        }
        int off = KvEntry.valueOffset(entry);
        long len = KvEntry.valueLength(entry);
        long total = c.bits() ? len * 8 : len;
        long start = 0, end = total - 1;
        if (c.range()) {
            start = c.start() < 0 ? Math.max(0, total + c.start()) : c.start();
            end = c.end() < 0 ? Math.max(0, total + c.end()) : c.end();
            if (c.start() < 0 && c.end() < 0 && c.start() > c.end()) {
                return 0L;
            }
            end = Math.min(end, total - 1);
        }
        if (start > end || total == 0) {
            return 0L;
        }
        long n = 0;
        if (!c.bits()) {
            for (long i = start; i <= end; i++) {
                n += Integer.bitCount(entry[off + (int) i] & 0xFF);
            }
        } else {
            for (long i = start; i <= end; i++) {
                n += (entry[off + (int) (i >>> 3)] & (0x80 >>> (int) (i & 7))) != 0 ? 1 : 0;
            }
        }
        return n;
    }

    /** Stores a computed value, keeping the key's expiry, logged as the SET of the result; {@code event}: the string event. */
    private void replaceValue(byte[] key, byte[] value, byte[] before, ShardJournal journal, String event) {
        long at = before == null ? 0 : KvEntry.expireAt(before);
        byte[] entry = KvEntry.of(key, value, at);
        if (before == null) {
            kv.put(entry);
        } else {
            kv.replace(before, entry);
        }
        journal.append(new KvOp.Set(key, value, SetCondition.ALWAYS, at, false));
        if (before == null) {
            note.fireNew(key);
        }
        note.fire(KeyspaceEventFlags.STRING, event, key);
    }

    private static void collect(byte[] entry, GlobPattern pattern, List<byte[]> keys) {
        int off = KvEntry.valueOffset(entry) - KvEntry.keyLength(entry);
        if (pattern == null || pattern.matches(entry, off, KvEntry.keyLength(entry))) {
            keys.add(KvEntry.key(entry));
        }
    }

    /** Active expiry for one cycle of about {@code budgetNanos}: slices of the table while many keys turn out due. */
    int expireCycle(long budgetNanos) {
        long deadline = System.nanoTime() + budgetNanos;
        int removed = 0;
        while (true) {
            int n = kv.expireCycle(EXPIRE_SLICE);
            removed += n;
            // a slice that found few due keys means the rest can wait for the next cycle
            if (n < EXPIRE_SLICE_ENOUGH || kv.volatileKeys() == 0 || System.nanoTime() >= deadline) {
                return removed;
            }
        }
    }
}
