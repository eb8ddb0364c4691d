package io.quiver.vector;

import java.util.Arrays;
import java.util.BitSet;

/**
 * The ordinals of a part that hold one payload value: a sorted int array while few (4 bytes a point,
 * whatever the ordinals), a bit set once it holds more than a 32nd of the part (then a bit a point
 * is less), as Roaring bitmaps choose between arrays and bitmaps. Not thread-safe: the shard's own.
 */
final class Posting {
    private static final int MIN_BITS = 256;
    private int[] ords = new int[2];
    private BitSet bits;
    private int size;

    int size() {
        return size;
    }

    /**
     * Adds an ordinal ({@code universe}: the part's ordinal bound, which decides when bits are
     * smaller); false when it was there.
     */
    boolean add(int ord, int universe) {
        if (bits != null) {
            if (bits.get(ord)) {
                return false;
            }
            bits.set(ord);
            size++;
            return true;
        }
        int at = Arrays.binarySearch(ords, 0, size, ord);
        if (at >= 0) {
            return false;
        }
        at = -at - 1;
        if (size == ords.length) {
            if (size >= MIN_BITS && size >= universe >>> 5) {
                toBits();
                return add(ord, universe);
            }
            ords = Arrays.copyOf(ords, size + (size >> 1) + 2);
        }
        System.arraycopy(ords, at, ords, at + 1, size - at);
        ords[at] = ord;
        size++;
        return true;
    }

    /** Removes an ordinal; false when it was not there. */
    boolean remove(int ord) {
        if (bits != null) {
            if (!bits.get(ord)) {
                return false;
            }
            bits.clear(ord);
            size--;
            return true;
        }
        int at = Arrays.binarySearch(ords, 0, size, ord);
        if (at < 0) {
            return false;
        }
        System.arraycopy(ords, at + 1, ords, at, size - at - 1);
        size--;
        return true;
    }

    /** Sets this posting's ordinals in {@code out}. */
    void addTo(BitSet out) {
        if (bits != null) {
            out.or(bits);
            return;
        }
        for (int i = 0; i < size; i++) {
            out.set(ords[i]);
        }
    }

    private void toBits() {
        bits = new BitSet();
        for (int i = 0; i < size; i++) {
            bits.set(ords[i]);
        }
        ords = null;
    }
}
