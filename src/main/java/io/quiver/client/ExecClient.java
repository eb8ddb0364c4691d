package io.quiver.client;

import io.quiver.error.ErrorCode;
import io.quiver.error.QuiverException;
import io.quiver.shard.ShardFailure;
import io.quiver.shard.ShardLoad;
import io.quiver.shard.ShardOp;
import io.quiver.shard.TxOp;
import io.vertx.core.Future;
import io.vertx.core.Promise;

import java.util.ArrayList;
import java.util.List;
import java.util.function.IntFunction;

/**
 * A shard client for one single-shard transaction at a time that sends nothing by itself: it
 * gathers the operations sent through it (for its one shard), and {@link #exec} sends them as one
 * {@link TxOp.Exec} through the event loop's shared client, in that turn's batch beside everyone
 * else's operations; each gathered operation's future completes from its entry of the Exec's reply.
 * So a transaction costs its shard one operation, checked, run and logged as one step there.
 * An operation for another shard, or sent once the Exec has left, fails: the transaction does not
 * hold that shard (as an op of a transaction that does not hold its shard fails on the shard).
 */
public final class ExecClient implements ShardClient {
    private final ShardClient shared;
    private int shard = -1;
    private boolean gathering;
    private final List<ShardOp<?>> ops = new ArrayList<>();
    private final List<Promise<Object>> promises = new ArrayList<>();

    /** @param shared the event loop's client, through which the Exec travels */
    public ExecClient(ShardClient shared) {
        this.shared = shared;
    }

    /** A new transaction on {@code shard}: operations sent from now on are gathered. */
    public void begin(int shard) {
        this.shard = shard;
        gathering = true;
        ops.clear();
        promises.clear();
    }

    /**
     * Sends the gathered operations as one {@link TxOp.Exec} of {@code txId}, with the watched keys
     * of its shard ({@code watchDbs}, {@code watchKeys}, their {@code watchStamps}). Completes with
     * true once they ran (each gathered future completed first, with its op's reply or failure),
     * false when a watched key had changed (nothing ran; the gathered futures fail), or fails as the
     * Exec failed (so do the gathered futures).
     */
    public Future<Boolean> exec(long txId, int[] watchDbs, byte[][] watchKeys, long[] watchStamps) {
        gathering = false;
        ShardOp<?>[] batch = ops.toArray(new ShardOp<?>[0]);
        @SuppressWarnings("unchecked")
        Promise<Object>[] waiting = promises.toArray(new Promise[0]);
        ops.clear();
        promises.clear();
        return shared.send(shard, new TxOp.Exec(txId, watchDbs, watchKeys, watchStamps, batch)).transform(ar -> {
            if (ar.failed()) {
                for (Promise<Object> p : waiting) {
                    p.fail(ar.cause());
                }
                return Future.failedFuture(ar.cause());
            }
            Object[] replies = ar.result();
            if (replies == null) {
                QuiverException changed = new QuiverException(ErrorCode.CONFLICT,
                        "EXECABORT a watched key changed: the transaction ran nothing");
                for (Promise<Object> p : waiting) {
                    p.fail(changed);
                }
                return Future.succeededFuture(false);
            }
            for (int i = 0; i < waiting.length; i++) {
                if (replies[i] instanceof ShardFailure f) {
                    waiting[i].fail(f.toException());
                } else {
                    waiting[i].complete(replies[i]);
                }
            }
            return Future.succeededFuture(true);
        });
    }

    @Override
    @SuppressWarnings("unchecked")
    public <R> Future<R> send(int to, ShardOp<R> op) {
        if (!gathering || to != shard || op instanceof TxOp<?>) {
            return Future.failedFuture(new QuiverException(ErrorCode.CONFLICT,
                    "EXECABORT the transaction does not hold shard " + to + " (aborted)"));
        }
        Promise<Object> p = Promise.promise();
        ops.add(op);
        promises.add(p);
        return (Future<R>) p.future();
    }

    @Override
    public <R> Future<List<R>> scatter(int[] shards, IntFunction<? extends ShardOp<R>> opFor) {
        List<Future<R>> parts = new ArrayList<>(shards.length);
        for (int s : shards) {
            parts.add(send(s, opFor.apply(s)));
        }
        return Future.all(parts).map(cf -> cf.list());
    }

    @Override
    public <R> Future<List<R>> broadcast(ShardOp<R> op) {
        int[] all = java.util.stream.IntStream.range(0, shared.shardCount()).toArray();
        return scatter(all, s -> op);
    }

    @Override
    public int shardCount() {
        return shared.shardCount();
    }

    @Override
    public int shardOf(byte[] key) {
        return shared.shardOf(key);
    }

    @Override
    public ShardClient timed(OpTiming timing) {
        return this;
    }

    /** Itself: the Exec travels with the shared client's budget. */
    @Override
    public ShardClient withDeadline(long deadlineNanos) {
        return this;
    }

    @Override
    public ShardLoad load() {
        return shared.load();
    }
}
