package io.quiver.shard;

/**
 * The keys an operation touches, for whoever must know their slots: a shard refusing keys of
 * slots that moved away ({@link SlotGuard}) and a router sending such an operation on to the new
 * owner. Operations over a whole shard (SCAN, DBSIZE, ...) touch none.
 */
public final class OpKeys {
    private static final byte[][] NONE = new byte[0][];

    private OpKeys() {
    }

    /** The keys of {@code op}, in database {@link #dbOf}; empty when it names none. */
    public static byte[][] of(ShardOp<?> op) {
        return switch (op) {
            case KvOp<?> k -> of(k);
            case AdminOp.MoveKey m -> one(m.key());
            case VectorOp<?> v -> pointKeys(v);
            case TxOp<?> t -> NONE;
            default -> NONE;
        };
    }

    /**
     * The bytes of the point ids a vector operation names (a point's slot is its id bytes', as a
     * key's); empty for one over a whole part (a search, a filter's delete, a collection's creation).
     */
    public static byte[][] pointKeys(VectorOp<?> op) {
        io.quiver.vector.PointId[] ids = switch (op) {
            case VectorOp.Upsert o -> o.ids();
            case VectorOp.UpsertPoints o -> o.ids();
            case VectorOp.UpdateVectors o -> o.ids();
            case VectorOp.DeleteVectors o -> o.ids();
            case VectorOp.Delete o -> o.ids();
            case VectorOp.Retrieve o -> o.ids();
            case VectorOp.PutPrepared o -> o.ids();
            case VectorOp.PutStored o -> o.ids();
            case VectorOp.UpdatePayload o -> o.ids();
            case VectorOp.SetPayload o -> new io.quiver.vector.PointId[]{o.id()};
            case VectorOp.Links o -> new io.quiver.vector.PointId[]{o.id()};
            case VectorOp.Conditional o -> null;
            default -> null;
        };
        if (op instanceof VectorOp.Conditional c) {
            return pointKeys(c.write());
        }
        if (ids == null) {
            return NONE;
        }
        byte[][] out = new byte[ids.length][];
        for (int i = 0; i < ids.length; i++) {
            out[i] = ids[i].bytes();
        }
        return out;
    }

    /** The database {@code op} works in (SELECT), 0 for most. */
    public static int dbOf(ShardOp<?> op) {
        return op instanceof KvOp.InDb<?> d ? d.db() : 0;
    }

    private static byte[][] of(KvOp<?> op) {
        return switch (op) {
            case KvOp.InDb<?> d -> of(d.op());
            case KvOp.HashOp<?> h -> one(h.key());
            case KvOp.ListOp<?> l -> one(l.key());
            case KvOp.Get o -> one(o.key());
            case KvOp.Set o -> one(o.key());
            case KvOp.SetAndGet o -> one(o.key());
            case KvOp.GetAndExpire o -> one(o.key());
            case KvOp.GetAndDelete o -> one(o.key());
            case KvOp.Delete o -> o.keys();
            case KvOp.Exists o -> o.keys();
            case KvOp.MultiGet o -> o.keys();
            case KvOp.MultiSet o -> o.keys();
            case KvOp.MultiSetIfAbsent o -> o.keys();
            case KvOp.Expire o -> one(o.key());
            case KvOp.Persist o -> one(o.key());
            case KvOp.ExpireTime o -> one(o.key());
            case KvOp.IncrementBy o -> one(o.key());
            case KvOp.IncrementByFloat o -> one(o.key());
            case KvOp.Append o -> one(o.key());
            case KvOp.StringLength o -> one(o.key());
            case KvOp.GetRange o -> one(o.key());
            case KvOp.SetRange o -> one(o.key());
            case KvOp.SetBit o -> one(o.key());
            case KvOp.GetBit o -> one(o.key());
            case KvOp.BitCount o -> one(o.key());
            case KvOp.Rename o -> new byte[][]{o.from(), o.to()};
            case KvOp.Copy o -> new byte[][]{o.from(), o.to()};
            case KvOp.Dump o -> one(o.key());
            case KvOp.Restore o -> one(o.key());
            case KvOp.MemoryUsage o -> one(o.key());
            case KvOp.ObjectEncoding o -> one(o.key());
            case KvOp.TypeOf o -> one(o.key());
            case KvOp.Scan o -> NONE;
            case KvOp.ScanType o -> NONE;
            case KvOp.Keys o -> NONE;
            case KvOp.RandomKey o -> NONE;
            case KvOp.DbSize o -> NONE;
            case KvOp.FlushDb o -> NONE;
        };
    }

    private static byte[][] one(byte[] key) {
        return new byte[][]{key};
    }
}
