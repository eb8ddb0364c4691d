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
        for (int ord = live.nextSetBit(0); ord >= 0; ord = live.nextSetBit(ord + 1)) {
            top.offer(ord, metric.rank(kernels, query, store.vector(ord)));
        }
        return top.toHits();
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
