package io.quiver.kv;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The large forms against the compact ones as models: the same answers for the same random changes. */
class LargeValuesTest {
    private static byte[] b(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static List<String> strings(ListItems l) {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < l.size(); i++) {
            out.add(new String(l.get(i), StandardCharsets.UTF_8));
        }
        return out;
    }

    @Test
    void aLargeListAnswersAsTheCompactOneThroughRandomPushesPopsAndEdits() {
        Random random = new Random(11);
        ListValue model = ListValue.empty();
        LargeList list = new LargeList();
        for (int step = 0; step < 20_000; step++) {
            int op = random.nextInt(10);
            byte[] e = b("e" + random.nextInt(50));
            if (op < 4 || model.size() == 0) {
                boolean left = random.nextBoolean();
                model.push(e, left);
                list.push(e, left);
            } else if (op < 8) {
                boolean left = random.nextBoolean();
                assertArrayEquals(model.pop(left), list.pop(left));
            } else if (op == 8) {
                int i = random.nextInt(model.size());
                model.set(i, e);
                list.set(i, e);
            } else if (random.nextInt(20) == 0) { // the linear ones, now and then
                long count = random.nextInt(5) - 2;
                assertEquals(model.remove(e, count), list.remove(e, count));
                int from = random.nextInt(model.size() + 1), to = from + random.nextInt(model.size() + 1) - 1;
                to = Math.min(to, model.size() - 1);
                model.keep(from, to);
                list.keep(from, to);
            }
            assertEquals(model.size(), list.size());
        }
        assertEquals(strings(model), strings(list));
        assertArrayEquals(model.encode(), list.encode(), "the snapshot's encoding is the compact one's");
    }

    @Test
    void aLargeListShrinksAsItDrainsAndKeepsItsMemoryCount() {
        LargeList list = new LargeList();
        for (int i = 0; i < 100_000; i++) {
            list.push(b("x" + i), false);
        }
        long full = list.memoryEstimate();
        for (int i = 0; i < 99_990; i++) {
            list.pop(true);
        }
        assertTrue(list.memoryEstimate() < full / 100, "a drained queue gives its slots back: " + list.memoryEstimate());
        assertEquals("x99990", new String(list.get(0), StandardCharsets.UTF_8));
    }

    @Test
    void aLargeHashAnswersAsAMapThroughRandomSetsAndDeletes() {
        Random random = new Random(12);
        Map<String, String> model = new HashMap<>();
        LargeHash hash = new LargeHash();
        for (int step = 0; step < 50_000; step++) {
            String f = "f" + random.nextInt(3000);
            if (random.nextInt(3) > 0) {
                String v = "v" + step;
                assertEquals(model.put(f, v) == null, hash.put(b(f), b(v)));
            } else {
                assertEquals(model.remove(f) != null, hash.remove(b(f)));
            }
        }
        assertEquals(model.size(), hash.size());
        for (Map.Entry<String, String> e : model.entrySet()) {
            assertArrayEquals(b(e.getValue()), hash.get(b(e.getKey())).bytes());
        }
        assertNull(hash.get(b("absent")));
        HashValue decoded = HashValue.of(KvEntry.ofType(KvEntry.HASH, b("k"), hash.encode(), 0));
        assertEquals(model.size(), decoded.size());
        for (int i = 0; i < decoded.size(); i++) {
            assertEquals(model.get(new String(decoded.field(i), StandardCharsets.UTF_8)), new String(decoded.value(i), StandardCharsets.UTF_8));
        }
    }

    @Test
    void anHscanOfALargeHashVisitsEveryFieldPresentThroughoutWhileOthersComeAndGo() {
        LargeHash hash = new LargeHash();
        for (int i = 0; i < 2000; i++) {
            hash.put(b("stay" + i), b("v"));
        }
        Set<String> seen = new HashSet<>();
        long cursor = 0;
        int step = 0;
        do {
            cursor = hash.scan(cursor, 7, p -> seen.add(new String(LargeHash.field(p), StandardCharsets.UTF_8)));
            for (int k = 0; k < 50; k++) { // the table grows under the walk, and some fields leave again
                hash.put(b("come" + step + "-" + k), b("v"));
                if (k % 2 == 0) {
                    hash.remove(b("come" + step + "-" + k));
                }
            }
            step++;
        } while (cursor != 0);
        for (int i = 0; i < 2000; i++) {
            assertTrue(seen.contains("stay" + i), "stay" + i);
        }
    }

    @Test
    void aStoreConvertsAHashPastItsLimitsAndKeepsItsExpiryThroughRenameAndMove() {
        KvStore store = new KvStore(() -> 1_000L);
        store.useLimits(new EncodingLimits(3, 64));
        HashValue h = HashValue.empty();
        for (int i = 0; i < 4; i++) {
            h.put(b("f" + i), b("v" + i));
        }
        store.put(KvEntry.ofType(KvEntry.HASH, b("h"), h.encode(), 5_000L));
        byte[] e = store.getEntry(b("h"));
        assertTrue(KvEntry.isLarge(e));
        assertEquals(KvEntry.HASH, KvEntry.type(e));
        assertEquals(4, store.largeHash(e, b("h")).size());
        assertTrue(store.rename(b("h"), b("h2")));
        assertNull(store.getEntry(b("h")));
        KvStore other = new KvStore(() -> 1_000L);
        assertTrue(store.moveTo(other, b("h2")));
        assertEquals(0, store.largeValues());
        byte[] moved = other.getEntry(b("h2"));
        assertEquals(5_000L, KvEntry.expireAt(moved));
        assertArrayEquals(b("v3"), other.largeHash(moved, b("h2")).get(b("f3")).bytes());
        byte[] inline = other.inline(moved);
        assertTrue(KvEntry.isWellFormed(inline), "the inline form is an ordinary entry");
        assertEquals(4, HashValue.count(inline));
        long before = other.memoryEstimate();
        other.set(b("h2"), b("now a string"), SetCondition.ALWAYS);
        assertEquals(0, other.largeValues(), "SET over a large hash drops it");
        assertTrue(other.memoryEstimate() < before);
    }
}
