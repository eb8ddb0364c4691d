package io.quiver.vector;

/**
 * Where one shard part's float32 vectors live, by ordinal: on the heap ({@link HeapSlab}, one array
 * per vector) or in a memory-mapped file ({@link MappedSlab}, Qdrant's {@code on_disk: true}: off
 * the heap, paged in by the OS when read). Plain Java, written only on the owning shard's thread.
 */
public sealed interface VectorSlab extends StoredVectors permits HeapSlab, MappedSlab, TurboSlab {
    /** Stores {@code v} at {@code ord} (the heap slab keeps the array itself: the caller must not change it). */
    void put(int ord, float[] v);

    /** Forgets the vector at {@code ord}. */
    void remove(int ord);

    /**
     * The snapshot's view of the first {@code upperBound} ordinals as they are now. While a mapped
     * slab has a view out it is {@link #pinned}: the store must not reuse a freed ordinal meanwhile
     * (its bytes would change under the writer).
     */
    StoredVectors view(int upperBound);

    /** Whether a {@link #view} is still being read. */
    boolean pinned();

    /** Heap bytes the vectors take (for a mapped slab only its bookkeeping). */
    long heapBytes();

    /** Bytes of vectors held in a mapped file (off the heap); 0 on the heap. */
    long mappedBytes();

    /** Frees everything (a mapped slab's file is deleted; its mapping goes once no view is out). */
    void close();

    /** A slab on the heap. */
    static VectorSlab heap(int dimension, int capacity) {
        return new HeapSlab(dimension, capacity);
    }
}
