package io.quiver.vector;

import io.github.jbellis.jvector.graph.RandomAccessVectorValues;
import io.github.jbellis.jvector.vector.VectorizationProvider;
import io.github.jbellis.jvector.vector.types.VectorFloat;
import io.github.jbellis.jvector.vector.types.VectorTypeSupport;

/**
 * jvector's view of a {@link PointStore}: vectors by ordinal, read live (new points are visible as
 * soon as they are stored). With jvector's array-backed (Panama) vector types, wrapping a stored
 * float array copies nothing.
 */
final class StoreVectorValues implements RandomAccessVectorValues {
    static final VectorTypeSupport VTS = VectorizationProvider.getInstance().getVectorTypeSupport();

    private final PointStore store;

    StoreVectorValues(PointStore store) {
        this.store = store;
    }

    @Override
    public int size() {
        return store.upperBound();
    }

    @Override
    public int dimension() {
        return store.dimension();
    }

    @Override
    public VectorFloat<?> getVector(int ord) {
        return VTS.createFloatVector(store.vector(ord));
    }

    @Override
    public boolean isValueShared() {
        return false;
    }

    @Override
    public RandomAccessVectorValues copy() {
        return this;
    }
}
