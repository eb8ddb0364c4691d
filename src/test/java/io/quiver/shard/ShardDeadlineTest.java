package io.quiver.shard;

import io.quiver.error.ErrorCode;
import io.quiver.kv.SetCondition;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;

/** A shard skips the operations of a batch whose deadline has passed when it reaches them. */
class ShardDeadlineTest {
    private static byte[] b(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void operationsPastTheirDeadlineAreNotRunAndFailWithTimeout() {
        Shard shard = new Shard(0);
        ShardBatch late = new ShardBatch(new ShardOp[]{new KvOp.Set(b("k"), b("v"), SetCondition.ALWAYS)},
                System.nanoTime() - 1);
        Object result = shard.executeBatch(late).results()[0];
        assertEquals(ErrorCode.TIMEOUT, assertInstanceOf(ShardFailure.class, result).code());
        assertNull(shard.kv().getEntry(b("k")), "the write was not applied");
        assertEquals(1, shard.opsSkippedLate());
    }

    @Test
    void operationsBeforeTheirDeadlineRun() {
        Shard shard = new Shard(0);
        ShardBatch timely = new ShardBatch(new ShardOp[]{new KvOp.Set(b("k"), b("v"), SetCondition.ALWAYS)},
                System.nanoTime() + 60_000_000_000L);
        assertEquals(Boolean.TRUE, shard.executeBatch(timely).results()[0]);
        assertEquals(0, shard.opsSkippedLate());
    }

    @Test
    void anOperationReachedAfterTheDeadlineInsideABatchIsSkipped() {
        Shard shard = new Shard(0);
        ShardBatch batch = new ShardBatch(new ShardOp[]{
                new AdminOp.Sleep(200), // the deadline passes while the shard sleeps
                new KvOp.Set(b("k"), b("v"), SetCondition.ALWAYS)},
                System.nanoTime() + 50_000_000L);
        Object[] results = shard.executeBatch(batch).results();
        assertEquals(Boolean.TRUE, results[0]);
        assertEquals(ErrorCode.TIMEOUT, assertInstanceOf(ShardFailure.class, results[1]).code());
        assertNull(shard.kv().getEntry(b("k")));
    }

    @Test
    void aBatchWithoutDeadlineRunsEverything() {
        Shard shard = new Shard(0);
        ShardBatch batch = new ShardBatch(new ShardOp[]{new KvOp.Set(b("k"), b("v"), SetCondition.ALWAYS)});
        assertEquals(Boolean.TRUE, shard.executeBatch(batch).results()[0]);
    }
}
