package io.quiver.client;

/** How a client's operations take their place in a shard's queue ({@code shard-queue}). */
public enum Admission {
    /** A request takes a place for each operation, or is refused with BUSY and sent to no shard. */
    BOUNDED,
    /**
     * Counted in the queue but never refused: for senders that bound themselves (the bulk load and
     * imports keep a fixed number of batches in flight) and for work that must not be refused (the
     * snapshot at shutdown).
     */
    COUNTED
}
