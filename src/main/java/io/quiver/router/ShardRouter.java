package io.quiver.router;

import io.quiver.config.ConfigKeys;
import io.quiver.config.QuiverConfig;
import io.quiver.error.QuiverException;
import io.quiver.kv.SetCondition;
import io.quiver.shard.AdminOp;
import io.quiver.shard.KeyHash;
import io.quiver.shard.KvOp;
import io.quiver.shard.PersistenceStats;
import io.quiver.shard.ShardAddress;
import io.quiver.shard.ShardBatch;
import io.quiver.shard.ShardFailure;
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
 */
public final class ShardRouter {
    private final Context context;
    private final EventBus bus;
    private final int shardCount;
    private final long maxKeySize;
    private final long maxValueSize;
    private final PendingBatch[] pending;
    private final DeliveryOptions delivery = new DeliveryOptions().setLocalOnly(true);
    private boolean flushScheduled;

    public ShardRouter(Vertx vertx, Context context, QuiverConfig config) {
        this.context = context;
        this.bus = vertx.eventBus();
        this.shardCount = config.shardCount();
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

    /** Queues {@code op} for {@code shard}; it is sent with the others of this event-loop turn. */
    @SuppressWarnings("unchecked")
    public <T> Future<T> submit(int shard, ShardOp op) {
        Promise<Object> promise = Promise.promise();
        pending[shard].add(op, promise);
        if (!flushScheduled) {
            flushScheduled = true;
            context.runOnContext(v -> flush());
        }
        return (Future<T>) promise.future();
    }

    /** Sends {@code op} to every shard; the answers come back in shard order. */
    public <T> Future<List<T>> broadcast(ShardOp op) {
        List<Future<T>> parts = new ArrayList<>(shardCount);
        for (int s = 0; s < shardCount; s++) {
            parts.add(submit(s, op));
        }
        return Future.all(parts).map(cf -> cf.list());
    }

    private void flush() {
        flushScheduled = false;
        for (int s = 0; s < shardCount; s++) {
            PendingBatch batch = pending[s];
            if (batch.isEmpty()) {
                continue;
            }
            ShardOp[] ops = batch.ops.toArray(new ShardOp[0]);
            List<Promise<Object>> promises = new ArrayList<>(batch.promises);
            batch.clear();
            bus.<ShardResults>request(ShardAddress.of(s), new ShardBatch(ops), delivery)
                    .onComplete(ar -> complete(promises, ar.succeeded() ? ar.result() : null, ar.cause()));
        }
    }

    private static void complete(List<Promise<Object>> promises, Message<ShardResults> reply, Throwable cause) {
        if (reply == null) {
            for (Promise<Object> p : promises) {
                p.fail(cause);
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
        List<Future<byte[][]>> parts = new ArrayList<>();
        for (int s : groups.shards()) {
            parts.add(submit(s, new KvOp.MultiGet(groups.keys(s))));
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

    /** Sets every pair; atomic per shard, not across shards. */
    public Future<Void> multiSet(byte[][] keys, byte[][] values) {
        try {
            for (int i = 0; i < keys.length; i++) {
                checkKey(keys[i]);
                checkValue(values[i]);
            }
        } catch (QuiverException e) {
            return Future.failedFuture(e);
        }
        KeyGroups groups = KeyGroups.of(keys, this::shardOf);
        List<Future<Object>> parts = new ArrayList<>();
        for (int s : groups.shards()) {
            parts.add(submit(s, new KvOp.MultiSet(groups.keys(s), groups.pick(s, values))));
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

    /** Snapshots every shard; with {@code wait}, completes once every file is on disk. */
    public Future<List<Object>> snapshot(boolean wait) {
        return broadcast(new AdminOp.Snapshot(wait));
    }

    public Future<List<PersistenceStats>> persistenceStats() {
        return broadcast(new AdminOp.PersistenceInfo());
    }

    private Future<Long> sumPerShard(byte[][] keys, java.util.function.Function<byte[][], ShardOp> op) {
        KeyGroups groups = KeyGroups.of(keys, this::shardOf);
        List<Future<Long>> parts = new ArrayList<>();
        for (int s : groups.shards()) {
            parts.add(submit(s, op.apply(groups.keys(s))));
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
