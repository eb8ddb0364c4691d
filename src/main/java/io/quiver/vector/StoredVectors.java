package io.quiver.vector;

/**
 * A shard part's vectors by ordinal, read-only: what a snapshot's copy step hands to the thread
 * that writes the file. A view over memory-mapped vectors pins them (their ordinals are not reused)
 * until {@link #release}; the writer releases it when the file is written.
 */
public interface StoredVectors {
    /** Whether the ordinal holds a vector (a live or retired point). */
    boolean has(int ord);

    /** The vector of an ordinal that {@link #has} one: the stored array (never changed in place) or a copy. */
    float[] get(int ord);

    /** As {@link #get}, into {@code scratch} (dimension floats) when the vectors are not on the heap; returns the vector. */
    float[] read(int ord, float[] scratch);

    /** Done with the view (idempotent). */
    default void release() {
    }
}
