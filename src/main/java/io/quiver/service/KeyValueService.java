package io.quiver.service;

import io.quiver.client.ShardClient;
import io.quiver.config.KeyspaceEventFlags;
import io.quiver.error.QuiverException;
import io.quiver.kv.ExpireCondition;
import io.quiver.kv.ScanPage;
import io.quiver.kv.SetCondition;
import io.quiver.kv.StoredValue;
import io.quiver.kv.Value;
import io.quiver.shard.KeyspaceEvents;
import io.quiver.shard.AdminOp;
import io.quiver.shard.KvOp;
import io.vertx.core.Future;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Function;

/**
 * Keys and values, as both front ends offer them: the size limits and the memory limit are checked
 * before anything is sent (so a refused request changes nothing), multi-key requests are split by
 * owning shard and their answers put back in the order asked. MSET is atomic per shard, not across
 * shards. Expiry times reach the shards as absolute Unix milliseconds, decided here. Used on its
 * client's event loop only.
 */
public final class KeyValueService {
    private final ShardClient shards;
    private final long maxKeySize;
    private final long maxValueSize;
    /** The database this view's ops go to (SELECT). */
    private final int db;
    /** The views of every database, made when first selected; shared by all views of one client. */
    private final KeyValueService[] views;
    /**
     * The node's keyspace notifications, for the events of steps over two shards (a RENAME or COPY
     * across shards, RESTORE), which no one shard sees whole; every other event is fired by its shard.
     */
    private final KeyspaceEvents events;

    KeyValueService(ShardClient shards, long maxKeySize, long maxValueSize, int databases, KeyspaceEvents events) {
        this(shards, maxKeySize, maxValueSize, 0, new KeyValueService[databases], events);
        views[0] = this;
    }

    private KeyValueService(ShardClient shards, long maxKeySize, long maxValueSize, int db, KeyValueService[] views,
                            KeyspaceEvents events) {
        this.events = events;
        this.shards = shards;
        this.maxKeySize = maxKeySize;
        this.maxValueSize = maxValueSize;
        this.db = db;
        this.views = views;
    }

    /** The same service over database {@code db}; throws Redis's error for a number out of range. */
    public KeyValueService inDb(long db) {
        checkDb(db);
        KeyValueService v = views[(int) db];
        if (v == null) {
            v = views[(int) db] = new KeyValueService(shards, maxKeySize, maxValueSize, (int) db, views, events);
        }
        return v;
    }

    /** The database this service works on. */
    public int db() {
        return db;
    }

    /** How many databases there are ({@code databases}). */
    public int databases() {
        return views.length;
    }

    /** Throws Redis's {@code DB index is out of range} unless {@code db} is 0..databases-1. */
    public void checkDb(long db) {
        if (db < 0 || db >= views.length) {
            throw QuiverException.badRequest("DB index is out of range");
        }
    }

    /** {@code op} as this database's: database 0's go as they are. */
    private <R> KvOp<R> in(KvOp<R> op) {
        return db == 0 ? op : new KvOp.InDb<>(db, op);
    }

    /** The value, or null. */
    public Future<Value> get(byte[] key) {
        return shards.send(shards.shardOf(key), in(new KvOp.Get(key)));
    }

    /** Stores the value if {@code condition} allows; the future says whether it was stored. */
    public Future<Boolean> set(byte[] key, byte[] value, SetCondition condition) {
        try {
            checkKey(key);
            checkValue(value);
            shards.load().checkMemory();
        } catch (QuiverException e) {
            return Future.failedFuture(e);
        }
        return shards.send(shards.shardOf(key), in(new KvOp.Set(key, value, condition)));
    }

    /**
     * Stores the value if {@code condition} allows, expiring at {@code expireAt} (Unix ms, 0: never)
     * or, with {@code keepTtl}, when the old value would have.
     */
    public Future<Boolean> set(byte[] key, byte[] value, SetCondition condition, long expireAt, boolean keepTtl) {
        return checked(key, value, () -> shards.send(shards.shardOf(key), in(new KvOp.Set(key, value, condition, expireAt, keepTtl))));
    }

    /** SET ... GET: the value before (null if none). */
    public Future<Value> setAndGet(byte[] key, byte[] value, SetCondition condition, long expireAt, boolean keepTtl) {
        return checked(key, value, () -> shards.send(shards.shardOf(key), in(new KvOp.SetAndGet(key, value, condition, expireAt, keepTtl))));
    }

    /** GETEX: the value; the key then expires at {@code expireAt}, never ({@code persist}), or as before. */
    public Future<Value> getAndExpire(byte[] key, long expireAt, boolean persist) {
        return shards.send(shards.shardOf(key), in(new KvOp.GetAndExpire(key, expireAt, persist)));
    }

    public Future<Value> getAndDelete(byte[] key) {
        return shards.send(shards.shardOf(key), in(new KvOp.GetAndDelete(key)));
    }

    /** Whether the key got the expiry (a time not in the future deletes it). */
    public Future<Boolean> expire(byte[] key, long expireAt, ExpireCondition condition) {
        return shards.send(shards.shardOf(key), in(new KvOp.Expire(key, expireAt, condition)));
    }

    public Future<Boolean> persist(byte[] key) {
        return shards.send(shards.shardOf(key), in(new KvOp.Persist(key)));
    }

    /** The key's expiry in Unix ms; -1 without one, -2 when there is no key. */
    public Future<Long> expireTime(byte[] key) {
        return shards.send(shards.shardOf(key), in(new KvOp.ExpireTime(key)));
    }

    public Future<Long> incrementBy(byte[] key, long delta) {
        return checked(key, null, () -> shards.send(shards.shardOf(key), in(new KvOp.IncrementBy(key, delta))));
    }

    public Future<Value> incrementByFloat(byte[] key, double delta) {
        return checked(key, null, () -> shards.send(shards.shardOf(key), in(new KvOp.IncrementByFloat(key, delta))));
    }

    public Future<Long> append(byte[] key, byte[] suffix) {
        return checked(key, suffix, () -> shards.send(shards.shardOf(key), in(new KvOp.Append(key, suffix))));
    }

    public Future<Long> stringLength(byte[] key) {
        return shards.send(shards.shardOf(key), in(new KvOp.StringLength(key)));
    }

    public Future<Value> getRange(byte[] key, long start, long end) {
        return shards.send(shards.shardOf(key), in(new KvOp.GetRange(key, start, end)));
    }

    public Future<Long> setRange(byte[] key, long offset, byte[] bytes) {
        if (bytes.length > 0 && offset > maxValueSize - bytes.length) {
            return Future.failedFuture(QuiverException.tooLarge("string exceeds maximum allowed size (max-value-size: "
                    + maxValueSize + " bytes)"));
        }
        return checked(key, bytes, () -> shards.send(shards.shardOf(key), in(new KvOp.SetRange(key, offset, bytes))));
    }

    public Future<Long> setBit(byte[] key, long offset, boolean bit) {
        if ((offset >>> 3) >= maxValueSize) {
            return Future.failedFuture(QuiverException.tooLarge("string exceeds maximum allowed size (max-value-size: "
                    + maxValueSize + " bytes)"));
        }
        return checked(key, null, () -> shards.send(shards.shardOf(key), in(new KvOp.SetBit(key, offset, bit))));
    }

    public Future<Long> getBit(byte[] key, long offset) {
        return shards.send(shards.shardOf(key), in(new KvOp.GetBit(key, offset)));
    }

    public Future<Long> bitCount(byte[] key, boolean range, long start, long end, boolean bits) {
        return shards.send(shards.shardOf(key), in(new KvOp.BitCount(key, range, start, end, bits)));
    }

    /**
     * MSETNX: all the pairs are set, or none when any key exists. On one shard it is one step; across
     * shards the check and the writes are two rounds, so a writer racing between them is not excluded
     * (cross-shard isolation comes with transactions).
     */
    public Future<Boolean> multiSetIfAbsent(byte[][] keys, byte[][] values) {
        try {
            for (int i = 0; i < keys.length; i++) {
                checkKey(keys[i]);
                checkValue(values[i]);
            }
            shards.load().checkMemory();
        } catch (QuiverException e) {
            return Future.failedFuture(e);
        }
        KeyGroups groups = KeyGroups.of(keys, shards::shardOf);
        if (groups.shards().length == 1) {
            int s = groups.shards()[0];
            return shards.send(s, in(new KvOp.MultiSetIfAbsent(groups.keys(s), groups.pick(s, values))));
        }
        return exists(keys).compose(n -> n > 0 ? Future.succeededFuture(false)
                : multiSet(keys, values).map(v -> true));
    }

    /** One SCAN step over every shard: the cursor names the shard and its bucket cursor (0 starts, 0 ends). */
    public Future<ScanPage> scan(long cursor, int count, byte[] pattern) {
        return scan(cursor, count, pattern, -1);
    }

    /** One SCAN step keeping keys of one entry type ({@code io.quiver.kv.KvEntry#STRING}, ...; -1: every type). */
    public Future<ScanPage> scan(long cursor, int count, byte[] pattern, int type) {
        int n = shards.shardCount();
        long shard = Long.remainderUnsigned(cursor, n);
        long bucket = Long.divideUnsigned(cursor, n);
        KvOp<ScanPage> step = type < 0 ? new KvOp.Scan(bucket, count, pattern) : new KvOp.ScanType(bucket, count, pattern, type);
        return shards.send((int) shard, in(step)).map(page -> {
            long next;
            if (page.cursor() != 0) {
                next = page.cursor() * n + shard;
            } else {
                next = shard + 1 < n ? shard + 1 : 0;
            }
            return new ScanPage(next, page.keys());
        });
    }

    /** Every key matching {@code pattern}, over all shards. */
    public Future<List<byte[]>> keys(byte[] pattern) {
        return shards.broadcast(in(new KvOp.Keys(pattern))).map(pages -> {
            List<byte[]> out = new ArrayList<>();
            for (ScanPage p : pages) {
                out.addAll(List.of(p.keys()));
            }
            return out;
        });
    }

    /** A key chosen at random, or null when there are none. */
    public Future<Value> randomKey() {
        return shards.broadcast(in(new KvOp.RandomKey())).map(found -> {
            List<Value> keys = found.stream().filter(k -> k != null).toList();
            return keys.isEmpty() ? null : keys.get(ThreadLocalRandom.current().nextInt(keys.size()));
        });
    }

    /**
     * RENAME / RENAMENX: 1 renamed, 0 not (NX and the target exists), -1 no such key. The value keeps
     * its expiry. Within a shard it is one step; across shards it is copy, then delete, so for a moment
     * both names exist.
     */
    public Future<Long> rename(byte[] from, byte[] to, boolean onlyIfAbsent) {
        int a = shards.shardOf(from), b = shards.shardOf(to);
        if (a == b) {
            return shards.send(a, in(new KvOp.Rename(from, to, onlyIfAbsent)));
        }
        return moveAcross(from, to, !onlyIfAbsent, true, this);
    }

    /** COPY: 1 copied, 0 not (the target exists and not {@code replace}), -1 no such key. */
    public Future<Long> copy(byte[] from, byte[] to, boolean replace) {
        int a = shards.shardOf(from), b = shards.shardOf(to);
        if (a == b) {
            return shards.send(a, in(new KvOp.Copy(from, to, replace)));
        }
        return moveAcross(from, to, replace, false, this);
    }

    /** COPY ... DB target: as {@link #copy}, into database {@code target}. */
    public Future<Long> copy(byte[] from, byte[] to, boolean replace, long target) {
        if (target == db) {
            return copy(from, to, replace);
        }
        try {
            return moveAcross(from, to, replace, false, inDb(target));
        } catch (QuiverException e) {
            return Future.failedFuture(e);
        }
    }

    private Future<Long> moveAcross(byte[] from, byte[] to, boolean replace, boolean deleteSource, KeyValueService target) {
        return shards.send(shards.shardOf(from), in(new KvOp.Dump(from))).compose(stored -> {
            if (stored == null) {
                return Future.succeededFuture(-1L);
            }
            return target.restore(to, stored, replace).compose(done -> {
                if (!done) {
                    return Future.succeededFuture(0L);
                }
                if (!deleteSource) {
                    events.fire(KeyspaceEventFlags.GENERIC, "copy_to", target.db, to);
                    return Future.succeededFuture(1L);
                }
                // the source's shard fires its "del" as well: the two steps are two changes
                return delete(new byte[][]{from}).map(n -> {
                    events.fire(KeyspaceEventFlags.GENERIC, "rename_from", db, from);
                    events.fire(KeyspaceEventFlags.GENERIC, "rename_to", db, to);
                    return 1L;
                });
            });
        });
    }

    /** DUMP: the value of {@code key} with its type and expiry, or null when there is none. */
    public Future<StoredValue> dump(byte[] key) {
        return shards.send(shards.shardOf(key), in(new KvOp.Dump(key)));
    }

    /**
     * RESTORE: stores {@code stored} (its type, bytes and absolute expiry; one already past removes the
     * key instead) under {@code key}; false when the key exists and not {@code replace}.
     */
    public Future<Boolean> restoreValue(byte[] key, StoredValue stored, boolean replace) {
        try {
            checkKey(key);
            checkValue(stored.value().bytes());
            shards.load().checkMemory();
        } catch (QuiverException e) {
            return Future.failedFuture(e);
        }
        return restore(key, stored, replace).map(done -> {
            if (done && (stored.expireAt() == 0 || stored.expireAt() > System.currentTimeMillis())) {
                events.fire(KeyspaceEventFlags.GENERIC, "restore", db, key);
            }
            return done;
        });
    }

    private Future<Boolean> restore(byte[] key, StoredValue stored, boolean replace) {
        if (stored.type() == io.quiver.kv.KvEntry.HASH) {
            return shards.send(shards.shardOf(key), in(new KvOp.HashRestore(key, stored.value().bytes(), stored.expireAt(), replace)));
        }
        if (stored.type() == io.quiver.kv.KvEntry.LIST) {
            return shards.send(shards.shardOf(key), in(new KvOp.ListRestore(key, stored.value().bytes(), stored.expireAt(), replace)));
        }
        return shards.send(shards.shardOf(key), in(new KvOp.Restore(key, stored.value().bytes(), stored.expireAt(), replace)));
    }

    /** TYPE of a key in the key-value store: 0 none, 1 string, 2 hash, 3 list. */
    public Future<Long> typeOf(byte[] key) {
        return shards.send(shards.shardOf(key), in(new KvOp.TypeOf(key)));
    }

    /** Which form holds the key's value: 0 no key, 1 the compact one, 2 the large one (see {@link KvOp.ObjectEncoding}). */
    public Future<Long> objectEncoding(byte[] key) {
        return shards.send(shards.shardOf(key), in(new KvOp.ObjectEncoding(key)));
    }

    /** Bytes the key's pair takes, or -1 when there is no key. */
    public Future<Long> memoryUsage(byte[] key) {
        return shards.send(shards.shardOf(key), in(new KvOp.MemoryUsage(key)));
    }

    /** How many of the keys existed and were removed. */
    public Future<Long> delete(byte[][] keys) {
        return sumPerShard(keys, KvOp.Delete::new);
    }

    /** How many of the keys exist (a key named twice counts twice). */
    public Future<Long> exists(byte[][] keys) {
        return sumPerShard(keys, KvOp.Exists::new);
    }

    /** One value or null per key, in the order asked. */
    public Future<Value[]> multiGet(byte[][] keys) {
        KeyGroups groups = KeyGroups.of(keys, shards::shardOf);
        return shards.scatter(groups.shards(), s -> in(new KvOp.MultiGet(groups.keys(s)))).map(parts -> {
            Value[] out = new Value[keys.length];
            int[] owners = groups.shards();
            for (int g = 0; g < owners.length; g++) {
                Value[] part = parts.get(g);
                int[] positions = groups.positions(owners[g]);
                for (int i = 0; i < positions.length; i++) {
                    out[positions[i]] = part[i];
                }
            }
            return out;
        });
    }

    /** Sets every pair; atomic per shard, not across shards. Refused (BUSY, OOM, too large) as a whole. */
    public Future<Void> multiSet(byte[][] keys, byte[][] values) {
        try {
            for (int i = 0; i < keys.length; i++) {
                checkKey(keys[i]);
                checkValue(values[i]);
            }
            shards.load().checkMemory();
        } catch (QuiverException e) {
            return Future.failedFuture(e);
        }
        KeyGroups groups = KeyGroups.of(keys, shards::shardOf);
        return shards.scatter(groups.shards(), s -> in(new KvOp.MultiSet(groups.keys(s), groups.pick(s, values)))).mapEmpty();
    }

    /** This database's keys over every shard (DBSIZE). */
    public Future<Long> keyCount() {
        return shards.broadcast(in(new KvOp.DbSize())).map(KeyValueService::sum);
    }

    /** FLUSHDB: removes this database's keys on every shard. */
    public Future<Void> flush() {
        return shards.broadcast(in(new KvOp.FlushDb())).mapEmpty();
    }

    /** SWAPDB: databases {@code a} and {@code b} trade their keys, on every shard. */
    public Future<Void> swap(long a, long b) {
        try {
            checkDb(a);
            checkDb(b);
        } catch (QuiverException e) {
            return Future.failedFuture(e);
        }
        return shards.broadcast(new AdminOp.SwapDb((int) a, (int) b)).mapEmpty();
    }

    /** MOVE: the key goes from this database to {@code target} (1), unless it is not here or is there already (0). */
    public Future<Long> move(byte[] key, long target) {
        try {
            checkDb(target);
        } catch (QuiverException e) {
            return Future.failedFuture(e);
        }
        return shards.send(shards.shardOf(key), new AdminOp.MoveKey(key, db, (int) target));
    }

    /**
     * Refuses at once when every shard's queue is full, so that any request would be refused: the
     * batch forms check this before parsing their bodies, so under overload a refusal costs little.
     */
    public void refuseIfEveryShardIsFull() {
        if (shards.load().allFull()) {
            throw shards.load().busyAll();
        }
    }

    /** Sends after the key and value (null: none) pass the size limits and memory is not over its limit. */
    private <T> Future<T> checked(byte[] key, byte[] value, java.util.function.Supplier<Future<T>> send) {
        try {
            checkKey(key);
            if (value != null) {
                checkValue(value);
            }
            shards.load().checkMemory();
        } catch (QuiverException e) {
            return Future.failedFuture(e);
        }
        return send.get();
    }

    private Future<Long> sumPerShard(byte[][] keys, Function<byte[][], KvOp<Long>> op) {
        KeyGroups groups = KeyGroups.of(keys, shards::shardOf);
        return shards.scatter(groups.shards(), s -> in(op.apply(groups.keys(s)))).map(KeyValueService::sum);
    }

    static long sum(List<Long> parts) {
        long n = 0;
        for (Long p : parts) {
            n += p;
        }
        return n;
    }

    private void checkKey(byte[] key) {
        if (key.length > maxKeySize) {
            throw QuiverException.tooLarge("key is " + key.length + " bytes, larger than max-key-size (" + maxKeySize + ")");
        }
    }

    private void checkValue(byte[] value) {
        if (value.length > maxValueSize) {
            throw QuiverException.tooLarge("value is " + value.length + " bytes, larger than max-value-size (" + maxValueSize + ")");
        }
    }
}
