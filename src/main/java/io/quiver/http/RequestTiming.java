package io.quiver.http;

import io.quiver.client.OpTiming;

/**
 * Where one request's time went, for its {@code Server-Timing} header and the
 * {@code quiver.server.timing} histograms. Three phases (all {@link System#nanoTime()} based):
 * <ul>
 *   <li><b>queue</b>: from the shard client queuing an operation to the shard starting it (the rest of
 *       the event-loop turn, the event-bus hop, the shard's backlog and the operations ahead of it
 *       in its batch);</li>
 *   <li><b>shard</b>: the shard running it;</li>
 *   <li><b>merge</b>: on the event loop after the shards answered: merging their answers and
 *       building the reply, until the response headers are written.</li>
 * </ul>
 * A request whose operations go to several shards at once (a multi-key read, a search) counts the
 * largest queue and the largest shard time among them: the slowest shard is what it waits for. A
 * request that goes to the shards more than once in sequence (a search, then fetching the winners'
 * payloads) is made of <em>rounds</em>; the rounds' figures add up, and the time between one round's
 * last answer and the next round's first operation counts as merge. What no phase covers (reading
 * and parsing the request, the answer's hop back to the event loop) is the difference to
 * {@code total}, from the first route handler to the response headers.
 *
 * <p>One per HTTP request, touched only on its event loop: the shard client reports each
 * operation the request's services send and each answer; the HTTP front end calls {@link #finish}
 * as the headers go out.
 */
public final class RequestTiming implements OpTiming {
    private final long startNanos;
    private int inFlight;
    private int rounds;
    private long roundQueueMax;
    private long roundShardMax;
    private long queueNanos;
    private long shardNanos;
    private long mergeNanos;
    /** When the last round's final answer came; 0 while a round is in flight or before the first. */
    private long lastAnswerNanos;
    private long totalNanos = -1;

    public RequestTiming(long startNanos) {
        this.startNanos = startNanos;
    }

    @Override
    public void opSent(long queuedNanos) {
        if (inFlight++ == 0) {
            if (lastAnswerNanos != 0) {
                mergeNanos += queuedNanos - lastAnswerNanos;
                lastAnswerNanos = 0;
            }
            rounds++;
        }
    }

    @Override
    public void opAnswered(long queuedNanos, long startedNanos, long finishedNanos, long nowNanos) {
        roundQueueMax = Math.max(roundQueueMax, startedNanos - queuedNanos);
        roundShardMax = Math.max(roundShardMax, finishedNanos - startedNanos);
        opEnded(nowNanos);
    }

    @Override
    public void opFailed(long nowNanos) {
        opEnded(nowNanos);
    }

    private void opEnded(long nowNanos) {
        if (--inFlight == 0) {
            queueNanos += roundQueueMax;
            shardNanos += roundShardMax;
            roundQueueMax = 0;
            roundShardMax = 0;
            lastAnswerNanos = nowNanos;
        }
    }

    /** The response headers are being written now: closes the merge phase and the total. */
    public void finish(long nowNanos) {
        if (lastAnswerNanos != 0) {
            mergeNanos += nowNanos - lastAnswerNanos;
            lastAnswerNanos = 0;
        }
        totalNanos = nowNanos - startNanos;
    }

    /** Whether {@link #finish} has been called. */
    public boolean finished() {
        return totalNanos >= 0;
    }

    /** Whether any operation of this request reached a shard (else every phase is 0). */
    public boolean touchedShards() {
        return rounds > 0;
    }

    public long queueNanos() {
        return queueNanos;
    }

    public long shardNanos() {
        return shardNanos;
    }

    public long mergeNanos() {
        return mergeNanos;
    }

    public long totalNanos() {
        return totalNanos;
    }

    /**
     * The W3C {@code Server-Timing} value, durations in milliseconds with microsecond resolution:
     * {@code queue;dur=0.012, shard;dur=0.034, merge;dur=0.005, total;dur=0.210}.
     */
    public String header() {
        StringBuilder b = new StringBuilder(72);
        appendMetric(b.append("queue;dur="), queueNanos);
        appendMetric(b.append(", shard;dur="), shardNanos);
        appendMetric(b.append(", merge;dur="), mergeNanos);
        appendMetric(b.append(", total;dur="), Math.max(0, totalNanos));
        return b.toString();
    }

    /** Nanoseconds as milliseconds with three decimals, without String.format's cost. */
    private static void appendMetric(StringBuilder b, long nanos) {
        long micros = (Math.max(0, nanos) + 500) / 1000;
        long frac = micros % 1000;
        b.append(micros / 1000).append('.');
        if (frac < 100) {
            b.append('0');
        }
        if (frac < 10) {
            b.append('0');
        }
        b.append(frac);
    }
}
