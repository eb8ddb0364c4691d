package io.quiver.service.vector;

import io.quiver.vector.PointId;

import java.lang.reflect.Array;

/**
 * The points of one request grouped by owning shard (a point lives on the shard its id hashes to,
 * by the same rule as keys), remembering positions so per-shard answers can be put back in order.
 */
final class PointGroups {
    private final int[][] positions; // per shard: positions of its points in the request (null: none)

    private PointGroups(int[][] positions) {
        this.positions = positions;
    }

    /** Grouped by {@code shards}' own rule (a cluster's slot table, or a single server's modulo). */
    static PointGroups of(PointId[] ids, io.quiver.client.ShardClient shards) {
        int shardCount = shards.shardCount();
        int[] owner = new int[ids.length];
        int[] counts = new int[shardCount];
        for (int i = 0; i < ids.length; i++) {
            owner[i] = shards.shardOf(ids[i].bytes());
            counts[owner[i]]++;
        }
        int[][] positions = new int[shardCount][];
        int[] fill = new int[shardCount];
        for (int s = 0; s < shardCount; s++) {
            positions[s] = counts[s] == 0 ? null : new int[counts[s]];
        }
        for (int i = 0; i < ids.length; i++) {
            positions[owner[i]][fill[owner[i]]++] = i;
        }
        return new PointGroups(positions);
    }

    /** The shards that own at least one point of the request, ascending. */
    int[] owners() {
        int n = 0;
        for (int[] p : positions) {
            n += p == null ? 0 : 1;
        }
        int[] owners = new int[n];
        for (int s = 0, o = 0; s < positions.length; s++) {
            if (positions[s] != null) {
                owners[o++] = s;
            }
        }
        return owners;
    }

    int[] positions(int s) {
        return positions[s];
    }

    /** The items at shard {@code s}'s positions of an array parallel to the ids (null stays null). */
    @SuppressWarnings("unchecked")
    <T> T[] pick(int s, T[] parallel) {
        if (parallel == null) {
            return null;
        }
        int[] pos = positions[s];
        T[] out = (T[]) Array.newInstance(parallel.getClass().getComponentType(), pos.length);
        for (int i = 0; i < pos.length; i++) {
            out[i] = parallel[pos[i]];
        }
        return out;
    }
}
