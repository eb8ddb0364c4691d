package io.quiver.vector;

import java.util.BitSet;

/**
 * Vectors stored as TurboQuant codes (Qdrant 1.19's {@code datatype: turbo4}): each vector is
 * rotated and coded with 4 bits per component plus one scale ({@link TurboCodes}, no padding), so
 * {@code d/2 + 8} bytes on the heap instead of {@code 16 + 4d}; every read decodes (rotating back),
 * so what is stored, searched, returned and snapshotted is the decoded vector. A vector is coded
 * once, when it is written: decoding and coding it again gives the same codes (its components sit
 * on the codebook's levels), so a snapshot's decoded vectors load back to the same values.
 */
final class TurboSlab implements VectorSlab {
    private final TurboCodes codes;
    private final BitSet present = new BitSet();

    TurboSlab(int dimension) {
        this.codes = new TurboCodes(dimension, Metric.DOT, Quantization.TurboBits.BITS4);
    }

    @Override
    public boolean has(int ord) {
        return present.get(ord);
    }

    @Override
    public float[] get(int ord) {
        return codes.decode(ord);
    }

    @Override
    public float[] read(int ord, float[] scratch) {
        return codes.decode(ord);
    }

    @Override
    public void put(int ord, float[] v) {
        codes.encode(ord, v);
        present.set(ord);
    }

    @Override
    public void remove(int ord) {
        present.clear(ord);
    }

    @Override
    public StoredVectors view(int upperBound) {
        TurboCodes copy = codes.copy();
        BitSet has = (BitSet) present.clone();
        return new StoredVectors() {
            public boolean has(int ord) {
                return ord < upperBound && has.get(ord);
            }

            public float[] get(int ord) {
                return copy.decode(ord);
            }

            public float[] read(int ord, float[] scratch) {
                return copy.decode(ord);
            }
        };
    }

    @Override
    public boolean pinned() {
        return false;
    }

    @Override
    public long heapBytes() {
        return codes.ramBytesUsed() + present.size() / 8;
    }

    @Override
    public long mappedBytes() {
        return 0;
    }

    @Override
    public void close() {
        present.clear();
    }
}
