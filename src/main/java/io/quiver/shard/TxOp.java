package io.quiver.shard;

/**
 * Transactions (MULTI/EXEC): operations that lock a shard for one transaction, run its operations,
 * and make its changes durable as one log record. See {@link ShardTransactions} for the scheme.
 * Every op names the transaction ({@code txId}, unique in the server's life) it belongs to.
 */
public sealed interface TxOp<R> extends ShardOp<R> {

    long txId();

    /**
     * Locks the shard for {@code txId} unless one of the watched keys changed since it was watched.
     * From then on the shard runs only this transaction's batches, the others wait. With
     * {@code commitAtBatchEnd} the lock ends with the batch that carries it: its changes are logged
     * as one record (what earlier builds sent for a transaction on one shard, now one {@link Exec};
     * still served, for peers of such a build).
     * Reply: -1 when a watched key changed (nothing locked, the transaction's operations fail),
     * else the sequence number the shard's next log record gets (0 without a log).
     *
     * @param watchDbs    database of each watched key
     * @param watchKeys   the watched keys (on this shard)
     * @param watchStamps what {@link Watch} answered for each
     */
    record Lock(long txId, boolean commitAtBatchEnd, int[] watchDbs, byte[][] watchKeys, long[] watchStamps)
            implements TxOp<Long> {
        public boolean writes() { return false; }
    }

    /**
     * A whole transaction on this shard, as one operation: unless one of the watched keys changed
     * since it was watched, runs {@code ops} in order, back to back (nothing else runs on the shard
     * meanwhile: it is one operation), and logs their changes as one unit, as a {@link Lock} ended
     * by {@link Commit} would. Reply: null when a watched key changed (nothing ran), else one entry
     * per op: its reply, or a {@link ShardFailure} when it failed (the others still run, as Redis
     * runs the rest of an EXEC after a command's error).
     *
     * @param watchDbs    database of each watched key
     * @param watchKeys   the watched keys (on this shard)
     * @param watchStamps what {@link Watch} answered for each
     * @param ops         the transaction's operations, none of them a transaction op
     */
    record Exec(long txId, int[] watchDbs, byte[][] watchKeys, long[] watchStamps, ShardOp<?>[] ops)
            implements TxOp<Object[]> {
        public Exec {
            for (ShardOp<?> op : ops) {
                if (op instanceof TxOp<?>) {
                    throw new IllegalArgumentException("a transaction op is not nested");
                }
            }
        }

        /** Its ops are each checked as they run (a write refused alone fails alone). */
        public boolean writes() { return false; }
    }

    /** One operation of transaction {@code txId}: run only while the transaction holds the shard. Reply: the op's. */
    record InTx<R>(long txId, ShardOp<R> op) implements TxOp<R> {
        public InTx {
            if (op instanceof TxOp<?>) {
                throw new IllegalArgumentException("a transaction op is not nested");
            }
        }

        public boolean writes() { return op.writes(); }
    }

    /**
     * The end of a transaction that held only this shard: its changes are logged as one record, the
     * lock released. Reply: whether the shard was held by {@code txId}.
     */
    record Commit(long txId) implements TxOp<Boolean> {
        public boolean writes() { return false; }
    }

    /**
     * First phase of the end of a transaction over several shards: its changes on this shard are
     * logged as one record naming every participant and the log position each locked at; the
     * shard stays locked until {@link Release}. Reply: whether the shard was held by {@code txId}.
     */
    record Prepare(long txId, int[] participants, long[] seqs) implements TxOp<Boolean> {
        public boolean writes() { return false; }
    }

    /**
     * Releases the lock of {@code txId} (logging its changes first if no {@link Prepare} did), or,
     * when the shard is not held by it, cancels its batches still waiting. Reply: whether it held the shard.
     */
    record Release(long txId) implements TxOp<Boolean> {
        public boolean writes() { return false; }
    }

    /**
     * The logged form of a transaction's changes on one shard, replayed as one step. For a
     * transaction over several shards, recovery replays it only if every participant logged its
     * part ({@code seqs[i]}: the sequence number of participant {@code participants[i]}'s record).
     */
    record Record(long txId, int[] participants, long[] seqs, ShardOp<?>[] ops) implements TxOp<Boolean> {
        public boolean writes() { return true; }
    }

    /**
     * WATCH of one key: from now on the shard counts its changes. Reply: the key's stamp (its change
     * count, shifted, and whether it exists), compared by {@link Lock}.
     */
    record Watch(long txId, int db, byte[] key) implements TxOp<Long> {
        public boolean writes() { return false; }
    }

    /** The end of a WATCH (UNWATCH, EXEC, DISCARD, a closed connection). Reply: {@code true}. */
    record Unwatch(long txId, int[] dbs, byte[][] keys) implements TxOp<Boolean> {
        public boolean writes() { return false; }
    }
}
