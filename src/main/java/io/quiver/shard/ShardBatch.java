package io.quiver.shard;

/**
 * One event-bus message to a shard: the operations a front end gathered for it in one event-loop
 * turn, and their deadline ({@link System#nanoTime()} based). The shard runs them in order, skips
 * those it reaches after the deadline, and answers with one {@link ShardResults}.
 */
public record ShardBatch(ShardOp[] ops, long deadlineNanos) {
    /** No deadline: the shard runs every operation however late. */
    public static final long NO_DEADLINE = Long.MAX_VALUE;

    public ShardBatch(ShardOp[] ops) {
        this(ops, NO_DEADLINE);
    }

    /** Whether the deadline has passed at {@code nowNanos}. */
    public boolean expiredAt(long nowNanos) {
        return deadlineNanos != NO_DEADLINE && nowNanos - deadlineNanos > 0;
    }
}
