package io.quiver.shard;

import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.eventbus.Message;

import java.util.ArrayDeque;
import java.util.Iterator;

/**
 * The worker verticle that owns one {@link Shard}. Deployed with a worker pool of its own (one
 * thread), so the shard's state is only ever touched on this verticle's context: no locks.
 * A local consumer because its messages use local-only codecs. After each batch it gives the
 * batch's places in the queue back and publishes the shard's memory use ({@link ShardLoad}).
 *
 * <p>Each batch ends with the journal's commit, which replies at once or, under
 * {@code appendfsync always}, once the batch's log records are fsynced. The shard does not wait
 * for that fsync: it goes on with the next batch meanwhile (group commit).
 *
 * <p>While a transaction holds the shard ({@link TxOp.Lock}), batches of anyone else wait here in
 * arrival order, and neither active expiry nor timed snapshots run; they go on when it ends.
 */
public final class ShardVerticle extends VerticleBase {
    private final Shard shard;
    private final ShardLoad load;
    private final ArrayDeque<Message<ShardBatch>> waiting = new ArrayDeque<>();
    /** Active expiry's time left in this period, and whether a chain of slices is queued. */
    private long expireBudgetNanos;
    private boolean expiring;

    public ShardVerticle(Shard shard, ShardLoad load) {
        this.shard = shard;
        this.load = load;
    }

    @Override
    public Future<?> start() {
        if (shard.journal() != ShardJournal.NONE) {
            vertx.setPeriodic(1000, id -> {
                if (shard.transactionHolder() == 0) {
                    shard.journal().tick(shard); // on this context: the shard's thread
                }
            });
        }
        vertx.setPeriodic(Shard.EXPIRE_PERIOD_MILLIS, id -> {
            expireBudgetNanos = Shard.EXPIRE_BUDGET_NANOS;
            if (!expiring) {
                expiring = true;
                expireSlice();
            }
        });
        return vertx.eventBus().<ShardBatch>localConsumer(ShardAddress.of(shard.index()), this::onBatch)
                .completion();
    }

    /**
     * One slice of active expiry; while keys stay due and the period's budget lasts, the next slice
     * is queued on this context behind the batches that arrived meanwhile, so a request waits for
     * one slice at most, not for the whole budget.
     */
    private void expireSlice() {
        long slice = Math.min(Shard.EXPIRE_SLICE_NANOS, expireBudgetNanos);
        long start = System.nanoTime();
        shard.expireCycle(slice);
        long spent = System.nanoTime() - start;
        expireBudgetNanos -= spent;
        // a slice that ended before its time found too few due keys: the rest waits for the next period
        if (spent >= slice && expireBudgetNanos > 0) {
            context.runOnContext(v -> expireSlice());
        } else {
            expiring = false;
        }
    }

    private void onBatch(Message<ShardBatch> message) {
        long holder = shard.transactionHolder();
        if (holder != 0 && transactionOf(message.body()) != holder) {
            waiting.addLast(message);
            return;
        }
        run(message);
        while (!waiting.isEmpty() && shard.transactionHolder() == 0) {
            run(waiting.pollFirst());
        }
    }

    private void run(Message<ShardBatch> message) {
        ShardBatch batch = message.body();
        ShardResults results;
        long skippedBefore = shard.opsSkippedLate();
        try {
            results = shard.executeBatch(batch);
        } finally {
            load.countSkipped(shard.opsSkippedLate() - skippedBefore);
            load.done(shard.index(), batch.ops().length);
            load.publishMemory(shard.index(), shard.memoryEstimate()); // keys and vectors: max-memory covers both
        }
        cancelReleased(batch, results);
        shard.journal().commit(results, message::reply);
    }

    /**
     * A {@link TxOp.Release} of a transaction that did not hold the shard (its coordinator gave up,
     * say after a timeout): its batches still waiting here are answered with a failure, never run,
     * so a late lock cannot hold the shard for a coordinator that has gone.
     */
    private void cancelReleased(ShardBatch batch, ShardResults results) {
        for (int i = 0; i < batch.ops().length; i++) {
            if (batch.ops()[i] instanceof TxOp.Release r && Boolean.FALSE.equals(results.results()[i])) {
                for (Iterator<Message<ShardBatch>> it = waiting.iterator(); it.hasNext(); ) {
                    Message<ShardBatch> m = it.next();
                    if (transactionOf(m.body()) == r.txId()) {
                        it.remove();
                        ShardOp<?>[] ops = m.body().ops();
                        Object[] failed = new Object[ops.length];
                        java.util.Arrays.fill(failed, new ShardFailure(io.quiver.error.ErrorCode.CONFLICT,
                                "EXECABORT the transaction ended before shard " + shard.index() + " took it"));
                        load.done(shard.index(), ops.length);
                        m.reply(new ShardResults(failed, new long[ops.length + 1]));
                    }
                }
            }
        }
    }

    /** The transaction a batch belongs to (its first op names it), or 0. */
    private static long transactionOf(ShardBatch batch) {
        return batch.ops().length > 0 && batch.ops()[0] instanceof TxOp<?> t ? t.txId() : 0;
    }
}
