package io.quiver.shard;

import io.quiver.kv.KvStore;
import io.quiver.status.ShardStats;

/**
 * One shard's state and the code that applies operations to it. Plain Java with no Vert.x in it:
 * {@link ShardVerticle} feeds it from the event bus on the shard's own context, tests and recovery
 * feed it directly. Not thread-safe by design.
 *
 * <p>Every change is reported to the shard's {@link ShardJournal} in canonical form right after it
 * is applied (only changes: a SET NX that stored nothing is not reported). Recovery replays those
 * ops through {@link #execute} with no journal attached, so the log needs no code of its own.
 */
public final class Shard {
    private final int index;
    private final KvStore kv;
    private final KvExecutor kvOps;
    private ShardJournal journal = ShardJournal.NONE;
    private final ShardCollections collections;
    private long opsExecuted;
    private boolean activeExpire = true;
    /** Operations skipped because their deadline had passed when the shard reached them. */
    private long opsSkippedLate;
    /** Written after each batch, read by metrics on other threads. */
    private volatile long publishedKeys;

    public Shard(int index) {
        this(index, System::currentTimeMillis);
    }

    /** A shard whose keys expire by {@code clock} (Unix ms): tests move time instead of sleeping. */
    public Shard(int index, java.util.function.LongSupplier clock) {
        this.index = index;
        this.kv = new KvStore(clock);
        this.kvOps = new KvExecutor(kv);
        this.collections = new ShardCollections(index);
    }

    public int index() {
        return index;
    }

    /** Attaches persistence; done once, before the shard takes traffic. */
    public void attachJournal(ShardJournal journal) {
        this.journal = journal;
    }

    public ShardJournal journal() {
        return journal;
    }

    /** The snapshot's short copy step (see {@link ShardImage}); on the shard's thread. */
    public ShardImage capture() {
        return new ShardImage(index, kv.copySlots(), kv.size(), collections.images(), collections.droppedMarks());
    }

    /**
     * Runs a batch's operations in order. Each is first checked against the batch's budget: one the
     * shard reaches too late is not run, and fails with TIMEOUT (its client has had its timeout
     * already, or is about to). The results carry when each operation started (see
     * {@link ShardResults}): one clock reading per operation, the same one the deadline check uses.
     */
    public ShardResults executeBatch(ShardBatch batch) {
        ShardOp<?>[] ops = batch.ops();
        Object[] results = new Object[ops.length];
        long[] clock = new long[ops.length + 1];
        long origin = batch.startNanos();
        boolean timed = batch.hasDeadline();
        boolean late = false;
        long now = System.nanoTime();
        for (int i = 0; i < ops.length; i++) {
            clock[i] = now - origin;
            if (timed && (late || (late = batch.expiredAt(now)))) {
                results[i] = tooLate();
                opsSkippedLate++;
                continue;
            }
            try {
                results[i] = execute(ops[i]);
            } catch (RuntimeException e) {
                results[i] = ShardFailure.of(e);
            }
            now = System.nanoTime();
        }
        clock[ops.length] = now - origin;
        publishedKeys = kv.size();
        return new ShardResults(results, clock);
    }

    private ShardFailure tooLate() {
        return new ShardFailure(io.quiver.error.ErrorCode.TIMEOUT,
                "the request's deadline (request-timeout) passed before shard " + index + " reached it; not run");
    }

    /** Applies one operation; its reply is of the type the op names (see {@link ShardOp}). */
    public Object execute(ShardOp<?> op) {
        opsExecuted++;
        if (op.writes()) {
            journal.checkWritable();
        }
        return switch (op) {
            case KvOp<?> k -> kvOps.execute(k, journal);
            case VectorOp<?> v -> collections.execute(v, journal);
            case AdminOp<?> a -> executeAdmin(a);
        };
    }

    private Object executeAdmin(AdminOp<?> op) {
        return switch (op) {
            case AdminOp.KeyCount c -> (long) kv.size();
            case AdminOp.FlushAll f -> {
                kv.clear();
                journal.append(f);
                yield Boolean.TRUE;
            }
            case AdminOp.Stats s -> stats();
            case AdminOp.SetActiveExpire a -> {
                activeExpire = a.on();
                yield Boolean.TRUE;
            }
            case AdminOp.Sleep s -> {
                sleep(s.millis());
                yield Boolean.TRUE;
            }
            case AdminOp.Snapshot s -> journal.snapshot(this, s.waitUntilWritten());
            case AdminOp.PersistenceInfo p -> journal.stats();
        };
    }

    public ShardStats stats() {
        return new ShardStats(index, kv.size(), kv.memoryEstimate(), opsExecuted, collections.all().size(),
                collections.points(), collections.memoryEstimate(), kv.volatileKeys(), kv.expiredKeys(),
                kv.averageTtlMillis());
    }

    /** Memory used by the shard's data, keys and vector collections (published for max-memory). */
    public long memoryEstimate() {
        return kv.memoryEstimate() + collections.memoryEstimate();
    }

    /** DEBUG SLEEP: this shard does nothing else meanwhile, as Redis's whole server does. */
    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Active expiry, called every {@link #EXPIRE_PERIOD_MILLIS} on the shard's thread: removes keys
     * whose time has passed within about {@code budgetNanos}, so their memory comes back without
     * anyone reading them. Returns how many it removed.
     */
    public int expireCycle(long budgetNanos) {
        if (!activeExpire) {
            return 0;
        }
        int n = kvOps.expireCycle(budgetNanos);
        if (n > 0) {
            publishedKeys = kv.size();
        }
        return n;
    }

    /**
     * How often active expiry runs, and the share of the shard's time it may take (Redis's 25%), in
     * short slices (2.5 ms every 10 ms rather than Redis's 25 ms every 100 ms) so that a request never
     * waits long behind one: measured, GET p99 during a mass expiry fell from 7.8 ms to the figure in the README.
     */
    public static final long EXPIRE_PERIOD_MILLIS = 10;
    public static final long EXPIRE_BUDGET_NANOS = EXPIRE_PERIOD_MILLIS * 1_000_000 / 4;

    /** Operations skipped so far because their deadline had passed. */
    public long opsSkippedLate() {
        return opsSkippedLate;
    }

    /** The key count as of the last batch; safe to read from any thread. */
    public long publishedKeyCount() {
        return publishedKeys;
    }

    public KvStore kv() {
        return kv;
    }

    /** This shard's part of a vector collection, or null (tests and the in-process benchmark). */
    public io.quiver.vector.VectorCollection collection(String name) {
        return collections.get(name);
    }

    // ---- for persistence: loading snapshots, recovery and re-sharding (before the shard takes traffic) ----

    /** Every collection part this shard holds. */
    public java.util.Collection<io.quiver.vector.VectorCollection> collectionParts() {
        return java.util.List.copyOf(collections.all());
    }

    /** Puts a loaded part as it is (replacing one of the same name). */
    public void putCollection(io.quiver.vector.VectorCollection part) {
        collections.put(part);
    }

    /** The highest epoch dropped per collection name (see {@link VectorOp.DropCollection}). */
    public java.util.Map<String, Long> collectionDropMarks() {
        return collections.droppedMarks();
    }

    public void markCollectionDropped(String name, long epoch) {
        collections.markDropped(name, epoch);
    }

    /** Empties the shard: keys, collections, drop marks (recovery setting an unusable snapshot aside). */
    public void clearForRecovery() {
        kv.clear();
        collections.clear();
    }

    /** Live points over every collection part. */
    public long points() {
        return collections.points();
    }
}
