package io.quiver.vector;

import java.util.BitSet;

/**
 * Exact search: the query is compared with every live vector using {@link VectorKernels}, and the
 * k best are kept in a bounded heap. Ties on rank go to the smaller id, so the result is the same
 * as a full sort by (rank desc, id asc) — what a brute-force reference computes.
 */
final class FlatIndex {
    private FlatIndex() {
    }

    static ShardHits search(PointStore store, Metric metric, VectorKernels kernels, float[] query, int k) {
        return search(store, metric, kernels, query, k, store.liveBits(), store.liveCount());
    }

    /** Exact search over the ordinals set in {@code candidates} (live ones, {@code count} of them): a filter's matches. */
    static ShardHits search(PointStore store, Metric metric, VectorKernels kernels, float[] query, int k, BitSet candidates,
                            int count) {
        BitSet live = candidates;
        TopK top = new TopK(Math.min(k, count), store);
        if (top.capacity == 0) {
            return ShardHits.EMPTY;
        }
        boolean euclid = metric == Metric.EUCLIDEAN;
        float[] four = new float[4];
        int dim = store.dimension();
        // where memory-mapped vectors are read to (vectors on the heap are used in place)
        float[] s0 = new float[dim], s1 = new float[dim], s2 = new float[dim], s3 = new float[dim];
        int ord = live.nextSetBit(0);
        // four vectors per kernel call (VectorKernels.dot4: more memory in flight), same values as one at a time
        while (ord >= 0) {
            int o0 = ord, o1 = live.nextSetBit(o0 + 1);
            int o2 = o1 < 0 ? -1 : live.nextSetBit(o1 + 1);
            int o3 = o2 < 0 ? -1 : live.nextSetBit(o2 + 1);
            if (o3 < 0) {
                for (int o : new int[]{o0, o1, o2}) {
                    if (o >= 0) {
                        top.offer(o, metric.rank(kernels, query, store.vector(o, s0)));
                    }
                }
                break;
            }
            if (metric == Metric.MANHATTAN) {
                for (int o : new int[]{o0, o1, o2, o3}) {
                    top.offer(o, metric.rank(kernels, query, store.vector(o, s0)));
                }
            } else if (euclid) {
                kernels.squareDistance4(query, store.vector(o0, s0), store.vector(o1, s1), store.vector(o2, s2), store.vector(o3, s3), four);
                top.offer(o0, -four[0]);
                top.offer(o1, -four[1]);
                top.offer(o2, -four[2]);
                top.offer(o3, -four[3]);
            } else {
                kernels.dot4(query, store.vector(o0, s0), store.vector(o1, s1), store.vector(o2, s2), store.vector(o3, s3), four);
                top.offer(o0, four[0]);
                top.offer(o1, four[1]);
                top.offer(o2, four[2]);
                top.offer(o3, four[3]);
            }
            ord = live.nextSetBit(o3 + 1);
        }
        return top.toHits();
    }

    /**
     * Exact search for a batch of queries in one pass over the vectors: the live vectors are taken
     * a block at a time ({@link VectorKernels#blockWidth} of them, transposed into a small array
     * that stays in cache) and every query is scored against the block before the next one is read,
     * so memory traffic is one pass for the whole batch instead of one per query (what a blocked
     * matrix product does). Each query keeps a few more candidates than it needs by the block's
     * rank ({@link #candidates}); these are re-scored with {@link #search}'s own arithmetic, so the
     * answers (hits, ranks, tie order) are exactly those of one search per query.
     *
     * <p>Euclidean ranks by {@code 2 q.v - |v|^2} in the pass (the same order as
     * {@code -|q - v|^2}, whose {@code |q|^2} is the same for every vector of a query).
     */
    static ShardHits[] searchBatch(PointStore store, Metric metric, VectorKernels kernels, float[][] queries, int[] ks) {
        int nq = queries.length;
        int live = store.liveCount();
        ShardHits[] out = new ShardHits[nq];
        if (metric == Metric.MANHATTAN) { // the blocked pass ranks by dot products, which order no L1 distances
            for (int q = 0; q < nq; q++) {
                out[q] = search(store, metric, kernels, queries[q], ks[q], store.liveBits(), live);
            }
            return out;
        }
        TopK[] pass = new TopK[nq];
        for (int q = 0; q < nq; q++) {
            pass[q] = new TopK(Math.min(candidates(ks[q]), live), store);
        }
        int w = kernels.blockWidth(), dim = store.dimension();
        boolean euclid = metric == Metric.EUCLIDEAN;
        float[] block = new float[dim * w];
        float[] scores = new float[nq * w];
        float[] sqNorms = new float[w];
        int[] ords = new int[w];
        float[] scratch = new float[dim];
        BitSet bits = store.liveBits();
        int ord = bits.nextSetBit(0);
        while (ord >= 0) {
            int n = 0;
            for (; n < w && ord >= 0; n++, ord = bits.nextSetBit(ord + 1)) {
                ords[n] = ord;
                float[] v = store.vector(ord, scratch);
                for (int d = 0, b = n; d < dim; d++, b += w) {
                    block[b] = v[d];
                }
                if (euclid) {
                    sqNorms[n] = kernels.dot(v, v);
                }
            }
            if (n < w) { // the last, partial block: zero the unused columns (their scores are ignored)
                for (int d = 0; d < dim; d++) {
                    java.util.Arrays.fill(block, d * w + n, d * w + w, 0f);
                }
            }
            kernels.dotBlock(queries, block, scores);
            for (int q = 0; q < nq; q++) {
                TopK top = pass[q];
                if (top.capacity == 0) {
                    continue;
                }
                float floor = top.floor();
                int o = q * w;
                for (int j = 0; j < n; j++) {
                    float r = euclid ? 2 * scores[o + j] - sqNorms[j] : scores[o + j];
                    if (r >= floor) {
                        top.offer(ords[j], r);
                        floor = top.floor();
                    }
                }
            }
        }
        for (int q = 0; q < nq; q++) {
            TopK exact = new TopK(Math.min(ks[q], live), store);
            for (int c : pass[q].ordinals()) {
                exact.offer(c, metric.rank(kernels, queries[q], store.vector(c, scratch)));
            }
            out[q] = exact.capacity == 0 ? ShardHits.EMPTY : exact.toHits();
        }
        return out;
    }

    /**
     * How many candidates a batched query keeps for a final {@code k}: the pass's rank and the exact
     * one differ in the last bits (another summation order; for euclidean a difference of large
     * terms), so points near the k-th could swap places; the margin absorbs that.
     */
    static int candidates(int k) {
        return k + Math.max(16, k / 2);
    }

    /**
     * A bounded heap of (ordinal, rank) whose root is the worst kept entry: lowest rank, and among
     * equal ranks the largest id.
     */
    static final class TopK {
        final int capacity;
        private final PointStore store;
        private final int[] ords;
        private final float[] ranks;
        private int size;

        TopK(int capacity, PointStore store) {
            this.capacity = capacity;
            this.store = store;
            this.ords = new int[capacity];
            this.ranks = new float[capacity];
        }

        void offer(int ord, float rank) {
            if (size < capacity) {
                ords[size] = ord;
                ranks[size] = rank;
                siftUp(size++);
            } else if (better(ord, rank, ords[0], ranks[0])) {
                ords[0] = ord;
                ranks[0] = rank;
                siftDown(0);
            }
        }

        /**
         * The rank a new entry needs to be considered: the worst kept one's when full (an equal
         * rank may still win on id), otherwise anything.
         */
        float floor() {
            return size < capacity ? Float.NEGATIVE_INFINITY : ranks[0];
        }

        /** The kept ordinals, in heap order. */
        int[] ordinals() {
            return java.util.Arrays.copyOf(ords, size);
        }

        /** Whether (a, ra) ranks before (b, rb). */
        private boolean better(int a, float ra, int b, float rb) {
            if (ra != rb) {
                return ra > rb;
            }
            return store.id(a).compareTo(store.id(b)) < 0;
        }

        private void siftUp(int i) {
            while (i > 0) {
                int parent = (i - 1) >>> 1;
                if (!better(ords[parent], ranks[parent], ords[i], ranks[i])) {
                    break;
                }
                swap(i, parent);
                i = parent;
            }
        }

        private void siftDown(int i) {
            while (true) {
                int l = 2 * i + 1, r = l + 1, worst = i;
                if (l < size && better(ords[worst], ranks[worst], ords[l], ranks[l])) {
                    worst = l;
                }
                if (r < size && better(ords[worst], ranks[worst], ords[r], ranks[r])) {
                    worst = r;
                }
                if (worst == i) {
                    return;
                }
                swap(i, worst);
                i = worst;
            }
        }

        private void swap(int a, int b) {
            int o = ords[a];
            ords[a] = ords[b];
            ords[b] = o;
            float r = ranks[a];
            ranks[a] = ranks[b];
            ranks[b] = r;
        }

        /** Empties the heap into hits, best first. */
        ShardHits toHits() {
            int n = size;
            PointId[] ids = new PointId[n];
            float[] rs = new float[n];
            for (int i = n - 1; i >= 0; i--) {
                ids[i] = store.id(ords[0]);
                rs[i] = ranks[0];
                size--;
                if (size > 0) {
                    ords[0] = ords[size];
                    ranks[0] = ranks[size];
                    siftDown(0);
                }
            }
            return new ShardHits(ids, rs);
        }
    }
}
