package io.quiver.vector;

import java.util.BitSet;

/**
 * A shard part's points as of one moment, by ordinal (see {@link PointStore}): what a snapshot
 * writes, and what it loads back. Arrays are indexed by ordinal, {@code 0..upperBound-1}:
 * an ordinal in {@code live} is a point; one with a vector but not live is retired (deleted, still a
 * graph waypoint until jvector's cleanup); one without a vector is free.
 *
 * <p>Owned by whoever holds it: the shard never changes these arrays after handing them over.
 * Whoever holds an image taken from a live part {@link #release}s it when done (a view of
 * memory-mapped vectors pins them until then).
 *
 * @param vectors   the vectors by ordinal: a view of the part's (taken by {@code image()}), or the
 *                  slab a snapshot loader filled (which the restored part takes over)
 * @param liveCount how many bits of {@code live} are set
 */
public record PointsImage(int dimension, int upperBound, PointId[] ids, StoredVectors vectors, float[] norms,
                          String[] payloads, BitSet live, int liveCount) {
    public void release() {
        vectors.release();
    }
}
