package io.quiver.vector.io;

import java.io.IOException;

/** Reads rows from a stream, one at a time, so a file of any size streams through. */
public interface VectorReader {
    /** The next row, or null at the end. Throws {@link VectorFormatException} on malformed input. */
    VectorRow next() throws IOException;

    /** The dimension, once known (before the first row for npy, after it for the others), else 0. */
    int dimension();

    /** Rows in the file when the header says so (npy), else -1. */
    default long expectedRows() {
        return -1;
    }
}
