package io.quiver.shard.codec;

import io.quiver.kv.SetCondition;
import io.quiver.shard.AdminOp;
import io.quiver.shard.KvOp;
import io.quiver.shard.ShardOp;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The binary form of every {@link ShardOp}: the payload of an append-log record, and the
 * event-bus wire form once shards live in other processes. One table, one row per op type.
 *
 * <p>An encoded op is {@code [type id: u8][fields]}; fields use {@link BinaryWriter}'s primitives
 * (varint lengths, byte strings). Type ids are stable forever: a new op takes a new id, a retired
 * id is never reused. Ranges: 1-31 key-value, 32-63 admin, 64-127 vector collections.
 *
 * <p>Versioning: {@link #VERSION} is written once in each log file's header (and each snapshot's),
 * not in every record; decoders receive it, so a layout change bumps the version and the decoder
 * reads both the old and new layout. Version 1 is the first.
 *
 * <p>Adding an op: add its record to its family, then one {@code op(...)} row here; the
 * round-trip test fails for any {@link ShardOp} type that has no row.
 */
public final class ShardOpCodec {
    /** The layout version this build writes. */
    public static final int VERSION = 1;
    /** Oldest layout version this build still reads. */
    public static final int OLDEST_READABLE_VERSION = 1;

    private static final List<OpCodec<?>> TABLE = List.of(
            // ---- key-value (1-31) ----
            op(1, KvOp.Get.class,
                    (o, w) -> w.bytes(o.key()),
                    (r, v) -> new KvOp.Get(r.bytes())),
            op(2, KvOp.Set.class,
                    (o, w) -> w.bytes(o.key()).bytes(o.value()).u8(conditionCode(o.condition())),
                    (r, v) -> new KvOp.Set(r.bytes(), r.bytes(), condition(r.u8()))),
            op(3, KvOp.Delete.class,
                    (o, w) -> w.byteArrays(o.keys()),
                    (r, v) -> new KvOp.Delete(r.byteArrays())),
            op(4, KvOp.Exists.class,
                    (o, w) -> w.byteArrays(o.keys()),
                    (r, v) -> new KvOp.Exists(r.byteArrays())),
            op(5, KvOp.MultiGet.class,
                    (o, w) -> w.byteArrays(o.keys()),
                    (r, v) -> new KvOp.MultiGet(r.byteArrays())),
            op(6, KvOp.MultiSet.class,
                    (o, w) -> w.byteArrays(o.keys()).byteArrays(o.values()),
                    (r, v) -> {
                        byte[][] keys = r.byteArrays(), values = r.byteArrays();
                        if (keys.length != values.length) {
                            throw new CodecException("MultiSet has " + keys.length + " keys but " + values.length + " values");
                        }
                        return new KvOp.MultiSet(keys, values);
                    }),
            // ---- admin (32-63) ----
            op(32, AdminOp.KeyCount.class, (o, w) -> { }, (r, v) -> new AdminOp.KeyCount()),
            op(33, AdminOp.FlushAll.class, (o, w) -> { }, (r, v) -> new AdminOp.FlushAll()),
            op(34, AdminOp.Stats.class, (o, w) -> { }, (r, v) -> new AdminOp.Stats()),
            op(35, AdminOp.Snapshot.class,
                    (o, w) -> w.bool(o.waitUntilWritten()),
                    (r, v) -> new AdminOp.Snapshot(r.bool())),
            op(36, AdminOp.PersistenceInfo.class, (o, w) -> { }, (r, v) -> new AdminOp.PersistenceInfo()),
            op(37, AdminOp.Sleep.class, (o, w) -> w.varLong(o.millis()), (r, v) -> new AdminOp.Sleep(r.varLong()))
            // ---- vector collections (64-127): the vector branch adds its rows here ----
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

    private static <T extends ShardOp> OpCodec<T> op(int id, Class<T> type, OpCodec.Encoder<T> enc,
                                                    OpCodec.Decoder<T> dec) {
        return new OpCodec<>(id, type, enc, dec);
    }

    /** Every row, in table order. */
    public static List<OpCodec<?>> table() {
        return TABLE;
    }

    /** Writes {@code op} as {@code [type id][fields]} at the writer's position. */
    public static void encode(ShardOp op, BinaryWriter out) {
        OpCodec<?> c = BY_TYPE.get(op.getClass());
        if (c == null) {
            throw new IllegalArgumentException("no codec row for " + op.getClass().getName());
        }
        out.u8(c.id());
        c.encodeUnchecked(op, out);
    }

    public static byte[] encode(ShardOp op) {
        BinaryWriter w = new BinaryWriter(64);
        encode(op, w);
        return w.toByteArray();
    }

    /** Reads one op written with layout {@code version} at the reader's position (more may follow). */
    public static ShardOp decode(BinaryReader in, int version) {
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
    public static ShardOp decode(byte[] bytes, int off, int len, int version) {
        BinaryReader in = new BinaryReader(bytes, off, len);
        ShardOp op = decode(in, version);
        in.expectEnd();
        return op;
    }

    public static ShardOp decode(byte[] bytes, int version) {
        return decode(bytes, 0, bytes.length, version);
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
}
