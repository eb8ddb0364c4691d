package io.quiver.vector;

import java.util.Arrays;
import java.util.BitSet;
import java.util.HashMap;
import java.util.Map;

/**
 * One shard's points of one collection, by ordinal (a dense int the indexes use): the vector (one
 * float array per point, unit length for cosine), its id, payload JSON text and original norm.
 *
 * <p>An ordinal is live, retired (deleted but still a graph node, so the graph can route through
 * it until jvector's cleanup removes it), or free (reused by the next insert). Plain Java, not
 * thread-safe: only the owning shard touches it.
 */
final class PointStore {
    private final int dimension;
    private final Map<PointId, Integer> ordinals = new HashMap<>();
    /** The vectors: on the heap, or in a memory-mapped file for an {@code on_disk} collection. */
    private VectorSlab vectors;
    private PointId[] ids = new PointId[16];
    private String[] payloads = new String[16];
    /** Each payload in the parsed form filters read, made on first use and dropped when the payload changes. */
    private java.util.Map<?, ?>[] parsed = new java.util.Map<?, ?>[16];
    private float[] norms = new float[16];
    private final BitSet live = new BitSet();
    private int upperBound;           // ordinals handed out so far: every ordinal is < upperBound
    private int[] free = new int[16]; // a stack of reusable ordinals
    private int freeCount;
    /** Released while a snapshot's view of a mapped slab was out: reusable once it is released. */
    private int[] deferred = new int[0];
    private int deferredCount;
    private long payloadChars;
    /** The payload indexes' postings, kept in step with every payload change. */
    private final PayloadPostings postings = new PayloadPostings();

    PointStore(int dimension) {
        this(dimension, VectorSlab.heap(dimension, 16));
    }

    PointStore(int dimension, VectorSlab vectors) {
        this.dimension = dimension;
        this.vectors = vectors;
    }

    /** Whether the vectors are in a memory-mapped file (off the heap). */
    boolean mapped() {
        return vectors instanceof MappedSlab;
    }

    int dimension() {
        return dimension;
    }

    int liveCount() {
        return ordinals.size();
    }

    /** One more than the largest ordinal ever used (jvector sizes its bit sets by it). */
    int upperBound() {
        return upperBound;
    }

    /** The ordinal of a live point, or -1. */
    int ordinalOf(PointId id) {
        Integer o = ordinals.get(id);
        return o == null ? -1 : o;
    }

    boolean isLive(int ord) {
        return live.get(ord);
    }

    BitSet liveBits() {
        return live;
    }

    /**
     * The vector of an ordinal that is live or retired: the stored array (never to be changed), or
     * for a mapped slab a new copy. Hot paths use {@link #vector(int, float[])}.
     */
    float[] vector(int ord) {
        return vectors.get(ord);
    }

    /** As {@link #vector(int)}, reading a mapped vector into {@code scratch} (dimension floats) instead of a new array. */
    float[] vector(int ord, float[] scratch) {
        return vectors.read(ord, scratch);
    }

    /** What {@link #forEachVector} hands each vector to; {@code v} is only valid during the call. */
    interface VectorVisitor {
        void visit(int ord, float[] v);
    }

    /** Every vector the store holds (live, or retired but still a node), in ordinal order, read into one scratch array. */
    void forEachVector(VectorVisitor visitor) {
        float[] scratch = new float[dimension()];
        for (int ord = 0; ord < upperBound; ord++) {
            if (hasVector(ord)) {
                visitor.visit(ord, vector(ord, scratch));
            }
        }
    }

    /** A copy of the vector the caller may keep and change. */
    float[] vectorCopy(int ord) {
        return mapped() ? vectors.get(ord) : vectors.get(ord).clone();
    }

    /** Whether the ordinal holds a vector (live, or retired and still a graph node). */
    boolean hasVector(int ord) {
        return vectors.has(ord);
    }

    PointId id(int ord) {
        return ids[ord];
    }

    String payload(int ord) {
        return payloads[ord];
    }

    /** The payload parsed ({@link io.quiver.vector.filter.Payload}); parsed once, kept until it changes. */
    @SuppressWarnings("unchecked")
    java.util.Map<String, Object> parsedPayload(int ord) {
        java.util.Map<?, ?> m = parsed[ord];
        if (m == null) {
            m = parseNow(ord);
            parsed[ord] = m;
        }
        return (java.util.Map<String, Object>) m;
    }

    /** The payload parsed for the indexes: the filters' cached form when there is one, else parsed for this once. */
    java.util.Map<String, Object> payloadForIndex(int ord) {
        @SuppressWarnings("unchecked")
        java.util.Map<String, Object> cached = (java.util.Map<String, Object>) parsed[ord];
        return cached != null ? cached : parseNow(ord);
    }

    private java.util.Map<String, Object> parseNow(int ord) {
        try {
            return io.quiver.vector.filter.Payload.parseCompact(payloads[ord]);
        } catch (IllegalArgumentException e) {
            return io.quiver.vector.filter.Payload.EMPTY; // not an object (a RESP attribute may be any text): no fields
        }
    }

    PayloadPostings postings() {
        return postings;
    }

    float norm(int ord) {
        return norms[ord];
    }

    /** Stores a new point (the id must not be live) and returns its ordinal. */
    int add(PointId id, float[] vector, float norm, String payload) {
        if (deferredCount > 0 && !vectors.pinned()) {
            for (int i = 0; i < deferredCount; i++) {
                pushFree(deferred[i]);
            }
            deferredCount = 0;
        }
        int ord = freeCount > 0 ? free[--freeCount] : upperBound++;
        if (ord >= ids.length) {
            int cap = Math.max(16, ids.length + (ids.length >> 1));
            ids = Arrays.copyOf(ids, cap);
            payloads = Arrays.copyOf(payloads, cap);
            parsed = Arrays.copyOf(parsed, cap);
            norms = Arrays.copyOf(norms, cap);
        }
        parsed[ord] = null;
        vectors.put(ord, vector);
        ids[ord] = id;
        payloads[ord] = payload;
        norms[ord] = norm;
        payloadChars += payload == null ? 0 : payload.length();
        live.set(ord);
        ordinals.put(id, ord);
        if (!postings.isEmpty() && payload != null) {
            postings.add(ord, payloadForIndex(ord), upperBound);
        }
        return ord;
    }

    void setPayload(int ord, String payload) {
        boolean indexed = !postings.isEmpty();
        if (indexed && payloads[ord] != null) {
            postings.remove(ord, payloadForIndex(ord));
        }
        payloadChars += (payload == null ? 0 : payload.length()) - (payloads[ord] == null ? 0 : payloads[ord].length());
        payloads[ord] = payload;
        parsed[ord] = null;
        if (indexed && payload != null) {
            postings.add(ord, payloadForIndex(ord), upperBound);
        }
    }

    /**
     * Takes a live point out of the id map. Its vector stays (a graph may still route through it)
     * until {@link #release}; without a graph the caller releases it at once.
     */
    void retire(int ord) {
        ordinals.remove(ids[ord]);
        live.clear(ord);
        if (!postings.isEmpty() && payloads[ord] != null) {
            postings.remove(ord, payloadForIndex(ord));
        }
        payloadChars -= payloads[ord] == null ? 0 : payloads[ord].length();
        payloads[ord] = null;
        parsed[ord] = null;
    }

    /** Frees a retired ordinal's memory and makes it reusable. */
    void release(int ord) {
        vectors.remove(ord);
        ids[ord] = null;
        if (vectors.pinned()) { // a snapshot is reading the mapped slab: this slot's bytes must stay until it is done
            if (deferredCount == deferred.length) {
                deferred = Arrays.copyOf(deferred, Math.max(16, deferred.length * 2));
            }
            deferred[deferredCount++] = ord;
            return;
        }
        pushFree(ord);
    }

    private void pushFree(int ord) {
        if (freeCount == free.length) {
            free = Arrays.copyOf(free, free.length * 2);
        }
        free[freeCount++] = ord;
    }

    /**
     * The snapshot's copy of this store, taken on the shard's thread: the per-ordinal arrays are
     * copied (references only: vectors, ids and payloads are never changed in place, an upsert
     * stores new ones), so the copy costs a few milliseconds per million points and the store goes
     * on changing while the copy is written out. Mapped vectors are not copied: the image's view
     * pins them until {@link PointsImage#release} (see {@link #release}).
     */
    PointsImage image() {
        int n = upperBound;
        return new PointsImage(dimension, n, Arrays.copyOf(ids, n), vectors.view(n), Arrays.copyOf(norms, n),
                Arrays.copyOf(payloads, n), (BitSet) live.clone(), ordinals.size());
    }

    /**
     * Rebuilds a store from a snapshot with the same ordinals (the saved graph refers to them): live
     * points are in {@code live}; an ordinal with a vector but not live is retired (a deleted graph
     * node awaiting cleanup); one without a vector is free. A {@link VectorSlab} (what a snapshot
     * loader fills) is taken over; another store's view is copied onto the heap.
     */
    static PointStore restore(PointsImage image) {
        VectorSlab slab;
        if (image.vectors() instanceof VectorSlab filled) {
            slab = filled;
        } else { // another store's view (tests): its vectors onto the heap
            slab = VectorSlab.heap(image.dimension(), image.upperBound());
            for (int ord = 0; ord < image.upperBound(); ord++) {
                if (image.vectors().has(ord)) {
                    slab.put(ord, image.vectors().get(ord));
                }
            }
        }
        PointStore s = new PointStore(image.dimension(), slab);
        int n = image.upperBound();
        int cap = Math.max(16, n);
        s.ids = Arrays.copyOf(image.ids(), cap);
        s.payloads = Arrays.copyOf(image.payloads(), cap);
        s.norms = Arrays.copyOf(image.norms(), cap);
        s.parsed = new java.util.Map<?, ?>[cap];
        s.upperBound = n;
        BitSet live = image.live();
        for (int ord = 0; ord < n; ord++) {
            if (live.get(ord)) {
                s.live.set(ord);
                s.ordinals.put(s.ids[ord], ord);
                s.payloadChars += s.payloads[ord] == null ? 0 : s.payloads[ord].length();
            } else {
                s.payloads[ord] = null;
                if (!slab.has(ord)) {
                    s.ids[ord] = null;
                    s.pushFree(ord);
                }
            }
        }
        return s;
    }

    /**
     * Moves every stored vector (live and retired) into {@code target} at the same ordinal, which
     * becomes this store's slab: a PATCH changed {@code on_disk}. A graph over the store stays valid
     * (same ordinals, same values). The old slab is closed; a snapshot's view of it still out keeps
     * reading its own copy of the buffers.
     */
    void moveVectors(VectorSlab target) {
        for (int ord = 0; ord < upperBound; ord++) {
            if (vectors.has(ord)) {
                target.put(ord, vectors.get(ord));
            }
        }
        VectorSlab old = vectors;
        vectors = target;
        old.close();
    }

    /** Empties the store for good (a mapped slab's file is deleted). */
    void clear() {
        ordinals.clear();
        vectors.close();
        ids = new PointId[16];
        payloads = new String[16];
        parsed = new java.util.Map<?, ?>[16];
        norms = new float[16];
        live.clear();
        upperBound = 0;
        freeCount = 0;
        deferredCount = 0;
        payloadChars = 0;
        postings.clear();
    }

    /** Heap estimate: vectors held on the heap, per-point slots, the id map, payload text. */
    long memoryEstimate() {
        long slots = (long) ids.length * (8 + 8 + 8 + 4);   // id, payload and parsed references, the norm
        long idMap = ordinals.size() * 80L;                 // HashMap node + boxed Integer + PointId
        return vectors.heapBytes() + slots + idMap + 2 * payloadChars + (free.length + deferred.length) * 4L + postings.heapBytes();
    }

    /** Bytes of vectors in a memory-mapped file (off the heap); 0 for vectors on the heap. */
    long mappedBytes() {
        return vectors.mappedBytes();
    }
}
