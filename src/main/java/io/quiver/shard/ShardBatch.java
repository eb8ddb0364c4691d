package io.quiver.shard;

/**
 * One message to a shard: the operations a client gathered for it in one event-loop turn, and how
 * long they may take. The shard runs them in order, skips those it reaches after the budget is
 * spent, and answers with one {@link ShardResults}.
 *
 * <p>The budget travels, never a clock reading: {@code startNanos} is this JVM's
 * {@link System#nanoTime()} when the batch began its life here, set by whoever made the object:
 * the sending client in one JVM (so time queued before the shard counts), or the wire codec when
 * the batch arrives from another JVM. It is not part of the wire form.
 *
 * @param ops          the operations, run in order
 * @param budgetNanos  how long after {@code startNanos} the shard may still start one, or {@link #NO_DEADLINE}
 * @param startNanos   this JVM's clock when the budget began
 */
public record ShardBatch(ShardOp<?>[] ops, long budgetNanos, long startNanos) {
    /** No deadline: the shard runs every operation however late. */
    public static final long NO_DEADLINE = Long.MAX_VALUE;

    /** A batch whose budget starts now. */
    public static ShardBatch startingNow(ShardOp<?>[] ops, long budgetNanos) {
        return new ShardBatch(ops, budgetNanos, System.nanoTime());
    }

    /** A batch with no deadline (recovery, tests). */
    public ShardBatch(ShardOp<?>[] ops) {
        this(ops, NO_DEADLINE, System.nanoTime());
    }

    public boolean hasDeadline() {
        return budgetNanos != NO_DEADLINE;
    }

    /** Whether the budget is spent at {@code nowNanos}. */
    public boolean expiredAt(long nowNanos) {
        return hasDeadline() && nowNanos - startNanos > budgetNanos;
    }
}
