package io.quiver.service;

import io.quiver.client.ShardClient;
import io.quiver.error.QuiverException;
import io.quiver.kv.SetCondition;
import io.quiver.kv.Value;
import io.quiver.shard.AdminOp;
import io.quiver.shard.KvOp;
import io.vertx.core.Future;

import java.util.List;
import java.util.function.Function;

/**
 * Keys and values, as both front ends offer them: the size limits and the memory limit are checked
 * before anything is sent (so a refused request changes nothing), multi-key requests are split by
 * owning shard and their answers put back in the order asked. MSET is atomic per shard, not across
 * shards. Used on its client's event loop only.
 */
public final class KeyValueService {
    private final ShardClient shards;
    private final long maxKeySize;
    private final long maxValueSize;

    KeyValueService(ShardClient shards, long maxKeySize, long maxValueSize) {
        this.shards = shards;
        this.maxKeySize = maxKeySize;
        this.maxValueSize = maxValueSize;
    }

    /** The value, or null. */
    public Future<Value> get(byte[] key) {
        return shards.send(shards.shardOf(key), new KvOp.Get(key));
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
        return shards.send(shards.shardOf(key), new KvOp.Set(key, value, condition));
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
        return shards.scatter(groups.shards(), s -> new KvOp.MultiGet(groups.keys(s))).map(parts -> {
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
        return shards.scatter(groups.shards(), s -> new KvOp.MultiSet(groups.keys(s), groups.pick(s, values))).mapEmpty();
    }

    /** Keys over every shard (DBSIZE). */
    public Future<Long> keyCount() {
        return shards.broadcast(new AdminOp.KeyCount()).map(KeyValueService::sum);
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

    private Future<Long> sumPerShard(byte[][] keys, Function<byte[][], KvOp<Long>> op) {
        KeyGroups groups = KeyGroups.of(keys, shards::shardOf);
        return shards.scatter(groups.shards(), s -> op.apply(groups.keys(s))).map(KeyValueService::sum);
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
