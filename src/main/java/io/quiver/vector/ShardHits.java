package io.quiver.vector;

/**
 * One shard's best hits for one query, best first: ids and ranks (higher is better, see
 * {@link Metric}). Ties are ordered by id.
 */
public record ShardHits(PointId[] ids, float[] ranks) {
    public static final ShardHits EMPTY = new ShardHits(new PointId[0], new float[0]);

    public int size() {
        return ids.length;
    }
}
