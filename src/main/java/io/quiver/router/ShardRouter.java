package io.quiver.router;

import io.quiver.config.ConfigKeys;
import io.quiver.config.QuiverConfig;
import io.quiver.error.ErrorCode;
import io.quiver.error.QuiverException;
import io.quiver.kv.SetCondition;
import io.quiver.shard.AdminOp;
import io.quiver.shard.KeyHash;
import io.quiver.shard.KvOp;
import io.quiver.shard.PersistenceStats;
import io.quiver.shard.ShardAddress;
import io.quiver.shard.ShardBatch;
import io.quiver.shard.ShardFailure;
import io.quiver.shard.ShardLoad;
import io.quiver.shard.ShardOp;
import io.quiver.shard.ShardResults;
import io.quiver.shard.ShardStats;
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
import java.util.List;

/**
 * The front ends' only way to the shards. Owned by one front-end verticle instance and used only on
 * its event loop, so it needs no locks.
 *
 * <p>Operations submitted during one event-loop turn (every command parsed from every socket that
 * was readable in that turn) are sent to each shard as one {@link ShardBatch}, once the turn ends.
 * Pipelined and concurrent clients therefore cost one event-bus message per shard per turn, not one
 * per command.
 *
 * <p>Multi-key operations are split by owning shard here and their partial answers merged.
 *
 * <p>Overload: every operation takes a place in its shard's queue first ({@link ShardLoad}, shared
 * with the other front-end instances); a request that would overfill any of its shards' queues
 * fails at once with BUSY and is sent to none. Each batch carries a deadline ({@code request-timeout}
 * from when it is sent): past it the request fails with TIMEOUT, and the shard skips what it has
 * not started. Writes that add data fail with OUT_OF_MEMORY while the data is over {@code max-memory}.
 *
 * <p>Timing: while an HTTP handler runs, the front end sets its {@link RequestTiming} here
 * ({@link #timeFor}); every operation sent meanwhile, and every one sent from the callbacks of
 * those operations' answers (a search's payload fetch), reports to it when it was queued, when the
 * shard ran it and when its answer came. Operations sent without one (RESP, imports) skip all of it.
 */
public final class ShardRouter {
    private final Context context;
    private final EventBus bus;
    private final int shardCount;
    private final long maxKeySize;
    private final long maxValueSize;
    private final PendingBatch[] pending;
    private final ShardLoad load;
    private final int[] allShards;
    private final long timeoutMillis;
    private final long timeoutNanos;
    private final DeliveryOptions delivery;
    private boolean flushScheduled;
    /** The request on whose behalf operations are being sent now, or null (see {@link #timeFor}). */
    private RequestTiming current;

    public ShardRouter(Vertx vertx, Context context, QuiverConfig config, ShardLoad load) {
        this.context = context;
        this.bus = vertx.eventBus();
        this.load = load;
        this.shardCount = config.shardCount();
        this.allShards = java.util.stream.IntStream.range(0, shardCount).toArray();
        this.timeoutMillis = config.get(ConfigKeys.REQUEST_TIMEOUT);
        this.timeoutNanos = java.util.concurrent.TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
        this.delivery = new DeliveryOptions().setLocalOnly(true).setSendTimeout(timeoutMillis);
        this.maxKeySize = config.get(ConfigKeys.MAX_KEY_SIZE);
        this.maxValueSize = config.get(ConfigKeys.MAX_VALUE_SIZE);
        this.pending = new PendingBatch[shardCount];
        for (int i = 0; i < shardCount; i++) {
            pending[i] = new PendingBatch();
        }
    }

    public int shardCount() {
        return shardCount;
    }

    public int shardOf(byte[] key) {
        return KeyHash.shardOf(key, shardCount);
    }

    // ---- the one way in ----

    /**
     * Queues {@code op} for {@code shard}; it is sent with the others of this event-loop turn.
     * Fails at once with BUSY when the shard's queue is full.
     */
    public <T> Future<T> submit(int shard, ShardOp op) {
        if (!load.tryReserve(shard)) {
            return Future.failedFuture(load.busy(shard));
        }
        return send(shard, op);
    }

    /**
     * Counts the operations sent from now on, and those sent from their answers' callbacks, in
     * {@code timing}; {@code null} stops counting. The HTTP front end sets it around each handler.
     */
    public void timeFor(RequestTiming timing) {
        current = timing;
    }

    /** Queues {@code op} for {@code shard}, whose queue place the caller has reserved already. */
    @SuppressWarnings("unchecked")
    private <T> Future<T> send(int shard, ShardOp op) {
        Promise<Object> promise = Promise.promise();
        RequestTiming timing = current;
        if (timing == null) {
            pending[shard].add(op, promise);
        } else {
            long now = System.nanoTime();
            pending[shard].add(op, promise, timing, now);
            timing.opSent(now);
        }
        if (!flushScheduled) {
            flushScheduled = true;
            context.runOnContext(v -> flush());
        }
        return (Future<T>) promise.future();
    }

    /** Sends {@code op} to every shard, or (BUSY) to none; the answers come back in shard order. */
    public <T> Future<List<T>> broadcast(ShardOp op) {
        try {
            load.reserveAll(allShards);
        } catch (QuiverException e) {
            return Future.failedFuture(e);
        }
        List<Future<T>> parts = new ArrayList<>(shardCount);
        for (int s = 0; s < shardCount; s++) {
            parts.add(send(s, op));
        }
        return Future.all(parts).map(cf -> cf.list());
    }

    /** The memory and queue figures shared with the shards and the other front ends. */
    public ShardLoad load() {
        return load;
    }

    private void flush() {
        flushScheduled = false;
        long deadline = System.nanoTime() + timeoutNanos;
        for (int s = 0; s < shardCount; s++) {
            PendingBatch batch = pending[s];
            if (batch.isEmpty()) {
                continue;
            }
            ShardOp[] ops = batch.ops.toArray(new ShardOp[0]);
            List<Promise<Object>> promises = new ArrayList<>(batch.promises);
            Timings timings = batch.takeTimings();
            batch.clear();
            bus.<ShardResults>request(ShardAddress.of(s), new ShardBatch(ops, deadline), delivery)
                    .onComplete(ar -> complete(promises, timings, ar.succeeded() ? ar.result() : null, ar.cause()));
        }
    }

    private void complete(List<Promise<Object>> promises, Timings timings, Message<ShardResults> reply, Throwable cause) {
        long now = timings == null ? 0 : System.nanoTime();
        if (reply == null) {
            Throwable failure = cause;
            if (cause instanceof ReplyException re && re.failureType() == ReplyFailure.TIMEOUT) {
                load.countTimeouts(promises.size());
                failure = new QuiverException(ErrorCode.TIMEOUT,
                        "request did not finish within request-timeout (" + timeoutMillis + " ms)");
            }
            for (int i = 0; i < promises.size(); i++) {
                RequestTiming timing = Timings.of(timings, i);
                if (timing != null) {
                    timing.opFailed(now);
                }
                completeAs(timing, promises.get(i), null, failure);
            }
            return;
        }
        Object[] results = reply.body().results();
        long[] clock = reply.body().clock();
        for (int i = 0; i < results.length; i++) {
            RequestTiming timing = Timings.of(timings, i);
            if (timing != null) {
                timing.opAnswered(timings.queuedNanos[i], clock[i], clock[i + 1], now);
            }
            completeAs(timing, promises.get(i), results[i], null);
        }
    }

    /**
     * Completes one operation's promise; what its callbacks send (the next round of the same
     * request) is counted in the same request's timing.
     */
    private void completeAs(RequestTiming timing, Promise<Object> promise, Object result, Throwable failure) {
        current = timing;
        try {
            if (failure != null) {
                promise.fail(failure);
            } else if (result instanceof ShardFailure f) {
                promise.fail(f.toException());
            } else {
                promise.complete(result);
            }
        } finally {
            current = null;
        }
    }

    private static final class PendingBatch {
        final List<ShardOp> ops = new ArrayList<>();
        final List<Promise<Object>> promises = new ArrayList<>();
        /** Null until an operation of a timed request joins the batch: untimed traffic pays nothing. */
        private Timings timings;

        void add(ShardOp op, Promise<Object> p) {
            ops.add(op);
            promises.add(p);
        }

        void add(ShardOp op, Promise<Object> p, RequestTiming timing, long queuedNanos) {
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
        private RequestTiming[] requests = new RequestTiming[8];
        private long[] queuedNanos = new long[8];

        void set(int i, RequestTiming timing, long queued) {
            if (i >= requests.length) {
                int n = Math.max(i + 1, requests.length * 2);
                requests = java.util.Arrays.copyOf(requests, n);
                queuedNanos = java.util.Arrays.copyOf(queuedNanos, n);
            }
            requests[i] = timing;
            queuedNanos[i] = queued;
        }

        static RequestTiming of(Timings t, int i) {
            return t == null || i >= t.requests.length ? null : t.requests[i];
        }
    }

    // ---- key-value operations ----

    /** The stored entry (read it with {@link io.quiver.kv.KvEntry}) or null. */
    public Future<byte[]> get(byte[] key) {
        return submit(shardOf(key), new KvOp.Get(key));
    }

    public Future<Boolean> set(byte[] key, byte[] value, SetCondition condition) {
        try {
            checkKey(key);
            checkValue(value);
            load.checkMemory();
        } catch (QuiverException e) {
            return Future.failedFuture(e);
        }
        return submit(shardOf(key), new KvOp.Set(key, value, condition));
    }

    public Future<Long> delete(byte[][] keys) {
        return sumPerShard(keys, KvOp.Delete::new);
    }

    public Future<Long> exists(byte[][] keys) {
        return sumPerShard(keys, KvOp.Exists::new);
    }

    /** One entry or null per key, in the order asked. */
    public Future<byte[][]> multiGet(byte[][] keys) {
        KeyGroups groups = KeyGroups.of(keys, this::shardOf);
        try {
            load.reserveAll(groups.shards());
        } catch (QuiverException e) {
            return Future.failedFuture(e);
        }
        List<Future<byte[][]>> parts = new ArrayList<>();
        for (int s : groups.shards()) {
            parts.add(send(s, new KvOp.MultiGet(groups.keys(s))));
        }
        return Future.all(parts).map(cf -> {
            byte[][] out = new byte[keys.length][];
            int[] shards = groups.shards();
            for (int g = 0; g < shards.length; g++) {
                byte[][] part = cf.resultAt(g);
                int[] positions = groups.positions(shards[g]);
                for (int i = 0; i < positions.length; i++) {
                    out[positions[i]] = part[i];
                }
            }
            return out;
        });
    }

    /** Sets every pair; atomic per shard, not across shards. Refused (BUSY, OOM) as a whole. */
    public Future<Void> multiSet(byte[][] keys, byte[][] values) {
        KeyGroups groups;
        try {
            for (int i = 0; i < keys.length; i++) {
                checkKey(keys[i]);
                checkValue(values[i]);
            }
            load.checkMemory();
            groups = KeyGroups.of(keys, this::shardOf);
            load.reserveAll(groups.shards());
        } catch (QuiverException e) {
            return Future.failedFuture(e);
        }
        List<Future<Object>> parts = new ArrayList<>();
        for (int s : groups.shards()) {
            parts.add(send(s, new KvOp.MultiSet(groups.keys(s), groups.pick(s, values))));
        }
        return Future.all(parts).mapEmpty();
    }

    public Future<Long> keyCount() {
        return this.<Long>broadcast(new AdminOp.KeyCount()).map(l -> l.stream().mapToLong(Long::longValue).sum());
    }

    public Future<Void> flushAll() {
        return broadcast(new AdminOp.FlushAll()).mapEmpty();
    }

    public Future<List<ShardStats>> stats() {
        return broadcast(new AdminOp.Stats());
    }

    /** DEBUG SLEEP: every shard does nothing for {@code millis}, in parallel. */
    public Future<Void> sleep(long millis) {
        return broadcast(new AdminOp.Sleep(millis)).mapEmpty();
    }

    /** Snapshots every shard; with {@code wait}, completes once every file is on disk. */
    public Future<List<Object>> snapshot(boolean wait) {
        return broadcast(new AdminOp.Snapshot(wait));
    }

    public Future<List<PersistenceStats>> persistenceStats() {
        return broadcast(new AdminOp.PersistenceInfo());
    }

    private Future<Long> sumPerShard(byte[][] keys, java.util.function.Function<byte[][], ShardOp> op) {
        KeyGroups groups = KeyGroups.of(keys, this::shardOf);
        try {
            load.reserveAll(groups.shards());
        } catch (QuiverException e) {
            return Future.failedFuture(e);
        }
        List<Future<Long>> parts = new ArrayList<>();
        for (int s : groups.shards()) {
            parts.add(send(s, op.apply(groups.keys(s))));
        }
        return Future.all(parts).map(cf -> {
            long n = 0;
            for (int i = 0; i < cf.size(); i++) {
                n += cf.<Long>resultAt(i);
            }
            return n;
        });
    }

    public void checkKey(byte[] key) {
        if (key.length > maxKeySize) {
            throw QuiverException.tooLarge("key is " + key.length + " bytes, larger than max-key-size (" + maxKeySize + ")");
        }
    }

    public void checkValue(byte[] value) {
        if (value.length > maxValueSize) {
            throw QuiverException.tooLarge("value is " + value.length + " bytes, larger than max-value-size (" + maxValueSize + ")");
        }
    }
}
