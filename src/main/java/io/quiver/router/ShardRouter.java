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

    /** Queues {@code op} for {@code shard}, whose queue place the caller has reserved already. */
    @SuppressWarnings("unchecked")
    private <T> Future<T> send(int shard, ShardOp op) {
        Promise<Object> promise = Promise.promise();
        pending[shard].add(op, promise);
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
            batch.clear();
            bus.<ShardResults>request(ShardAddress.of(s), new ShardBatch(ops, deadline), delivery)
                    .onComplete(ar -> complete(promises, ar.succeeded() ? ar.result() : null, ar.cause()));
        }
    }

    private void complete(List<Promise<Object>> promises, Message<ShardResults> reply, Throwable cause) {
        if (reply == null) {
            Throwable failure = cause;
            if (cause instanceof ReplyException re && re.failureType() == ReplyFailure.TIMEOUT) {
                load.countTimeouts(promises.size());
                failure = new QuiverException(ErrorCode.TIMEOUT,
                        "request did not finish within request-timeout (" + timeoutMillis + " ms)");
            }
            for (Promise<Object> p : promises) {
                p.fail(failure);
            }
            return;
        }
        Object[] results = reply.body().results();
        for (int i = 0; i < results.length; i++) {
            if (results[i] instanceof ShardFailure f) {
                promises.get(i).fail(f.toException());
            } else {
                promises.get(i).complete(results[i]);
            }
        }
    }

    private static final class PendingBatch {
        final List<ShardOp> ops = new ArrayList<>();
        final List<Promise<Object>> promises = new ArrayList<>();

        void add(ShardOp op, Promise<Object> p) {
            ops.add(op);
            promises.add(p);
        }

        boolean isEmpty() {
            return ops.isEmpty();
        }

        void clear() {
            ops.clear();
            promises.clear();
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
