package io.quiver.shard;

import io.quiver.config.KeyspaceEventFlags;
import io.quiver.error.QuiverException;
import io.quiver.kv.KvEntry;
import io.quiver.kv.KvStore;
import io.quiver.kv.LargeList;
import io.quiver.kv.ListItems;
import io.quiver.kv.ListValue;
import io.quiver.kv.Value;

/**
 * Applies {@link KvOp.ListOp}s to a shard's {@link KvStore}: a list is one entry of type
 * {@link KvEntry#LIST}, so it expires, renames, moves and is snapshotted as any key; an emptied list
 * deletes its key, as in Redis. A short list is encoded in its entry ({@link ListValue}: a change
 * decodes and re-encodes it); one past {@link io.quiver.kv.EncodingLimits#LIST_MAX_BYTES} is a
 * {@link LargeList}, changed in place (O(1) pushes and pops at both ends). Every change is deterministic given the list
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

    /** The list of entry {@code e} of {@code key} to read or change: its large form itself, or the compact one decoded. */
    private ListItems items(byte[] e, byte[] key) {
        LargeList big = kv.largeList(e, key);
        return big != null ? big : ListValue.of(e);
    }

    /**
     * After a change of {@code l} at {@code key}: a compact list is encoded and stored keeping the key's
     * expiry (as its large form once past the limit); a large one was changed in place. An empty list
     * removes the key (and fires "del").
     */
    private void store(byte[] key, ListItems l, byte[] before) {
        if (l.size() == 0) {
            kv.delete(key);
            note.fire(KeyspaceEventFlags.GENERIC, "del", key);
            return;
        }
        if (l instanceof ListValue compact) {
            kv.put(KvEntry.ofType(KvEntry.LIST, key, compact.encode(), before == null ? 0 : KvEntry.expireAt(before)));
        }
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
                ListItems l = before == null ? ListValue.empty() : items(before, p.key());
                for (byte[] element : p.elements()) {
                    l.push(element, p.left());
                }
                store(p.key(), l, before);
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
                ListItems l = items(before, p.key());
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
                LargeList big = e == null ? null : kv.largeList(e, l.key());
                yield e == null ? 0L : big != null ? big.size() : (long) ListValue.count(e);
            }
            case KvOp.ListRange r -> {
                byte[] e = readListEntry(r.key());
                if (e == null) {
                    yield new Value[0];
                }
                ListItems l = items(e, r.key());
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
                ListItems l = items(e, x.key());
                long i = absolute(x.index(), l.size());
                yield i < 0 || i >= l.size() ? null : Value.of(l.get((int) i));
            }
            case KvOp.ListSet s -> {
                byte[] before = listEntry(s.key());
                if (before == null) {
                    throw QuiverException.badRequest("no such key");
                }
                ListItems l = items(before, s.key());
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
                ListItems l = items(before, r.key());
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
                ListItems l = items(before, t.key());
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
