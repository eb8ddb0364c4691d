package io.quiver.vector;

import java.util.Arrays;

/**
 * A sparse vector: strictly ascending term indices and their (finite) weights. {@link #of} sorts
 * and checks what a client sent.
 */
public record SparseVector(int[] indices, float[] values) {
    public static final SparseVector EMPTY = new SparseVector(new int[0], new float[0]);

    /** A broken rule of a sparse vector's shape: which of its two lists breaks it, and how (Qdrant's words). */
    public static final class Invalid extends IllegalArgumentException {
        private final String list;
        private final String rule;

        Invalid(String list, String rule) {
            super("sparse vector " + list + " " + rule);
            this.list = list;
            this.rule = rule;
        }

        /** {@code indices} or {@code values}. */
        public String list() {
            return list;
        }

        public String rule() {
            return rule;
        }
    }

    /**
     * A checked, sorted copy; throws on a negative index or a non-finite value, and an {@link Invalid}
     * on unequal lengths or a repeated index.
     */
    public static SparseVector of(long[] indices, float[] values) {
        if (indices.length != values.length) {
            throw new Invalid("values", "must be the same length as indices");
        }
        Integer[] order = new Integer[indices.length];
        for (int i = 0; i < order.length; i++) {
            if (indices[i] < 0 || indices[i] > 0xFFFFFFFFL) {
                throw new IllegalArgumentException("sparse vector indices must be between 0 and 2^32-1, not " + indices[i]);
            }
            if (!Float.isFinite(values[i])) {
                throw new IllegalArgumentException("sparse vector values must be finite numbers");
            }
            order[i] = i;
        }
        Arrays.sort(order, (a, b) -> Long.compare(indices[a], indices[b]));
        int[] idx = new int[order.length];
        float[] val = new float[order.length];
        for (int i = 0; i < order.length; i++) {
            idx[i] = (int) indices[order[i]];
            val[i] = values[order[i]];
            if (i > 0 && idx[i] == idx[i - 1]) {
                throw new Invalid("indices", "must be unique");
            }
        }
        return new SparseVector(idx, val);
    }

    public int size() {
        return indices.length;
    }

    /** The exact dot product with another sparse vector (a merge of the two sorted index lists). */
    public float dot(SparseVector o) {
        float s = 0;
        int i = 0, j = 0;
        while (i < indices.length && j < o.indices.length) {
            int c = Integer.compareUnsigned(indices[i], o.indices[j]);
            if (c == 0) {
                s += values[i++] * o.values[j++];
            } else if (c < 0) {
                i++;
            } else {
                j++;
            }
        }
        return s;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SparseVector s && Arrays.equals(indices, s.indices) && Arrays.equals(values, s.values);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(indices) + Arrays.hashCode(values);
    }
}
