package io.quiver.shard;

import io.quiver.error.ErrorCode;
import io.quiver.error.QuiverException;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ShardLoadTest {
    @Test
    void aShardTakesOperationsUpToItsBoundThenRefuses() {
        ShardLoad load = new ShardLoad(2, 3, 0);
        assertTrue(load.tryReserve(0));
        assertTrue(load.tryReserve(0));
        assertTrue(load.tryReserve(0));
        assertFalse(load.tryReserve(0));
        assertEquals(3, load.pending(0), "a refusal takes no place");
        assertTrue(load.tryReserve(1), "other shards have queues of their own");
    }

    @Test
    void doneGivesPlacesBack() {
        ShardLoad load = new ShardLoad(1, 2, 0);
        load.tryReserve(0);
        load.tryReserve(0);
        load.done(0, 2);
        assertEquals(0, load.pending(0));
        assertTrue(load.tryReserve(0));
    }

    @Test
    void reserveAllTakesEveryPlaceOrNone() {
        ShardLoad load = new ShardLoad(3, 1, 0);
        assertTrue(load.tryReserve(2));
        QuiverException e = assertThrows(QuiverException.class, () -> load.reserveAll(new int[]{0, 1, 2}));
        assertEquals(ErrorCode.BUSY, e.code());
        assertTrue(e.getMessage().startsWith("shard 2 "), e.getMessage());
        assertEquals(0, load.pending(0), "shard 0's place was given back");
        assertEquals(0, load.pending(1), "shard 1's place was given back");
        assertEquals(1, load.busyRefusals());
    }

    @Test
    void boundZeroCountsButNeverRefuses() {
        ShardLoad load = new ShardLoad(1, 0, 0);
        for (int i = 0; i < 100_000; i++) {
            assertTrue(load.tryReserve(0));
        }
        assertEquals(100_000, load.pending(0));
    }

    @Test
    void senderThatMustNotBeRefusedIsCountedPastTheBound() {
        ShardLoad load = new ShardLoad(1, 1, 0);
        load.sent(0, 5);
        assertEquals(5, load.pending(0));
        assertFalse(load.tryReserve(0));
    }

    @Test
    void memoryIsOverTheLimitOnlyWhenTheSumOfShardsExceedsIt() {
        ShardLoad load = new ShardLoad(2, 0, 1000);
        load.publishMemory(0, 600);
        load.publishMemory(1, 400);
        assertFalse(load.overMemory(), "at the limit is not over it (Redis: used > maxmemory)");
        load.publishMemory(1, 401);
        assertTrue(load.overMemory());
        QuiverException e = assertThrows(QuiverException.class, load::checkMemory);
        assertEquals(ErrorCode.OUT_OF_MEMORY, e.code());
        assertEquals("command not allowed when used memory > 'maxmemory'.", e.getMessage());
    }

    @Test
    void noMemoryLimitMeansNeverOver() {
        ShardLoad load = new ShardLoad(1, 0, 0);
        load.publishMemory(0, Long.MAX_VALUE / 2);
        assertFalse(load.overMemory());
    }

    @Test
    void allFullOnlyWhenEveryShardIsAtItsBound() {
        ShardLoad load = new ShardLoad(2, 1, 0);
        assertFalse(load.allFull());
        load.tryReserve(0);
        assertFalse(load.allFull(), "shard 1 has room");
        load.tryReserve(1);
        assertTrue(load.allFull());
    }

    @Test
    void withoutABoundNoShardIsEverFull() {
        ShardLoad load = new ShardLoad(1, 0, 0);
        load.sent(0, 1_000_000);
        assertFalse(load.allFull());
    }
}
