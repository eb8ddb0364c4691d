package io.quiver.service;

import io.quiver.client.ShardClient;
import io.quiver.error.QuiverException;
import io.quiver.kv.ScanPage;
import io.quiver.kv.Value;
import io.quiver.shard.KvOp;
import io.vertx.core.Future;

/**
 * Hashes (HSET and kin), as both front ends may offer them: a hash is one key on its shard, so each
 * request is one operation there. Sizes are checked before anything is sent (a hash's encoded size
 * counts against {@code max-value-size} at the shard's first write past it only as its fields do:
 * each field and value is checked here), and writes are refused over {@code max-memory}. Used on
 * its client's event loop only.
 */
public final class HashService {
    /** What {@link #getAll} answers: pairs (HGETALL), fields (HKEYS), values (HVALS). */
    public static final int PAIRS = KvOp.HashGetAll.PAIRS, FIELDS = KvOp.HashGetAll.FIELDS, VALUES = KvOp.HashGetAll.VALUES;

    private final ShardClient shards;
    private final long maxKeySize;
    private final long maxValueSize;
    private final int db;
    private final HashService[] views;

    HashService(ShardClient shards, long maxKeySize, long maxValueSize, int databases) {
        this(shards, maxKeySize, maxValueSize, 0, new HashService[databases]);
        views[0] = this;
    }

    private HashService(ShardClient shards, long maxKeySize, long maxValueSize, int db, HashService[] views) {
        this.shards = shards;
        this.maxKeySize = maxKeySize;
        this.maxValueSize = maxValueSize;
        this.db = db;
        this.views = views;
    }

    /** The same service over database {@code db} (checked by the caller's SELECT). */
    public HashService inDb(int db) {
        HashService v = views[db];
        if (v == null) {
            v = views[db] = new HashService(shards, maxKeySize, maxValueSize, db, views);
        }
        return v;
    }

    private <R> Future<R> send(byte[] key, KvOp<R> op) {
        return shards.send(shards.shardOf(key), db == 0 ? op : new KvOp.InDb<>(db, op));
    }

    private void checkWrite(byte[] key, byte[][] fields, byte[][] values) {
        if (key.length > maxKeySize) {
            throw QuiverException.tooLarge("key is " + key.length + " bytes, larger than max-key-size (" + maxKeySize + ")");
        }
        long total = 0;
        for (int i = 0; i < fields.length; i++) {
            total += fields[i].length + (values == null ? 0 : values[i].length);
        }
        if (total > maxValueSize) {
            throw QuiverException.tooLarge("fields and values of " + total + " bytes, larger than max-value-size (" + maxValueSize + ")");
        }
        shards.load().checkMemory();
    }

    /** HSET: fields added. */
    public Future<Long> set(byte[] key, byte[][] fields, byte[][] values) {
        try {
            checkWrite(key, fields, values);
        } catch (QuiverException e) {
            return Future.failedFuture(e);
        }
        return send(key, new KvOp.HashSet(key, fields, values, false));
    }

    /** HSETNX: 1 set, 0 the field existed. */
    public Future<Long> setIfAbsent(byte[] key, byte[] field, byte[] value) {
        byte[][] f = {field}, v = {value};
        try {
            checkWrite(key, f, v);
        } catch (QuiverException e) {
            return Future.failedFuture(e);
        }
        return send(key, new KvOp.HashSet(key, f, v, true));
    }

    public Future<Value> get(byte[] key, byte[] field) {
        return send(key, new KvOp.HashGet(key, field));
    }

    public Future<Value[]> multiGet(byte[] key, byte[][] fields) {
        return send(key, new KvOp.HashMultiGet(key, fields));
    }

    /** HGETALL / HKEYS / HVALS ({@link KvOp.HashGetAll#PAIRS} ...). */
    public Future<Value[]> getAll(byte[] key, int what) {
        return send(key, new KvOp.HashGetAll(key, what));
    }

    public Future<Long> delete(byte[] key, byte[][] fields) {
        return send(key, new KvOp.HashDelete(key, fields));
    }

    public Future<Long> exists(byte[] key, byte[] field) {
        return send(key, new KvOp.HashExists(key, field));
    }

    public Future<Long> length(byte[] key) {
        return send(key, new KvOp.HashLength(key));
    }

    public Future<Long> stringLength(byte[] key, byte[] field) {
        return send(key, new KvOp.HashStringLength(key, field));
    }

    public Future<Long> incrementBy(byte[] key, byte[] field, long delta) {
        try {
            checkWrite(key, new byte[][]{field}, null);
        } catch (QuiverException e) {
            return Future.failedFuture(e);
        }
        return send(key, new KvOp.HashIncrementBy(key, field, delta));
    }

    public Future<Value> incrementByFloat(byte[] key, byte[] field, double delta) {
        try {
            checkWrite(key, new byte[][]{field}, null);
        } catch (QuiverException e) {
            return Future.failedFuture(e);
        }
        return send(key, new KvOp.HashIncrementByFloat(key, field, delta));
    }

    public Future<ScanPage> scan(byte[] key, long cursor, int count, byte[] pattern, boolean noValues) {
        return send(key, new KvOp.HashScan(key, cursor, count, pattern, noValues));
    }

    /** HRANDFIELD: see {@link KvOp.HashRandomField}. */
    public Future<Value[]> randomField(byte[] key, long count, boolean single, boolean withValues) {
        return send(key, new KvOp.HashRandomField(key, count, single, withValues));
    }
}
