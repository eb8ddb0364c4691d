package io.quiver.shard;

import io.quiver.kv.ExpireCondition;
import io.quiver.kv.ScanPage;
import io.quiver.kv.SetCondition;
import io.quiver.kv.StoredValue;
import io.quiver.kv.Value;

/**
 * Key-value operations; the keys of one operation all belong to the shard it is sent to. Times
 * are absolute Unix milliseconds (0: no expiry), decided by the caller, so an operation means the
 * same on every shard, in the log and on replay.
 */
public sealed interface KvOp<R> extends ShardOp<R> {

    /** Reply: the stored value, or null. */
    record Get(byte[] key) implements KvOp<Value> {
        public boolean writes() { return false; }
    }

    /**
     * Reply: whether the value was stored. It expires at {@code expireAt}, or, with {@code keepTtl},
     * keeps the expiry of the value it replaces (SET ... KEEPTTL).
     */
    record Set(byte[] key, byte[] value, SetCondition condition, long expireAt, boolean keepTtl) implements KvOp<Boolean> {
        public Set(byte[] key, byte[] value, SetCondition condition) {
            this(key, value, condition, 0, false);
        }

        public boolean writes() { return true; }
    }

    /** SET ... GET. Reply: the value before (null if none); stored as {@link Set} would. */
    record SetAndGet(byte[] key, byte[] value, SetCondition condition, long expireAt, boolean keepTtl) implements KvOp<Value> {
        public boolean writes() { return true; }
    }

    /** GETEX. Reply: the value; then the key expires at {@code expireAt}, or never with {@code persist}, or as before when neither. */
    record GetAndExpire(byte[] key, long expireAt, boolean persist) implements KvOp<Value> {
        public boolean writes() { return true; }
    }

    /** GETDEL. Reply: the value, which is removed. */
    record GetAndDelete(byte[] key) implements KvOp<Value> {
        public boolean writes() { return true; }
    }

    /** Reply: how many of the keys existed and were removed. */
    record Delete(byte[][] keys) implements KvOp<Long> {
        public boolean writes() { return true; }
    }

    /** Reply: how many of the keys exist (a key named twice counts twice, as in Redis). */
    record Exists(byte[][] keys) implements KvOp<Long> {
        public boolean writes() { return false; }
    }

    /** Reply: one value or null per key, in order. */
    record MultiGet(byte[][] keys) implements KvOp<Value[]> {
        public boolean writes() { return false; }
    }

    /** Reply: {@code true}. Applied as one step on this shard. */
    record MultiSet(byte[][] keys, byte[][] values) implements KvOp<Boolean> {
        public boolean writes() { return true; }
    }

    /** MSETNX on one shard. Reply: whether all were set (none of the keys existed) or none. */
    record MultiSetIfAbsent(byte[][] keys, byte[][] values) implements KvOp<Boolean> {
        public boolean writes() { return true; }
    }

    /** EXPIRE and its kin. Reply: whether the expiry was set (a time not in the future removes the key). */
    record Expire(byte[] key, long expireAt, ExpireCondition condition) implements KvOp<Boolean> {
        public boolean writes() { return true; }
    }

    /** Reply: whether the key had an expiry, now removed. */
    record Persist(byte[] key) implements KvOp<Boolean> {
        public boolean writes() { return true; }
    }

    /** Reply: the key's expiry (Unix ms), -1 when it has none, -2 when there is no key. */
    record ExpireTime(byte[] key) implements KvOp<Long> {
        public boolean writes() { return false; }
    }

    /** INCRBY and kin. Reply: the new value. */
    record IncrementBy(byte[] key, long delta) implements KvOp<Long> {
        public boolean writes() { return true; }
    }

    /** INCRBYFLOAT. Reply: the new value, as stored (text). */
    record IncrementByFloat(byte[] key, double delta) implements KvOp<Value> {
        public boolean writes() { return true; }
    }

    /** Reply: the length after appending. */
    record Append(byte[] key, byte[] suffix) implements KvOp<Long> {
        public boolean writes() { return true; }
    }

    /** Reply: the value's length (0 when there is no key). */
    record StringLength(byte[] key) implements KvOp<Long> {
        public boolean writes() { return false; }
    }

    /** GETRANGE: Reply: bytes {@code start..end} (inclusive; negative counts from the end). */
    record GetRange(byte[] key, long start, long end) implements KvOp<Value> {
        public boolean writes() { return false; }
    }

    /** SETRANGE. Reply: the length after writing {@code bytes} at {@code offset} (zero-padded). */
    record SetRange(byte[] key, long offset, byte[] bytes) implements KvOp<Long> {
        public boolean writes() { return true; }
    }

    /** SETBIT. Reply: the bit's value before (0 or 1); the string grows, zero-filled, to hold it. */
    record SetBit(byte[] key, long offset, boolean bit) implements KvOp<Long> {
        public boolean writes() { return true; }
    }

    /** GETBIT. Reply: 0 or 1 (0 past the end). */
    record GetBit(byte[] key, long offset) implements KvOp<Long> {
        public boolean writes() { return false; }
    }

    /** BITCOUNT: set bits in {@code start..end} (inclusive, negative from the end), in bytes or, with {@code bits}, bits; the whole string without {@code range}. */
    record BitCount(byte[] key, boolean range, long start, long end, boolean bits) implements KvOp<Long> {
        public boolean writes() { return false; }
    }

    /** One step of SCAN over this shard's keys. Reply: the keys, and the shard's cursor to go on from. */
    record Scan(long cursor, int count, byte[] pattern) implements KvOp<ScanPage> {
        public boolean writes() { return false; }
    }

    /** KEYS on this shard. Reply: every live key matching, cursor 0. */
    record Keys(byte[] pattern) implements KvOp<ScanPage> {
        public boolean writes() { return false; }
    }

    /** Reply: a key chosen at random, or null. */
    record RandomKey() implements KvOp<Value> {
        public boolean writes() { return false; }
    }

    /** RENAME / RENAMENX within a shard. Reply: 1 renamed, 0 not (NX and the target exists), -1 no such key. */
    record Rename(byte[] from, byte[] to, boolean onlyIfAbsent) implements KvOp<Long> {
        public boolean writes() { return true; }
    }

    /** COPY within a shard. Reply: 1 copied, 0 not (the target exists, no REPLACE), -1 no such key. */
    record Copy(byte[] from, byte[] to, boolean replace) implements KvOp<Long> {
        public boolean writes() { return true; }
    }

    /** Reply: the value with its expiry, or null (the first half of a RENAME or COPY across shards). */
    record Dump(byte[] key) implements KvOp<StoredValue> {
        public boolean writes() { return false; }
    }

    /** Reply: whether stored: with {@code replace} always, else only if the key is absent. */
    record Restore(byte[] key, byte[] value, long expireAt, boolean replace) implements KvOp<Boolean> {
        public boolean writes() { return true; }
    }

    /**
     * OBJECT ENCODING's fact from the shard: which form holds the key's value. Reply: 0 no key, 1 the
     * compact one (a string, or a hash or list encoded in its entry), 2 the large one (a hash's
     * table, a list's ring of elements).
     */
    record ObjectEncoding(byte[] key) implements KvOp<Long> {
        public boolean writes() { return false; }
    }

    /** Reply: the memory the key's pair takes (MEMORY USAGE), or -1 when there is no key. */
    record MemoryUsage(byte[] key) implements KvOp<Long> {
        public boolean writes() { return false; }
    }

    /**
     * {@code op} in database {@code db} (SELECT): the shard applies it to that database's keys and
     * logs its changes wrapped the same way. Database 0's ops travel unwrapped, so it costs nothing.
     */
    record InDb<R>(int db, KvOp<R> op) implements KvOp<R> {
        public InDb {
            if (op instanceof InDb<?>) {
                throw new IllegalArgumentException("an op is in one database");
            }
        }

        public boolean writes() { return op.writes(); }
    }

    /** DBSIZE of one database. Reply: its key count. */
    record DbSize() implements KvOp<Long> {
        public boolean writes() { return false; }
    }

    /** FLUSHDB: removes every key of one database. Reply: {@code true}. */
    record FlushDb() implements KvOp<Boolean> {
        public boolean writes() { return true; }
    }

    // ---- hashes (HashExecutor) ----

    /** Operations on one hash key (a {@link io.quiver.kv.KvEntry#HASH} entry); WRONGTYPE on a string. */
    sealed interface HashOp<R> extends KvOp<R> {
        byte[] key();
    }

    /** HSET / HMSET / HSETNX. Reply: fields added (HSETNX: 1 set, 0 the field existed). Logged as the plain HSET it did. */
    record HashSet(byte[] key, byte[][] fields, byte[][] values, boolean onlyIfAbsent) implements HashOp<Long> {
        public boolean writes() { return true; }
    }

    /** Reply: the field's value, or null. */
    record HashGet(byte[] key, byte[] field) implements HashOp<Value> {
        public boolean writes() { return false; }
    }

    /** Reply: one value or null per field. */
    record HashMultiGet(byte[] key, byte[][] fields) implements HashOp<Value[]> {
        public boolean writes() { return false; }
    }

    /** HGETALL ({@link #PAIRS}), HKEYS ({@link #FIELDS}), HVALS ({@link #VALUES}). Reply: the items, flat. */
    record HashGetAll(byte[] key, int what) implements HashOp<Value[]> {
        public static final int PAIRS = 0, FIELDS = 1, VALUES = 2;

        public boolean writes() { return false; }
    }

    /** Reply: fields removed; the key goes with its last field. */
    record HashDelete(byte[] key, byte[][] fields) implements HashOp<Long> {
        public boolean writes() { return true; }
    }

    /** Reply: 1 the field exists, 0 not. */
    record HashExists(byte[] key, byte[] field) implements HashOp<Long> {
        public boolean writes() { return false; }
    }

    /** Reply: the number of fields (0 when no key). */
    record HashLength(byte[] key) implements HashOp<Long> {
        public boolean writes() { return false; }
    }

    /** Reply: the length of the field's value (0 when none). */
    record HashStringLength(byte[] key, byte[] field) implements HashOp<Long> {
        public boolean writes() { return false; }
    }

    /** HINCRBY. Reply: the new value; logged as the HSET of it. */
    record HashIncrementBy(byte[] key, byte[] field, long delta) implements HashOp<Long> {
        public boolean writes() { return true; }
    }

    /** HINCRBYFLOAT. Reply: the new value as stored; logged as the HSET of it. */
    record HashIncrementByFloat(byte[] key, byte[] field, double delta) implements HashOp<Value> {
        public boolean writes() { return true; }
    }

    /** One step of HSCAN. Reply: field, value, field, value... (fields only with {@code noValues}) and the cursor. */
    record HashScan(byte[] key, long cursor, int count, byte[] pattern, boolean noValues) implements HashOp<ScanPage> {
        public boolean writes() { return false; }
    }

    /**
     * HRANDFIELD. {@code count}: 0 one field (reply null when no key), positive that many distinct,
     * negative that many with repeats; {@code withValues} interleaves values. Reply: the items, flat.
     */
    record HashRandomField(byte[] key, long count, boolean single, boolean withValues) implements HashOp<Value[]> {
        public boolean writes() { return false; }
    }

    /** The second half of a RENAME, COPY or MOVE of a hash across shards. Reply: as {@link Restore}. */
    record HashRestore(byte[] key, byte[] encoded, long expireAt, boolean replace) implements HashOp<Boolean> {
        public boolean writes() { return true; }
    }

    // ---- lists (ListExecutor) ----

    /** Operations on one list key (a {@link io.quiver.kv.KvEntry#LIST} entry); WRONGTYPE on another type. */
    sealed interface ListOp<R> extends KvOp<R> {
        byte[] key();
    }

    /** LPUSH/RPUSH ({@code left}: at the head), LPUSHX/RPUSHX ({@code onlyIfExists}). Reply: the length after (0: no key, for the X forms). */
    record ListPush(byte[] key, byte[][] elements, boolean left, boolean onlyIfExists) implements ListOp<Long> {
        public boolean writes() { return true; }
    }

    /**
     * LPOP/RPOP. {@code count} -1: one element (reply: one value, or null when no key); otherwise up
     * to that many (reply: the values, null when no key). The key goes with its last element. Logged
     * with the count of elements it popped.
     */
    record ListPop(byte[] key, boolean left, long count) implements ListOp<Value[]> {
        public boolean writes() { return true; }
    }

    /** LLEN. Reply: the length (0 when no key). */
    record ListLength(byte[] key) implements ListOp<Long> {
        public boolean writes() { return false; }
    }

    /** LRANGE, Redis's inclusive indexes (negative from the tail). Reply: the elements. */
    record ListRange(byte[] key, long start, long stop) implements ListOp<Value[]> {
        public boolean writes() { return false; }
    }

    /** LINDEX. Reply: the element, or null. */
    record ListIndex(byte[] key, long index) implements ListOp<Value> {
        public boolean writes() { return false; }
    }

    /** LSET. Reply: true; Redis's "no such key" and "index out of range" errors. */
    record ListSet(byte[] key, long index, byte[] element) implements ListOp<Boolean> {
        public boolean writes() { return true; }
    }

    /** LREM. Reply: elements removed. */
    record ListRemove(byte[] key, long count, byte[] element) implements ListOp<Long> {
        public boolean writes() { return true; }
    }

    /** LTRIM. Reply: true. */
    record ListTrim(byte[] key, long start, long stop) implements ListOp<Boolean> {
        public boolean writes() { return true; }
    }

    /** The second half of a RENAME, COPY or MOVE of a list across shards, and RESTORE of one. Reply: as {@link Restore}. */
    record ListRestore(byte[] key, byte[] encoded, long expireAt, boolean replace) implements ListOp<Boolean> {
        public boolean writes() { return true; }
    }

    /** SCAN ... TYPE: one step of {@link Scan} keeping the keys whose entries are of {@code type} ({@link io.quiver.kv.KvEntry#STRING}, ...). */
    record ScanType(long cursor, int count, byte[] pattern, int type) implements KvOp<ScanPage> {
        public boolean writes() { return false; }
    }

    /** TYPE. Reply: 0 no key, 1 string, 2 hash, 3 list. */
    record TypeOf(byte[] key) implements KvOp<Long> {
        public boolean writes() { return false; }
    }
}
