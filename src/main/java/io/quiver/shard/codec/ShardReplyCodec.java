package io.quiver.shard.codec;

import io.quiver.error.ErrorCode;
import io.quiver.kv.ScanPage;
import io.quiver.kv.StoredValue;
import io.quiver.kv.Value;
import io.quiver.shard.ShardFailure;
import io.quiver.status.PersistenceStats;
import io.quiver.status.ShardStats;
import io.quiver.status.SnapshotInfo;
import io.quiver.vector.CollectionShardInfo;
import io.quiver.vector.PointId;
import io.quiver.vector.PointRecord;
import io.quiver.vector.ShardHits;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The binary form of every reply a shard gives ({@link io.quiver.shard.ShardOp}'s type parameter),
 * and of {@link ShardFailure}: one table, one row per reply type, beside {@link ShardOpCodec}.
 * A reply is written as {@code [type id: u8][fields]}, so a batch's answer decodes without knowing
 * the batch; id 0 is a null reply. Type ids are stable forever, as the op ids are.
 *
 * <p>Adding a reply type: one {@code reply(...)} row here; the round-trip test fails for any op
 * whose reply type has no row.
 */
public final class ShardReplyCodec {

    /** One row: the stable id of a reply type, and how to write and read it. */
    public record Row<T>(int id, Class<T> type, OpCodec.Encoder<T> encoder, Reader<T> decoder) {
        @SuppressWarnings("unchecked")
        void encodeUnchecked(Object reply, BinaryWriter out) {
            encoder.encode((T) reply, out);
        }
    }

    @FunctionalInterface
    public interface Reader<T> {
        T read(BinaryReader in);
    }

    private static final int NULL_ID = 0;

    private static final List<Row<?>> TABLE = List.of(
            reply(1, Boolean.class, (b, w) -> w.bool(b), BinaryReader::bool),
            reply(2, Long.class, (n, w) -> w.i64(n), BinaryReader::i64),
            reply(3, Value.class, (v, w) -> w.varInt(v.length()).raw(v.array(), v.offset(), v.length()),
                    r -> Value.of(r.bytes())),
            reply(4, Value[].class, (vs, w) -> {
                        w.varInt(vs.length);
                        for (Value v : vs) {
                            w.bool(v != null);
                            if (v != null) {
                                w.varInt(v.length()).raw(v.array(), v.offset(), v.length());
                            }
                        }
                    },
                    r -> {
                        Value[] out = new Value[r.count(1)];
                        for (int i = 0; i < out.length; i++) {
                            out[i] = r.bool() ? Value.of(r.bytes()) : null;
                        }
                        return out;
                    }),
            reply(5, ShardStats.class,
                    (s, w) -> w.varInt(s.shard()).varLong(s.keys()).varLong(s.kvMemoryBytes()).varLong(s.opsExecuted())
                            .varInt(s.collectionParts()).varLong(s.points()).varLong(s.vectorMemoryBytes())
                            .varLong(s.volatileKeys()).varLong(s.expiredKeys()).varLong(s.averageTtlMillis())
                            .with(s.databases(), ShardReplyCodec::writeDbKeys),
                    r -> new ShardStats(r.varInt(), r.varLong(), r.varLong(), r.varLong(), r.varInt(), r.varLong(), r.varLong(),
                            r.varLong(), r.varLong(), r.varLong(), readDbKeys(r))),
            reply(6, SnapshotInfo.class,
                    (s, w) -> w.varInt(s.shard()).i64(s.lastSeq()).i64(s.keys()).i64(s.points()).i64(s.bytes())
                            .i64(s.copyMicros()).i64(s.totalMillis()),
                    r -> new SnapshotInfo(r.varInt(), r.i64(), r.i64(), r.i64(), r.i64(), r.i64(), r.i64())),
            reply(7, PersistenceStats.class, ShardReplyCodec::writePersistence, ShardReplyCodec::readPersistence),
            reply(8, PointRecord[].class, (rs, w) -> {
                        w.varInt(rs.length);
                        for (PointRecord p : rs) {
                            w.bool(p != null);
                            if (p != null) {
                                ShardOpCodec.writeId(p.id(), w);
                                w.bool(p.vector() != null);
                                if (p.vector() != null) {
                                    w.floats(p.vector());
                                }
                                w.f32(p.norm());
                                w.bool(p.payload() != null);
                                if (p.payload() != null) {
                                    w.utf8(p.payload());
                                }
                                w.bool(p.vectors() != null);
                                if (p.vectors() != null) {
                                    ShardOpCodec.writePointVectors(p.vectors(), w);
                                }
                            }
                        }
                    },
                    r -> {
                        PointRecord[] out = new PointRecord[r.count(1)];
                        for (int i = 0; i < out.length; i++) {
                            if (r.bool()) {
                                PointId id = ShardOpCodec.readId(r);
                                float[] vector = r.bool() ? r.floats() : null;
                                float norm = r.f32();
                                String payload = r.bool() ? r.utf8() : null;
                                out[i] = new PointRecord(id, vector, norm, payload,
                                        r.bool() ? ShardOpCodec.readPointVectors(r) : null);
                            }
                        }
                        return out;
                    }),
            reply(9, ShardHits[].class, (hs, w) -> {
                        w.varInt(hs.length);
                        for (ShardHits h : hs) {
                            w.varInt(h.size());
                            for (int i = 0; i < h.size(); i++) {
                                ShardOpCodec.writeId(h.ids()[i], w);
                                w.f32(h.ranks()[i]);
                            }
                        }
                    },
                    r -> {
                        ShardHits[] out = new ShardHits[r.count(1)];
                        for (int q = 0; q < out.length; q++) {
                            int n = r.count(6);
                            PointId[] ids = new PointId[n];
                            float[] ranks = new float[n];
                            for (int i = 0; i < n; i++) {
                                ids[i] = ShardOpCodec.readId(r);
                                ranks[i] = r.f32();
                            }
                            out[q] = n == 0 ? ShardHits.EMPTY : new ShardHits(ids, ranks);
                        }
                        return out;
                    }),
            reply(10, CollectionShardInfo.class,
                    (c, w) -> w.varInt(c.shard()).varLong(c.points()).varLong(c.indexedVectors()).utf8(c.indexState())
                            .varLong(c.deletedPending()).varLong(c.memoryBytes()).utf8(c.graphOrigin()).varLong(c.mappedBytes()),
                    r -> new CollectionShardInfo(r.varInt(), r.varLong(), r.varLong(), r.utf8(), r.varLong(), r.varLong(),
                            r.utf8(), r.varLong())),
            reply(11, ShardFailure.class, (f, w) -> w.u8(errorCode(f.code())).utf8(f.message()),
                    r -> new ShardFailure(errorCode(r.u8()), r.utf8())),
            reply(12, ScanPage.class, (p, w) -> w.i64(p.cursor()).byteArrays(p.keys()),
                    r -> new ScanPage(r.i64(), r.byteArrays())),
            reply(13, StoredValue.class,
                    (sv, w) -> w.varInt(sv.value().length()).raw(sv.value().array(), sv.value().offset(), sv.value().length())
                            .i64(sv.expireAt()).u8(sv.type()),
                    r -> new StoredValue(Value.of(r.bytes()), r.i64(), r.u8())),
            // ---- named and sparse vectors (50-59) ----
            // a whole transaction's replies (TxOp.Exec): each one as a reply of its own, failures and nulls too
            reply(14, Object[].class, (rs, w) -> {
                        w.varInt(rs.length);
                        for (Object reply : rs) {
                            encode(reply, w);
                        }
                    },
                    r -> {
                        Object[] out = new Object[r.count(1)];
                        for (int i = 0; i < out.length; i++) {
                            out[i] = decode(r);
                        }
                        return out;
                    }),
            reply(50, long[].class, (a, w) -> {
                        w.varInt(a.length);
                        for (long x : a) {
                            w.varLong(x);
                        }
                    },
                    r -> {
                        long[] out = new long[r.count(1)];
                        for (int i = 0; i < out.length; i++) {
                            out[i] = r.varLong();
                        }
                        return out;
                    }),
            // ---- payload filters and indexes (30-39) ----
            reply(30, io.quiver.vector.PayloadSchemaEntry[].class, (es, w) -> {
                        w.varInt(es.length);
                        for (io.quiver.vector.PayloadSchemaEntry e : es) {
                            ShardOpCodec.writeIndexSpec(e.spec(), w).varLong(e.points());
                        }
                    },
                    r -> {
                        io.quiver.vector.PayloadSchemaEntry[] out = new io.quiver.vector.PayloadSchemaEntry[r.count(3)];
                        for (int i = 0; i < out.length; i++) {
                            out[i] = new io.quiver.vector.PayloadSchemaEntry(ShardOpCodec.readIndexSpec(r), r.varLong());
                        }
                        return out;
                    }),
            reply(31, io.quiver.vector.FacetCounts.class, (fc, w) -> {
                        w.varInt(fc.values().length);
                        for (int i = 0; i < fc.values().length; i++) {
                            FilterCodec.writeValue(fc.values()[i], w);
                            w.varLong(fc.counts()[i]);
                        }
                    },
                    r -> {
                        int n = r.count(2);
                        Object[] values = new Object[n];
                        long[] counts = new long[n];
                        for (int i = 0; i < n; i++) {
                            values[i] = FilterCodec.readValue(r);
                            counts[i] = r.varLong();
                        }
                        return new io.quiver.vector.FacetCounts(values, counts);
                    }),
            // a captured collection part travels as the operations that rebuild it, in this build's op layout
            reply(32, io.quiver.shard.PartCapture.class, (pc, w) -> {
                        java.util.List<io.quiver.shard.VectorOp<?>> ops = pc.toOps();
                        pc.release();
                        w.varInt(ops.size());
                        for (io.quiver.shard.VectorOp<?> op : ops) {
                            ShardOpCodec.encode(op, w);
                        }
                    },
                    r -> {
                        int n = r.count(1);
                        java.util.List<io.quiver.shard.VectorOp<?>> ops = new java.util.ArrayList<>(n);
                        for (int i = 0; i < n; i++) {
                            if (!(ShardOpCodec.decode(r, ShardOpCodec.VERSION) instanceof io.quiver.shard.VectorOp<?> op)) {
                                throw new CodecException("a captured part holds vector operations only");
                            }
                            ops.add(op);
                        }
                        return new io.quiver.shard.PartCapture(null, ops);
                    })
    );

    private static final Row<?>[] BY_ID = new Row<?>[256];
    private static final Map<Class<?>, Row<?>> BY_TYPE = new HashMap<>();

    static {
        for (Row<?> row : TABLE) {
            if (row.id() <= NULL_ID || row.id() > 255 || BY_ID[row.id()] != null) {
                throw new IllegalStateException("reply type id " + row.id() + " is out of range or used twice");
            }
            if (BY_TYPE.put(row.type(), row) != null) {
                throw new IllegalStateException(row.type().getName() + " has two rows in the reply codec table");
            }
            BY_ID[row.id()] = row;
        }
    }

    private ShardReplyCodec() {
    }

    private static <T> Row<T> reply(int id, Class<T> type, OpCodec.Encoder<T> enc, Reader<T> dec) {
        return new Row<>(id, type, enc, dec);
    }

    public static List<Row<?>> table() {
        return TABLE;
    }

    /** Whether replies of {@code type} have a row. */
    public static boolean covers(Class<?> type) {
        return BY_TYPE.containsKey(type);
    }

    /** Writes a reply (or a failure, or null) as {@code [type id][fields]}. */
    public static void encode(Object reply, BinaryWriter out) {
        if (reply == null) {
            out.u8(NULL_ID);
            return;
        }
        Row<?> row = BY_TYPE.get(reply.getClass());
        if (row == null) {
            throw new IllegalArgumentException("no reply codec row for " + reply.getClass().getName());
        }
        out.u8(row.id());
        row.encodeUnchecked(reply, out);
    }

    public static Object decode(BinaryReader in) {
        int id = in.u8();
        if (id == NULL_ID) {
            return null;
        }
        Row<?> row = BY_ID[id];
        if (row == null) {
            throw new CodecException("unknown reply type id " + id);
        }
        return row.decoder().read(in);
    }

    private static void writeDbKeys(List<ShardStats.DbKeys> dbs, BinaryWriter w) {
        w.varInt(dbs.size());
        for (ShardStats.DbKeys d : dbs) {
            w.varInt(d.db()).varLong(d.keys()).varLong(d.volatileKeys()).varLong(d.averageTtlMillis());
        }
    }

    private static List<ShardStats.DbKeys> readDbKeys(BinaryReader r) {
        int n = r.count(4);
        List<ShardStats.DbKeys> out = new java.util.ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            out.add(new ShardStats.DbKeys(r.varInt(), r.varLong(), r.varLong(), r.varLong()));
        }
        return out;
    }

    private static void writePersistence(PersistenceStats p, BinaryWriter w) {
        w.bool(p.enabled()).utf8(p.appendfsync()).varLong(p.logBytes()).varLong(p.lastSeq())
                .varLong(p.changesSinceSnapshot()).i64(p.lastSnapshotMillis()).bool(p.lastSnapshotOk())
                .varInt(p.snapshotsInProgress()).varLong(p.lastSnapshotMillisTaken()).varLong(p.fsyncs())
                .varLong(p.fsyncLastMicros()).varLong(p.fsyncTotalMicros()).bool(p.logWriteOk())
                .varLong(p.loadedKeys()).varLong(p.loadedPoints()).varInt(p.graphsLoaded()).varLong(p.replayedRecords())
                .varLong(p.recoveryMillis()).varLong(p.lastCopyMicros());
    }

    private static PersistenceStats readPersistence(BinaryReader r) {
        return new PersistenceStats(r.bool(), r.utf8(), r.varLong(), r.varLong(), r.varLong(), r.i64(), r.bool(),
                r.varInt(), r.varLong(), r.varLong(), r.varLong(), r.varLong(), r.bool(), r.varLong(), r.varLong(),
                r.varInt(), r.varLong(), r.varLong(), r.varLong());
    }

    // Error codes are written explicitly: an enum's ordinal must not decide a wire format.
    private static int errorCode(ErrorCode c) {
        return switch (c) {
            case BAD_REQUEST -> 1;
            case NOT_FOUND -> 2;
            case CONFLICT -> 3;
            case TOO_LARGE -> 4;
            case UNAUTHORIZED -> 5;
            case BUSY -> 6;
            case OUT_OF_MEMORY -> 7;
            case TIMEOUT -> 8;
            case INTERNAL -> 9;
            case WRONG_TYPE -> 10;
            case CLUSTER_DOWN -> 40; // issue 14's range
            case CROSS_SLOT -> 41;
            case SLOT_MOVED -> 42;
            case TRY_AGAIN -> 43;
            case RATE_LIMITED -> 12;
            case FORBIDDEN -> 11;
        };
    }

    private static ErrorCode errorCode(int code) {
        return switch (code) {
            case 1 -> ErrorCode.BAD_REQUEST;
            case 2 -> ErrorCode.NOT_FOUND;
            case 3 -> ErrorCode.CONFLICT;
            case 4 -> ErrorCode.TOO_LARGE;
            case 5 -> ErrorCode.UNAUTHORIZED;
            case 6 -> ErrorCode.BUSY;
            case 7 -> ErrorCode.OUT_OF_MEMORY;
            case 8 -> ErrorCode.TIMEOUT;
            case 9 -> ErrorCode.INTERNAL;
            case 10 -> ErrorCode.WRONG_TYPE;
            case 11 -> ErrorCode.FORBIDDEN;
            case 40 -> ErrorCode.CLUSTER_DOWN;
            case 41 -> ErrorCode.CROSS_SLOT;
            case 42 -> ErrorCode.SLOT_MOVED;
            case 43 -> ErrorCode.TRY_AGAIN;
            case 12 -> ErrorCode.RATE_LIMITED;
            default -> throw new CodecException("unknown error code " + code);
        };
    }
}
