package io.quiver.client.cluster;

import io.quiver.shard.MigrationOp;
import io.quiver.shard.ShardAddress;
import io.quiver.shard.ShardBatch;
import io.quiver.shard.ShardFailure;
import io.quiver.shard.ShardLoad;
import io.quiver.shard.ShardOp;
import io.quiver.shard.ShardResults;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.VerticleBase;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.DeliveryOptions;

/**
 * This node's side of slot migrations driven elsewhere: a clustered consumer (at
 * {@link #address}) that runs each {@link MigrationOp} it is sent on the shard it names, in that
 * shard's order with its other work, and answers with the result ({@link MigrationWire}). And
 * the same for the driver on this node ({@link #run}): a migration's steps on this node's shards,
 * without the wire.
 */
public final class SlotMigrationService extends VerticleBase {
    private final ShardDirectory directory;
    private final ShardLoad load;

    public SlotMigrationService(ShardDirectory directory, ShardLoad load) {
        this.directory = directory;
        this.load = load;
    }

    /** Event-bus address of node {@code node}'s migration service. */
    static String address(int node) {
        return "quiver.cluster.migrate." + node;
    }

    @Override
    public Future<?> start() {
        return vertx.eventBus().<Buffer>consumer(address(directory.selfNode()), m -> {
            Buffer b = m.body();
            run(vertx, load, MigrationWire.shardOf(b), MigrationWire.op(b)).onComplete(ar -> {
                if (ar.succeeded()) {
                    m.reply(MigrationWire.reply(ar.result()));
                } else {
                    m.fail(500, String.valueOf(ar.cause().getMessage()));
                }
            });
        }).completion();
    }

    /**
     * Runs {@code op} on this node's shard {@code shard}: one batch of one operation over the local
     * event bus, with a place in the shard's queue (waiting for one when the queue is full).
     */
    static <R> Future<R> run(Vertx vertx, ShardLoad load, int shard, ShardOp<R> op) {
        Promise<R> p = Promise.promise();
        attempt(vertx, load, shard, op, p);
        return p.future();
    }

    @SuppressWarnings("unchecked")
    private static <R> void attempt(Vertx vertx, ShardLoad load, int shard, ShardOp<R> op, Promise<R> p) {
        if (!load.tryReserve(shard)) {
            vertx.setTimer(1, id -> attempt(vertx, load, shard, op, p));
            return;
        }
        vertx.eventBus().<ShardResults>request(ShardAddress.of(shard), new ShardBatch(new ShardOp<?>[]{op}),
                new DeliveryOptions().setLocalOnly(true).setSendTimeout(120_000)).onComplete(ar -> {
            if (ar.failed()) {
                p.fail(ar.cause());
                return;
            }
            Object r = ar.result().body().results()[0];
            if (r instanceof ShardFailure f) {
                p.fail(f.toException());
            } else {
                p.complete((R) r);
            }
        });
    }
}
