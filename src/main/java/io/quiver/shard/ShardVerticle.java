package io.quiver.shard;

import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.eventbus.Message;

/**
 * The worker verticle that owns one {@link Shard}. Deployed with a worker pool of its own (one
 * thread), so the shard's state is only ever touched on this verticle's context: no locks.
 * A local consumer because its messages use local-only codecs. After each batch it gives the
 * batch's places in the queue back and publishes the shard's memory use ({@link ShardLoad}).
 *
 * <p>Each batch ends with the journal's commit, which replies at once or, under
 * {@code appendfsync always}, once the batch's log records are fsynced. The shard does not wait
 * for that fsync: it goes on with the next batch meanwhile (group commit).
 */
public final class ShardVerticle extends VerticleBase {
    private final Shard shard;
    private final ShardLoad load;

    public ShardVerticle(Shard shard, ShardLoad load) {
        this.shard = shard;
        this.load = load;
    }

    @Override
    public Future<?> start() {
        if (shard.journal() != ShardJournal.NONE) {
            vertx.setPeriodic(1000, id -> shard.journal().tick(shard)); // on this context: the shard's thread
        }
        vertx.setPeriodic(Shard.EXPIRE_PERIOD_MILLIS, id -> shard.expireCycle(Shard.EXPIRE_BUDGET_NANOS));
        return vertx.eventBus().<ShardBatch>localConsumer(ShardAddress.of(shard.index()), this::onBatch)
                .completion();
    }

    private void onBatch(Message<ShardBatch> message) {
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
        shard.journal().commit(results, message::reply);
    }
}
