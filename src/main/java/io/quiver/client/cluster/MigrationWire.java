package io.quiver.client.cluster;

import io.quiver.shard.MigrationChunk;
import io.quiver.shard.MigrationOp;
import io.quiver.shard.PointsChunk;
import io.quiver.shard.VectorOp;
import io.quiver.shard.codec.BinaryReader;
import io.quiver.shard.codec.BinaryWriter;
import io.quiver.shard.codec.ShardOpCodec;
import io.vertx.core.buffer.Buffer;

import java.util.ArrayList;
import java.util.List;

/**
 * The binary form of a {@link MigrationOp} for one shard of another node, and of its reply, as
 * they cross the clustered event bus between a migration's driver and a node's
 * {@link SlotMigrationService}. Pairs travel as the store's own entry bytes.
 */
final class MigrationWire {
    private static final byte TRACK = 1, UNTRACK = 2, COPY = 3, DRAIN = 4, APPLY = 5, OWN = 6, PURGE = 7,
            COPY_POINTS = 8, APPLY_POINTS = 9, PURGE_POINTS = 10;
    private static final byte BOOL = 1, LONG = 2, CHUNK = 3, POINTS = 4;

    private MigrationWire() {
    }

    static Buffer request(int shard, MigrationOp<?> op) {
        Buffer b = Buffer.buffer().appendInt(shard);
        switch (op) {
            case MigrationOp.Track t -> b.appendByte(TRACK).appendInt(t.first()).appendInt(t.last());
            case MigrationOp.Untrack t -> b.appendByte(UNTRACK).appendInt(t.first()).appendInt(t.last());
            case MigrationOp.Copy c -> b.appendByte(COPY).appendInt(c.first()).appendInt(c.last()).appendInt(c.db())
                    .appendLong(c.cursor()).appendInt(c.count());
            case MigrationOp.Drain d -> b.appendByte(DRAIN).appendInt(d.first()).appendInt(d.last())
                    .appendByte((byte) (d.fence() ? 1 : 0));
            case MigrationOp.Apply a -> chunk(b.appendByte(APPLY), a.chunk());
            case MigrationOp.Own o -> b.appendByte(OWN).appendInt(o.first()).appendInt(o.last())
                    .appendByte((byte) (o.owned() ? 1 : 0));
            case MigrationOp.Purge p -> b.appendByte(PURGE).appendInt(p.first()).appendInt(p.last()).appendInt(p.db())
                    .appendLong(p.cursor()).appendInt(p.count());
            case MigrationOp.CopyPoints c -> name(b.appendByte(COPY_POINTS).appendInt(c.first()).appendInt(c.last()), c.after());
            case MigrationOp.ApplyPoints a -> ops(b.appendByte(APPLY_POINTS).appendInt(a.first()).appendInt(a.last()), a.ops());
            case MigrationOp.PurgePoints p -> b.appendByte(PURGE_POINTS).appendInt(p.first()).appendInt(p.last());
        }
        return b;
    }

    static int shardOf(Buffer request) {
        return request.getInt(0);
    }

    static MigrationOp<?> op(Buffer b) {
        int[] pos = {5};
        byte kind = b.getByte(4);
        return switch (kind) {
            case TRACK -> new MigrationOp.Track(i(b, pos), i(b, pos));
            case UNTRACK -> new MigrationOp.Untrack(i(b, pos), i(b, pos));
            case COPY -> new MigrationOp.Copy(i(b, pos), i(b, pos), i(b, pos), l(b, pos), i(b, pos));
            case DRAIN -> new MigrationOp.Drain(i(b, pos), i(b, pos), b.getByte(pos[0]++) == 1);
            case APPLY -> new MigrationOp.Apply(chunk(b, pos));
            case OWN -> new MigrationOp.Own(i(b, pos), i(b, pos), b.getByte(pos[0]++) == 1);
            case PURGE -> new MigrationOp.Purge(i(b, pos), i(b, pos), i(b, pos), l(b, pos), i(b, pos));
            case COPY_POINTS -> new MigrationOp.CopyPoints(i(b, pos), i(b, pos), name(b, pos));
            case APPLY_POINTS -> new MigrationOp.ApplyPoints(i(b, pos), i(b, pos), ops(b, pos));
            case PURGE_POINTS -> new MigrationOp.PurgePoints(i(b, pos), i(b, pos));
            default -> throw new IllegalArgumentException("unknown migration op " + kind);
        };
    }

    static Buffer reply(Object r) {
        return switch (r) {
            case Boolean v -> Buffer.buffer().appendByte(BOOL).appendByte((byte) (v ? 1 : 0));
            case Long v -> Buffer.buffer().appendByte(LONG).appendLong(v);
            case MigrationChunk c -> chunk(Buffer.buffer().appendByte(CHUNK), c);
            case PointsChunk p -> ops(name(Buffer.buffer().appendByte(POINTS), p.collection()).appendInt(p.points()), p.ops());
            default -> throw new IllegalArgumentException("no wire form for " + r.getClass().getSimpleName());
        };
    }

    static Object reply(Buffer b) {
        int[] pos = {1};
        return switch (b.getByte(0)) {
            case BOOL -> b.getByte(1) == 1;
            case LONG -> b.getLong(1);
            case CHUNK -> chunk(b, pos);
            case POINTS -> new PointsChunk(name(b, pos), i(b, pos), ops(b, pos));
            default -> throw new IllegalArgumentException("unknown migration reply " + b.getByte(0));
        };
    }

    /** A name, or null (length -1). */
    private static Buffer name(Buffer b, String name) {
        if (name == null) {
            return b.appendInt(-1);
        }
        byte[] bytes = name.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        return b.appendInt(bytes.length).appendBytes(bytes);
    }

    private static String name(Buffer b, int[] pos) {
        int len = i(b, pos);
        if (len < 0) {
            return null;
        }
        String s = new String(b.getBytes(pos[0], pos[0] + len), java.nio.charset.StandardCharsets.UTF_8);
        pos[0] += len;
        return s;
    }

    /** Vector operations in their own binary form ({@link ShardOpCodec}), this build's layout. */
    private static Buffer ops(Buffer b, List<VectorOp<?>> ops) {
        BinaryWriter w = new BinaryWriter(1024);
        w.varInt(ops.size());
        for (VectorOp<?> op : ops) {
            ShardOpCodec.encode(op, w);
        }
        byte[] bytes = w.toByteArray();
        return b.appendInt(bytes.length).appendBytes(bytes);
    }

    private static List<VectorOp<?>> ops(Buffer b, int[] pos) {
        int len = i(b, pos);
        BinaryReader r = new BinaryReader(b.getBytes(pos[0], pos[0] + len));
        pos[0] += len;
        int n = r.count(1);
        List<VectorOp<?>> out = new ArrayList<>(n);
        for (int k = 0; k < n; k++) {
            if (!(ShardOpCodec.decode(r, ShardOpCodec.VERSION) instanceof VectorOp<?> op)) {
                throw new IllegalArgumentException("moving points carry vector operations only");
            }
            out.add(op);
        }
        return out;
    }

    private static Buffer chunk(Buffer b, MigrationChunk c) {
        b.appendInt(c.db()).appendLong(c.cursor()).appendInt(c.nextDb());
        pairs(b, c.pairs());
        pairs(b, c.gone());
        return b;
    }

    private static void pairs(Buffer b, List<MigrationChunk.Pair> pairs) {
        b.appendInt(pairs.size());
        for (MigrationChunk.Pair p : pairs) {
            b.appendInt(p.db()).appendInt(p.bytes().length).appendBytes(p.bytes());
        }
    }

    private static MigrationChunk chunk(Buffer b, int[] pos) {
        int db = i(b, pos);
        long cursor = l(b, pos);
        int nextDb = i(b, pos);
        List<MigrationChunk.Pair> pairs = pairs(b, pos);
        List<MigrationChunk.Pair> gone = pairs(b, pos);
        return new MigrationChunk(db, cursor, nextDb, pairs, gone);
    }

    private static List<MigrationChunk.Pair> pairs(Buffer b, int[] pos) {
        int n = i(b, pos);
        List<MigrationChunk.Pair> out = new ArrayList<>(n);
        for (int k = 0; k < n; k++) {
            int db = i(b, pos);
            int len = i(b, pos);
            out.add(new MigrationChunk.Pair(db, b.getBytes(pos[0], pos[0] + len)));
            pos[0] += len;
        }
        return out;
    }

    private static int i(Buffer b, int[] pos) {
        int v = b.getInt(pos[0]);
        pos[0] += 4;
        return v;
    }

    private static long l(Buffer b, int[] pos) {
        long v = b.getLong(pos[0]);
        pos[0] += 8;
        return v;
    }
}
