package io.quiver.client;

import io.quiver.error.ErrorCode;
import io.quiver.error.QuiverException;
import io.quiver.shard.ShardFailure;
import io.quiver.shard.ShardOp;
import io.quiver.shard.TxOp;
import io.vertx.core.Future;
import io.vertx.core.Promise;

import java.util.ArrayList;
import java.util.Arrays;
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
public final class ExecClient extends TransactionClientBase {
    private int shard = -1;
    private boolean gathering;
    /** The gathered operations and their promises: arrays of their own per transaction, handed over whole to the Exec. */
    private ShardOp<?>[] ops = NONE;
    private Promise<Object>[] promises;
    private int count;
    private static final ShardOp<?>[] NONE = new ShardOp<?>[0];

    /** @param shared the event loop's client, through which the Exec travels */
    public ExecClient(ShardClient shared) {
        super(shared);
    }

    /** A new transaction on {@code shard}, of about {@code expected} operations: those sent from now on are gathered. */
    @SuppressWarnings("unchecked")
    public void begin(int shard, int expected) {
        this.shard = shard;
        gathering = true;
        ops = expected == 0 ? NONE : new ShardOp<?>[expected];
        promises = new Promise[expected];
        count = 0;
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
        ShardOp<?>[] batch = count == ops.length ? ops : Arrays.copyOf(ops, count);
        Promise<Object>[] waiting = promises;
        int n = count;
        ops = NONE;
        promises = null;
        return inner.send(shard, new TxOp.Exec(txId, watchDbs, watchKeys, watchStamps, batch)).transform(ar -> {
            if (ar.failed()) {
                for (int i = 0; i < n; i++) {
                    waiting[i].fail(ar.cause());
                }
                return Future.failedFuture(ar.cause());
            }
            Object[] replies = ar.result();
            if (replies == null) {
                QuiverException changed = new QuiverException(ErrorCode.CONFLICT,
                        "EXECABORT a watched key changed: the transaction ran nothing");
                for (int i = 0; i < n; i++) {
                    waiting[i].fail(changed);
                }
                return Future.succeededFuture(false);
            }
            for (int i = 0; i < n; i++) {
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
        if (count == ops.length) {
            int grown = Math.max(4, count * 2);
            ops = Arrays.copyOf(ops, grown);
            promises = Arrays.copyOf(promises, grown);
        }
        Promise<Object> p = Promise.promise();
        ops[count] = op;
        promises[count++] = p;
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
}
