package io.quiver.vector;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/**
 * One shard's sparse vectors of one space, with an inverted index: per term a posting list of
 * (slot, weight). A search adds up query weight x document weight along the posting lists of the
 * query's terms only (the exact dot product: documents sharing no term score 0 and are not
 * candidates, as in Qdrant). Deleting a document leaves its postings behind as dead slots, skipped
 * when scoring; once dead slots outnumber live ones the postings are rebuilt. Plain Java, shard
 * thread only.
 */
final class SparseIndex {
    private final Map<PointId, Integer> slots = new HashMap<>();
    private PointId[] ids = new PointId[16];
    private SparseVector[] vectors = new SparseVector[16];
    private int upperBound;
    private int dead;
    private final Map<Integer, Posting> postings = new HashMap<>();
    /** Scores by slot, reused between searches (only touched slots are reset). */
    private float[] acc = new float[16];
    private int[] touched = new int[16];
    private boolean[] seen = new boolean[16];

    private static final class Posting {
        int[] slots = new int[4];
        float[] weights = new float[4];
        int size;
        /** Live documents with this term (the document frequency the idf modifier uses). */
        int live;

        void add(int slot, float w) {
            if (size == slots.length) {
                slots = Arrays.copyOf(slots, size * 2);
                weights = Arrays.copyOf(weights, size * 2);
            }
            slots[size] = slot;
            weights[size++] = w;
            live++;
        }
    }

    int size() {
        return slots.size();
    }

    SparseVector get(PointId id) {
        Integer s = slots.get(id);
        return s == null ? null : vectors[s];
    }

    void put(PointId id, SparseVector v) {
        remove(id);
        if (upperBound == ids.length) {
            int cap = ids.length * 2;
            ids = Arrays.copyOf(ids, cap);
            vectors = Arrays.copyOf(vectors, cap);
        }
        int slot = upperBound++;
        ids[slot] = id;
        vectors[slot] = v;
        slots.put(id, slot);
        for (int i = 0; i < v.size(); i++) {
            postings.computeIfAbsent(v.indices()[i], t -> new Posting()).add(slot, v.values()[i]);
        }
    }

    boolean remove(PointId id) {
        Integer slot = slots.remove(id);
        if (slot == null) {
            return false;
        }
        for (int t : vectors[slot].indices()) {
            postings.get(t).live--;
        }
        ids[slot] = null;
        vectors[slot] = null;
        dead++;
        if (dead > 1024 && dead > slots.size()) {
            rebuild();
        }
        return true;
    }

    /** Renumbers the live documents densely and rebuilds every posting list without dead slots. */
    private void rebuild() {
        PointId[] oldIds = ids;
        SparseVector[] oldVectors = vectors;
        int n = upperBound;
        ids = new PointId[Math.max(16, slots.size() * 2)];
        vectors = new SparseVector[ids.length];
        upperBound = 0;
        dead = 0;
        slots.clear();
        postings.clear();
        for (int s = 0; s < n; s++) {
            if (oldIds[s] != null) {
                put(oldIds[s], oldVectors[s]);
            }
        }
    }

    /** How many live documents hold each term. */
    long[] documentFrequencies(int[] terms) {
        long[] out = new long[terms.length];
        for (int i = 0; i < terms.length; i++) {
            Posting p = postings.get(terms[i]);
            out[i] = p == null ? 0 : p.live;
        }
        return out;
    }

    /** The k best documents by exact dot product with the query, best first, ties by id. */
    ShardHits search(SparseVector query, int k, java.util.function.Predicate<PointId> accept) {
        if (acc.length < upperBound) {
            acc = new float[ids.length];
            seen = new boolean[ids.length];
        }
        int nTouched = 0;
        for (int i = 0; i < query.size(); i++) {
            Posting p = postings.get(query.indices()[i]);
            if (p == null || p.live == 0) {
                continue;
            }
            float q = query.values()[i];
            for (int j = 0; j < p.size; j++) {
                int s = p.slots[j];
                if (ids[s] == null) {
                    continue;
                }
                if (!seen[s]) {
                    seen[s] = true;
                    if (nTouched == touched.length) {
                        touched = Arrays.copyOf(touched, nTouched * 2);
                    }
                    touched[nTouched++] = s;
                }
                acc[s] += q * p.weights[j];
            }
        }
        Top top = new Top(Math.min(k, nTouched));
        for (int i = 0; i < nTouched; i++) {
            int s = touched[i];
            if (top.capacity > 0 && (accept == null || accept.test(ids[s]))) {
                top.offer(ids[s], acc[s]);
            }
            acc[s] = 0;
            seen[s] = false;
        }
        return top.toHits();
    }

    /** Every live document, for snapshots and re-sharding. */
    void forEach(java.util.function.BiConsumer<PointId, SparseVector> f) {
        for (int s = 0; s < upperBound; s++) {
            if (ids[s] != null) {
                f.accept(ids[s], vectors[s]);
            }
        }
    }

    void clear() {
        slots.clear();
        postings.clear();
        ids = new PointId[16];
        vectors = new SparseVector[16];
        upperBound = 0;
        dead = 0;
    }

    /** Heap estimate: per document its arrays and map entry, per posting entry 8 bytes. */
    long memoryEstimate() {
        long bytes = (long) ids.length * 16 + slots.size() * 80L + postings.size() * 64L;
        for (int s = 0; s < upperBound; s++) {
            if (vectors[s] != null) {
                bytes += 48 + 8L * vectors[s].size();
            }
        }
        for (Posting p : postings.values()) {
            bytes += 8L * p.slots.length;
        }
        return bytes;
    }

    /** A bounded min-heap of (id, score), worst at the root; ties go to the smaller id. */
    private static final class Top {
        final int capacity;
        private final PointId[] ids;
        private final float[] scores;
        private int size;

        Top(int capacity) {
            this.capacity = capacity;
            ids = new PointId[capacity];
            scores = new float[capacity];
        }

        private static boolean better(PointId a, float sa, PointId b, float sb) {
            return sa != sb ? sa > sb : a.compareTo(b) < 0;
        }

        void offer(PointId id, float score) {
            if (size < capacity) {
                int i = size++;
                ids[i] = id;
                scores[i] = score;
                while (i > 0) {
                    int p = (i - 1) >>> 1;
                    if (!better(ids[p], scores[p], ids[i], scores[i])) {
                        break;
                    }
                    swap(i, p);
                    i = p;
                }
            } else if (better(id, score, ids[0], scores[0])) {
                ids[0] = id;
                scores[0] = score;
                down(0);
            }
        }

        private void down(int i) {
            while (true) {
                int l = 2 * i + 1, r = l + 1, w = i;
                if (l < size && better(ids[w], scores[w], ids[l], scores[l])) {
                    w = l;
                }
                if (r < size && better(ids[w], scores[w], ids[r], scores[r])) {
                    w = r;
                }
                if (w == i) {
                    return;
                }
                swap(i, w);
                i = w;
            }
        }

        private void swap(int a, int b) {
            PointId t = ids[a];
            ids[a] = ids[b];
            ids[b] = t;
            float s = scores[a];
            scores[a] = scores[b];
            scores[b] = s;
        }

        ShardHits toHits() {
            int n = size;
            PointId[] outIds = new PointId[n];
            float[] out = new float[n];
            for (int i = n - 1; i >= 0; i--) {
                outIds[i] = ids[0];
                out[i] = scores[0];
                size--;
                if (size > 0) {
                    ids[0] = ids[size];
                    scores[0] = scores[size];
                    down(0);
                }
            }
            return new ShardHits(outIds, out);
        }
    }
}
