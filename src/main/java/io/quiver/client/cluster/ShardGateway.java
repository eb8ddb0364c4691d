package io.quiver.client.cluster;

import io.quiver.shard.ShardAddress;
import io.quiver.shard.ShardBatch;
import io.quiver.shard.ShardFailure;
import io.quiver.shard.ShardLoad;
import io.quiver.shard.ShardResults;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.MessageConsumer;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * This node's shards as other nodes see them: one clustered consumer per local shard (at
 * {@link ShardDirectory#remoteAddress}), which takes the batch's places in the shard's queue
 * ({@code shard-queue} bounds remote senders as it bounds local ones), hands it to the shard over
 * the local event bus, and sends the shard's results back. Batches and results cross the wire in
 * their binary form ({@code ShardMessageCodec}); here they are objects again.
 */
public final class ShardGateway extends VerticleBase {
    private final ShardDirectory directory;
    private final ShardLoad load;

    public ShardGateway(ShardDirectory directory, ShardLoad load) {
        this.directory = directory;
        this.load = load;
    }

    @Override
    public Future<?> start() {
        List<Future<Void>> registered = new ArrayList<>();
        int first = directory.firstLocalShard();
        for (int i = 0; i < load.shardCount(); i++) {
            int local = i;
            MessageConsumer<ShardBatch> c = vertx.eventBus().consumer(ShardDirectory.remoteAddress(first + i),
                    m -> onBatch(local, m));
            registered.add(c.completion());
        }
        return Future.all(registered);
    }

    private void onBatch(int shard, Message<ShardBatch> message) {
        ShardBatch batch = message.body();
        int n = batch.ops().length;
        if (!reserve(shard, n)) {
            Object[] busy = new Object[n];
            ShardFailure f = ShardFailure.of(load.busy(shard)); // counted as a refusal, as a local one is
            java.util.Arrays.fill(busy, f);
            message.reply(new ShardResults(busy, new long[n + 1]));
            return;
        }
        DeliveryOptions local = new DeliveryOptions().setLocalOnly(true);
        if (batch.hasDeadline()) {
            // the shard answers (skipping late operations) well within this; it only guards a lost reply
            local.setSendTimeout(TimeUnit.NANOSECONDS.toMillis(batch.budgetNanos()) + 1000);
        }
        vertx.eventBus().<ShardResults>request(ShardAddress.of(shard), batch, local).onComplete(ar -> {
            if (ar.succeeded()) {
                message.reply(ar.result().body());
            } else {
                message.fail(500, String.valueOf(ar.cause().getMessage()));
            }
        });
    }

    /** Places for all {@code n} operations in the shard's queue, or none. */
    private boolean reserve(int shard, int n) {
        for (int k = 0; k < n; k++) {
            if (!load.tryReserve(shard)) {
                load.done(shard, k);
                return false;
            }
        }
        return true;
    }
}
