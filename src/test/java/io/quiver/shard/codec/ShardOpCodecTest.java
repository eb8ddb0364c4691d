package io.quiver.shard.codec;

import io.quiver.kv.SetCondition;
import io.quiver.shard.AdminOp;
import io.quiver.shard.KvOp;
import io.quiver.shard.ShardOp;
import io.quiver.shard.VectorOp;
import io.quiver.vector.CollectionConfig;
import io.quiver.vector.GraphParams;
import io.quiver.vector.IndexKind;
import io.quiver.vector.Metric;
import io.quiver.vector.PointId;
import io.quiver.vector.SearchParams;
import org.junit.jupiter.api.Test;

import java.lang.reflect.RecordComponent;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/** Every {@link ShardOp} type goes through the binary codec and comes back equal. */
class ShardOpCodecTest {

    private static byte[] b(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    /** At least one sample per op type; edge cases (empty, binary, large) where fields allow. */
    static final CollectionConfig SCHEMA_CONFIG = new CollectionConfig("n", 2, Metric.DOT, IndexKind.AUTO,
            GraphParams.DEFAULTS, 100, 9).withSchema(new io.quiver.vector.VectorSchema(
            List.of(new io.quiver.vector.VectorSchema.Dense("", 3, Metric.COSINE), new io.quiver.vector.VectorSchema.Dense("img", 2, Metric.EUCLIDEAN),
                    new io.quiver.vector.VectorSchema.Dense("colbert", 2, Metric.DOT, true)),
            List.of(new io.quiver.vector.VectorSchema.Sparse("words", true))));
    static final io.quiver.vector.PointVectors POINT_VECTORS = new io.quiver.vector.PointVectors(
            java.util.Map.of("", new float[]{1, 0, 0}, "img", new float[]{-1, 2.5f}),
            java.util.Map.of("words", io.quiver.vector.SparseVector.of(new long[]{9, 0xFFFFFFFFL, 2}, new float[]{1, 2, 3})),
            java.util.Map.of("colbert", new float[][]{{1, 2}, {3, 4}}));

    static List<ShardOp<?>> samples() {
        byte[] binary = new byte[300];
        for (int i = 0; i < binary.length; i++) {
            binary[i] = (byte) i;
        }
        return List.of(
                new KvOp.Get(b("k")),
                new KvOp.Get(new byte[0]),
                new KvOp.Set(b("key"), b("value"), SetCondition.ALWAYS),
                new KvOp.Set(binary, new byte[0], SetCondition.IF_ABSENT),
                new KvOp.Set(b("k"), binary, SetCondition.IF_PRESENT),
                new KvOp.Delete(new byte[][]{b("a"), b("b"), binary}),
                new KvOp.Delete(new byte[0][]),
                new KvOp.Exists(new byte[][]{b("a"), b("a")}),
                new KvOp.MultiGet(new byte[][]{b("x"), new byte[0]}),
                new KvOp.MultiSet(new byte[][]{b("a"), b("b")}, new byte[][]{binary, b("2")}),
                new KvOp.Set(b("k"), b("v"), SetCondition.IF_ABSENT, 1_765_000_000_000L, false),
                new KvOp.Set(b("k"), b("v"), SetCondition.ALWAYS, 0, true),
                new KvOp.SetAndGet(b("k"), binary, SetCondition.IF_PRESENT, 5, false),
                new KvOp.GetAndExpire(b("k"), 1_765_000_000_000L, false),
                new KvOp.GetAndExpire(b("k"), 0, true),
                new KvOp.GetAndDelete(binary),
                new KvOp.MultiSetIfAbsent(new byte[][]{b("a")}, new byte[][]{b("1")}),
                new KvOp.Expire(b("k"), 99, io.quiver.kv.ExpireCondition.IF_EARLIER_WITH_TTL),
                new KvOp.Expire(b("k"), 1, io.quiver.kv.ExpireCondition.ALWAYS),
                new KvOp.Persist(b("k")),
                new KvOp.ExpireTime(b("k")),
                new KvOp.IncrementBy(b("n"), Long.MIN_VALUE),
                new KvOp.IncrementByFloat(b("f"), -1.5e-300),
                new KvOp.Append(b("k"), binary),
                new KvOp.StringLength(b("k")),
                new KvOp.GetRange(b("k"), -5, Long.MAX_VALUE),
                new KvOp.SetRange(b("k"), 1 << 20, b("x")),
                new KvOp.Scan(12345, 10, b("user:*")),
                new KvOp.Scan(0, 1, null),
                new KvOp.Keys(b("*")),
                new KvOp.RandomKey(),
                new KvOp.Rename(b("a"), b("b"), true),
                new KvOp.Copy(b("a"), binary, false),
                new KvOp.Dump(b("a")),
                new KvOp.Restore(b("a"), binary, 77, true),
                new KvOp.MemoryUsage(b("a")),
                new KvOp.ObjectEncoding(b("a")),
                new AdminOp.SetActiveExpire(false),
                new KvOp.SetBit(b("b"), (1L << 32) - 1, true),
                new KvOp.GetBit(b("b"), 7),
                new KvOp.BitCount(b("b"), true, -2, -1, true),
                new KvOp.InDb<>(3, new KvOp.Set(b("k"), binary, SetCondition.IF_ABSENT, 99, false)),
                new KvOp.InDb<>(15, new KvOp.FlushDb()),
                new io.quiver.shard.TxOp.Lock(1L << 40, true, new int[]{0, 3}, new byte[][]{b("w"), binary}, new long[]{0, 7}),
                new io.quiver.shard.TxOp.Lock(5, false, new int[0], new byte[0][], new long[0]),
                new io.quiver.shard.TxOp.InTx<>(9, new KvOp.InDb<>(2, new KvOp.Get(b("k")))),
                new io.quiver.shard.TxOp.Commit(9),
                new io.quiver.shard.TxOp.Prepare(9, new int[]{0, 2}, new long[]{4, 1L << 33}),
                new io.quiver.shard.TxOp.Release(9),
                new io.quiver.shard.TxOp.Record(9, new int[]{1, 2}, new long[]{5, 6}, new io.quiver.shard.ShardOp<?>[]{
                        new KvOp.Set(b("k"), binary, SetCondition.ALWAYS), new KvOp.InDb<>(1, new KvOp.Delete(new byte[][]{b("x")}))}),
                new io.quiver.shard.TxOp.Watch(0, 4, binary),
                new io.quiver.shard.TxOp.Exec(1L << 41, new int[]{0, 2}, new byte[][]{b("w"), binary}, new long[]{2, 1L << 35},
                        new io.quiver.shard.ShardOp<?>[]{new KvOp.Set(b("k"), binary, SetCondition.ALWAYS),
                                new KvOp.InDb<>(1, new KvOp.IncrementBy(b("n"), -3)), new KvOp.Get(b("k"))}),
                new io.quiver.shard.TxOp.Exec(3, new int[0], new byte[0][], new long[0], new io.quiver.shard.ShardOp<?>[0]),
                new KvOp.HashSet(b("h"), new byte[][]{b("f"), binary}, new byte[][]{binary, b("")}, false),
                new KvOp.HashSet(b("h"), new byte[][]{b("f")}, new byte[][]{b("v")}, true),
                new KvOp.HashGet(b("h"), binary),
                new KvOp.HashMultiGet(b("h"), new byte[][]{b("a"), b("b")}),
                new KvOp.HashGetAll(b("h"), KvOp.HashGetAll.VALUES),
                new KvOp.HashDelete(b("h"), new byte[][]{b("a")}),
                new KvOp.HashExists(b("h"), b("a")),
                new KvOp.HashLength(binary),
                new KvOp.HashStringLength(b("h"), b("a")),
                new KvOp.HashIncrementBy(b("h"), b("n"), Long.MIN_VALUE),
                new KvOp.HashIncrementByFloat(b("h"), b("n"), -0.5),
                new KvOp.HashScan(b("h"), 0, 10, b("f*"), true),
                new KvOp.HashScan(b("h"), 5, 1, null, false),
                new KvOp.HashRandomField(b("h"), -3, false, true),
                new KvOp.HashRestore(b("h"), binary, 1_700_000_000_000L, false),
                new KvOp.ListPush(b("l"), new byte[][]{b("a"), binary}, true, false),
                new KvOp.ListPush(b("l"), new byte[][]{b("")}, false, true),
                new KvOp.ListPop(b("l"), false, -1),
                new KvOp.ListPop(b("l"), true, 3),
                new KvOp.ListLength(b("l")),
                new KvOp.ListRange(b("l"), -5, 100),
                new KvOp.ListIndex(b("l"), -1),
                new KvOp.ListSet(b("l"), 2, binary),
                new KvOp.ListRemove(b("l"), -2, b("x")),
                new KvOp.ListTrim(b("l"), 1, -2),
                new KvOp.ListRestore(b("l"), binary, 1_700_000_000_000L, true),
                new KvOp.TypeOf(b("h")),
                new KvOp.ScanType(7, 100, b("k*"), 1),
                new KvOp.ScanType(0, 1, null, 0),
                new io.quiver.shard.TxOp.Unwatch(0, new int[]{0, 1}, new byte[][]{b("a"), b("b")}),
                new KvOp.DbSize(),
                new KvOp.FlushDb(),
                new AdminOp.SwapDb(0, 5),
                new AdminOp.MoveKey(b("a"), 0, 9),
                new AdminOp.KeyCount(),
                new AdminOp.FlushAll(),
                new AdminOp.Stats(),
                new AdminOp.Snapshot(true),
                new AdminOp.Snapshot(false),
                new AdminOp.PersistenceInfo(),
                new AdminOp.Sleep(1500),
                new VectorOp.CreateCollection(GRAPH_CONFIG),
                new VectorOp.CreateCollection(new CollectionConfig("flat", 1, Metric.DOT, IndexKind.FLAT,
                        GraphParams.DEFAULTS, 0)),
                new VectorOp.CreateCollection(new CollectionConfig("auto ü", 4096, Metric.COSINE, IndexKind.AUTO,
                        GraphParams.DEFAULTS, 1024, Long.MAX_VALUE)),
                new VectorOp.DropCollection("c", 7),
                new VectorOp.DropAll(new String[]{"a", "b"}, new long[]{1, 1L << 40}),
                new VectorOp.DropAll(new String[0], new long[0]),
                new VectorOp.Upsert("c", GRAPH_CONFIG, IDS, new float[][]{{1f, -0f, Float.MIN_VALUE}, {3e38f, 0.5f, -2f},
                        {0, 0, 1}, {1, 1, 1}}, new String[]{"{\"a\":1}", null, "{}", "{\"t\":\"ü\"}"}, true),
                new VectorOp.Upsert("c", null, new PointId[]{PointId.of(1)}, new float[][]{{1, 2, 3}}, null, false),
                new VectorOp.Upsert("c", null, new PointId[0], new float[0][], new String[0], false),
                new VectorOp.Delete("c", IDS),
                new VectorOp.Delete("c", new PointId[0]),
                new VectorOp.SetPayload("c", PointId.of("a-string-id"), "{\"x\":[1,2]}"),
                new VectorOp.SetPayload("c", PointId.of(-1L), null),
                new VectorOp.Retrieve("c", IDS, true, false),
                new VectorOp.Retrieve("c", new PointId[0], false, true),
                new VectorOp.Search("c", new float[][]{{1, 2, 3}, {4, 5, 6}}, new int[]{10, 1000},
                        new SearchParams[]{SearchParams.DEFAULT, new SearchParams(64, true)}),
                new VectorOp.Count("c"),
                new VectorOp.Info("c"),
                new VectorOp.Links("c", PointId.of("element")),
                new VectorOp.Links("c", PointId.of(7)),
                new VectorOp.CreateCollection(SCHEMA_CONFIG),
                new VectorOp.Reconfigure(SCHEMA_CONFIG.withSettings(new io.quiver.vector.CollectionSettings(
                        java.util.Map.of("enabled", true, "max_query_limit", 3L,
                                "multivector_config", java.util.Map.of("m", java.util.Map.of("max_vectors", 5L))),
                        java.util.Map.of("owner", "a"), java.util.List.of("alias-b", "alias-a")))),
                new VectorOp.UpsertPoints("n", SCHEMA_CONFIG, IDS, new io.quiver.vector.PointVectors[]{POINT_VECTORS,
                        io.quiver.vector.PointVectors.NONE, POINT_VECTORS, POINT_VECTORS}, new String[]{null, "{}", "{\"a\":1}", null}),
                new VectorOp.UpsertPoints("n", null, new PointId[]{PointId.of(2)},
                        new io.quiver.vector.PointVectors[]{POINT_VECTORS}, null),
                new VectorOp.UpdateVectors("n", new PointId[]{PointId.of(3)}, new io.quiver.vector.PointVectors[]{POINT_VECTORS}),
                new VectorOp.DeleteVectors("n", IDS, new String[]{"", "img"}),
                new VectorOp.SearchNamed("n", "img", new float[][]{{1, 2}}, new int[]{5}, new SearchParams[]{new SearchParams(0, true)}),
                new VectorOp.SearchSparse("n", "words", new io.quiver.vector.SparseVector[]{POINT_VECTORS.sparse().get("words")},
                        new int[]{7}),
                new VectorOp.SparseStats("n", "words", new int[]{1, -1, 7}),
                new VectorOp.SearchMulti("n", "colbert", new float[][][]{{{1, 2}, {0, 1}}, {{5, 5}}}, new int[]{3, 4}),
                new VectorOp.Filtered(new io.quiver.vector.filter.Filter[]{FILTER, null},
                        new VectorOp.Search("c", new float[][]{{1, 2, 3}, {4, 5, 6}}, new int[]{10, 3},
                                new SearchParams[]{SearchParams.DEFAULT, new SearchParams(64, true)})),
                new VectorOp.Filtered(new io.quiver.vector.filter.Filter[]{FILTER},
                        new VectorOp.SearchSparse("n", "words", new io.quiver.vector.SparseVector[]{POINT_VECTORS.sparse().get("words")},
                                new int[]{2})),
                new VectorOp.AtEpoch<>(41, new VectorOp.Count("c")),
                new VectorOp.AtEpoch<>(0, new VectorOp.Filtered(new io.quiver.vector.filter.Filter[]{FILTER},
                        new VectorOp.Search("c", new float[][]{{1, 2, 3}}, new int[]{10}, new SearchParams[]{SearchParams.DEFAULT}))),
                new VectorOp.CountWhere("c", FILTER),
                new VectorOp.CountWhere("c", null),
                new VectorOp.Scroll("c", FILTER, PointId.of(7), 100, true, false),
                new VectorOp.Scroll("c", null, null, 1, false, true),
                new VectorOp.DeleteWhere("c", FILTER),
                new VectorOp.UpdatePayload("c", io.quiver.vector.filter.PayloadChange.SET, IDS, null, "{\"a\":1}", null, "x.y"),
                new VectorOp.UpdatePayload("c", io.quiver.vector.filter.PayloadChange.DELETE_KEYS, null, FILTER, null, new String[]{"a", "b[].c"}, null),
                new VectorOp.UpdatePayload("c", io.quiver.vector.filter.PayloadChange.CLEAR, null, FILTER, null, null, null),
                new VectorOp.CreatePayloadIndex("c", new io.quiver.vector.PayloadIndexSpec("city", "keyword", null)),
                new VectorOp.CreatePayloadIndex("c", new io.quiver.vector.PayloadIndexSpec("d", "text", "{\"type\":\"text\"}")),
                new VectorOp.DropPayloadIndex("c", "city"),
                new VectorOp.PayloadSchema("c"),
                new VectorOp.ScrollOrdered("c", FILTER, "price", true, 9.5, 10, false),
                new VectorOp.ScrollOrdered("c", null, "at", false, null, 1, true),
                new VectorOp.Facet("c", FILTER, "city"),
                new VectorOp.Facet("c", null, "n"),
                new VectorOp.Conditional(io.quiver.vector.UpdateMode.INSERT_ONLY, null,
                        new VectorOp.Upsert("c", GRAPH_CONFIG, new PointId[]{PointId.of(1)}, new float[][]{{1, 2, 3}}, null, false)),
                new VectorOp.Conditional(io.quiver.vector.UpdateMode.UPSERT, FILTER,
                        new VectorOp.UpdateVectors("n", new PointId[]{PointId.of(3)}, new io.quiver.vector.PointVectors[]{POINT_VECTORS})),
                new VectorOp.DeleteVectorsWhere("n", FILTER, new String[]{"", "img"}),
                new VectorOp.CapturePart("c"),
                PUT_PREPARED,
                PUT_STORED,
                new VectorOp.RestorePart(GRAPH_CONFIG, PUT_PREPARED, new io.quiver.vector.PayloadIndexSpec[]{
                        new io.quiver.vector.PayloadIndexSpec("city", "keyword", null)}),
                new VectorOp.RestorePart(SCHEMA_CONFIG, PUT_STORED, new io.quiver.vector.PayloadIndexSpec[0]),
                new VectorOp.RestorePart(GRAPH_CONFIG, null, new io.quiver.vector.PayloadIndexSpec[0]));
    }

    /** Points as a part stores them (a snapshot's), with and without payloads. */
    static final VectorOp.PutPrepared PUT_PREPARED = new VectorOp.PutPrepared("c", new PointId[]{PointId.of(1), PointId.of("p")},
            new float[][]{{0.6f, 0.8f, 0f}, {1f, -0f, Float.MIN_VALUE}}, new float[]{5f, 1f}, new String[]{"{\"a\":1}", null});
    static final VectorOp.PutStored PUT_STORED = new VectorOp.PutStored("n", new PointId[]{PointId.of(2)},
            new io.quiver.vector.PointVectors[]{POINT_VECTORS}, new String[]{null});

    /** A filter with (almost) every kind of condition; polygons are compared by the codec's own test. */
    static final io.quiver.vector.filter.Filter FILTER = io.quiver.vector.filter.QdrantFilterParser.parse(
            io.quiver.vector.filter.Payload.parseValue("""
                    {"must": [{"key": "city", "match": {"value": "London"}}, {"key": "n", "range": {"gte": 1.5, "lt": 9}},
                              {"key": "t", "range": {"gt": "2024-01-01T00:00:00Z"}}, {"has_id": [1, "550e8400-e29b-41d4-a716-446655440000"]},
                              {"nested": {"key": "d[]", "filter": {"must": {"key": "x", "match": {"any": [1, 2]}}}}}],
                     "should": [{"key": "tags", "match": {"except": ["a"]}}, {"key": "s", "match": {"text": "hi there"}}, {"key": "s", "match": {"text_any": "a b"}}, {"key": "u", "match": {"prefix": "http"}}, {"slice": {"total": 4, "index": 1}},
                                {"is_empty": {"key": "e"}}, {"is_null": {"key": "z"}}, {"has_vector": "img"},
                                {"key": "loc", "geo_radius": {"center": {"lon": 1, "lat": 2}, "radius": 1000}},
                                {"key": "loc", "geo_bounding_box": {"top_left": {"lon": 1, "lat": 2}, "bottom_right": {"lon": 3, "lat": 1}}}],
                     "must_not": [{"key": "tags", "values_count": {"gt": 2}}, {"key": "b", "match": {"value": true}}],
                     "min_should": {"conditions": [{"key": "q", "match": {"value": 3}}], "min_count": 1}}"""));

    static final CollectionConfig GRAPH_CONFIG = new CollectionConfig("c", 3, Metric.EUCLIDEAN, IndexKind.GRAPH,
            new GraphParams(48, 200, 1.5f, 1.3f, 24), 0, 42);
    private static final PointId[] IDS = {PointId.of(0), PointId.of(-1L), PointId.of("550e8400-e29b-41d4-a716-446655440000"),
            PointId.of("name ü")};

    @Test
    void everyOpTypeRoundTrips() {
        for (ShardOp<?> op : samples()) {
            byte[] bytes = ShardOpCodec.encode(op);
            ShardOp<?> back = ShardOpCodec.decode(bytes, ShardOpCodec.VERSION);
            assertEquals(op.getClass(), back.getClass());
            assertTrue(sameFields(op, back), op + " came back as " + back);
            assertArrayEquals(bytes, ShardOpCodec.encode(back), "re-encoding " + op.getClass().getSimpleName());
        }
    }

    @Test
    void everyOpTypeHasACodecRowAndASample() {
        Set<Class<?>> types = new java.util.HashSet<>();
        collectRecords(ShardOp.class, types);
        Set<Class<?>> inTable = ShardOpCodec.table().stream().map(OpCodec::type).collect(Collectors.toSet());
        Set<Class<?>> sampled = samples().stream().map(Object::getClass).collect(Collectors.toSet());
        for (Class<?> t : types) {
            if (!inTable.contains(t)) {
                fail(t.getName() + " has no row in ShardOpCodec's table");
            }
            if (!sampled.contains(t)) {
                fail(t.getName() + " has no sample in this test");
            }
        }
    }

    @Test
    void opsFollowOneAnotherInOneBuffer() {
        BinaryWriter w = new BinaryWriter(16);
        for (ShardOp<?> op : samples()) {
            ShardOpCodec.encode(op, w);
        }
        BinaryReader r = new BinaryReader(w.toByteArray());
        for (ShardOp<?> op : samples()) {
            assertTrue(sameFields(op, ShardOpCodec.decode(r, ShardOpCodec.VERSION)));
        }
        assertEquals(0, r.remaining());
    }

    @Test
    void truncatedBytesFailWithACodecException() {
        byte[] bytes = ShardOpCodec.encode(new KvOp.Set(b("key"), b("value"), SetCondition.ALWAYS));
        for (int len = 0; len < bytes.length; len++) {
            byte[] cut = java.util.Arrays.copyOf(bytes, len);
            assertThrows(CodecException.class, () -> ShardOpCodec.decode(cut, ShardOpCodec.VERSION), "length " + len);
        }
    }

    @Test
    void unknownTypeIdAndUnknownVersionAreRefused() {
        assertThrows(CodecException.class, () -> ShardOpCodec.decode(new byte[]{(byte) 200}, ShardOpCodec.VERSION));
        byte[] ok = ShardOpCodec.encode(new AdminOp.FlushAll());
        assertThrows(CodecException.class, () -> ShardOpCodec.decode(ok, ShardOpCodec.VERSION + 1));
    }

    @Test
    void truncatedVectorOpsFailWithACodecException() {
        for (ShardOp<?> op : samples()) {
            if (!(op instanceof VectorOp)) {
                continue;
            }
            byte[] bytes = ShardOpCodec.encode(op);
            for (int len = 0; len < bytes.length; len++) {
                byte[] cut = java.util.Arrays.copyOf(bytes, len);
                assertThrows(CodecException.class, () -> ShardOpCodec.decode(cut, ShardOpCodec.VERSION),
                        op.getClass().getSimpleName() + " cut to " + len + " bytes");
            }
        }
    }

    @Test
    void aHugeFloatCountFailsWithoutAllocating() {
        BinaryWriter w = new BinaryWriter(16);
        w.varInt(Integer.MAX_VALUE);
        assertThrows(CodecException.class, () -> new BinaryReader(w.toByteArray()).floats());
    }

    private static void collectRecords(Class<?> c, Set<Class<?>> out) {
        if (c.isRecord()) {
            out.add(c);
        }
        Class<?>[] permitted = c.getPermittedSubclasses();
        if (permitted != null) {
            for (Class<?> p : permitted) {
                if (p == io.quiver.shard.MigrationOp.class) {
                    continue; // never logged; crosses nodes in MigrationWire's form (MigrationWireTest)
                }
                collectRecords(p, out);
            }
        }
    }

    /** Field-by-field equality of two records, comparing arrays by content. */
    static boolean sameFields(Object a, Object b) {
        if (a.getClass() != b.getClass()) {
            return false;
        }
        try {
            List<Object> fa = new ArrayList<>(), fb = new ArrayList<>();
            for (RecordComponent rc : a.getClass().getRecordComponents()) {
                fa.add(rc.getAccessor().invoke(a));
                fb.add(rc.getAccessor().invoke(b));
            }
            for (int i = 0; i < fa.size(); i++) {
                if (fa.get(i) instanceof ShardOp<?> inner) { // a wrapped op: compared field by field too
                    if (!sameFields(inner, fb.get(i))) {
                        return false;
                    }
                    fa.set(i, null);
                    fb.set(i, null);
                } else if (fa.get(i) instanceof List<?> list && !list.isEmpty() && list.get(0) instanceof ShardOp<?>) {
                    List<?> other = (List<?>) fb.get(i); // a captured part's ops, one by one
                    if (list.size() != other.size()) {
                        return false;
                    }
                    for (int k = 0; k < list.size(); k++) {
                        if (!sameFields(list.get(k), other.get(k))) {
                            return false;
                        }
                    }
                    fa.set(i, null);
                    fb.set(i, null);
                } else if (fa.get(i) instanceof ShardOp<?>[] ops) { // a transaction's record: its ops one by one
                    ShardOp<?>[] other = (ShardOp<?>[]) fb.get(i);
                    if (ops.length != other.length) {
                        return false;
                    }
                    for (int k = 0; k < ops.length; k++) {
                        if (!sameFields(ops[k], other[k])) {
                            return false;
                        }
                    }
                    fa.set(i, null);
                    fb.set(i, null);
                }
            }
            return java.util.Arrays.deepEquals(fa.toArray(), fb.toArray()) || Objects.equals(fa, fb);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(e);
        }
    }
}
