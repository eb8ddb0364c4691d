package io.quiver.shard;

import io.quiver.kv.KvStore;
import io.quiver.status.ShardStats;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.LongSupplier;

/**
 * A shard's numbered databases (SELECT): one {@link KvStore} each, made when first written, so a
 * server with 16 databases of which one is used holds one table. Database 0 always exists. Each
 * database's changes reach the journal wrapped in {@link KvOp.InDb} (database 0's as they are),
 * so replay puts them back where they were made.
 */
final class ShardDatabases {
    /** The most a shard accepts; the service layer holds clients to {@code databases}. */
    static final int MAX = io.quiver.config.ConfigKeys.MAX_DATABASES;

    private final LongSupplier clock;
    private KvStore[] stores = new KvStore[1];
    private KvExecutor[] executors = new KvExecutor[1];
    private ShardJournal[] journals = new ShardJournal[1];
    private ShardJournal journal = ShardJournal.NONE;
    private KeyspaceEvents events = KeyspaceEvents.OFF;
    private io.quiver.kv.EncodingLimits limits = io.quiver.kv.EncodingLimits.defaults();

    ShardDatabases(LongSupplier clock) {
        this.clock = clock;
        open(0);
    }

    void attachJournal(ShardJournal journal) {
        this.journal = journal;
        journals = new ShardJournal[stores.length];
    }

    /** Where every database's keyspace events go, from now on. */
    void attachEvents(KeyspaceEvents events) {
        this.events = events;
        forEachExecutor(e -> e.note.events = events);
    }

    /** Where every database's hashes and lists turn large, from now on (the node's CONFIG SET changes it in place). */
    void attachLimits(io.quiver.kv.EncodingLimits limits) {
        this.limits = limits;
        forEach((db, kv) -> kv.useLimits(limits));
    }

    /** Database {@code db}'s store, made if it has none yet. */
    KvStore store(int db) {
        int i = open(db); // before reading the field: open may replace the array
        return stores[i];
    }

    /** Database {@code db}'s store, or null when nothing was ever written there. */
    KvStore existing(int db) {
        return db >= 0 && db < stores.length ? stores[db] : null;
    }

    KvExecutor executor(int db) {
        int i = open(db);
        return executors[i];
    }

    /** The journal database {@code db}'s changes go to: the shard's own, wrapping them for db > 0. */
    ShardJournal journal(int db) {
        if (db == 0) {
            return journal;
        }
        open(db);
        ShardJournal j = journals[db];
        if (j == null) {
            j = journals[db] = new DbJournal(journal, db);
        }
        return j;
    }

    private int open(int db) {
        if (db < 0 || db >= MAX) {
            throw io.quiver.error.QuiverException.badRequest("DB index is out of range");
        }
        if (db >= stores.length) {
            int n = Math.max(db + 1, stores.length * 2);
            stores = java.util.Arrays.copyOf(stores, Math.min(n, MAX));
            executors = java.util.Arrays.copyOf(executors, stores.length);
            journals = java.util.Arrays.copyOf(journals, stores.length);
        }
        if (stores[db] == null) {
            KeyNotifier note = new KeyNotifier(db);
            note.events = events;
            stores[db] = new KvStore(clock);
            stores[db].useLimits(limits);
            stores[db].onExpired(note::expired);
            executors[db] = new KvExecutor(stores[db], note);
        }
        return db;
    }

    /** SWAPDB: the two databases trade their stores. */
    void swap(int a, int b) {
        open(a);
        open(b);
        KvStore s = stores[a];
        stores[a] = stores[b];
        stores[b] = s;
        KvExecutor e = executors[a];
        executors[a] = executors[b];
        executors[b] = e;
        executors[a].note.db = a; // a store's events name the database it now is
        executors[b].note.db = b;
    }

    /** Empties every database (FLUSHALL, recovery setting a snapshot aside). */
    void clearAll() {
        forEach((db, kv) -> kv.clear());
    }

    interface Visitor {
        void visit(int db, KvStore kv);
    }

    /** Every database that has a store, ascending. */
    void forEach(Visitor v) {
        for (int db = 0; db < stores.length; db++) {
            if (stores[db] != null) {
                v.visit(db, stores[db]);
            }
        }
    }

    void forEachExecutor(Consumer<KvExecutor> v) {
        for (KvExecutor e : executors) {
            if (e != null) {
                v.accept(e);
            }
        }
    }

    long keys() {
        long n = 0;
        for (KvStore s : stores) {
            n += s == null ? 0 : s.size();
        }
        return n;
    }

    long memoryEstimate() {
        long n = 0;
        for (KvStore s : stores) {
            n += s == null ? 0 : s.memoryEstimate();
        }
        return n;
    }

    /** The figures of every database that holds keys (INFO keyspace), ascending. */
    List<ShardStats.DbKeys> figures() {
        List<ShardStats.DbKeys> out = new ArrayList<>();
        forEach((db, kv) -> {
            if (kv.size() > 0) {
                out.add(new ShardStats.DbKeys(db, kv.size(), kv.volatileKeys(), kv.averageTtlMillis()));
            }
        });
        return out;
    }

    /** Passes everything on, but records a database's changes as {@link KvOp.InDb}. */
    private record DbJournal(ShardJournal inner, int db) implements ShardJournal {
        @Override
        public void checkWritable() {
            inner.checkWritable();
        }

        @Override
        public void append(ShardOp<?> change) {
            inner.append(change instanceof KvOp<?> k ? new KvOp.InDb<>(db, k) : change);
        }

        @Override
        public void commit(ShardResults results, Consumer<ShardResults> reply) {
            inner.commit(results, reply);
        }

        @Override
        public Object snapshot(Shard shard, boolean waitUntilWritten) {
            return inner.snapshot(shard, waitUntilWritten);
        }

        @Override
        public void tick(Shard shard) {
            inner.tick(shard);
        }

        @Override
        public io.quiver.status.PersistenceStats stats() {
            return inner.stats();
        }
    }
}
