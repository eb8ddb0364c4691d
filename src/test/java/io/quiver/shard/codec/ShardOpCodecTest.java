package io.quiver.shard.codec;

import io.quiver.kv.SetCondition;
import io.quiver.shard.AdminOp;
import io.quiver.shard.KvOp;
import io.quiver.shard.ShardOp;
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
    private static List<ShardOp> samples() {
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
                new AdminOp.KeyCount(),
                new AdminOp.FlushAll(),
                new AdminOp.Stats(),
                new AdminOp.Snapshot(true),
                new AdminOp.Snapshot(false),
                new AdminOp.PersistenceInfo(),
                new AdminOp.Sleep(1500));
    }

    @Test
    void everyOpTypeRoundTrips() {
        for (ShardOp op : samples()) {
            byte[] bytes = ShardOpCodec.encode(op);
            ShardOp back = ShardOpCodec.decode(bytes, ShardOpCodec.VERSION);
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
        for (ShardOp op : samples()) {
            ShardOpCodec.encode(op, w);
        }
        BinaryReader r = new BinaryReader(w.toByteArray());
        for (ShardOp op : samples()) {
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

    private static void collectRecords(Class<?> c, Set<Class<?>> out) {
        if (c.isRecord()) {
            out.add(c);
        }
        Class<?>[] permitted = c.getPermittedSubclasses();
        if (permitted != null) {
            for (Class<?> p : permitted) {
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
            return java.util.Arrays.deepEquals(fa.toArray(), fb.toArray()) || Objects.equals(fa, fb);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(e);
        }
    }
}
