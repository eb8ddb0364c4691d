package io.quiver.service;

import io.quiver.client.ShardClient;
import io.quiver.error.QuiverException;
import io.quiver.kv.Value;
import io.quiver.shard.KvOp;
import io.vertx.core.Future;

/**
 * Lists (LPUSH and kin), as both front ends may offer them: a list is one key on its shard, so each
 * request is one operation there. Sizes are checked before anything is sent (each element against
 * {@code max-value-size}, all of a push together too), and pushes and LSET are refused over
 * {@code max-memory}. Used on its client's event loop only.
 */
public final class ListService {
    private final ShardClient shards;
    private final long maxKeySize;
    private final long maxValueSize;
    private final int db;
    private final ListService[] views;

    ListService(ShardClient shards, long maxKeySize, long maxValueSize, int databases) {
        this(shards, maxKeySize, maxValueSize, 0, new ListService[databases]);
        views[0] = this;
    }

    private ListService(ShardClient shards, long maxKeySize, long maxValueSize, int db, ListService[] views) {
        this.shards = shards;
        this.maxKeySize = maxKeySize;
        this.maxValueSize = maxValueSize;
        this.db = db;
        this.views = views;
    }

    /** The same service over database {@code db} (checked by the caller's SELECT). */
    public ListService inDb(int db) {
        ListService v = views[db];
        if (v == null) {
            v = views[db] = new ListService(shards, maxKeySize, maxValueSize, db, views);
        }
        return v;
    }

    private <R> Future<R> send(byte[] key, KvOp<R> op) {
        return shards.send(shards.shardOf(key), db == 0 ? op : new KvOp.InDb<>(db, op));
    }

    private void checkWrite(byte[] key, byte[][] elements) {
        if (key.length > maxKeySize) {
            throw QuiverException.tooLarge("key is " + key.length + " bytes, larger than max-key-size (" + maxKeySize + ")");
        }
        long total = 0;
        for (byte[] e : elements) {
            total += e.length;
        }
        if (total > maxValueSize) {
            throw QuiverException.tooLarge("elements of " + total + " bytes, larger than max-value-size (" + maxValueSize + ")");
        }
        shards.load().checkMemory();
    }

    /** LPUSH/RPUSH ({@code left}: at the head), LPUSHX/RPUSHX ({@code onlyIfExists}): the length after. */
    public Future<Long> push(byte[] key, byte[][] elements, boolean left, boolean onlyIfExists) {
        try {
            checkWrite(key, elements);
        } catch (QuiverException e) {
            return Future.failedFuture(e);
        }
        return send(key, new KvOp.ListPush(key, elements, left, onlyIfExists));
    }

    /** LPOP/RPOP: {@code count} -1 for one element; null when there is no key. */
    public Future<Value[]> pop(byte[] key, boolean left, long count) {
        return send(key, new KvOp.ListPop(key, left, count));
    }

    public Future<Long> length(byte[] key) {
        return send(key, new KvOp.ListLength(key));
    }

    public Future<Value[]> range(byte[] key, long start, long stop) {
        return send(key, new KvOp.ListRange(key, start, stop));
    }

    public Future<Value> index(byte[] key, long index) {
        return send(key, new KvOp.ListIndex(key, index));
    }

    public Future<Boolean> set(byte[] key, long index, byte[] element) {
        try {
            checkWrite(key, new byte[][]{element});
        } catch (QuiverException e) {
            return Future.failedFuture(e);
        }
        return send(key, new KvOp.ListSet(key, index, element));
    }

    public Future<Long> remove(byte[] key, long count, byte[] element) {
        return send(key, new KvOp.ListRemove(key, count, element));
    }

    public Future<Boolean> trim(byte[] key, long start, long stop) {
        return send(key, new KvOp.ListTrim(key, start, stop));
    }
}
