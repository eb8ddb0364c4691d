package io.quiver.kv;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class KvStoreTest {
    private static byte[] b(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] valueOf(KvStore s, String key) {
        byte[] e = s.getEntry(b(key));
        return e == null ? null : KvEntry.value(e);
    }

    @Test
    void storesAndReturnsAValue() {
        KvStore s = new KvStore();
        assertTrue(s.set(b("k"), b("v"), SetCondition.ALWAYS));
        assertArrayEquals(b("v"), valueOf(s, "k"));
        assertEquals(1, s.size());
    }

    @Test
    void overwriteReplacesTheValueAndKeepsOneKey() {
        KvStore s = new KvStore();
        s.set(b("k"), b("one"), SetCondition.ALWAYS);
        s.set(b("k"), b("two"), SetCondition.ALWAYS);
        assertArrayEquals(b("two"), valueOf(s, "k"));
        assertEquals(1, s.size());
    }

    @Test
    void entriesHandedOutStayUnchangedAfterOverwrite() {
        KvStore s = new KvStore();
        s.set(b("k"), b("one"), SetCondition.ALWAYS);
        byte[] before = s.getEntry(b("k"));
        s.set(b("k"), b("two"), SetCondition.ALWAYS);
        assertArrayEquals(b("one"), KvEntry.value(before));
    }

    @Test
    void ifAbsentDoesNotOverwrite() {
        KvStore s = new KvStore();
        assertTrue(s.set(b("k"), b("one"), SetCondition.IF_ABSENT));
        assertFalse(s.set(b("k"), b("two"), SetCondition.IF_ABSENT));
        assertArrayEquals(b("one"), valueOf(s, "k"));
    }

    @Test
    void ifPresentDoesNotCreate() {
        KvStore s = new KvStore();
        assertFalse(s.set(b("k"), b("one"), SetCondition.IF_PRESENT));
        assertNull(s.getEntry(b("k")));
        s.set(b("k"), b("one"), SetCondition.ALWAYS);
        assertTrue(s.set(b("k"), b("two"), SetCondition.IF_PRESENT));
        assertArrayEquals(b("two"), valueOf(s, "k"));
    }

    @Test
    void keysAndValuesAreBinarySafe() {
        KvStore s = new KvStore();
        byte[] key = {0, 1, (byte) 0xFF, '\r', '\n', 0};
        byte[] value = {0, 0, (byte) 0x80, ' ', '\t'};
        s.set(key, value, SetCondition.ALWAYS);
        assertArrayEquals(value, KvEntry.value(s.getEntry(key)));
        assertNull(s.getEntry(new byte[]{0, 1, (byte) 0xFF, '\r', '\n'}), "a prefix is another key");
    }

    @Test
    void emptyKeyAndEmptyValueAreAllowed() {
        KvStore s = new KvStore();
        s.set(new byte[0], new byte[0], SetCondition.ALWAYS);
        assertArrayEquals(new byte[0], KvEntry.value(s.getEntry(new byte[0])));
    }

    @Test
    void deleteRemovesOnlyThatKey() {
        KvStore s = new KvStore();
        s.set(b("a"), b("1"), SetCondition.ALWAYS);
        s.set(b("b"), b("2"), SetCondition.ALWAYS);
        assertTrue(s.delete(b("a")));
        assertFalse(s.delete(b("a")));
        assertNull(s.getEntry(b("a")));
        assertArrayEquals(b("2"), valueOf(s, "b"));
        assertEquals(1, s.size());
    }

    /** Many inserts and deletes in random order, checked against java.util.HashMap (probe runs, resizes). */
    @Test
    void agreesWithHashMapUnderRandomInsertsAndDeletes() {
        KvStore s = new KvStore();
        Map<String, String> model = new HashMap<>();
        Random rnd = new Random(42);
        for (int i = 0; i < 200_000; i++) {
            String k = "key" + rnd.nextInt(20_000);
            if (rnd.nextInt(3) == 0) {
                assertEquals(model.remove(k) != null, s.delete(b(k)));
            } else {
                String v = "v" + i;
                model.put(k, v);
                s.set(b(k), b(v), SetCondition.ALWAYS);
            }
        }
        assertEquals(model.size(), s.size());
        for (int i = 0; i < 20_000; i++) {
            String k = "key" + i;
            String expected = model.get(k);
            byte[] actual = valueOf(s, k);
            assertEquals(expected, actual == null ? null : new String(actual, StandardCharsets.UTF_8), k);
        }
    }

    @Test
    void replaceOfAnEntryJustReadAgreesWithHashMapWhileOtherKeysMoveAndTheTableGrows() {
        KvStore s = new KvStore();
        Map<String, String> model = new HashMap<>();
        Random rnd = new Random(7);
        for (int i = 0; i < 200_000; i++) {
            String k = "key" + rnd.nextInt(20_000);
            byte[] current = s.getEntry(b(k));
            switch (rnd.nextInt(4)) {
                case 0 -> { // between the read and the replace, another key goes (backward shift) or comes (growth)
                    String other = "key" + rnd.nextInt(20_000);
                    if (rnd.nextBoolean()) {
                        s.delete(b(other));
                        model.remove(other);
                    } else {
                        s.set(b(other), b("o" + i), SetCondition.ALWAYS);
                        model.put(other, "o" + i);
                    }
                }
                case 1 -> s.delete(b(k)); // the entry read is gone: replace stores the key again
                default -> {
                }
            }
            if (current != null) {
                String v = "r" + i;
                s.replace(current, KvEntry.of(b(k), b(v)));
                model.put(k, v);
            } else {
                model.remove(k);
                s.delete(b(k));
            }
        }
        assertEquals(model.size(), s.size());
        for (int i = 0; i < 20_000; i++) {
            String k = "key" + i;
            byte[] actual = valueOf(s, k);
            assertEquals(model.get(k), actual == null ? null : new String(actual, StandardCharsets.UTF_8), k);
        }
    }

    @Test
    void clearEmptiesTheStore() {
        KvStore s = new KvStore();
        for (int i = 0; i < 1000; i++) {
            s.set(b("k" + i), b("v"), SetCondition.ALWAYS);
        }
        s.clear();
        assertEquals(0, s.size());
        assertNull(s.getEntry(b("k1")));
    }

    @Test
    void forEachEntryVisitsEveryPairOnce() {
        KvStore s = new KvStore();
        for (int i = 0; i < 500; i++) {
            s.set(b("k" + i), b("v" + i), SetCondition.ALWAYS);
        }
        Map<String, String> seen = new HashMap<>();
        s.forEachEntry(e -> seen.put(new String(KvEntry.key(e), StandardCharsets.UTF_8), new String(KvEntry.value(e), StandardCharsets.UTF_8)));
        assertEquals(500, seen.size());
        assertEquals("v7", seen.get("k7"));
    }

    @Test
    void memoryEstimateGrowsWithData() {
        KvStore s = new KvStore();
        long empty = s.memoryEstimate();
        for (int i = 0; i < 10_000; i++) {
            s.set(b("key-" + i), new byte[35], SetCondition.ALWAYS);
        }
        long perKey = (s.memoryEstimate() - empty) / 10_000;
        assertTrue(perKey > 35 + 8 && perKey < 200, "per-key estimate " + perKey);
    }

    @Test
    void putEntryInsertsOrReplacesWithoutCopying() {
        KvStore s = new KvStore();
        s.set(b("a"), b("old"), SetCondition.ALWAYS);
        byte[] entry = KvEntry.of(b("a"), b("new"));
        s.putEntry(entry);
        s.putEntry(KvEntry.of(b("b"), b("2")));
        assertEquals(2, s.size());
        assertTrue(s.getEntry(b("a")) == entry, "the entry itself is stored");
        assertArrayEquals(b("2"), KvEntry.value(s.getEntry(b("b"))));
    }

    @Test
    void ensureCapacityThenBulkPutKeepsEveryPair() {
        KvStore s = new KvStore();
        s.set(b("first"), b("1"), SetCondition.ALWAYS);
        s.ensureCapacity(10_000);
        for (int i = 0; i < 10_000; i++) {
            s.putEntry(KvEntry.of(b("k" + i), b("v" + i)));
        }
        assertEquals(10_001, s.size());
        for (int i = 0; i < 10_000; i++) {
            assertArrayEquals(b("v" + i), KvEntry.value(s.getEntry(b("k" + i))));
        }
    }

    @Test
    void copiedSlotsStayAsTheyWereWhileTheStoreChanges() {
        KvStore s = new KvStore();
        for (int i = 0; i < 100; i++) {
            s.set(b("k" + i), b("v" + i), SetCondition.ALWAYS);
        }
        byte[][] slots = s.copySlots();
        for (int i = 0; i < 100; i++) {
            s.set(b("k" + i), b("changed"), SetCondition.ALWAYS);
        }
        s.delete(b("k1"));
        Map<String, String> copy = new HashMap<>();
        for (byte[] e : slots) {
            if (e != null) {
                copy.put(new String(KvEntry.key(e), StandardCharsets.UTF_8), new String(KvEntry.value(e), StandardCharsets.UTF_8));
            }
        }
        assertEquals(100, copy.size());
        assertEquals("v1", copy.get("k1"));
    }
}
