package io.quiver.shard;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The key→shard rule must never change: persisted data is re-distributed with it. */
class KeyHashTest {
    private static byte[] b(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void crc16IsXmodem() {
        assertEquals(0x31C3, KeyHash.crc16(b("123456789"), 0, 9)); // the CRC16-XMODEM check value
    }

    @Test
    void slotsMatchRedisCluster() {
        // values redis-cli's CLUSTER KEYSLOT gives
        assertEquals(12182, KeyHash.slot(b("foo")));
        assertEquals(5061, KeyHash.slot(b("bar")));
        assertEquals(866, KeyHash.slot(b("hello")));
        assertEquals(3443, KeyHash.slot(b("{user1000}.following")));
    }

    @Test
    void hashTagsPutRelatedKeysOnOneSlot() {
        assertEquals(KeyHash.slot(b("{user1000}.following")), KeyHash.slot(b("{user1000}.followers")));
        assertEquals(KeyHash.slot(b("user1000")), KeyHash.slot(b("{user1000}.x")));
    }

    @Test
    void emptyHashTagHashesTheWholeKey() {
        assertEquals(KeyHash.crc16(b("{}.a"), 0, 4) & 16383, KeyHash.slot(b("{}.a")));
    }

    @Test
    void shardIsSlotModuloShardCount() {
        assertEquals(12182 % 3, KeyHash.shardOf(b("foo"), 3));
        for (int i = 0; i < 1000; i++) {
            int s = KeyHash.shardOf(b("k" + i), 7);
            assertTrue(s >= 0 && s < 7);
        }
    }
}
