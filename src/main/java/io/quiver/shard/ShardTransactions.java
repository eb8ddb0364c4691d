package io.quiver.shard;

import io.quiver.error.QuiverException;
import io.quiver.kv.KvStore;
import io.quiver.status.PersistenceStats;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.IntFunction;

/**
 * One shard's side of transactions (MULTI/EXEC) and WATCH; plain Java on the shard's thread.
 *
 * <p><b>Locking.</b> A transaction locks each shard it involves with {@link TxOp.Lock}; while held,
 * the shard runs only that transaction's batches ({@link ShardVerticle} keeps the others waiting, in
 * order), so no other client's command runs on the shard between the transaction's first and last
 * command. Coordinators take the locks of a transaction over several shards one at a time in
 * ascending shard order, each after the previous is granted: a transaction waits only for shards
 * above every one it holds, so no cycle of waits, no deadlock. A transaction on one shard whose
 * commands are each one operation is one operation itself ({@link TxOp.Exec}): held, run, logged
 * and released in that one step.
 *
 * <p><b>Logging.</b> While a shard is held, its changes are kept aside and logged as one
 * {@link TxOp.Record} at the end, so a torn log tail loses the whole of the shard's part or none.
 * Over several shards, the record names every participant and the sequence number its record has
 * in its log (known at lock time: a held shard logs nothing else); recovery replays a record only
 * if every participant logged its part (see {@code persist.Recovery}).
 *
 * <p><b>WATCH.</b> Each watched key has a change count here, bumped by every logged change of it
 * (the log sees every change, in canonical form); a stamp is the count and whether the key exists,
 * so expiry, FLUSH and SWAPDB (which change existence without a logged write of the key) count too.
 */
final class ShardTransactions {
    private final int shardIndex;
    private final IntFunction<KvStore> existingStore;
    /** The journal changes go to outside transactions. */
    private ShardJournal journal = ShardJournal.NONE;
    private final Map<WatchKey, long[]> watched = new HashMap<>(); // {change count, watchers}

    private long holder;
    private boolean commitAtBatchEnd;
    private boolean logged;
    private long lockedSeq;
    private final List<ShardOp<?>> held = new ArrayList<>();

    /** What the shard's executors log to: changes go through here (watch counts, held while locked). */
    final ShardJournal changes = new Changes();

    ShardTransactions(int shardIndex, IntFunction<KvStore> existingStore) {
        this.shardIndex = shardIndex;
        this.existingStore = existingStore;
    }

    void attachJournal(ShardJournal journal) {
        this.journal = journal;
    }

    /** The transaction holding the shard, or 0. */
    long holder() {
        return holder;
    }

    Object execute(TxOp<?> op, java.util.function.Function<ShardOp<?>, Object> run) {
        return switch (op) {
            case TxOp.Lock l -> lock(l);
            case TxOp.Exec e -> exec(e, run);
            case TxOp.InTx<?> t -> {
                if (holder != t.txId()) {
                    throw new QuiverException(io.quiver.error.ErrorCode.CONFLICT,
                            "EXECABORT the transaction does not hold shard " + shardIndex + " (aborted)");
                }
                yield run.apply(t.op());
            }
            case TxOp.Commit c -> {
                if (holder != c.txId()) {
                    yield Boolean.FALSE;
                }
                log(new int[]{shardIndex}, new long[]{lockedSeq});
                unlock();
                yield Boolean.TRUE;
            }
            case TxOp.Prepare p -> {
                if (holder != p.txId()) {
                    yield Boolean.FALSE;
                }
                log(p.participants(), p.seqs());
                yield Boolean.TRUE;
            }
            case TxOp.Release r -> {
                if (holder != r.txId()) {
                    yield Boolean.FALSE;
                }
                log(new int[]{shardIndex}, new long[]{lockedSeq});
                unlock();
                yield Boolean.TRUE;
            }
            case TxOp.Record r -> {
                for (ShardOp<?> o : r.ops()) {
                    run.apply(o);
                }
                yield Boolean.TRUE;
            }
            case TxOp.Watch w -> watch(w.db(), w.key());
            case TxOp.Unwatch u -> {
                for (int i = 0; i < u.keys().length; i++) {
                    unwatch(u.dbs()[i], u.keys()[i]);
                }
                yield Boolean.TRUE;
            }
        };
    }

    /** Called after each batch: a lock taken to end with its batch ends here. */
    void batchEnded() {
        if (holder != 0 && commitAtBatchEnd) {
            log(new int[]{shardIndex}, new long[]{lockedSeq});
            unlock();
        }
    }

    private long lock(TxOp.Lock l) {
        if (!take(l.txId(), l.watchDbs(), l.watchKeys(), l.watchStamps())) {
            return -1L;
        }
        commitAtBatchEnd = l.commitAtBatchEnd();
        return lockedSeq;
    }

    /**
     * A whole single-shard transaction: taken, run and ended in this one step, so its changes are
     * logged exactly as a {@link TxOp.Lock} ended by {@link TxOp.Commit} logs them (one op alone, or
     * one {@link TxOp.Record} naming this shard), and recovery replays them the same way.
     */
    private Object[] exec(TxOp.Exec e, java.util.function.Function<ShardOp<?>, Object> run) {
        if (!take(e.txId(), e.watchDbs(), e.watchKeys(), e.watchStamps())) {
            return null;
        }
        ShardOp<?>[] ops = e.ops();
        Object[] replies = new Object[ops.length];
        try {
            for (int i = 0; i < ops.length; i++) {
                try {
                    replies[i] = run.apply(ops[i]);
                } catch (RuntimeException failure) {
                    replies[i] = ShardFailure.of(failure);
                }
            }
        } finally {
            log(new int[]{shardIndex}, new long[]{lockedSeq});
            unlock();
        }
        return replies;
    }

    /** Holds the shard for {@code txId} unless a watched key changed since its stamp; false then (nothing held). */
    private boolean take(long txId, int[] watchDbs, byte[][] watchKeys, long[] watchStamps) {
        if (holder != 0) {
            throw new IllegalStateException("shard " + shardIndex + " is held by transaction " + holder
                    + "; transaction " + txId + " asked for it");
        }
        for (int i = 0; i < watchKeys.length; i++) {
            if (stamp(watchDbs[i], watchKeys[i]) != watchStamps[i]) {
                return false;
            }
        }
        holder = txId;
        logged = false;
        held.clear();
        lockedSeq = journal.nextSeq();
        return true;
    }

    private void log(int[] participants, long[] seqs) {
        if (logged) {
            return;
        }
        logged = true;
        if (held.size() == 1 && participants.length == 1) {
            journal.append(held.get(0));
        } else if (!held.isEmpty()) {
            journal.append(new TxOp.Record(holder, participants, seqs, held.toArray(new ShardOp<?>[0])));
        }
        held.clear();
    }

    private void unlock() {
        holder = 0;
        commitAtBatchEnd = false;
    }

    // ---- WATCH ----

    private long watch(int db, byte[] key) {
        long[] w = watched.computeIfAbsent(new WatchKey(db, key), k -> new long[2]);
        w[1]++;
        return stamp(db, key);
    }

    private void unwatch(int db, byte[] key) {
        WatchKey k = new WatchKey(db, key);
        long[] w = watched.get(k);
        if (w != null && --w[1] <= 0) {
            watched.remove(k);
        }
    }

    private long stamp(int db, byte[] key) {
        long[] w = watched.get(new WatchKey(db, key));
        KvStore store = existingStore.apply(db);
        boolean exists = store != null && store.contains(key);
        return ((w == null ? 0 : w[0]) << 1) | (exists ? 1 : 0);
    }

    private void changed(ShardOp<?> change) {
        if (watched.isEmpty()) {
            return;
        }
        int db = 0;
        ShardOp<?> op = change;
        if (change instanceof KvOp.InDb<?> d) {
            db = d.db();
            op = d.op();
        }
        switch (op) {
            case KvOp.Set s -> bump(db, s.key());
            case KvOp.Delete d -> bumpAll(db, d.keys());
            case KvOp.MultiSet m -> bumpAll(db, m.keys());
            case KvOp.Expire e -> bump(db, e.key());
            case KvOp.Persist p -> bump(db, p.key());
            case KvOp.Restore r -> bump(db, r.key());
            case KvOp.Rename r -> {
                bump(db, r.from());
                bump(db, r.to());
            }
            case KvOp.Copy c -> bump(db, c.to());
            case KvOp.HashOp<?> h -> bump(db, h.key());
            case KvOp.ListOp<?> l -> bump(db, l.key());
            case AdminOp.MoveKey m -> {
                bump(m.from(), m.key());
                bump(m.to(), m.key());
            }
            // existence changes (FLUSH, expiry) show in the stamp; SWAPDB may swap one value for another
            case KvOp.FlushDb f -> { }
            case AdminOp.FlushAll f -> { }
            case AdminOp.SwapDb s -> bumpLive(s.a(), s.b());
            case VectorOp<?> v -> { } // WATCH follows keys, not vector sets
            default -> bumpDb(-1, -1); // a change of a kind named nowhere here: every watch sees it
        }
    }

    private void bump(int db, byte[] key) {
        long[] w = watched.get(new WatchKey(db, key));
        if (w != null) {
            w[0]++;
        }
    }

    private void bumpAll(int db, byte[][] keys) {
        for (byte[] k : keys) {
            bump(db, k);
        }
    }

    /** The watched keys of databases {@code a} and {@code b} that exist (SWAPDB touches those, as Redis's). */
    private void bumpLive(int a, int b) {
        for (Map.Entry<WatchKey, long[]> e : watched.entrySet()) {
            int db = e.getKey().db;
            KvStore store = existingStore.apply(db);
            if ((db == a || db == b) && store != null && store.contains(e.getKey().key)) {
                e.getValue()[0]++;
            }
        }
    }

    /** Every watched key of databases {@code a} and {@code b} (-1: of every database). */
    private void bumpDb(int a, int b) {
        for (Map.Entry<WatchKey, long[]> e : watched.entrySet()) {
            int db = e.getKey().db;
            if (a < 0 || db == a || db == b) {
                e.getValue()[0]++;
            }
        }
    }

    private record WatchKey(int db, byte[] key) {
        @Override
        public boolean equals(Object o) {
            return o instanceof WatchKey w && w.db == db && Arrays.equals(w.key, key);
        }

        @Override
        public int hashCode() {
            return 31 * db + Arrays.hashCode(key);
        }
    }

    /** The journal the executors see: counts watched keys' changes and holds a locked shard's changes. */
    private final class Changes implements ShardJournal {
        @Override
        public void checkWritable() {
            journal.checkWritable();
        }

        @Override
        public void append(ShardOp<?> change) {
            changed(change);
            if (holder != 0) {
                held.add(change);
            } else {
                journal.append(change);
            }
        }

        @Override
        public void commit(ShardResults results, Consumer<ShardResults> reply) {
            journal.commit(results, reply);
        }

        @Override
        public Object snapshot(Shard shard, boolean waitUntilWritten) {
            return journal.snapshot(shard, waitUntilWritten);
        }

        @Override
        public void tick(Shard shard) {
            journal.tick(shard);
        }

        @Override
        public PersistenceStats stats() {
            return journal.stats();
        }

        @Override
        public long nextSeq() {
            return journal.nextSeq();
        }
    }
}
