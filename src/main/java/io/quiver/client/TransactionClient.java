package io.quiver.client;

import io.quiver.shard.ShardOp;
import io.quiver.shard.TxOp;
import io.vertx.core.Future;

import java.util.List;
import java.util.function.IntFunction;

/**
 * A shard client for one transaction at a time: every operation sent through it travels as
 * {@link TxOp.InTx} of the current transaction, in batches of its own (its {@code inner} client is
 * used by nothing else), so a shard the transaction holds can tell its batches from everyone
 * else's. The transaction's own {@link TxOp}s (lock, commit, release) go as they are.
 */
public final class TransactionClient extends TransactionClientBase {
    private long txId;

    /** @param inner a client of its own: its batches must carry nothing but this client's operations */
    public TransactionClient(ShardClient inner) {
        super(inner);
    }

    /** The transaction the operations sent from now on belong to. */
    public void begin(long txId) {
        this.txId = txId;
    }

    public long txId() {
        return txId;
    }

    private <R> ShardOp<R> wrap(ShardOp<R> op) {
        return op instanceof TxOp<?> ? op : new TxOp.InTx<>(txId, op);
    }

    @Override
    public <R> Future<R> send(int shard, ShardOp<R> op) {
        return inner.send(shard, wrap(op));
    }

    @Override
    public <R> Future<List<R>> scatter(int[] shards, IntFunction<? extends ShardOp<R>> opFor) {
        return inner.scatter(shards, s -> wrap(opFor.apply(s)));
    }
}
