package io.quiver.shard;

import io.quiver.error.ErrorCode;
import io.quiver.kv.SetCondition;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A shard skips the operations of a batch whose time budget is spent when it reaches them. */
class ShardDeadlineTest {
    private static byte[] b(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void operationsPastTheirDeadlineAreNotRunAndFailWithTimeout() {
        Shard shard = new Shard(0);
        ShardBatch late = new ShardBatch(new ShardOp<?>[]{new KvOp.Set(b("k"), b("v"), SetCondition.ALWAYS)},
                1_000_000, System.nanoTime() - 2_000_000); // a budget of 1 ms, started 2 ms ago
        Object result = shard.executeBatch(late).results()[0];
        assertEquals(ErrorCode.TIMEOUT, assertInstanceOf(ShardFailure.class, result).code());
        assertNull(shard.kv().getEntry(b("k")), "the write was not applied");
        assertEquals(1, shard.opsSkippedLate());
    }

    @Test
    void operationsBeforeTheirDeadlineRun() {
        Shard shard = new Shard(0);
        ShardBatch timely = ShardBatch.startingNow(new ShardOp<?>[]{new KvOp.Set(b("k"), b("v"), SetCondition.ALWAYS)},
                60_000_000_000L);
        assertEquals(Boolean.TRUE, shard.executeBatch(timely).results()[0]);
        assertEquals(0, shard.opsSkippedLate());
    }

    @Test
    void anOperationReachedAfterTheDeadlineInsideABatchIsSkipped() {
        Shard shard = new Shard(0);
        ShardBatch batch = ShardBatch.startingNow(new ShardOp<?>[]{
                new AdminOp.Sleep(200), // the budget is spent while the shard sleeps
                new KvOp.Set(b("k"), b("v"), SetCondition.ALWAYS)},
                50_000_000L);
        Object[] results = shard.executeBatch(batch).results();
        assertEquals(Boolean.TRUE, results[0]);
        assertEquals(ErrorCode.TIMEOUT, assertInstanceOf(ShardFailure.class, results[1]).code());
        assertNull(shard.kv().getEntry(b("k")));
    }

    @Test
    void aBatchWithoutDeadlineRunsEverything() {
        Shard shard = new Shard(0);
        ShardBatch batch = new ShardBatch(new ShardOp<?>[]{new KvOp.Set(b("k"), b("v"), SetCondition.ALWAYS)});
        assertEquals(Boolean.TRUE, shard.executeBatch(batch).results()[0]);
    }

    @Test
    void theResultsClockCountsFromTheBatchsStartNotFromTheShardsClock() {
        Shard shard = new Shard(0);
        long startedAgo = 5_000_000; // the batch began its life 5 ms before the shard ran it
        ShardBatch batch = new ShardBatch(new ShardOp<?>[]{new KvOp.Get(b("k"))}, ShardBatch.NO_DEADLINE,
                System.nanoTime() - startedAgo);
        long[] clock = shard.executeBatch(batch).clock();
        assertTrue(clock[0] >= startedAgo, "started " + clock[0] + " ns after the batch's start");
        assertTrue(clock[1] >= clock[0]);
    }
}
