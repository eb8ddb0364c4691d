package io.quiver.shard.codec;

import io.quiver.error.ErrorCode;
import io.quiver.kv.SetCondition;
import io.quiver.kv.Value;
import io.quiver.shard.AdminOp;
import io.quiver.shard.KvOp;
import io.quiver.shard.Shard;
import io.quiver.shard.ShardBatch;
import io.quiver.shard.ShardFailure;
import io.quiver.shard.ShardOp;
import io.quiver.shard.ShardResults;
import io.quiver.shard.VectorOp;
import io.quiver.status.PersistenceStats;
import io.quiver.status.ShardStats;
import io.quiver.status.SnapshotInfo;
import io.quiver.vector.CollectionConfig;
import io.quiver.vector.CollectionShardInfo;
import io.quiver.vector.GraphParams;
import io.quiver.vector.IndexKind;
import io.quiver.vector.Metric;
import io.quiver.vector.PointId;
import io.quiver.vector.PointRecord;
import io.quiver.vector.ShardHits;
import io.vertx.core.buffer.Buffer;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/** Every reply a shard gives, and the two shard messages, cross a wire and come back equal. */
class ShardReplyCodecTest {

    private static byte[] b(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    /** At least one sample per reply type, with nulls and empty arrays where a reply may hold them. */
    private static List<Object> replies() {
        return List.of(Boolean.TRUE, Boolean.FALSE, 0L, -1L, Long.MAX_VALUE,
                Value.of(b("v")), Value.of(new byte[0]),
                new Value[]{Value.of(b("a")), null, Value.of(new byte[0])}, new Value[0],
                new ShardStats(3, 10, 2048, 99, 2, 500, 1 << 20, 4, 7, 1500),
                new io.quiver.kv.ScanPage(-1L, new byte[][]{b("a"), new byte[0]}),
                new io.quiver.kv.ScanPage(0, new byte[0][]),
                new io.quiver.kv.StoredValue(Value.of(b("v")), 1_765_000_000_000L),
                new io.quiver.kv.StoredValue(Value.of(b("\u0001\u0001f\u0001v")), 0, io.quiver.kv.KvEntry.HASH),
                new SnapshotInfo(1, 42, 10, 5, 4096, 120, 33), SnapshotInfo.copyTaken(0, 7, 1, 2, 3),
                PersistenceStats.OFF,
                new PersistenceStats(true, "everysec", 1 << 20, 99, 5, 1_700_000_000_000L, false, 1, 12, 100, 30, 3000,
                        true, 7, 8, 1, 40, 250, 90),
                new PointRecord[]{new PointRecord(PointId.of(7), new float[]{1, -2.5f}, 3f, "{\"a\":1}"), null,
                        new PointRecord(PointId.of("name ü"), null, 1, null)},
                new PointRecord[0],
                new PointRecord[]{new PointRecord(PointId.of(3), null, 1f, null, ShardOpCodecTest.POINT_VECTORS)},
                new long[]{4, 0, Long.MAX_VALUE},
                new ShardHits[]{new ShardHits(new PointId[]{PointId.of(1), PointId.of("x")}, new float[]{0.9f, -3f}),
                        ShardHits.EMPTY},
                new CollectionShardInfo(2, 100, 90, "graph", 3, 1 << 16, "loaded", 51_200),
                new io.quiver.vector.PayloadSchemaEntry[]{
                        new io.quiver.vector.PayloadSchemaEntry(new io.quiver.vector.PayloadIndexSpec("city", "keyword", null), 12),
                        new io.quiver.vector.PayloadSchemaEntry(new io.quiver.vector.PayloadIndexSpec("d", "text",
                                "{\"type\":\"text\",\"tokenizer\":\"word\"}"), 0)},
                new io.quiver.vector.PayloadSchemaEntry[0],
                new io.quiver.vector.FacetCounts(new Object[]{"Berlin", 3L, true}, new long[]{3, 4, 5}),
                new io.quiver.vector.FacetCounts(new Object[0], new long[0]),
                new io.quiver.shard.PartCapture(null, List.of(new VectorOp.CreateCollection(ShardOpCodecTest.GRAPH_CONFIG),
                        ShardOpCodecTest.PUT_PREPARED, new VectorOp.CreatePayloadIndex("c",
                                new io.quiver.vector.PayloadIndexSpec("city", "keyword", null)))),
                new io.quiver.shard.PartCapture(null, List.of()),
                new ShardFailure(ErrorCode.TIMEOUT, "too late"),
                new Object[]{Boolean.TRUE, null, 5L, Value.of(b("v")), new ShardFailure(ErrorCode.WRONG_TYPE, "WRONGTYPE x"),
                        new Value[]{null, Value.of(b("a"))}},
                new Object[0]);
    }

    @Test
    void everyOpsReplyTypeHasARow() {
        for (OpCodec<?> row : ShardOpCodec.table()) {
            if (row.type() == KvOp.InDb.class || row.type() == io.quiver.shard.TxOp.InTx.class
                    || row.type() == io.quiver.shard.VectorOp.AtEpoch.class) {
                continue; // answers what the op it wraps answers: that op's row is checked
            }
            assertTrue(ShardReplyCodec.covers(row.replyType()),
                    row.type().getSimpleName() + " answers " + row.replyType().getSimpleName() + ", which has no reply row");
        }
    }

    @Test
    void everyReplyTypeHasASample() {
        for (ShardReplyCodec.Row<?> row : ShardReplyCodec.table()) {
            assertTrue(replies().stream().anyMatch(row.type()::isInstance), row.type().getSimpleName() + " has no sample");
        }
    }

    @Test
    void everyReplyRoundTrips() {
        for (Object reply : replies()) {
            BinaryWriter w = new BinaryWriter(16);
            ShardReplyCodec.encode(reply, w);
            BinaryReader r = new BinaryReader(w.toByteArray());
            Object back = ShardReplyCodec.decode(r);
            assertEquals(0, r.remaining());
            assertTrue(same(reply, back), reply + " came back as " + back);
        }
    }

    @Test
    void aNullReplyRoundTrips() {
        BinaryWriter w = new BinaryWriter(4);
        ShardReplyCodec.encode(null, w);
        assertNull(ShardReplyCodec.decode(new BinaryReader(w.toByteArray())));
    }

    @Test
    void aTypeWithoutARowIsRefusedWhenEncoded() {
        assertThrows(IllegalArgumentException.class, () -> ShardReplyCodec.encode("a string", new BinaryWriter(4)));
    }

    @Test
    void anUnknownReplyTypeIdIsACodecError() {
        assertThrows(CodecException.class, () -> ShardReplyCodec.decode(new BinaryReader(new byte[]{(byte) 250})));
    }

    /** What a shard really answers to each sample op is of the type the op's row names. */
    @Test
    void theShardAnswersEachOpWithTheReplyTypeItsRowNames() {
        Shard shard = new Shard(0);
        CollectionConfig c = new CollectionConfig("c", 3, Metric.EUCLIDEAN, IndexKind.GRAPH, GraphParams.DEFAULTS, 0, 42);
        shard.execute(new VectorOp.CreateCollection(c));
        for (ShardOp<?> op : ShardOpCodecTest.samples()) {
            if (op instanceof AdminOp.Sleep) {
                op = new AdminOp.Sleep(1);
            }
            Object reply;
            try {
                reply = shard.execute(op);
            } catch (RuntimeException | AssertionError e) {
                continue; // a sample this shard refuses (no persistence, wrong dimension, huge values): nothing to check
            }
            Class<?> declared = rowOf(op instanceof KvOp.InDb<?> d ? d.op() : op).replyType();
            if (reply != null && !declared.isInstance(reply)) {
                fail(op.getClass().getSimpleName() + " answered " + reply.getClass().getSimpleName() + ", its row names "
                        + declared.getSimpleName());
            }
        }
    }

    @Test
    void aBatchCrossesTheWireWithItsBudgetAndStartsItOnArrival() {
        ShardBatch sent = new ShardBatch(new ShardOp<?>[]{new KvOp.Set(b("k"), b("v"), SetCondition.IF_ABSENT),
                new KvOp.Get(b("k"))}, 1_500_000, System.nanoTime() - 10_000_000_000L);
        long before = System.nanoTime();
        ShardBatch got = ShardMessageCodec.decodeBatch(ShardMessageCodec.encodeBatch(sent));
        assertEquals(1_500_000, got.budgetNanos());
        assertTrue(got.startNanos() >= before, "the budget starts when the batch arrives, not at the sender's clock");
        assertEquals(2, got.ops().length);
        for (int i = 0; i < 2; i++) {
            assertTrue(ShardOpCodecTest.sameFields(sent.ops()[i], got.ops()[i]));
        }
    }

    @Test
    void aBatchWithoutDeadlineStaysWithoutOne() {
        ShardBatch got = ShardMessageCodec.decodeBatch(ShardMessageCodec.encodeBatch(
                new ShardBatch(new ShardOp<?>[]{new AdminOp.KeyCount()})));
        assertFalse(got.hasDeadline());
    }

    @Test
    void resultsCrossTheWireWithTheirClock() {
        ShardResults sent = new ShardResults(new Object[]{Boolean.TRUE, null, new ShardFailure(ErrorCode.BUSY, "full"),
                new Value[]{Value.of(b("x"))}}, new long[]{5, 70, 71, 900, 1000});
        ShardResults got = ShardMessageCodec.decodeResults(ShardMessageCodec.encodeResults(sent));
        assertArrayEquals(sent.clock(), got.clock());
        assertEquals(sent.results().length, got.results().length);
        for (int i = 0; i < sent.results().length; i++) {
            assertTrue(same(sent.results()[i], got.results()[i]), "result " + i);
        }
    }

    @Test
    void theEventBusCodecsFrameTheirBytesAtAnyPosition() {
        ShardResults sent = new ShardResults(new Object[]{7L}, new long[]{1, 2});
        Buffer buffer = Buffer.buffer().appendString("header");
        ShardMessageCodec.results().encodeToWire(buffer, sent);
        buffer.appendString("trailer");
        ShardResults got = ShardMessageCodec.results().decodeFromWire(6, buffer);
        assertEquals(7L, got.results()[0]);
        ShardBatch batch = new ShardBatch(new ShardOp<?>[]{new AdminOp.Stats()});
        assertTrue(ShardMessageCodec.batches().transform(batch) == batch, "in one JVM the object itself is delivered");
    }

    @Test
    void truncatedResultsFailWithACodecException() {
        byte[] bytes = ShardMessageCodec.encodeResults(new ShardResults(new Object[]{
                new PointRecord[]{new PointRecord(PointId.of(1), new float[]{1}, 1, "{}")}}, new long[]{0, 1}));
        for (int len = 0; len < bytes.length; len++) {
            byte[] cut = Arrays.copyOf(bytes, len);
            assertThrows(CodecException.class, () -> ShardMessageCodec.decodeResults(cut), "cut to " + len);
        }
    }

    private static OpCodec<?> rowOf(ShardOp<?> op) {
        return ShardOpCodec.table().stream().filter(r -> r.type() == op.getClass()).findFirst().orElseThrow();
    }

    /** Equality by content: arrays element by element, records field by field. */
    private static boolean same(Object a, Object b) {
        if (a == null || b == null) {
            return a == b;
        }
        if (a.getClass().isArray() && a.getClass().getComponentType().isPrimitive()) {
            return java.util.Objects.deepEquals(a, b);
        }
        if (a.getClass().isArray()) {
            Object[] x = (Object[]) a, y = (Object[]) b;
            if (x.length != y.length) {
                return false;
            }
            for (int i = 0; i < x.length; i++) {
                if (!same(x[i], y[i])) {
                    return false;
                }
            }
            return true;
        }
        if (a.getClass().isRecord()) {
            return ShardOpCodecTest.sameFields(a, b);
        }
        return a.equals(b);
    }
}
