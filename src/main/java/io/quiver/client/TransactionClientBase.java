package io.quiver.client;

import io.quiver.shard.ShardLoad;
import io.quiver.shard.ShardOp;
import io.vertx.core.Future;

import java.util.List;
import java.util.stream.IntStream;

/**
 * What a transaction's shard clients ({@link TransactionClient}, {@link ExecClient}) share: the
 * client beneath them, whose shards, key placement and queues they are, and no views of their own,
 * since a transaction's operations keep the client's budget (its locks must not be cut short
 * mid-way, and an Exec is one step).
 */
abstract class TransactionClientBase implements ShardClient {
    final ShardClient inner;

    TransactionClientBase(ShardClient inner) {
        this.inner = inner;
    }

    @Override
    public int shardCount() {
        return inner.shardCount();
    }

    @Override
    public int shardOf(byte[] key) {
        return inner.shardOf(key);
    }

    @Override
    public ShardClient timed(OpTiming timing) {
        return this;
    }

    /** Itself: see the class comment. */
    @Override
    public ShardClient withDeadline(long deadlineNanos) {
        return this;
    }

    /** To every shard, as {@link #scatter} sends (so through the transaction, as every other op). */
    @Override
    public <R> Future<List<R>> broadcast(ShardOp<R> op) {
        return scatter(IntStream.range(0, inner.shardCount()).toArray(), s -> op);
    }

    @Override
    public ShardLoad load() {
        return inner.load();
    }
}
