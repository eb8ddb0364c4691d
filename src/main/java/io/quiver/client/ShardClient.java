package io.quiver.client;

import io.quiver.shard.ShardLoad;
import io.quiver.shard.ShardOp;
import io.vertx.core.Future;

import java.util.List;
import java.util.function.IntFunction;

/**
 * The one way to the shards: every operation any part of Quiver sends a shard goes through a
 * client. It speaks of shard operations and their typed replies; how they travel (batched per
 * event-loop turn over the event bus, in one JVM or to another) is the implementation's business.
 *
 * <p>A client owns admission (each operation takes a place in its shard's queue, {@link Admission}),
 * the deadline ({@code request-timeout}, sent as a time budget), and completion: a reply that is a
 * {@link io.quiver.shard.ShardFailure} fails the future with its {@link io.quiver.error.QuiverException}.
 * Futures complete on the client's own context.
 */
public interface ShardClient {

    int shardCount();

    /** The shard that owns {@code key} (and the point whose id has those bytes). */
    int shardOf(byte[] key);

    /** Sends {@code op} to {@code shard}; fails with BUSY at once when the shard's queue is full. */
    <R> Future<R> send(int shard, ShardOp<R> op);

    /**
     * Sends {@code opFor.apply(s)} to each of {@code shards}: all admitted, or (BUSY) none sent.
     * The replies come back in the order of {@code shards}.
     */
    <R> Future<List<R>> scatter(int[] shards, IntFunction<? extends ShardOp<R>> opFor);

    /** Sends {@code op} to every shard (all or none, as {@link #scatter}); replies in shard order. */
    <R> Future<List<R>> broadcast(ShardOp<R> op);

    /** This client, reporting every operation sent through the view, and from its replies' callbacks, to {@code timing}. */
    ShardClient timed(OpTiming timing);

    /**
     * This client with one request's own deadline ({@link System#nanoTime()} clock): every operation
     * sent through the view, in every round, must be started by its shard before then, and its
     * future fails with TIMEOUT when it is not answered by then. The client's own budget
     * ({@code request-timeout}) still bounds each batch, so the earlier of the two applies.
     */
    ShardClient withDeadline(long deadlineNanos);

    /** The queue and memory figures the shards and every client share. */
    ShardLoad load();
}
