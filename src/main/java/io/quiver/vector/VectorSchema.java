package io.quiver.vector;

import java.util.List;

/**
 * The vector spaces of a collection that has more than Redis's one unnamed dense vector: Qdrant's
 * named dense vectors (the unnamed one is the space named {@code ""}) and named sparse vectors. A
 * point carries any subset of them. A collection without a schema is the plain one-vector kind.
 *
 * @param dense  the dense spaces, in declaration order, names unique
 * @param sparse the sparse spaces, in declaration order, names unique and distinct from the dense ones
 */
public record VectorSchema(List<Dense> dense, List<Sparse> sparse) {
    /** The name of the unnamed dense vector. */
    public static final String UNNAMED = "";

    /**
     * A dense space: every vector in it has {@code dimension} floats, compared by {@code metric}. With
     * {@code multi} a point holds a matrix (several such vectors) and scores are MaxSim: over the
     * query's rows, the sum of each row's best similarity to any of the point's rows. {@code quantization}
     * is the space's own (Qdrant's per-vector {@code quantization_config}), null for the collection's.
     */
    public record Dense(String name, int dimension, Metric metric, boolean multi, Quantization quantization) {
        public Dense(String name, int dimension, Metric metric) {
            this(name, dimension, metric, false);
        }

        public Dense(String name, int dimension, Metric metric, boolean multi) {
            this(name, dimension, metric, multi, null);
        }

        /** The same space with its own quantization (Qdrant's per-vector {@code quantization_config}; null: the collection's). */
        public Dense withQuantization(Quantization q) {
            return new Dense(name, dimension, metric, multi, q);
        }

        public Dense {
            if (dimension < 1) {
                throw new IllegalArgumentException("vector size must be at least 1, not " + dimension);
            }
        }
    }

    /** A sparse space; with {@code idf} the query's weights are scaled by each term's inverse document frequency. */
    public record Sparse(String name, boolean idf) {
    }

    public VectorSchema {
        dense = List.copyOf(dense);
        sparse = List.copyOf(sparse);
        java.util.Set<String> seen = new java.util.HashSet<>();
        for (Dense d : dense) {
            if (!seen.add(d.name())) {
                throw new IllegalArgumentException("vector name `" + d.name() + "` is declared twice");
            }
        }
        for (Sparse s : sparse) {
            if (s.name().isEmpty()) {
                throw new IllegalArgumentException("a sparse vector needs a name");
            }
            if (!seen.add(s.name())) {
                throw new IllegalArgumentException("Dense and sparse vector names must be unique - duplicate found with '"
                        + s.name() + "'");
            }
        }
        if (dense.isEmpty() && sparse.isEmpty()) {
            throw new IllegalArgumentException("a collection needs at least one vector");
        }
    }

    public Dense dense(String name) {
        for (Dense d : dense) {
            if (d.name().equals(name)) {
                return d;
            }
        }
        return null;
    }

    public Sparse sparse(String name) {
        for (Sparse s : sparse) {
            if (s.name().equals(name)) {
                return s;
            }
        }
        return null;
    }

    public boolean has(String name) {
        return dense(name) != null || sparse(name) != null;
    }
}
