package io.quiver.shard;

import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.eventbus.Message;

/**
 * The worker verticle that owns one {@link Shard}. Deployed with a worker pool of its own (one
 * thread), so the shard's state is only ever touched on this verticle's context: no locks.
 * A local consumer because its messages use local-only codecs.
 */
public final class ShardVerticle extends VerticleBase {
    private final Shard shard;

    public ShardVerticle(Shard shard) {
        this.shard = shard;
    }

    @Override
    public Future<?> start() {
        return vertx.eventBus().<ShardBatch>localConsumer(ShardAddress.of(shard.index()), this::onBatch)
                .completion();
    }

    private void onBatch(Message<ShardBatch> message) {
        message.reply(shard.executeBatch(message.body()));
    }
}
