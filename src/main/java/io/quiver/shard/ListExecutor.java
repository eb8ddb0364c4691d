package io.quiver.shard;

import io.quiver.config.KeyspaceEventFlags;
import io.quiver.error.QuiverException;
import io.quiver.kv.KvEntry;
import io.quiver.kv.KvStore;
import io.quiver.kv.ListValue;
import io.quiver.kv.Value;

/**
 * Applies {@link KvOp.ListOp}s to a shard's {@link KvStore}: a list is one entry of type
 * {@link KvEntry#LIST} ({@link ListValue}), so it expires, renames, moves and is snapshotted as any
 * key; an emptied list deletes its key, as in Redis. Every change is deterministic given the list
 * before it, so it reaches the journal as it is (a pop with the number of elements it took).
 * Redis's error words and keyspace events (class {@code l}).
 */
final class ListExecutor {
    private final KvStore kv;
    private final KeyNotifier note;

    ListExecutor(KvStore kv, KeyNotifier note) {
        this.kv = kv;
        this.note = note;
    }

    private byte[] listEntry(byte[] key) {
        return KvExecutor.entryOfType(kv, key, KvEntry.LIST);
    }

    /** A read's lookup: Redis's keymiss event when there is no key. */
    private byte[] readListEntry(byte[] key) {
        byte[] e = listEntry(key);
        note.missIfAbsent(e, key);
        return e;
    }

    /** Stores {@code l} under {@code key} keeping the key's expiry; an empty list removes the key (and fires "del"). */
    private void store(byte[] key, ListValue l, byte[] before) {
        if (l.size() == 0) {
            kv.delete(key);
            note.fire(KeyspaceEventFlags.GENERIC, "del", key);
            return;
        }
        kv.put(KvEntry.ofType(KvEntry.LIST, key, l.encode(), before == null ? 0 : KvEntry.expireAt(before)));
    }

    /** Redis's index rule: negative counts from the tail. */
    private static long absolute(long index, int size) {
        return index < 0 ? size + index : index;
    }

    Object execute(KvOp.ListOp<?> op, ShardJournal journal) {
        return switch (op) {
            case KvOp.ListPush p -> {
                byte[] before = listEntry(p.key());
                if (before == null && p.onlyIfExists()) {
                    yield 0L;
                }
                ListValue l = before == null ? ListValue.empty() : ListValue.of(before);
                for (byte[] element : p.elements()) {
                    l.push(element, p.left());
                }
                kv.put(KvEntry.ofType(KvEntry.LIST, p.key(), l.encode(), before == null ? 0 : KvEntry.expireAt(before)));
                journal.append(new KvOp.ListPush(p.key(), p.elements(), p.left(), false));
                if (before == null) {
                    note.fireNew(p.key());
                }
                note.fire(KeyspaceEventFlags.LIST, p.left() ? "lpush" : "rpush", p.key());
                yield (long) l.size();
            }
            case KvOp.ListPop p -> {
                byte[] before = readListEntry(p.key());
                if (before == null) {
                    yield null;
                }
                ListValue l = ListValue.of(before);
                int n = p.count() < 0 ? 1 : (int) Math.min(p.count(), l.size());
                Value[] out = new Value[n];
                for (int i = 0; i < n; i++) {
                    out[i] = Value.of(l.pop(p.left()));
                }
                if (n > 0) {
                    journal.append(new KvOp.ListPop(p.key(), p.left(), n));
                    note.fire(KeyspaceEventFlags.LIST, p.left() ? "lpop" : "rpop", p.key());
                    store(p.key(), l, before);
                }
                yield out;
            }
            case KvOp.ListLength l -> {
                byte[] e = readListEntry(l.key());
                yield e == null ? 0L : (long) ListValue.count(e);
            }
            case KvOp.ListRange r -> {
                byte[] e = readListEntry(r.key());
                if (e == null) {
                    yield new Value[0];
                }
                ListValue l = ListValue.of(e);
                int size = l.size();
                long start = Math.max(0, absolute(r.start(), size));
                long stop = Math.min(absolute(r.stop(), size), size - 1L);
                if (start > stop || start >= size) {
                    yield new Value[0];
                }
                Value[] out = new Value[(int) (stop - start + 1)];
                for (int i = 0; i < out.length; i++) {
                    out[i] = Value.of(l.get((int) start + i));
                }
                yield out;
            }
            case KvOp.ListIndex x -> {
                byte[] e = readListEntry(x.key());
                if (e == null) {
                    yield null;
                }
                ListValue l = ListValue.of(e);
                long i = absolute(x.index(), l.size());
                yield i < 0 || i >= l.size() ? null : Value.of(l.get((int) i));
            }
            case KvOp.ListSet s -> {
                byte[] before = listEntry(s.key());
                if (before == null) {
                    throw QuiverException.badRequest("no such key");
                }
                ListValue l = ListValue.of(before);
                long i = absolute(s.index(), l.size());
                if (i < 0 || i >= l.size()) {
                    throw QuiverException.badRequest("index out of range");
                }
                l.set((int) i, s.element());
                store(s.key(), l, before);
                journal.append(s);
                note.fire(KeyspaceEventFlags.LIST, "lset", s.key());
                yield Boolean.TRUE;
            }
            case KvOp.ListRemove r -> {
                byte[] before = listEntry(r.key());
                if (before == null) {
                    yield 0L;
                }
                ListValue l = ListValue.of(before);
                long removed = l.remove(r.element(), r.count());
                if (removed > 0) {
                    journal.append(r);
                    note.fire(KeyspaceEventFlags.LIST, "lrem", r.key());
                    store(r.key(), l, before);
                }
                yield removed;
            }
            case KvOp.ListTrim t -> {
                byte[] before = listEntry(t.key());
                if (before == null) {
                    yield Boolean.TRUE;
                }
                ListValue l = ListValue.of(before);
                int size = l.size();
                long start = Math.max(0, absolute(t.start(), size));
                long stop = Math.min(absolute(t.stop(), size), size - 1L);
                if (start > stop || start >= size) {
                    l.keep(1, 0);
                } else {
                    l.keep((int) start, (int) stop);
                }
                if (l.size() != size) {
                    journal.append(t);
                }
                note.fire(KeyspaceEventFlags.LIST, "ltrim", t.key());
                if (l.size() != size) {
                    store(t.key(), l, before);
                }
                yield Boolean.TRUE;
            }
            case KvOp.ListRestore r -> KvExecutor.restore(kv, journal, KvEntry.LIST, r.key(), r.encoded(), r.expireAt(),
                    r.replace(), new KvOp.ListRestore(r.key(), r.encoded(), r.expireAt(), true));
        };
    }
}
