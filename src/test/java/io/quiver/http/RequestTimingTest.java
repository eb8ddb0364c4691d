package io.quiver.http;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** How a request's phases are added up, on made-up clock readings (microseconds written as nanos * 1000). */
class RequestTimingTest {
    private static long us(long micros) {
        return micros * 1000;
    }

    @Test
    void oneShardOneOperation() {
        RequestTiming t = new RequestTiming(us(0));
        t.opSent(us(10));
        t.opAnswered(us(10), us(40), us(90), us(100));
        t.finish(us(130));
        assertEquals(us(30), t.queueNanos());
        assertEquals(us(50), t.shardNanos());
        assertEquals(us(30), t.mergeNanos());
        assertEquals(us(130), t.totalNanos());
        assertEquals("queue;dur=0.030, shard;dur=0.050, merge;dur=0.030, total;dur=0.130", t.header());
    }

    @Test
    void severalShardsAtOnceCountTheLargestOfEachPhase() {
        RequestTiming t = new RequestTiming(us(0));
        t.opSent(us(10));
        t.opSent(us(11));
        t.opAnswered(us(10), us(60), us(70), us(80));   // queue 50, shard 10
        t.opAnswered(us(11), us(20), us(100), us(110)); // queue 9, shard 80
        t.finish(us(120));
        assertEquals(us(50), t.queueNanos());
        assertEquals(us(80), t.shardNanos());
        assertEquals(us(10), t.mergeNanos(), "merge starts at the last answer");
    }

    @Test
    void roundsInSequenceAddUpAndTheGapBetweenThemIsMerge() {
        RequestTiming t = new RequestTiming(us(0));
        t.opSent(us(5));                                   // round 1: the search
        t.opAnswered(us(5), us(15), us(35), us(40));       // queue 10, shard 20
        t.opSent(us(52));                                  // round 2: the payload fetch, 12 after
        t.opAnswered(us(52), us(55), us(60), us(70));      // queue 3, shard 5
        t.finish(us(75));
        assertEquals(us(13), t.queueNanos());
        assertEquals(us(25), t.shardNanos());
        assertEquals(us(12 + 5), t.mergeNanos());
        assertTrue(t.touchedShards());
    }

    @Test
    void aFailedOperationEndsItsRoundWithoutFigures() {
        RequestTiming t = new RequestTiming(us(0));
        t.opSent(us(1));
        t.opFailed(us(5000));
        t.finish(us(5001));
        assertEquals(0, t.queueNanos());
        assertEquals(0, t.shardNanos());
        assertEquals(us(1), t.mergeNanos());
    }

    @Test
    void aRequestThatNeverReachesAShardHasOnlyATotal() {
        RequestTiming t = new RequestTiming(us(0));
        assertFalse(t.finished());
        t.finish(us(1234567));
        assertFalse(t.touchedShards());
        assertEquals("queue;dur=0.000, shard;dur=0.000, merge;dur=0.000, total;dur=1234.567", t.header());
    }
}
