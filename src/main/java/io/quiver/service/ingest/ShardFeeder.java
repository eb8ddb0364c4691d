package io.quiver.service.ingest;

import io.quiver.client.ShardClient;
import io.quiver.shard.ShardOp;

import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicReference;

/**
 * What every ingestion shares (the key-value file load and vector imports): batches sent to their
 * shards through the shard client from a thread of the ingestion's own, with a bounded number in
 * flight, so a fast file cannot flood slow shards (the client counts them in the shard's queue but
 * does not refuse them: this bound is theirs). The first failure is kept and reported.
 */
final class ShardFeeder {
    private final ShardClient shards;
    private final int maxInFlight;
    private final Semaphore inFlight;
    private final AtomicReference<Throwable> failure = new AtomicReference<>();

    ShardFeeder(ShardClient shards) {
        this.shards = shards;
        this.maxInFlight = Math.max(4, 2 * shards.shardCount());
        this.inFlight = new Semaphore(maxInFlight);
    }

    /** Sends one batch; blocks while the bound is reached. */
    void send(int shard, ShardOp<?> op) throws InterruptedException {
        inFlight.acquire();
        shards.send(shard, op).onComplete(ar -> {
            if (ar.failed()) {
                failure.compareAndSet(null, ar.cause());
            }
            inFlight.release();
        });
    }

    /** The first batch that failed, or null. */
    Throwable failure() {
        return failure.get();
    }

    /** Waits until every batch sent has its answer. */
    void awaitAll() throws InterruptedException {
        inFlight.acquire(maxInFlight);
        inFlight.release(maxInFlight);
    }
}
