package io.quiver.vector;

import java.util.Map;

/**
 * The vectors one point carries in a collection with a {@link VectorSchema}: dense ones by name
 * (the unnamed one under {@link VectorSchema#UNNAMED}), sparse ones and multivectors (matrices, one
 * row per vector) by name; any subset.
 */
public record PointVectors(Map<String, float[]> dense, Map<String, SparseVector> sparse, Map<String, float[][]> multi) {
    public static final PointVectors NONE = new PointVectors(Map.of(), Map.of());

    public PointVectors(Map<String, float[]> dense, Map<String, SparseVector> sparse) {
        this(dense, sparse, Map.of());
    }

    public PointVectors {
        dense = Map.copyOf(dense);
        sparse = Map.copyOf(sparse);
        multi = Map.copyOf(multi);
    }

    public boolean isEmpty() {
        return dense.isEmpty() && sparse.isEmpty() && multi.isEmpty();
    }

    /** Equal when the same names hold vectors of the same content. */
    @Override
    public boolean equals(Object o) {
        if (!(o instanceof PointVectors p) || !sparse.equals(p.sparse) || !dense.keySet().equals(p.dense.keySet())
                || !multi.keySet().equals(p.multi.keySet())) {
            return false;
        }
        for (Map.Entry<String, float[][]> e : multi.entrySet()) {
            if (!java.util.Arrays.deepEquals(e.getValue(), p.multi.get(e.getKey()))) {
                return false;
            }
        }
        for (Map.Entry<String, float[]> e : dense.entrySet()) {
            if (!java.util.Arrays.equals(e.getValue(), p.dense.get(e.getKey()))) {
                return false;
            }
        }
        return true;
    }

    @Override
    public int hashCode() {
        int h = sparse.hashCode() + multi.keySet().hashCode();
        for (Map.Entry<String, float[]> e : dense.entrySet()) {
            h += e.getKey().hashCode() ^ java.util.Arrays.hashCode(e.getValue());
        }
        return h;
    }
}
