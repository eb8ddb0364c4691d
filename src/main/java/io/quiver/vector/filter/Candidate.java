package io.quiver.vector.filter;

import io.quiver.vector.PointId;

/** What a filter sees of a point besides its payload: its id and which vectors it has. */
public interface Candidate {
    PointId id();

    /** Whether the point has the named vector ({@code ""}: the unnamed one). */
    boolean hasVector(String name);
}
