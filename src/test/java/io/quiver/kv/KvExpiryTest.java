package io.quiver.kv;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Expiry in the store, on an injected clock: lazy on access, active in slices, and in snapshots' entries. */
class KvExpiryTest {
    private final AtomicLong now = new AtomicLong(1_000_000);
    private final KvStore store = new KvStore(now::get);

    private static byte[] b(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void aKeyIsThereUntilItsTimeAndGoneAtIt() {
        store.set(b("k"), b("v"), SetCondition.ALWAYS, now.get() + 100, false);
        now.addAndGet(99);
        assertNotNull(store.get(b("k")));
        now.addAndGet(1);
        assertNull(store.get(b("k")));
        assertEquals(0, store.size(), "the expired pair was removed when touched");
        assertEquals(1, store.expiredKeys());
    }

    @Test
    void anExpiredKeyCountsAsAbsentForSetNx() {
        store.set(b("k"), b("old"), SetCondition.ALWAYS, now.get() + 10, false);
        now.addAndGet(10);
        assertTrue(store.set(b("k"), b("new"), SetCondition.IF_ABSENT));
        assertEquals(Value.of(b("new")), store.get(b("k")));
    }

    @Test
    void aPlainSetClearsTheTtlAndKeepTtlKeepsIt() {
        long at = now.get() + 500;
        store.set(b("k"), b("1"), SetCondition.ALWAYS, at, false);
        store.set(b("k"), b("2"), SetCondition.ALWAYS, 0, true);
        assertEquals(at, KvEntry.expireAt(store.getEntry(b("k"))));
        store.set(b("k"), b("3"), SetCondition.ALWAYS);
        assertEquals(0, KvEntry.expireAt(store.getEntry(b("k"))));
        assertEquals(0, store.volatileKeys());
    }

    @Test
    void activeExpiryReclaimsKeysNobodyReads() {
        for (int i = 0; i < 10_000; i++) {
            store.set(b("k" + i), b("v"), SetCondition.ALWAYS, i % 2 == 0 ? now.get() + 10 : 0, false);
        }
        long before = store.memoryEstimate();
        now.addAndGet(10);
        int removed = 0;
        for (int cycle = 0; cycle < 100 && store.volatileKeys() > 0; cycle++) {
            removed += store.expireCycle(1024);
        }
        assertEquals(5_000, removed);
        assertEquals(5_000, store.size());
        assertEquals(0, store.volatileKeys());
        assertTrue(store.memoryEstimate() < before);
        for (int i = 1; i < 10_000; i += 2) {
            assertNotNull(store.get(b("k" + i)), "keys without a TTL stay");
        }
    }

    @Test
    void activeExpiryLeavesKeysWhoseTimeHasNotCome() {
        store.set(b("k"), b("v"), SetCondition.ALWAYS, now.get() + 1000, false);
        assertEquals(0, store.removeExpired());
        assertEquals(1, store.size());
    }

    @Test
    void loadingASnapshotDropsPairsAlreadyExpired() {
        assertFalse(store.load(KvEntry.of(b("gone"), b("v"), now.get() - 1)));
        assertTrue(store.load(KvEntry.of(b("kept"), b("v"), now.get() + 1)));
        assertEquals(1, store.size());
    }

    @Test
    void anEntryKeepsItsExpiryAndKeyAcrossTheLayout() {
        byte[] e = KvEntry.of(b("key"), b("value"), 123456789L);
        assertTrue(KvEntry.isWellFormed(e));
        assertEquals("key", new String(KvEntry.key(e), StandardCharsets.UTF_8));
        assertEquals("value", new String(KvEntry.value(e), StandardCharsets.UTF_8));
        assertEquals(123456789L, KvEntry.expireAt(e));
        assertEquals(0, KvEntry.expireAt(KvEntry.withExpiry(e, 0)));
        assertEquals(12 + 3 + 5, e.length, "an expiry costs 8 bytes");
        assertEquals(4 + 3 + 5, KvEntry.of(b("key"), b("value")).length, "no expiry costs nothing");
    }

    @Test
    void scanVisitsEveryKeyPresentThroughoutEvenWhileTheTableGrows() {
        KvStore s = new KvStore();
        for (int i = 0; i < 1000; i++) {
            s.set(b("old" + i), b("v"), SetCondition.ALWAYS);
        }
        Set<String> seen = new HashSet<>();
        long cursor = 0;
        int added = 0;
        do {
            cursor = s.scan(cursor, 10, e -> seen.add(new String(KvEntry.key(e), StandardCharsets.UTF_8)));
            for (int j = 0; j < 50; j++) { // grows the table several times during the iteration
                s.set(b("new" + added++), b("v"), SetCondition.ALWAYS);
            }
        } while (cursor != 0);
        for (int i = 0; i < 1000; i++) {
            assertTrue(seen.contains("old" + i), "old" + i + " was missed");
        }
    }

    @Test
    void scanVisitsEveryKeyWhileOthersAreDeleted() {
        KvStore s = new KvStore();
        for (int i = 0; i < 2000; i++) {
            s.set(b("k" + i), b("v"), SetCondition.ALWAYS);
        }
        Set<String> seen = new HashSet<>();
        long cursor = 0;
        int deleted = 0;
        do {
            cursor = s.scan(cursor, 5, e -> seen.add(new String(KvEntry.key(e), StandardCharsets.UTF_8)));
            for (int j = 0; j < 10 && deleted < 1000; j++) { // the odd keys go away during the iteration
                s.delete(b("k" + (2 * deleted++ + 1)));
            }
        } while (cursor != 0);
        for (int i = 0; i < 2000; i += 2) {
            assertTrue(seen.contains("k" + i), "k" + i + " was missed");
        }
    }
}
