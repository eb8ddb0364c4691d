package io.quiver.client;

/**
 * Told, for one request, when each of its shard operations was queued, started, finished and
 * answered ({@link System#nanoTime()} readings of this JVM), so the request can report where its
 * time went ({@code Server-Timing}). Called on the client's event loop only.
 */
public interface OpTiming {
    /** An operation of this request was queued for a shard at {@code queuedNanos}. */
    void opSent(long queuedNanos);

    /**
     * An operation queued at {@code queuedNanos} ran on its shard from {@code startedNanos} to
     * {@code finishedNanos}; its answer reached the event loop at {@code nowNanos}.
     */
    void opAnswered(long queuedNanos, long startedNanos, long finishedNanos, long nowNanos);

    /** An operation failed without a shard answer (a timeout): it ends, adding no figures. */
    void opFailed(long nowNanos);
}
