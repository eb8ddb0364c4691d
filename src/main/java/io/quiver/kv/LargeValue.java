package io.quiver.kv;

/**
 * What {@link LargeHash} and {@link LargeList} share: the store that holds one keeps their memory in
 * a running sum (max-memory reads it after every batch), so each change tells the store its new
 * size, in O(1), instead of the store adding them all up.
 */
abstract sealed class LargeValue permits LargeHash, LargeList {
    private KvStore owner;
    private long counted;

    /** Approximate heap of the value, O(1). */
    abstract long memoryEstimate();

    /** The compact encoding of the value as it is now (linear in its size). */
    abstract byte[] encode();

    /** The snapshot's copy step: references to the value's parts, for {@link KvImage}. */
    abstract byte[][] freeze();

    /** A copy sharing the (immutable) parts: COPY. */
    abstract LargeValue copy();

    /** Called after each change: the owner's sum follows. */
    final void recount() {
        long now = memoryEstimate();
        if (owner != null) {
            owner.largeBytesChanged(now - counted);
        }
        counted = now;
    }

    /** Held by {@code store} from now on (null: by none); returns the memory it adds to (or takes from) the new owner. */
    final long adopt(KvStore store) {
        owner = store;
        counted = memoryEstimate();
        return counted;
    }

    final long counted() {
        return counted;
    }
}
