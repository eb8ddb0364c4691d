package io.quiver.vector;

import java.util.Arrays;

/** Vectors on the heap: one float array per ordinal, as the store hands them in (no copy). */
final class HeapSlab implements VectorSlab {
    private final int dimension;
    private float[][] vectors;
    private int count;

    HeapSlab(int dimension, int capacity) {
        this.dimension = dimension;
        this.vectors = new float[Math.max(16, capacity)][];
    }

    @Override
    public boolean has(int ord) {
        return ord < vectors.length && vectors[ord] != null;
    }

    @Override
    public float[] get(int ord) {
        return vectors[ord];
    }

    @Override
    public float[] read(int ord, float[] scratch) {
        return vectors[ord];
    }

    @Override
    public void put(int ord, float[] v) {
        if (ord >= vectors.length) {
            vectors = Arrays.copyOf(vectors, Math.max(ord + 1, vectors.length + (vectors.length >> 1)));
        }
        if (vectors[ord] == null) {
            count++;
        }
        vectors[ord] = v;
    }

    @Override
    public void remove(int ord) {
        if (ord < vectors.length && vectors[ord] != null) {
            vectors[ord] = null;
            count--;
        }
    }

    /** A copy of the references: vectors are never changed in place, an upsert stores a new array. */
    @Override
    public StoredVectors view(int upperBound) {
        float[][] copy = Arrays.copyOf(vectors, upperBound);
        return new StoredVectors() {
            public boolean has(int ord) {
                return ord < copy.length && copy[ord] != null;
            }

            public float[] get(int ord) {
                return copy[ord];
            }

            public float[] read(int ord, float[] scratch) {
                return copy[ord];
            }
        };
    }

    @Override
    public boolean pinned() {
        return false;
    }

    @Override
    public long heapBytes() {
        return (long) count * (16 + 4L * dimension) + 8L * vectors.length;
    }

    @Override
    public long mappedBytes() {
        return 0;
    }

    @Override
    public void close() {
        vectors = new float[16][];
        count = 0;
    }
}
