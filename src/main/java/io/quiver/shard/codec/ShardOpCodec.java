package io.quiver.shard.codec;

import io.quiver.kv.ExpireCondition;
import io.quiver.kv.ScanPage;
import io.quiver.kv.SetCondition;
import io.quiver.kv.StoredValue;
import io.quiver.kv.Value;
import io.quiver.status.PersistenceStats;
import io.quiver.status.ShardStats;
import io.quiver.status.SnapshotInfo;
import io.quiver.vector.CollectionShardInfo;
import io.quiver.vector.PointRecord;
import io.quiver.vector.ShardHits;
import io.quiver.shard.AdminOp;
import io.quiver.shard.KvOp;
import io.quiver.shard.ShardOp;
import io.quiver.shard.TxOp;
import io.quiver.shard.VectorOp;
import io.quiver.vector.CollectionConfig;
import io.quiver.vector.PointVectors;
import io.quiver.vector.SparseVector;
import io.quiver.vector.VectorSchema;
import io.quiver.vector.GraphParams;
import io.quiver.vector.Quantization;
import io.quiver.vector.IndexKind;
import io.quiver.vector.Metric;
import io.quiver.vector.PointId;
import io.quiver.vector.SearchParams;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The binary form of every {@link ShardOp}: the payload of an append-log record, and the
 * event-bus wire form ({@link ShardMessageCodec}). One table, one row per op type, with the reply type
 * the op names ({@link ShardReplyCodec} carries the replies).
 *
 * <p>An encoded op is {@code [type id: u8][fields]}; fields use {@link BinaryWriter}'s primitives
 * (varint lengths, byte strings). Type ids are stable forever: a new op takes a new id, a retired
 * id is never reused. Ranges: 1-31 key-value, 32-63 admin, 64-127 vector collections.
 *
 * <p>Versioning: {@link #VERSION} is written once in each log file's header (and each snapshot's),
 * not in every record; decoders receive it, so a layout change bumps the version and the decoder
 * reads both the old and new layout. Version 1 is the first; 2 added expiries to SET; 3 added the
 * vector schema (named and sparse vectors) to the collection config; 4 added multivectors (to the
 * schema and to a point's vectors); 5 the collection's quantization; 6 its on_disk vector storage; 7 product quantization's compression;
 * 8 the collection's settings (strict mode, metadata, aliases: {@link io.quiver.vector.CollectionSettings})
 * and the {@code Reconfigure} op; 9 a dense vector's own quantization (Qdrant's per-vector
 * {@code quantization_config}) in the schema; 10 the turbo4 datatype (a bool after the settings). Ops 151-159 (lists) came without a version change: older logs hold none,
 * and a list is a new value type (2) in an entry's header, which older snapshots never hold.
 *
 * <p>Adding an op: add its record to its family, then one {@code op(...)} row here; the
 * round-trip test fails for any {@link ShardOp} type that has no row.
 */
public final class ShardOpCodec {
    /** The layout version this build writes. */
    public static final int VERSION = 10;
    /** Oldest layout version this build still reads. */
    public static final int OLDEST_READABLE_VERSION = 1;

    private static final List<OpCodec<?>> TABLE = List.of(
            // ---- key-value (1-31) ----
            op(1, KvOp.Get.class, Value.class,
                    (o, w) -> w.bytes(o.key()),
                    (r, v) -> new KvOp.Get(r.bytes())),
            // version 2 added the expiry and KEEPTTL; version 1 records are SETs without them
            op(2, KvOp.Set.class, Boolean.class,
                    (o, w) -> w.bytes(o.key()).bytes(o.value()).u8(conditionCode(o.condition())).varLong(o.expireAt()).bool(o.keepTtl()),
                    (r, v) -> v < 2 ? new KvOp.Set(r.bytes(), r.bytes(), condition(r.u8()))
                            : new KvOp.Set(r.bytes(), r.bytes(), condition(r.u8()), r.varLong(), r.bool())),
            op(3, KvOp.Delete.class, Long.class,
                    (o, w) -> w.byteArrays(o.keys()),
                    (r, v) -> new KvOp.Delete(r.byteArrays())),
            op(4, KvOp.Exists.class, Long.class,
                    (o, w) -> w.byteArrays(o.keys()),
                    (r, v) -> new KvOp.Exists(r.byteArrays())),
            op(5, KvOp.MultiGet.class, Value[].class,
                    (o, w) -> w.byteArrays(o.keys()),
                    (r, v) -> new KvOp.MultiGet(r.byteArrays())),
            op(6, KvOp.MultiSet.class, Boolean.class,
                    (o, w) -> w.byteArrays(o.keys()).byteArrays(o.values()),
                    (r, v) -> {
                        byte[][] keys = r.byteArrays(), values = r.byteArrays();
                        if (keys.length != values.length) {
                            throw new CodecException("MultiSet has " + keys.length + " keys but " + values.length + " values");
                        }
                        return new KvOp.MultiSet(keys, values);
                    }),
            op(7, KvOp.SetAndGet.class, Value.class,
                    (o, w) -> w.bytes(o.key()).bytes(o.value()).u8(conditionCode(o.condition())).varLong(o.expireAt()).bool(o.keepTtl()),
                    (r, v) -> new KvOp.SetAndGet(r.bytes(), r.bytes(), condition(r.u8()), r.varLong(), r.bool())),
            op(8, KvOp.GetAndExpire.class, Value.class,
                    (o, w) -> w.bytes(o.key()).varLong(o.expireAt()).bool(o.persist()),
                    (r, v) -> new KvOp.GetAndExpire(r.bytes(), r.varLong(), r.bool())),
            op(9, KvOp.GetAndDelete.class, Value.class, (o, w) -> w.bytes(o.key()), (r, v) -> new KvOp.GetAndDelete(r.bytes())),
            op(10, KvOp.MultiSetIfAbsent.class, Boolean.class,
                    (o, w) -> w.byteArrays(o.keys()).byteArrays(o.values()),
                    (r, v) -> {
                        byte[][] keys = r.byteArrays(), values = r.byteArrays();
                        if (keys.length != values.length) {
                            throw new CodecException("MultiSetIfAbsent has " + keys.length + " keys but " + values.length + " values");
                        }
                        return new KvOp.MultiSetIfAbsent(keys, values);
                    }),
            op(11, KvOp.Expire.class, Boolean.class,
                    (o, w) -> w.bytes(o.key()).varLong(o.expireAt()).u8(expireConditionCode(o.condition())),
                    (r, v) -> new KvOp.Expire(r.bytes(), r.varLong(), expireCondition(r.u8()))),
            op(12, KvOp.Persist.class, Boolean.class, (o, w) -> w.bytes(o.key()), (r, v) -> new KvOp.Persist(r.bytes())),
            op(13, KvOp.ExpireTime.class, Long.class, (o, w) -> w.bytes(o.key()), (r, v) -> new KvOp.ExpireTime(r.bytes())),
            op(14, KvOp.IncrementBy.class, Long.class,
                    (o, w) -> w.bytes(o.key()).i64(o.delta()),
                    (r, v) -> new KvOp.IncrementBy(r.bytes(), r.i64())),
            op(15, KvOp.IncrementByFloat.class, Value.class,
                    (o, w) -> w.bytes(o.key()).i64(Double.doubleToRawLongBits(o.delta())),
                    (r, v) -> new KvOp.IncrementByFloat(r.bytes(), Double.longBitsToDouble(r.i64()))),
            op(16, KvOp.Append.class, Long.class,
                    (o, w) -> w.bytes(o.key()).bytes(o.suffix()),
                    (r, v) -> new KvOp.Append(r.bytes(), r.bytes())),
            op(17, KvOp.StringLength.class, Long.class, (o, w) -> w.bytes(o.key()), (r, v) -> new KvOp.StringLength(r.bytes())),
            op(18, KvOp.GetRange.class, Value.class,
                    (o, w) -> w.bytes(o.key()).i64(o.start()).i64(o.end()),
                    (r, v) -> new KvOp.GetRange(r.bytes(), r.i64(), r.i64())),
            op(19, KvOp.SetRange.class, Long.class,
                    (o, w) -> w.bytes(o.key()).i64(o.offset()).bytes(o.bytes()),
                    (r, v) -> new KvOp.SetRange(r.bytes(), r.i64(), r.bytes())),
            op(20, KvOp.Scan.class, ScanPage.class,
                    (o, w) -> w.i64(o.cursor()).varInt(o.count()).bool(o.pattern() != null).bytes(o.pattern() == null ? new byte[0] : o.pattern()),
                    (r, v) -> {
                        long cursor = r.i64();
                        int count = r.varInt();
                        boolean hasPattern = r.bool();
                        byte[] pattern = r.bytes();
                        return new KvOp.Scan(cursor, count, hasPattern ? pattern : null);
                    }),
            op(21, KvOp.Keys.class, ScanPage.class, (o, w) -> w.bytes(o.pattern()), (r, v) -> new KvOp.Keys(r.bytes())),
            op(22, KvOp.RandomKey.class, Value.class, (o, w) -> { }, (r, v) -> new KvOp.RandomKey()),
            op(23, KvOp.Rename.class, Long.class,
                    (o, w) -> w.bytes(o.from()).bytes(o.to()).bool(o.onlyIfAbsent()),
                    (r, v) -> new KvOp.Rename(r.bytes(), r.bytes(), r.bool())),
            op(24, KvOp.Copy.class, Long.class,
                    (o, w) -> w.bytes(o.from()).bytes(o.to()).bool(o.replace()),
                    (r, v) -> new KvOp.Copy(r.bytes(), r.bytes(), r.bool())),
            op(25, KvOp.Dump.class, StoredValue.class, (o, w) -> w.bytes(o.key()), (r, v) -> new KvOp.Dump(r.bytes())),
            op(26, KvOp.Restore.class, Boolean.class,
                    (o, w) -> w.bytes(o.key()).bytes(o.value()).varLong(o.expireAt()).bool(o.replace()),
                    (r, v) -> new KvOp.Restore(r.bytes(), r.bytes(), r.varLong(), r.bool())),
            op(27, KvOp.MemoryUsage.class, Long.class, (o, w) -> w.bytes(o.key()), (r, v) -> new KvOp.MemoryUsage(r.bytes())),
            op(41, KvOp.ObjectEncoding.class, Long.class, (o, w) -> w.bytes(o.key()), (r, v) -> new KvOp.ObjectEncoding(r.bytes())),
            op(28, KvOp.SetBit.class, Long.class,
                    (o, w) -> w.bytes(o.key()).i64(o.offset()).bool(o.bit()),
                    (r, v) -> new KvOp.SetBit(r.bytes(), r.i64(), r.bool())),
            op(29, KvOp.GetBit.class, Long.class,
                    (o, w) -> w.bytes(o.key()).i64(o.offset()),
                    (r, v) -> new KvOp.GetBit(r.bytes(), r.i64())),
            op(30, KvOp.BitCount.class, Long.class,
                    (o, w) -> w.bytes(o.key()).bool(o.range()).i64(o.start()).i64(o.end()).bool(o.bits()),
                    (r, v) -> new KvOp.BitCount(r.bytes(), r.bool(), r.i64(), r.i64(), r.bool())),
            // A database's op: its number, then the op itself with its own id (never another InDb).
            new OpCodec<>(31, KvOp.InDb.class, Object.class,
                    (o, w) -> encode(o.op(), w.varInt(o.db())),
                    (r, v) -> {
                        int db = r.varInt();
                        if (!(decode(r, v) instanceof KvOp<?> inner) || inner instanceof KvOp.InDb<?>) {
                            throw new CodecException("a database op holds one key-value op");
                        }
                        return new KvOp.InDb<>(db, inner);
                    }),
            op(236, KvOp.DbSize.class, Long.class, (o, w) -> { }, (r, v) -> new KvOp.DbSize()),
            op(237, KvOp.FlushDb.class, Boolean.class, (o, w) -> { }, (r, v) -> new KvOp.FlushDb()),
            // ---- admin (32-63) ----
            op(39, AdminOp.SwapDb.class, Boolean.class, (o, w) -> w.varInt(o.a()).varInt(o.b()),
                    (r, v) -> new AdminOp.SwapDb(r.varInt(), r.varInt())),
            op(40, AdminOp.MoveKey.class, Long.class, (o, w) -> w.bytes(o.key()).varInt(o.from()).varInt(o.to()),
                    (r, v) -> new AdminOp.MoveKey(r.bytes(), r.varInt(), r.varInt())),
            op(32, AdminOp.KeyCount.class, Long.class, (o, w) -> { }, (r, v) -> new AdminOp.KeyCount()),
            op(33, AdminOp.FlushAll.class, Boolean.class, (o, w) -> { }, (r, v) -> new AdminOp.FlushAll()),
            op(34, AdminOp.Stats.class, ShardStats.class, (o, w) -> { }, (r, v) -> new AdminOp.Stats()),
            op(35, AdminOp.Snapshot.class, SnapshotInfo.class,
                    (o, w) -> w.bool(o.waitUntilWritten()),
                    (r, v) -> new AdminOp.Snapshot(r.bool())),
            op(36, AdminOp.PersistenceInfo.class, PersistenceStats.class, (o, w) -> { }, (r, v) -> new AdminOp.PersistenceInfo()),
            op(38, AdminOp.SetActiveExpire.class, Boolean.class, (o, w) -> w.bool(o.on()), (r, v) -> new AdminOp.SetActiveExpire(r.bool())),
            op(37, AdminOp.Sleep.class, Boolean.class, (o, w) -> w.varLong(o.millis()), (r, v) -> new AdminOp.Sleep(r.varLong())),
            // ---- transactions (128-175) ----
            op(128, TxOp.Lock.class, Long.class,
                    (o, w) -> writeWatches(o.watchDbs(), o.watchKeys(), o.watchStamps(), w.varLong(o.txId()).bool(o.commitAtBatchEnd())),
                    (r, v) -> {
                        long tx = r.varLong();
                        boolean end = r.bool();
                        Watches ws = readWatches(r);
                        return new TxOp.Lock(tx, end, ws.dbs(), ws.keys(), ws.stamps());
                    }),
            // An op of a transaction: its id, then the op itself with its own id (never another TxOp).
            new OpCodec<>(129, TxOp.InTx.class, Object.class,
                    (o, w) -> encode(o.op(), w.varLong(o.txId())),
                    (r, v) -> {
                        long tx = r.varLong();
                        ShardOp<?> inner = decode(r, v);
                        if (inner instanceof TxOp<?>) {
                            throw new CodecException("a transaction op holds one op that is not a transaction op");
                        }
                        return new TxOp.InTx<>(tx, inner);
                    }),
            op(130, TxOp.Commit.class, Boolean.class, (o, w) -> w.varLong(o.txId()), (r, v) -> new TxOp.Commit(r.varLong())),
            op(131, TxOp.Prepare.class, Boolean.class,
                    (o, w) -> writeParticipants(o.participants(), o.seqs(), w.varLong(o.txId())),
                    (r, v) -> {
                        long tx = r.varLong();
                        int n = r.count(2);
                        int[] parts = new int[n];
                        long[] seqs = new long[n];
                        readParticipants(r, parts, seqs);
                        return new TxOp.Prepare(tx, parts, seqs);
                    }),
            op(132, TxOp.Release.class, Boolean.class, (o, w) -> w.varLong(o.txId()), (r, v) -> new TxOp.Release(r.varLong())),
            op(133, TxOp.Record.class, Boolean.class,
                    (o, w) -> {
                        writeParticipants(o.participants(), o.seqs(), w.varLong(o.txId()));
                        w.varInt(o.ops().length);
                        for (ShardOp<?> op : o.ops()) {
                            encode(op, w);
                        }
                    },
                    (r, v) -> {
                        long tx = r.varLong();
                        int n = r.count(2);
                        int[] parts = new int[n];
                        long[] seqs = new long[n];
                        readParticipants(r, parts, seqs);
                        ShardOp<?>[] ops = new ShardOp<?>[r.count(1)];
                        for (int i = 0; i < ops.length; i++) {
                            ops[i] = decode(r, v);
                        }
                        return new TxOp.Record(tx, parts, seqs, ops);
                    }),
            op(134, TxOp.Watch.class, Long.class,
                    (o, w) -> w.varLong(o.txId()).varInt(o.db()).bytes(o.key()),
                    (r, v) -> new TxOp.Watch(r.varLong(), r.varInt(), r.bytes())),
            op(135, TxOp.Unwatch.class, Boolean.class,
                    (o, w) -> {
                        w.varLong(o.txId()).byteArrays(o.keys());
                        for (int db : o.dbs()) {
                            w.varInt(db);
                        }
                    },
                    (r, v) -> {
                        long tx = r.varLong();
                        byte[][] keys = r.byteArrays();
                        int[] dbs = new int[keys.length];
                        for (int i = 0; i < dbs.length; i++) {
                            dbs[i] = r.varInt();
                        }
                        return new TxOp.Unwatch(tx, dbs, keys);
                    }),
            // a whole single-shard transaction: its id, its watched keys as Lock writes them, then its ops
            op(161, TxOp.Exec.class, Object[].class,
                    (o, w) -> {
                        writeWatches(o.watchDbs(), o.watchKeys(), o.watchStamps(), w.varLong(o.txId()));
                        w.varInt(o.ops().length);
                        for (ShardOp<?> op : o.ops()) {
                            encode(op, w);
                        }
                    },
                    (r, v) -> {
                        long tx = r.varLong();
                        Watches ws = readWatches(r);
                        ShardOp<?>[] ops = new ShardOp<?>[r.count(1)];
                        for (int i = 0; i < ops.length; i++) {
                            ops[i] = decode(r, v);
                            if (ops[i] instanceof TxOp<?>) {
                                throw new CodecException("a transaction's Exec holds ops that are not transaction ops");
                            }
                        }
                        return new TxOp.Exec(tx, ws.dbs(), ws.keys(), ws.stamps(), ops);
                    }),
            // ---- hashes (136-155) ----
            op(136, KvOp.HashSet.class, Long.class,
                    (o, w) -> w.bytes(o.key()).byteArrays(o.fields()).byteArrays(o.values()).bool(o.onlyIfAbsent()),
                    (r, v) -> {
                        byte[] key = r.bytes();
                        byte[][] fields = r.byteArrays(), values = r.byteArrays();
                        if (fields.length != values.length) {
                            throw new CodecException("HashSet has " + fields.length + " fields but " + values.length + " values");
                        }
                        return new KvOp.HashSet(key, fields, values, r.bool());
                    }),
            op(137, KvOp.HashGet.class, Value.class, (o, w) -> w.bytes(o.key()).bytes(o.field()),
                    (r, v) -> new KvOp.HashGet(r.bytes(), r.bytes())),
            op(138, KvOp.HashMultiGet.class, Value[].class, (o, w) -> w.bytes(o.key()).byteArrays(o.fields()),
                    (r, v) -> new KvOp.HashMultiGet(r.bytes(), r.byteArrays())),
            op(139, KvOp.HashGetAll.class, Value[].class, (o, w) -> w.bytes(o.key()).u8(o.what()),
                    (r, v) -> new KvOp.HashGetAll(r.bytes(), r.u8())),
            op(140, KvOp.HashDelete.class, Long.class, (o, w) -> w.bytes(o.key()).byteArrays(o.fields()),
                    (r, v) -> new KvOp.HashDelete(r.bytes(), r.byteArrays())),
            op(141, KvOp.HashExists.class, Long.class, (o, w) -> w.bytes(o.key()).bytes(o.field()),
                    (r, v) -> new KvOp.HashExists(r.bytes(), r.bytes())),
            op(142, KvOp.HashLength.class, Long.class, (o, w) -> w.bytes(o.key()), (r, v) -> new KvOp.HashLength(r.bytes())),
            op(143, KvOp.HashStringLength.class, Long.class, (o, w) -> w.bytes(o.key()).bytes(o.field()),
                    (r, v) -> new KvOp.HashStringLength(r.bytes(), r.bytes())),
            op(144, KvOp.HashIncrementBy.class, Long.class, (o, w) -> w.bytes(o.key()).bytes(o.field()).i64(o.delta()),
                    (r, v) -> new KvOp.HashIncrementBy(r.bytes(), r.bytes(), r.i64())),
            op(145, KvOp.HashIncrementByFloat.class, Value.class,
                    (o, w) -> w.bytes(o.key()).bytes(o.field()).i64(Double.doubleToRawLongBits(o.delta())),
                    (r, v) -> new KvOp.HashIncrementByFloat(r.bytes(), r.bytes(), Double.longBitsToDouble(r.i64()))),
            op(146, KvOp.HashScan.class, ScanPage.class,
                    (o, w) -> w.bytes(o.key()).i64(o.cursor()).varInt(o.count()).bool(o.pattern() != null)
                            .bytes(o.pattern() == null ? new byte[0] : o.pattern()).bool(o.noValues()),
                    (r, v) -> {
                        byte[] key = r.bytes();
                        long cursor = r.i64();
                        int count = r.varInt();
                        boolean hasPattern = r.bool();
                        byte[] pattern = r.bytes();
                        return new KvOp.HashScan(key, cursor, count, hasPattern ? pattern : null, r.bool());
                    }),
            op(147, KvOp.HashRandomField.class, Value[].class,
                    (o, w) -> w.bytes(o.key()).i64(o.count()).bool(o.single()).bool(o.withValues()),
                    (r, v) -> new KvOp.HashRandomField(r.bytes(), r.i64(), r.bool(), r.bool())),
            op(148, KvOp.HashRestore.class, Boolean.class,
                    (o, w) -> w.bytes(o.key()).bytes(o.encoded()).varLong(o.expireAt()).bool(o.replace()),
                    (r, v) -> new KvOp.HashRestore(r.bytes(), r.bytes(), r.varLong(), r.bool())),
            op(149, KvOp.TypeOf.class, Long.class, (o, w) -> w.bytes(o.key()), (r, v) -> new KvOp.TypeOf(r.bytes())),
            op(150, KvOp.ScanType.class, ScanPage.class,
                    (o, w) -> w.i64(o.cursor()).varInt(o.count()).bool(o.pattern() != null)
                            .bytes(o.pattern() == null ? new byte[0] : o.pattern()).u8(o.type()),
                    (r, v) -> {
                        long cursor = r.i64();
                        int count = r.varInt();
                        boolean hasPattern = r.bool();
                        byte[] pattern = r.bytes();
                        return new KvOp.ScanType(cursor, count, hasPattern ? pattern : null, r.u8());
                    }),
            // ---- lists (151-160) ----
            op(151, KvOp.ListPush.class, Long.class,
                    (o, w) -> w.bytes(o.key()).byteArrays(o.elements()).bool(o.left()).bool(o.onlyIfExists()),
                    (r, v) -> new KvOp.ListPush(r.bytes(), r.byteArrays(), r.bool(), r.bool())),
            op(152, KvOp.ListPop.class, Value[].class,
                    (o, w) -> w.bytes(o.key()).bool(o.left()).i64(o.count()),
                    (r, v) -> new KvOp.ListPop(r.bytes(), r.bool(), r.i64())),
            op(153, KvOp.ListLength.class, Long.class, (o, w) -> w.bytes(o.key()), (r, v) -> new KvOp.ListLength(r.bytes())),
            op(154, KvOp.ListRange.class, Value[].class, (o, w) -> w.bytes(o.key()).i64(o.start()).i64(o.stop()),
                    (r, v) -> new KvOp.ListRange(r.bytes(), r.i64(), r.i64())),
            op(155, KvOp.ListIndex.class, Value.class, (o, w) -> w.bytes(o.key()).i64(o.index()),
                    (r, v) -> new KvOp.ListIndex(r.bytes(), r.i64())),
            op(156, KvOp.ListSet.class, Boolean.class, (o, w) -> w.bytes(o.key()).i64(o.index()).bytes(o.element()),
                    (r, v) -> new KvOp.ListSet(r.bytes(), r.i64(), r.bytes())),
            op(157, KvOp.ListRemove.class, Long.class, (o, w) -> w.bytes(o.key()).i64(o.count()).bytes(o.element()),
                    (r, v) -> new KvOp.ListRemove(r.bytes(), r.i64(), r.bytes())),
            op(158, KvOp.ListTrim.class, Boolean.class, (o, w) -> w.bytes(o.key()).i64(o.start()).i64(o.stop()),
                    (r, v) -> new KvOp.ListTrim(r.bytes(), r.i64(), r.i64())),
            op(159, KvOp.ListRestore.class, Boolean.class,
                    (o, w) -> w.bytes(o.key()).bytes(o.encoded()).varLong(o.expireAt()).bool(o.replace()),
                    (r, v) -> new KvOp.ListRestore(r.bytes(), r.bytes(), r.varLong(), r.bool())),
            // ---- vector collections (64-127) ----
            // A config is written whole (graph parameters and epoch too): replaying a creation must
            // make the same part, and the epoch is what keeps a dropped incarnation's points out.
            op(64, VectorOp.CreateCollection.class, Boolean.class,
                    (o, w) -> writeConfig(o.config(), w),
                    (r, v) -> new VectorOp.CreateCollection(readConfig(r, v))),
            op(65, VectorOp.DropCollection.class, Boolean.class,
                    (o, w) -> w.utf8(o.name()).varLong(o.epoch()),
                    (r, v) -> new VectorOp.DropCollection(r.utf8(), r.varLong())),
            op(66, VectorOp.DropAll.class, Boolean.class,
                    (o, w) -> {
                        w.varInt(o.names().length);
                        for (int i = 0; i < o.names().length; i++) {
                            w.utf8(o.names()[i]).varLong(o.epochs()[i]);
                        }
                    },
                    (r, v) -> {
                        int n = r.count(2);
                        String[] names = new String[n];
                        long[] epochs = new long[n];
                        for (int i = 0; i < n; i++) {
                            names[i] = r.utf8();
                            epochs[i] = r.varLong();
                        }
                        return new VectorOp.DropAll(names, epochs);
                    }),
            op(67, VectorOp.Upsert.class, Long.class,
                    (o, w) -> {
                        w.utf8(o.collection()).bool(o.config() != null);
                        if (o.config() != null) {
                            writeConfig(o.config(), w);
                        }
                        writeIds(o.ids(), w);
                        w.varInt(o.vectors().length);
                        for (float[] vec : o.vectors()) {
                            w.floats(vec);
                        }
                        writeNullableStrings(o.payloads(), w);
                        w.bool(o.keepPayloads());
                    },
                    (r, v) -> {
                        String name = r.utf8();
                        CollectionConfig config = r.bool() ? readConfig(r, v) : null;
                        PointId[] ids = readIds(r);
                        int n = r.count(1);
                        if (n != ids.length) {
                            throw new CodecException("Upsert has " + ids.length + " ids but " + n + " vectors");
                        }
                        float[][] vectors = new float[n][];
                        for (int i = 0; i < n; i++) {
                            vectors[i] = r.floats();
                        }
                        String[] payloads = readNullableStrings(r);
                        if (payloads != null && payloads.length != n) {
                            throw new CodecException("Upsert has " + n + " points but " + payloads.length + " payloads");
                        }
                        return new VectorOp.Upsert(name, config, ids, vectors, payloads, r.bool());
                    }),
            op(68, VectorOp.Delete.class, Long.class,
                    (o, w) -> writeIds(o.ids(), w.utf8(o.collection())),
                    (r, v) -> new VectorOp.Delete(r.utf8(), readIds(r))),
            op(69, VectorOp.SetPayload.class, Boolean.class,
                    (o, w) -> {
                        w.utf8(o.collection());
                        writeId(o.id(), w);
                        writeNullableString(o.payload(), w);
                    },
                    (r, v) -> new VectorOp.SetPayload(r.utf8(), readId(r), readNullableString(r))),
            op(70, VectorOp.Retrieve.class, PointRecord[].class,
                    (o, w) -> writeIds(o.ids(), w.utf8(o.collection())).bool(o.withVector()).bool(o.withPayload()),
                    (r, v) -> new VectorOp.Retrieve(r.utf8(), readIds(r), r.bool(), r.bool())),
            op(71, VectorOp.Search.class, ShardHits[].class,
                    (o, w) -> {
                        w.utf8(o.collection()).varInt(o.queries().length);
                        for (int i = 0; i < o.queries().length; i++) {
                            writeSearchParams(o.params()[i], w.floats(o.queries()[i]).varInt(o.ks()[i]));
                        }
                    },
                    (r, v) -> {
                        String name = r.utf8();
                        int n = r.count(4);
                        float[][] queries = new float[n][];
                        int[] ks = new int[n];
                        SearchParams[] params = new SearchParams[n];
                        for (int i = 0; i < n; i++) {
                            queries[i] = r.floats();
                            ks[i] = r.varInt();
                            params[i] = readSearchParams(r);
                        }
                        return new VectorOp.Search(name, queries, ks, params);
                    }),
            op(72, VectorOp.Count.class, Long.class, (o, w) -> w.utf8(o.collection()), (r, v) -> new VectorOp.Count(r.utf8())),
            op(79, VectorOp.CreatePayloadIndex.class, Boolean.class,
                    (o, w) -> writeIndexSpec(o.spec(), w.utf8(o.collection())),
                    (r, v) -> new VectorOp.CreatePayloadIndex(r.utf8(), readIndexSpec(r))),
            op(80, VectorOp.DropPayloadIndex.class, Boolean.class,
                    (o, w) -> w.utf8(o.collection()).utf8(o.field()),
                    (r, v) -> new VectorOp.DropPayloadIndex(r.utf8(), r.utf8())),
            op(81, VectorOp.PayloadSchema.class, io.quiver.vector.PayloadSchemaEntry[].class,
                    (o, w) -> w.utf8(o.collection()),
                    (r, v) -> new VectorOp.PayloadSchema(r.utf8())),
            op(82, VectorOp.ScrollOrdered.class, PointRecord[].class,
                    (o, w) -> {
                        FilterCodec.writeNullable(o.filter(), w.utf8(o.collection()));
                        w.utf8(o.key()).bool(o.descending()).bool(o.startFrom() != null);
                        if (o.startFrom() != null) {
                            w.i64(Double.doubleToRawLongBits(o.startFrom()));
                        }
                        w.varInt(o.limit()).bool(o.withVector());
                    },
                    (r, v) -> new VectorOp.ScrollOrdered(r.utf8(), FilterCodec.readNullable(r), r.utf8(), r.bool(),
                            r.bool() ? Double.longBitsToDouble(r.i64()) : null, r.varInt(), r.bool())),
            op(83, VectorOp.Facet.class, io.quiver.vector.FacetCounts.class,
                    (o, w) -> {
                        FilterCodec.writeNullable(o.filter(), w.utf8(o.collection()));
                        w.utf8(o.key());
                    },
                    (r, v) -> new VectorOp.Facet(r.utf8(), FilterCodec.readNullable(r), r.utf8())),
            // a conditional write: mode, the update filter, then the wrapped write op with its own id
            new OpCodec<>(84, VectorOp.Conditional.class, Long.class,
                    (o, w) -> {
                        w.u8(o.mode().ordinal());
                        FilterCodec.writeNullable(o.updateFilter(), w);
                        encode(o.write(), w);
                    },
                    (r, v) -> {
                        int mode = r.u8();
                        if (mode >= io.quiver.vector.UpdateMode.values().length) {
                            throw new CodecException("unknown update mode " + mode);
                        }
                        io.quiver.vector.filter.Filter f = FilterCodec.readNullable(r);
                        ShardOp<?> inner = decode(r, v);
                        if (!(inner instanceof VectorOp.Upsert || inner instanceof VectorOp.UpsertPoints
                                || inner instanceof VectorOp.UpdateVectors)) {
                            throw new CodecException("a conditional write holds an upsert or a vector update");
                        }
                        @SuppressWarnings("unchecked")
                        VectorOp<Long> write = (VectorOp<Long>) inner;
                        return new VectorOp.Conditional(io.quiver.vector.UpdateMode.values()[mode], f, write);
                    }),
            op(88, VectorOp.Reconfigure.class, Boolean.class,
                    (o, w) -> writeConfig(o.config(), w),
                    (r, v) -> new VectorOp.Reconfigure(readConfig(r, v))),
            op(86, VectorOp.Links.class, ShardHits[].class,
                    (o, w) -> writeId(o.id(), w.utf8(o.collection())),
                    (r, v) -> new VectorOp.Links(r.utf8(), readId(r))),
            op(85, VectorOp.DeleteVectorsWhere.class, Long.class,
                    (o, w) -> {
                        FilterCodec.writeNullable(o.filter(), w.utf8(o.collection()));
                        w.varInt(o.names().length);
                        for (String n : o.names()) {
                            w.utf8(n);
                        }
                    },
                    (r, v) -> {
                        String c = r.utf8();
                        io.quiver.vector.filter.Filter f = FilterCodec.readNullable(r);
                        String[] names = new String[r.count(1)];
                        for (int i = 0; i < names.length; i++) {
                            names[i] = r.utf8();
                        }
                        return new VectorOp.DeleteVectorsWhere(c, f, names);
                    }),
            // collection snapshots: a capture (never logged), and a recovery's replacement of a part
            // (logged as the canonical ops it applies; this form crosses to other nodes only)
            op(90, VectorOp.CapturePart.class, io.quiver.shard.PartCapture.class,
                    (o, w) -> w.utf8(o.collection()), (r, v) -> new VectorOp.CapturePart(r.utf8())),
            op(91, VectorOp.RestorePart.class, Long.class,
                    (o, w) -> {
                        writeConfig(o.config(), w);
                        w.bool(o.points() != null);
                        if (o.points() != null) {
                            encode(o.points(), w);
                        }
                        w.varInt(o.indexes().length);
                        for (io.quiver.vector.PayloadIndexSpec spec : o.indexes()) {
                            writeIndexSpec(spec, w);
                        }
                    },
                    (r, v) -> {
                        CollectionConfig config = readConfig(r, v);
                        VectorOp<Long> points = null;
                        if (r.bool()) {
                            ShardOp<?> inner = decode(r, v);
                            if (!(inner instanceof VectorOp.PutPrepared || inner instanceof VectorOp.PutStored)) {
                                throw new CodecException("a restored part's points are put as stored");
                            }
                            @SuppressWarnings("unchecked")
                            VectorOp<Long> p = (VectorOp<Long>) inner;
                            points = p;
                        }
                        io.quiver.vector.PayloadIndexSpec[] specs = new io.quiver.vector.PayloadIndexSpec[r.count(1)];
                        for (int i = 0; i < specs.length; i++) {
                            specs[i] = readIndexSpec(r);
                        }
                        return new VectorOp.RestorePart(config, points, specs);
                    }),
            // points as a part stores them (a snapshot's recovery): prepared vectors with their norms
            op(92, VectorOp.PutPrepared.class, Long.class,
                    (o, w) -> {
                        writeIds(o.ids(), w.utf8(o.collection()));
                        for (int i = 0; i < o.ids().length; i++) {
                            w.floats(o.vectors()[i]).f32(o.norms()[i]);
                        }
                        writeNullableStrings(o.payloads(), w);
                    },
                    (r, v) -> {
                        String name = r.utf8();
                        PointId[] ids = readIds(r);
                        float[][] vectors = new float[ids.length][];
                        float[] norms = new float[ids.length];
                        for (int i = 0; i < ids.length; i++) {
                            vectors[i] = r.floats();
                            norms[i] = r.f32();
                        }
                        String[] payloads = readNullableStrings(r);
                        if (payloads == null) {
                            payloads = new String[ids.length];
                        } else if (payloads.length != ids.length) {
                            throw new CodecException("PutPrepared has " + ids.length + " points but " + payloads.length + " payloads");
                        }
                        return new VectorOp.PutPrepared(name, ids, vectors, norms, payloads);
                    }),
            op(93, VectorOp.PutStored.class, Long.class,
                    (o, w) -> {
                        writeIds(o.ids(), w.utf8(o.collection()));
                        writePointVectorsArray(o.vectors(), w);
                        writeNullableStrings(o.payloads(), w);
                    },
                    (r, v) -> {
                        String name = r.utf8();
                        PointId[] ids = readIds(r);
                        PointVectors[] vectors = readPointVectorsArray(r, ids.length, v);
                        String[] payloads = readNullableStrings(r);
                        if (payloads == null) {
                            payloads = new String[ids.length];
                        } else if (payloads.length != ids.length) {
                            throw new CodecException("PutStored has " + ids.length + " points but " + payloads.length + " payloads");
                        }
                        return new VectorOp.PutStored(name, ids, vectors, payloads);
                    }),
            op(73, VectorOp.Info.class, CollectionShardInfo.class, (o, w) -> w.utf8(o.collection()), (r, v) -> new VectorOp.Info(r.utf8())),
            // A cluster read: the router's slot-table epoch, then the read with its own id (never another AtEpoch).
            new OpCodec<>(94, VectorOp.AtEpoch.class, Object.class,
                    (o, w) -> {
                        w.varLong(o.epoch());
                        encode(o.read(), w);
                    },
                    (r, v) -> {
                        long epoch = r.varLong();
                        if (!(decode(r, v) instanceof VectorOp<?> inner) || inner instanceof VectorOp.AtEpoch<?> || inner.writes()) {
                            throw new CodecException("a read at an epoch holds one vector read");
                        }
                        return new VectorOp.AtEpoch<>(epoch, inner);
                    }),
            // ---- payload filters (74-120) ----
            // A filtered search: one filter (or none) per query, then the plain search op with its own id.
            new OpCodec<>(74, VectorOp.Filtered.class, ShardHits[].class,
                    (o, w) -> {
                        w.varInt(o.filters().length);
                        for (io.quiver.vector.filter.Filter f : o.filters()) {
                            FilterCodec.writeNullable(f, w);
                        }
                        encode(o.search(), w);
                    },
                    (r, v) -> {
                        io.quiver.vector.filter.Filter[] filters = new io.quiver.vector.filter.Filter[r.count(1)];
                        for (int i = 0; i < filters.length; i++) {
                            filters[i] = FilterCodec.readNullable(r);
                        }
                        ShardOp<?> inner = decode(r, v);
                        if (!(inner instanceof VectorOp.Search || inner instanceof VectorOp.SearchNamed
                                || inner instanceof VectorOp.SearchSparse || inner instanceof VectorOp.SearchMulti)) {
                            throw new CodecException("a filtered search holds a plain search op");
                        }
                        @SuppressWarnings("unchecked")
                        VectorOp<ShardHits[]> search = (VectorOp<ShardHits[]>) inner;
                        return new VectorOp.Filtered(filters, search);
                    }),
            op(75, VectorOp.CountWhere.class, Long.class,
                    (o, w) -> FilterCodec.writeNullable(o.filter(), w.utf8(o.collection())),
                    (r, v) -> new VectorOp.CountWhere(r.utf8(), FilterCodec.readNullable(r))),
            op(76, VectorOp.Scroll.class, PointRecord[].class,
                    (o, w) -> {
                        FilterCodec.writeNullable(o.filter(), w.utf8(o.collection()));
                        w.bool(o.from() != null);
                        if (o.from() != null) {
                            writeId(o.from(), w);
                        }
                        w.varInt(o.limit()).bool(o.withVector()).bool(o.withPayload());
                    },
                    (r, v) -> new VectorOp.Scroll(r.utf8(), FilterCodec.readNullable(r), r.bool() ? readId(r) : null,
                            r.varInt(), r.bool(), r.bool())),
            op(77, VectorOp.DeleteWhere.class, Long.class,
                    (o, w) -> FilterCodec.writeNullable(o.filter(), w.utf8(o.collection())),
                    (r, v) -> new VectorOp.DeleteWhere(r.utf8(), FilterCodec.readNullable(r))),
            op(78, VectorOp.UpdatePayload.class, Long.class,
                    (o, w) -> {
                        w.utf8(o.collection()).u8(switch (o.change()) {
                            case SET -> 1;
                            case OVERWRITE -> 2;
                            case DELETE_KEYS -> 3;
                            case CLEAR -> 4;
                        });
                        w.bool(o.ids() != null);
                        if (o.ids() != null) {
                            writeIds(o.ids(), w);
                        }
                        FilterCodec.writeNullable(o.filter(), w);
                        writeNullableString(o.payload(), w);
                        writeNullableStrings(o.keys(), w);
                        writeNullableString(o.key(), w);
                    },
                    (r, v) -> {
                        String name = r.utf8();
                        io.quiver.vector.filter.PayloadChange change = switch (r.u8()) {
                            case 1 -> io.quiver.vector.filter.PayloadChange.SET;
                            case 2 -> io.quiver.vector.filter.PayloadChange.OVERWRITE;
                            case 3 -> io.quiver.vector.filter.PayloadChange.DELETE_KEYS;
                            case 4 -> io.quiver.vector.filter.PayloadChange.CLEAR;
                            default -> throw new CodecException("unknown payload change");
                        };
                        PointId[] ids = r.bool() ? readIds(r) : null;
                        return new VectorOp.UpdatePayload(name, change, ids,
                                FilterCodec.readNullable(r), readNullableString(r), readNullableStrings(r), readNullableString(r));
                    }),
            // ---- named and sparse vectors (176-215) ----
            op(176, VectorOp.UpsertPoints.class, Long.class,
                    (o, w) -> {
                        w.utf8(o.collection()).bool(o.config() != null);
                        if (o.config() != null) {
                            writeConfig(o.config(), w);
                        }
                        writeIds(o.ids(), w);
                        writePointVectorsArray(o.vectors(), w);
                        writeNullableStrings(o.payloads(), w);
                    },
                    (r, v) -> {
                        String name = r.utf8();
                        CollectionConfig config = r.bool() ? readConfig(r, v) : null;
                        PointId[] ids = readIds(r);
                        PointVectors[] vectors = readPointVectorsArray(r, ids.length, v);
                        String[] payloads = readNullableStrings(r);
                        if (payloads != null && payloads.length != ids.length) {
                            throw new CodecException("UpsertPoints has " + ids.length + " points but " + payloads.length + " payloads");
                        }
                        return new VectorOp.UpsertPoints(name, config, ids, vectors, payloads);
                    }),
            op(177, VectorOp.UpdateVectors.class, Long.class,
                    (o, w) -> {
                        writeIds(o.ids(), w.utf8(o.collection()));
                        writePointVectorsArray(o.vectors(), w);
                    },
                    (r, v) -> {
                        String name = r.utf8();
                        PointId[] ids = readIds(r);
                        return new VectorOp.UpdateVectors(name, ids, readPointVectorsArray(r, ids.length, v));
                    }),
            op(178, VectorOp.DeleteVectors.class, Long.class,
                    (o, w) -> {
                        writeIds(o.ids(), w.utf8(o.collection()));
                        w.varInt(o.names().length);
                        for (String n : o.names()) {
                            w.utf8(n);
                        }
                    },
                    (r, v) -> {
                        String name = r.utf8();
                        PointId[] ids = readIds(r);
                        String[] names = new String[r.count(1)];
                        for (int i = 0; i < names.length; i++) {
                            names[i] = r.utf8();
                        }
                        return new VectorOp.DeleteVectors(name, ids, names);
                    }),
            op(179, VectorOp.SearchNamed.class, ShardHits[].class,
                    (o, w) -> {
                        w.utf8(o.collection()).utf8(o.using()).varInt(o.queries().length);
                        for (int i = 0; i < o.queries().length; i++) {
                            writeSearchParams(o.params()[i], w.floats(o.queries()[i]).varInt(o.ks()[i]));
                        }
                    },
                    (r, v) -> {
                        String name = r.utf8(), using = r.utf8();
                        int n = r.count(4);
                        float[][] queries = new float[n][];
                        int[] ks = new int[n];
                        SearchParams[] params = new SearchParams[n];
                        for (int i = 0; i < n; i++) {
                            queries[i] = r.floats();
                            ks[i] = r.varInt();
                            params[i] = readSearchParams(r);
                        }
                        return new VectorOp.SearchNamed(name, using, queries, ks, params);
                    }),
            op(180, VectorOp.SearchSparse.class, ShardHits[].class,
                    (o, w) -> {
                        w.utf8(o.collection()).utf8(o.using()).varInt(o.queries().length);
                        for (int i = 0; i < o.queries().length; i++) {
                            writeSparse(o.queries()[i], w);
                            w.varInt(o.ks()[i]);
                        }
                    },
                    (r, v) -> {
                        String name = r.utf8(), using = r.utf8();
                        int n = r.count(2);
                        SparseVector[] queries = new SparseVector[n];
                        int[] ks = new int[n];
                        for (int i = 0; i < n; i++) {
                            queries[i] = readSparse(r);
                            ks[i] = r.varInt();
                        }
                        return new VectorOp.SearchSparse(name, using, queries, ks);
                    }),
            op(182, VectorOp.SearchMulti.class, ShardHits[].class,
                    (o, w) -> {
                        w.utf8(o.collection()).utf8(o.using()).varInt(o.queries().length);
                        for (int i = 0; i < o.queries().length; i++) {
                            w.varInt(o.queries()[i].length);
                            for (float[] row : o.queries()[i]) {
                                w.floats(row);
                            }
                            w.varInt(o.ks()[i]);
                        }
                    },
                    (r, v) -> {
                        String name = r.utf8(), using = r.utf8();
                        int n = r.count(2);
                        float[][][] queries = new float[n][][];
                        int[] ks = new int[n];
                        for (int i = 0; i < n; i++) {
                            queries[i] = new float[r.count(1)][];
                            for (int j = 0; j < queries[i].length; j++) {
                                queries[i][j] = r.floats();
                            }
                            ks[i] = r.varInt();
                        }
                        return new VectorOp.SearchMulti(name, using, queries, ks);
                    }),
            op(181, VectorOp.SparseStats.class, long[].class,
                    (o, w) -> {
                        w.utf8(o.collection()).utf8(o.using()).varInt(o.terms().length);
                        for (int t : o.terms()) {
                            w.i32(t);
                        }
                    },
                    (r, v) -> {
                        String name = r.utf8(), using = r.utf8();
                        int[] terms = new int[r.count(4)];
                        for (int i = 0; i < terms.length; i++) {
                            terms[i] = r.i32();
                        }
                        return new VectorOp.SparseStats(name, using, terms);
                    })
    );

    private static final OpCodec<?>[] BY_ID = new OpCodec<?>[256];
    private static final Map<Class<?>, OpCodec<?>> BY_TYPE = new HashMap<>();

    static {
        for (OpCodec<?> c : TABLE) {
            if (c.id() <= 0 || c.id() > 255 || BY_ID[c.id()] != null) {
                throw new IllegalStateException("op type id " + c.id() + " is out of range or used twice");
            }
            if (BY_TYPE.put(c.type(), c) != null) {
                throw new IllegalStateException(c.type().getName() + " has two rows in the codec table");
            }
            BY_ID[c.id()] = c;
        }
    }

    private ShardOpCodec() {
    }

    /** A row; the compiler checks that {@code reply} is the type the op names. */
    private static <R, T extends ShardOp<R>> OpCodec<T> op(int id, Class<T> type, Class<R> reply,
                                                          OpCodec.Encoder<T> enc, OpCodec.Decoder<T> dec) {
        return new OpCodec<>(id, type, reply, enc, dec);
    }

    /** Every row, in table order. */
    public static List<OpCodec<?>> table() {
        return TABLE;
    }

    /** Writes {@code op} as {@code [type id][fields]} at the writer's position. */
    public static void encode(ShardOp<?> op, BinaryWriter out) {
        OpCodec<?> c = BY_TYPE.get(op.getClass());
        if (c == null) {
            throw new IllegalArgumentException("no codec row for " + op.getClass().getName());
        }
        out.u8(c.id());
        c.encodeUnchecked(op, out);
    }

    public static byte[] encode(ShardOp<?> op) {
        BinaryWriter w = new BinaryWriter(64);
        encode(op, w);
        return w.toByteArray();
    }

    /** Reads one op written with layout {@code version} at the reader's position (more may follow). */
    public static ShardOp<?> decode(BinaryReader in, int version) {
        if (version < OLDEST_READABLE_VERSION || version > VERSION) {
            throw new CodecException("op layout version " + version + " is not readable by this build (reads "
                    + OLDEST_READABLE_VERSION + ".." + VERSION + ")");
        }
        int id = in.u8();
        OpCodec<?> c = BY_ID[id];
        if (c == null) {
            throw new CodecException("unknown op type id " + id);
        }
        return c.decoder().decode(in, version);
    }

    /** Reads the one op that fills {@code bytes[off..off+len)}; trailing bytes are an error. */
    public static ShardOp<?> decode(byte[] bytes, int off, int len, int version) {
        BinaryReader in = new BinaryReader(bytes, off, len);
        ShardOp<?> op = decode(in, version);
        in.expectEnd();
        return op;
    }

    public static ShardOp<?> decode(byte[] bytes, int version) {
        return decode(bytes, 0, bytes.length, version);
    }

    // ---- transaction fields ----

    /** A transaction's watched keys as Lock and Exec carry them: the keys, then each one's database and stamp. */
    private record Watches(int[] dbs, byte[][] keys, long[] stamps) {
    }

    private static void writeWatches(int[] dbs, byte[][] keys, long[] stamps, BinaryWriter w) {
        w.byteArrays(keys);
        for (int i = 0; i < keys.length; i++) {
            w.varInt(dbs[i]).i64(stamps[i]);
        }
    }

    private static Watches readWatches(BinaryReader r) {
        byte[][] keys = r.byteArrays();
        int[] dbs = new int[keys.length];
        long[] stamps = new long[keys.length];
        for (int i = 0; i < keys.length; i++) {
            dbs[i] = r.varInt();
            stamps[i] = r.i64();
        }
        return new Watches(dbs, keys, stamps);
    }

    private static void writeParticipants(int[] participants, long[] seqs, BinaryWriter w) {
        w.varInt(participants.length);
        for (int i = 0; i < participants.length; i++) {
            w.varInt(participants[i]).varLong(seqs[i]);
        }
    }

    private static void readParticipants(BinaryReader r, int[] participants, long[] seqs) {
        for (int i = 0; i < participants.length; i++) {
            participants[i] = r.varInt();
            seqs[i] = r.varLong();
        }
    }

    // ---- vector fields ----

    /**
     * A search's knobs as the search ops carry them (never logged, so the layout is the running
     * build's): ef (varint), exact (bool), then Qdrant's quantization knobs: ignore (bool), rescore
     * (bool), oversampling (f32). The filter travels in {@code VectorOp.Filtered}.
     */
    static BinaryWriter writeSearchParams(SearchParams p, BinaryWriter w) {
        io.quiver.vector.QuantizedSearch q = p.quantization();
        return w.varInt(p.ef()).bool(p.exact()).bool(q.ignore()).bool(q.rescore()).f32(q.oversampling());
    }

    static SearchParams readSearchParams(BinaryReader r) {
        int ef = r.varInt();
        boolean exact = r.bool();
        try {
            return new SearchParams(ef, exact, null, new io.quiver.vector.QuantizedSearch(r.bool(), r.bool(), r.f32()));
        } catch (IllegalArgumentException e) {
            throw new CodecException("impossible search parameters: " + e.getMessage());
        }
    }

    /**
     * A collection config: name (utf8), dimension (varint), metric (u8), index kind (u8), graph
     * parameters (max degree varint, ef_construct varint, alpha f32, neighbour overflow f32, search
     * ef varint), auto threshold (varint), epoch (varlong).
     */
    public static void writeConfig(CollectionConfig c, BinaryWriter w) {
        GraphParams g = c.graph();
        w.utf8(c.name()).varInt(c.dimension()).u8(metricCode(c.metric())).u8(indexCode(c.index()))
                .varInt(g.maxDegree()).varInt(g.efConstruct()).f32(g.alpha()).f32(g.neighborOverflow()).varInt(g.searchEf())
                .varInt(c.autoThreshold()).varLong(c.epoch());
        VectorSchema s = c.schema();
        w.bool(s != null);
        if (s != null) {
            w.varInt(s.dense().size());
            for (VectorSchema.Dense d : s.dense()) {
                w.utf8(d.name()).varInt(d.dimension()).u8(metricCode(d.metric()));
            }
            w.varInt(s.sparse().size());
            for (VectorSchema.Sparse sp : s.sparse()) {
                w.utf8(sp.name()).bool(sp.idf());
            }
            List<String> multi = s.dense().stream().filter(VectorSchema.Dense::multi).map(VectorSchema.Dense::name).toList();
            w.varInt(multi.size());
            for (String n : multi) {
                w.utf8(n);
            }
            List<VectorSchema.Dense> own = s.dense().stream().filter(d -> d.quantization() != null).toList(); // from layout 9
            w.varInt(own.size());
            for (VectorSchema.Dense d : own) {
                w.utf8(d.name());
                writeQuantization(d.quantization(), w);
            }
        }
        Quantization q = c.quantization(); // from layout 5
        w.u8(q.kind().ordinal()).f32(q.quantile()).bool(q.alwaysRam());
        w.bool(c.onDisk()); // from layout 6
        // from layout 7: product's compression, or binary's and turbo's options (kinds 3 and 4 came without a
        // layout change: older logs hold none)
        w.u8(q.kind() == Quantization.Kind.PRODUCT ? q.compression() : q.options());
        w.utf8(c.settings().toJson()); // from layout 8: "" when none
        w.bool(c.turbo4()); // from layout 10
    }

    /** A dense vector's own quantization (layout 9): kind (u8), quantile (f32), always_ram (bool), compression or options (u8). */
    private static void writeQuantization(Quantization q, BinaryWriter w) {
        w.u8(q.kind().ordinal()).f32(q.quantile()).bool(q.alwaysRam()).u8(q.kind() == Quantization.Kind.PRODUCT ? q.compression() : q.options());
    }

    private static Quantization readQuantization(BinaryReader r) {
        int kind = r.u8();
        if (kind >= Quantization.Kind.values().length) {
            throw new CodecException("unknown quantization kind " + kind);
        }
        float quantile = r.f32();
        boolean alwaysRam = r.bool();
        int detail = r.u8();
        Quantization.Kind k = Quantization.Kind.values()[kind];
        boolean product = k == Quantization.Kind.PRODUCT;
        try {
            return new Quantization(k, quantile, alwaysRam, product ? detail : 0, product ? 0 : detail);
        } catch (IllegalArgumentException e) {
            throw new CodecException("impossible quantization: " + e.getMessage());
        }
    }

    /**
     * A config written with layout {@code version}; from version 3 it ends with the vector schema:
     * presence (bool), then dense spaces (count, each name utf8, dimension varint, metric u8) and
     * sparse spaces (count, each name utf8, idf bool).
     */
    public static CollectionConfig readConfig(BinaryReader r, int version) {
        String name = r.utf8();
        int dimension = r.varInt();
        Metric metric = metric(r.u8());
        IndexKind index = index(r.u8());
        try {
            GraphParams g = new GraphParams(r.varInt(), r.varInt(), r.f32(), r.f32(), r.varInt());
            int threshold = r.varInt();
            long epoch = r.varLong();
            if (version < 3 || !r.bool()) {
                return withQuantization(new CollectionConfig(name, dimension, metric, index, g, threshold, epoch), r, version);
            }
            java.util.List<VectorSchema.Dense> dense = new java.util.ArrayList<>();
            for (int i = r.count(3); i > 0; i--) {
                dense.add(new VectorSchema.Dense(r.utf8(), r.varInt(), metric(r.u8())));
            }
            java.util.List<VectorSchema.Sparse> sparse = new java.util.ArrayList<>();
            for (int i = r.count(2); i > 0; i--) {
                sparse.add(new VectorSchema.Sparse(r.utf8(), r.bool()));
            }
            if (version >= 4) {
                java.util.Set<String> multi = new java.util.HashSet<>();
                for (int i = r.count(1); i > 0; i--) {
                    multi.add(r.utf8());
                }
                dense.replaceAll(d -> multi.contains(d.name()) ? new VectorSchema.Dense(d.name(), d.dimension(), d.metric(), true) : d);
            }
            if (version >= 9) {
                java.util.Map<String, Quantization> own = new java.util.HashMap<>();
                for (int i = r.count(7); i > 0; i--) {
                    own.put(r.utf8(), readQuantization(r));
                }
                dense.replaceAll(d -> own.containsKey(d.name()) ? d.withQuantization(own.get(d.name())) : d);
            }
            VectorSchema schema = new VectorSchema(dense, sparse);
            return withQuantization(new CollectionConfig(name, dimension, metric, index, g, threshold, epoch, schema), r, version);
        } catch (IllegalArgumentException e) {
            throw new CodecException("impossible collection config: " + e.getMessage());
        }
    }

    /**
     * Layout 5 ends a config with its quantization: kind (u8: 0 none, 1 int8 scalar), quantile (f32),
     * always_ram (bool); layout 6 then adds on_disk (bool: the vectors in memory-mapped files), layout 7
     * the product compression (u8; kind 2, product, exists from layout 7 only; kinds 3 binary and 4
     * turbo, written in layout 8, keep their {@link Quantization#options} in that byte), layout 8 the settings
     * (utf8: their JSON object text, empty when none).
     */
    private static CollectionConfig withQuantization(CollectionConfig c, BinaryReader r, int version) {
        if (version < 5) {
            return c;
        }
        int kind = r.u8();
        if (kind >= Quantization.Kind.values().length || (version < 7 && kind >= Quantization.Kind.PRODUCT.ordinal())) {
            throw new CodecException("unknown quantization kind " + kind);
        }
        float quantile = r.f32();
        boolean alwaysRam = r.bool();
        boolean onDisk = version >= 6 && r.bool();
        int detail = version >= 7 ? r.u8() : 0;
        Quantization.Kind k = Quantization.Kind.values()[kind];
        boolean product = k == Quantization.Kind.PRODUCT;
        CollectionConfig q;
        try {
            q = c.withQuantization(new Quantization(k, quantile, alwaysRam, product ? detail : 0, product ? 0 : detail))
                    .withOnDisk(onDisk);
        } catch (IllegalArgumentException e) {
            throw new CodecException("impossible quantization: " + e.getMessage());
        }
        if (version < 8) {
            return q;
        }
        try {
            CollectionConfig withSettings = q.withSettings(io.quiver.vector.CollectionSettings.fromJson(r.utf8()));
            return version >= 10 ? withSettings.withTurbo4(r.bool()) : withSettings;
        } catch (IllegalArgumentException e) {
            throw new CodecException("impossible collection settings: " + e.getMessage());
        }
    }

    /** A sparse vector: count (varint), then count times index i32 and value f32. */
    public static void writeSparse(SparseVector s, BinaryWriter w) {
        w.varInt(s.size());
        for (int i = 0; i < s.size(); i++) {
            w.i32(s.indices()[i]).f32(s.values()[i]);
        }
    }

    public static SparseVector readSparse(BinaryReader r) {
        int n = r.count(8);
        int[] idx = new int[n];
        float[] val = new float[n];
        for (int i = 0; i < n; i++) {
            idx[i] = r.i32();
            val[i] = r.f32();
            if (i > 0 && Integer.compareUnsigned(idx[i], idx[i - 1]) <= 0) {
                throw new CodecException("sparse vector indices out of order");
            }
        }
        return new SparseVector(idx, val);
    }

    /** A point's vectors: dense count (varint), each name utf8 and floats; sparse count, each name utf8 and a sparse vector. */
    public static void writePointVectors(PointVectors pv, BinaryWriter w) {
        w.varInt(pv.dense().size());
        for (Map.Entry<String, float[]> e : pv.dense().entrySet()) {
            w.utf8(e.getKey()).floats(e.getValue());
        }
        w.varInt(pv.sparse().size());
        for (Map.Entry<String, SparseVector> e : pv.sparse().entrySet()) {
            w.utf8(e.getKey());
            writeSparse(e.getValue(), w);
        }
        w.varInt(pv.multi().size());
        for (Map.Entry<String, float[][]> e : pv.multi().entrySet()) {
            w.utf8(e.getKey()).varInt(e.getValue().length);
            for (float[] row : e.getValue()) {
                w.floats(row);
            }
        }
    }

    /** A point's vectors as this build writes them. */
    public static PointVectors readPointVectors(BinaryReader r) {
        return readPointVectors(r, VERSION);
    }

    /** A point's vectors written with layout {@code version} (multivectors from version 4: count, each name, row count, rows). */
    public static PointVectors readPointVectors(BinaryReader r, int version) {
        Map<String, float[]> dense = new HashMap<>();
        for (int i = r.count(2); i > 0; i--) {
            dense.put(r.utf8(), r.floats());
        }
        Map<String, SparseVector> sparse = new HashMap<>();
        for (int i = r.count(2); i > 0; i--) {
            sparse.put(r.utf8(), readSparse(r));
        }
        Map<String, float[][]> multi = new HashMap<>();
        if (version >= 4) {
            for (int i = r.count(2); i > 0; i--) {
                String name = r.utf8();
                float[][] rows = new float[r.count(1)][];
                for (int j = 0; j < rows.length; j++) {
                    rows[j] = r.floats();
                }
                multi.put(name, rows);
            }
        }
        return new PointVectors(dense, sparse, multi);
    }

    /** Point vectors as {@link #readPointVectorsArray} reads them: count (varint), then each point's. */
    private static void writePointVectorsArray(PointVectors[] vectors, BinaryWriter w) {
        w.varInt(vectors.length);
        for (PointVectors pv : vectors) {
            writePointVectors(pv, w);
        }
    }

    private static PointVectors[] readPointVectorsArray(BinaryReader r, int expected, int version) {
        int n = r.count(2);
        if (n != expected) {
            throw new CodecException("an op has " + expected + " ids but " + n + " vector sets");
        }
        PointVectors[] out = new PointVectors[n];
        for (int i = 0; i < n; i++) {
            out[i] = readPointVectors(r, version);
        }
        return out;
    }

    /** A payload index spec: field, type, params (nullable). */
    public static BinaryWriter writeIndexSpec(io.quiver.vector.PayloadIndexSpec spec, BinaryWriter w) {
        w.utf8(spec.field()).utf8(spec.type());
        writeNullableString(spec.params(), w);
        return w;
    }

    public static io.quiver.vector.PayloadIndexSpec readIndexSpec(BinaryReader r) {
        String field = r.utf8(), type = r.utf8();
        String params = readNullableString(r);
        try {
            return new io.quiver.vector.PayloadIndexSpec(field, type, params);
        } catch (IllegalArgumentException e) {
            throw new CodecException("impossible payload index: " + e.getMessage());
        }
    }

    /** A point id: kind u8 (0 unsigned integer, then varlong; 1 string, then utf8). */
    public static void writeId(PointId id, BinaryWriter w) {
        if (id.isNumber()) {
            w.u8(0).varLong(id.number());
        } else {
            w.u8(1).utf8(id.text());
        }
    }

    public static PointId readId(BinaryReader r) {
        return switch (r.u8()) {
            case 0 -> PointId.of(r.varLong());
            case 1 -> new PointId(0, r.utf8()); // stored canonical: not parsed again
            default -> throw new CodecException("unknown point id kind");
        };
    }

    private static BinaryWriter writeIds(PointId[] ids, BinaryWriter w) {
        w.varInt(ids.length);
        for (PointId id : ids) {
            writeId(id, w);
        }
        return w;
    }

    private static PointId[] readIds(BinaryReader r) {
        PointId[] ids = new PointId[r.count(2)];
        for (int i = 0; i < ids.length; i++) {
            ids[i] = readId(r);
        }
        return ids;
    }

    /** A string or null: presence (bool), then utf8. */
    private static void writeNullableString(String s, BinaryWriter w) {
        w.bool(s != null);
        if (s != null) {
            w.utf8(s);
        }
    }

    private static String readNullableString(BinaryReader r) {
        return r.bool() ? r.utf8() : null;
    }

    /** An array of strings or nulls, or null: presence (bool), count (varint), each as a nullable string. */
    private static void writeNullableStrings(String[] a, BinaryWriter w) {
        w.bool(a != null);
        if (a != null) {
            w.varInt(a.length);
            for (String s : a) {
                writeNullableString(s, w);
            }
        }
    }

    private static String[] readNullableStrings(BinaryReader r) {
        if (!r.bool()) {
            return null;
        }
        String[] out = new String[r.count(1)];
        for (int i = 0; i < out.length; i++) {
            out[i] = readNullableString(r);
        }
        return out;
    }

    // Enum codes are written explicitly: an enum's ordinal must not decide a file format.
    public static int metricCode(Metric m) {
        return switch (m) {
            case COSINE -> 1;
            case DOT -> 2;
            case EUCLIDEAN -> 3;
            case MANHATTAN -> 4;
        };
    }

    public static Metric metric(int code) {
        return switch (code) {
            case 1 -> Metric.COSINE;
            case 2 -> Metric.DOT;
            case 3 -> Metric.EUCLIDEAN;
            case 4 -> Metric.MANHATTAN;
            default -> throw new CodecException("unknown metric code " + code);
        };
    }

    public static int indexCode(IndexKind k) {
        return switch (k) {
            case FLAT -> 1;
            case GRAPH -> 2;
            case AUTO -> 3;
        };
    }

    public static IndexKind index(int code) {
        return switch (code) {
            case 1 -> IndexKind.FLAT;
            case 2 -> IndexKind.GRAPH;
            case 3 -> IndexKind.AUTO;
            default -> throw new CodecException("unknown index kind code " + code);
        };
    }

    // SetCondition codes are written explicitly: an enum's ordinal must not decide a file format.
    private static int conditionCode(SetCondition c) {
        return switch (c) {
            case ALWAYS -> 0;
            case IF_ABSENT -> 1;
            case IF_PRESENT -> 2;
        };
    }

    private static SetCondition condition(int code) {
        return switch (code) {
            case 0 -> SetCondition.ALWAYS;
            case 1 -> SetCondition.IF_ABSENT;
            case 2 -> SetCondition.IF_PRESENT;
            default -> throw new CodecException("unknown SET condition code " + code);
        };
    }

    private static int expireConditionCode(ExpireCondition c) {
        return switch (c) {
            case ALWAYS -> 0;
            case IF_NO_TTL -> 1;
            case IF_TTL -> 2;
            case IF_LATER -> 3;
            case IF_EARLIER -> 4;
            case IF_EARLIER_WITH_TTL -> 5;
        };
    }

    private static ExpireCondition expireCondition(int code) {
        return switch (code) {
            case 0 -> ExpireCondition.ALWAYS;
            case 1 -> ExpireCondition.IF_NO_TTL;
            case 2 -> ExpireCondition.IF_TTL;
            case 3 -> ExpireCondition.IF_LATER;
            case 4 -> ExpireCondition.IF_EARLIER;
            case 5 -> ExpireCondition.IF_EARLIER_WITH_TTL;
            default -> throw new CodecException("unknown EXPIRE condition code " + code);
        };
    }
}
