package io.quiver.client;

import io.quiver.error.ErrorCode;
import io.quiver.error.QuiverException;
import io.quiver.shard.KeyHash;
import io.quiver.shard.ShardAddress;
import io.quiver.shard.ShardBatch;
import io.quiver.shard.ShardFailure;
import io.quiver.shard.ShardLoad;
import io.quiver.shard.ShardOp;
import io.quiver.shard.ShardResults;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.eventbus.ReplyFailure;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.IntFunction;

/**
 * The shard client for shards in this JVM, over the local event bus. Confined to one context (an
 * event loop): there it needs no locks; called from another thread it hands the call to it.
 *
 * <p>Operations sent during one event-loop turn (every command parsed from every socket that was
 * readable in that turn) go to each shard as one {@link ShardBatch}, once the turn ends. Pipelined
 * and concurrent clients therefore cost one event-bus message per shard per turn, not one per
 * command.
 *
 * <p>Overload: every operation takes a place in its shard's queue first ({@link ShardLoad}, shared
 * with every other client; see {@link Admission}). Each batch carries a time budget
 * ({@code timeoutMillis} from when it is sent): past it the request fails with TIMEOUT, and the
 * shard skips what it has not started.
 *
 * <p>A request's own deadline ({@link #withDeadline}, e.g. Qdrant's {@code ?timeout=}): its
 * operations travel in batches of their own (per shard and turn), whose budget is what is left of
 * that deadline when they are sent, never more than {@code timeoutMillis}. Other operations are not
 * held back by it.
 *
 * <p>Timing: operations sent through a {@link #timed} view report to its {@link OpTiming} when
 * they were queued, when the shard ran them and when their answer came; others pay nothing for it.
 */
public final class LocalShardClient implements ShardClient {
    private final Context context;
    private final EventBus bus;
    private final int shardCount;
    private final int[] allShards;
    private final PendingBatch[] pending;
    private final ShardLoad load;
    private final Admission admission;
    private final long timeoutMillis;
    private final long budgetNanos;
    private final DeliveryOptions delivery;
    /** Batches of operations with a deadline of their own, by deadline then shard; usually empty. */
    private final java.util.Map<Long, PendingBatch[]> byDeadline = new java.util.HashMap<>();
    private boolean flushScheduled;

    private LocalShardClient(Vertx vertx, Context context, ShardLoad load, Admission admission, long timeoutMillis) {
        if (timeoutMillis <= 0) {
            throw new IllegalArgumentException("a shard client needs a positive timeout, not " + timeoutMillis);
        }
        this.context = context;
        this.bus = vertx.eventBus();
        this.load = load;
        this.shardCount = load.shardCount();
        this.allShards = java.util.stream.IntStream.range(0, shardCount).toArray();
        this.admission = admission;
        this.timeoutMillis = timeoutMillis;
        this.budgetNanos = TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
        this.delivery = new DeliveryOptions().setLocalOnly(true).setSendTimeout(timeoutMillis);
        this.pending = new PendingBatch[shardCount];
        for (int i = 0; i < shardCount; i++) {
            pending[i] = new PendingBatch();
        }
    }

    /** The factory of clients for the shards of {@code load}, all in this JVM. */
    public static ShardClientFactory factory(Vertx vertx, ShardLoad load) {
        return (context, admission, timeoutMillis) -> new LocalShardClient(vertx, context, load, admission, timeoutMillis);
    }

    @Override
    public int shardCount() {
        return shardCount;
    }

    @Override
    public int shardOf(byte[] key) {
        return KeyHash.shardOf(key, shardCount);
    }

    @Override
    public ShardLoad load() {
        return load;
    }

    @Override
    public <R> Future<R> send(int shard, ShardOp<R> op) {
        return send(shard, op, null, NO_DEADLINE);
    }

    @Override
    public <R> Future<List<R>> scatter(int[] shards, IntFunction<? extends ShardOp<R>> opFor) {
        return scatter(shards, opFor, null, NO_DEADLINE);
    }

    @Override
    public <R> Future<List<R>> broadcast(ShardOp<R> op) {
        return scatter(allShards, s -> op, null, NO_DEADLINE);
    }

    @Override
    public ShardClient timed(OpTiming timing) {
        return new View(timing, NO_DEADLINE);
    }

    @Override
    public ShardClient withDeadline(long deadlineNanos) {
        return new View(null, deadlineNanos);
    }

    /** No deadline of the request's own: the client's budget ({@code timeoutMillis}) from each send. */
    private static final long NO_DEADLINE = Long.MAX_VALUE;

    private <R> Future<R> send(int shard, ShardOp<R> op, OpTiming timing, long deadline) {
        if (Vertx.currentContext() != context) {
            Promise<R> p = Promise.promise();
            context.runOnContext(v -> send(shard, op, timing, deadline).onComplete(p));
            return p.future();
        }
        if (!admit(shard)) {
            return Future.failedFuture(load.busy(shard));
        }
        return queue(shard, op, timing, deadline);
    }

    private <R> Future<List<R>> scatter(int[] shards, IntFunction<? extends ShardOp<R>> opFor, OpTiming timing,
                                        long deadline) {
        if (Vertx.currentContext() != context) {
            Promise<List<R>> p = Promise.promise();
            context.runOnContext(v -> scatter(shards, opFor, timing, deadline).onComplete(p));
            return p.future();
        }
        try {
            if (admission == Admission.BOUNDED) {
                load.reserveAll(shards);
            } else {
                for (int s : shards) {
                    load.sent(s, 1);
                }
            }
        } catch (QuiverException e) {
            return Future.failedFuture(e);
        }
        List<Future<R>> parts = new ArrayList<>(shards.length);
        for (int s : shards) {
            parts.add(queue(s, opFor.apply(s), timing, deadline));
        }
        return Future.all(parts).map(cf -> cf.list());
    }

    private boolean admit(int shard) {
        if (admission == Admission.BOUNDED) {
            return load.tryReserve(shard);
        }
        load.sent(shard, 1);
        return true;
    }

    /** Queues {@code op} for {@code shard}, whose queue place is taken; it leaves with the turn's batch. */
    @SuppressWarnings("unchecked")
    private <R> Future<R> queue(int shard, ShardOp<R> op, OpTiming timing, long deadline) {
        Promise<Object> promise = Promise.promise();
        PendingBatch batch = deadline == NO_DEADLINE ? pending[shard]
                : byDeadline.computeIfAbsent(deadline, d -> new PendingBatch[shardCount])[shard];
        if (batch == null) {
            batch = byDeadline.get(deadline)[shard] = new PendingBatch();
        }
        if (timing == null) {
            batch.add(op, promise);
        } else {
            long now = System.nanoTime();
            batch.add(op, promise, timing, now);
            timing.opSent(now);
        }
        if (!flushScheduled) {
            flushScheduled = true;
            context.runOnContext(v -> flush());
        }
        return (Future<R>) promise.future();
    }

    private void flush() {
        flushScheduled = false;
        long sentNanos = System.nanoTime();
        for (int s = 0; s < shardCount; s++) {
            send(s, pending[s], budgetNanos, delivery, sentNanos, false);
        }
        if (!byDeadline.isEmpty()) {
            for (var e : byDeadline.entrySet()) {
                // what is left of the request's deadline; a spent one still travels, and the shard skips it
                long budget = Math.max(1, Math.min(budgetNanos, e.getKey() - sentNanos));
                DeliveryOptions options = new DeliveryOptions().setLocalOnly(true)
                        .setSendTimeout(Math.max(1, TimeUnit.NANOSECONDS.toMillis(budget)));
                for (int s = 0; s < shardCount; s++) {
                    if (e.getValue()[s] != null) {
                        send(s, e.getValue()[s], budget, options, sentNanos, true);
                    }
                }
            }
            byDeadline.clear();
        }
    }

    private void send(int shard, PendingBatch batch, long budget, DeliveryOptions options, long sentNanos, boolean own) {
        if (batch.isEmpty()) {
            return;
        }
        ShardOp<?>[] ops = batch.ops.toArray(new ShardOp<?>[0]);
        List<Promise<Object>> promises = new ArrayList<>(batch.promises);
        Timings timings = batch.takeTimings();
        batch.clear();
        bus.<ShardResults>request(ShardAddress.of(shard), new ShardBatch(ops, budget, sentNanos), options)
                .onComplete(ar -> complete(promises, timings, sentNanos, ar.succeeded() ? ar.result() : null, ar.cause(), own));
    }

    private void complete(List<Promise<Object>> promises, Timings timings, long sentNanos, Message<ShardResults> reply,
                          Throwable cause, boolean ownDeadline) {
        long now = timings == null ? 0 : System.nanoTime();
        if (reply == null) {
            Throwable failure = cause;
            if (cause instanceof ReplyException re && re.failureType() == ReplyFailure.TIMEOUT) {
                load.countTimeouts(promises.size());
                failure = new QuiverException(ErrorCode.TIMEOUT, ownDeadline ? "request did not finish within its own deadline"
                        : "request did not finish within request-timeout (" + timeoutMillis + " ms)");
            }
            for (int i = 0; i < promises.size(); i++) {
                OpTiming timing = Timings.of(timings, i);
                if (timing != null) {
                    timing.opFailed(now);
                }
                promises.get(i).fail(failure);
            }
            return;
        }
        Object[] results = reply.body().results();
        long[] clock = reply.body().clock();
        for (int i = 0; i < results.length; i++) {
            OpTiming timing = Timings.of(timings, i);
            if (timing != null) {
                timing.opAnswered(timings.queuedNanos[i], sentNanos + clock[i], sentNanos + clock[i + 1], now);
            }
            Promise<Object> promise = promises.get(i);
            if (results[i] instanceof ShardFailure f) {
                promise.fail(f.toException());
            } else {
                promise.complete(results[i]);
            }
        }
    }

    /** This client for one request: every operation reported to its timing (or null), due by its deadline (or none). */
    private final class View implements ShardClient {
        private final OpTiming timing;
        private final long deadline;

        View(OpTiming timing, long deadline) {
            this.timing = timing;
            this.deadline = deadline;
        }

        @Override
        public int shardCount() {
            return shardCount;
        }

        @Override
        public int shardOf(byte[] key) {
            return LocalShardClient.this.shardOf(key);
        }

        @Override
        public <R> Future<R> send(int shard, ShardOp<R> op) {
            return LocalShardClient.this.send(shard, op, timing, deadline);
        }

        @Override
        public <R> Future<List<R>> scatter(int[] shards, IntFunction<? extends ShardOp<R>> opFor) {
            return LocalShardClient.this.scatter(shards, opFor, timing, deadline);
        }

        @Override
        public <R> Future<List<R>> broadcast(ShardOp<R> op) {
            return LocalShardClient.this.scatter(allShards, s -> op, timing, deadline);
        }

        @Override
        public ShardClient timed(OpTiming other) {
            return new View(other, deadline);
        }

        @Override
        public ShardClient withDeadline(long deadlineNanos) {
            return new View(timing, Math.min(deadline, deadlineNanos));
        }

        @Override
        public ShardLoad load() {
            return load;
        }
    }

    private static final class PendingBatch {
        final List<ShardOp<?>> ops = new ArrayList<>();
        final List<Promise<Object>> promises = new ArrayList<>();
        /** Null until an operation of a timed request joins the batch: untimed traffic pays nothing. */
        private Timings timings;

        void add(ShardOp<?> op, Promise<Object> p) {
            ops.add(op);
            promises.add(p);
        }

        void add(ShardOp<?> op, Promise<Object> p, OpTiming timing, long queuedNanos) {
            if (timings == null) {
                timings = new Timings();
            }
            timings.set(ops.size(), timing, queuedNanos);
            add(op, p);
        }

        boolean isEmpty() {
            return ops.isEmpty();
        }

        /** The batch's timings, handed over with its promises; null when no operation was timed. */
        Timings takeTimings() {
            Timings t = timings;
            timings = null;
            return t;
        }

        void clear() {
            ops.clear();
            promises.clear();
        }
    }

    /** Per operation of a sent batch: its request's timing (or null) and when it was queued. */
    private static final class Timings {
        private OpTiming[] requests = new OpTiming[8];
        private long[] queuedNanos = new long[8];

        void set(int i, OpTiming timing, long queued) {
            if (i >= requests.length) {
                int n = Math.max(i + 1, requests.length * 2);
                requests = Arrays.copyOf(requests, n);
                queuedNanos = Arrays.copyOf(queuedNanos, n);
            }
            requests[i] = timing;
            queuedNanos[i] = queued;
        }

        static OpTiming of(Timings t, int i) {
            return t == null || i >= t.requests.length ? null : t.requests[i];
        }
    }
}
