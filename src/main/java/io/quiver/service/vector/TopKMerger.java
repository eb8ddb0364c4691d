package io.quiver.service.vector;

import io.quiver.vector.PointId;
import io.quiver.vector.ShardHits;

import java.util.List;

/**
 * Merges the shards' best-first hit lists for one query into the global best k: a k-way merge
 * that repeatedly takes the best head, ordering by rank (higher first) and then id, the same order
 * each shard used, so the result equals a brute-force sort of all points. A point lives on one shard
 * only, so no id appears twice.
 */
public final class TopKMerger {
    private TopKMerger() {
    }

    /** The merged ids and ranks, at most {@code k}, best first. */
    public static ShardHits merge(List<ShardHits> perShard, int k) {
        int total = 0;
        for (ShardHits h : perShard) {
            total += h.size();
        }
        int n = Math.min(k, total);
        PointId[] ids = new PointId[n];
        float[] ranks = new float[n];
        int[] heads = new int[perShard.size()];
        for (int out = 0; out < n; out++) {
            int best = -1;
            for (int s = 0; s < heads.length; s++) {
                ShardHits h = perShard.get(s);
                if (heads[s] < h.size() && (best < 0 || before(h, heads[s], perShard.get(best), heads[best]))) {
                    best = s;
                }
            }
            ShardHits from = perShard.get(best);
            ids[out] = from.ids()[heads[best]];
            ranks[out] = from.ranks()[heads[best]];
            heads[best]++;
        }
        return new ShardHits(ids, ranks);
    }

    private static boolean before(ShardHits a, int i, ShardHits b, int j) {
        float ra = a.ranks()[i], rb = b.ranks()[j];
        if (ra != rb) {
            return ra > rb;
        }
        return a.ids()[i].compareTo(b.ids()[j]) < 0;
    }
}
