package io.quiver.client;

import io.quiver.shard.ShardLoad;

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

    @Override
    public ShardLoad load() {
        return inner.load();
    }
}
