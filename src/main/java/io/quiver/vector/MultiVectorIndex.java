package io.quiver.vector;

import java.util.HashMap;
import java.util.Map;

/**
 * One shard's multivectors of one space (a matrix per point, rows prepared for the metric), searched
 * exactly: MaxSim scans every point (late-interaction scoring needs each point's rows; a graph over
 * member vectors would only pick candidates and is not built yet). Plain Java, shard thread only.
 */
final class MultiVectorIndex {
    private final Metric metric;
    private final Map<PointId, float[][]> points = new HashMap<>();
    private long floats;

    MultiVectorIndex(Metric metric) {
        this.metric = metric;
    }

    int size() {
        return points.size();
    }

    float[][] get(PointId id) {
        return points.get(id);
    }

    /** Stores rows already prepared for the metric (unit length for cosine). */
    void putPrepared(PointId id, float[][] rows) {
        remove(id);
        points.put(id, rows);
        floats += (long) rows.length * (rows.length == 0 ? 0 : rows[0].length);
    }

    void put(PointId id, float[][] rows) {
        float[][] prepared = new float[rows.length][];
        for (int i = 0; i < rows.length; i++) {
            prepared[i] = metric.prepare(rows[i]);
        }
        putPrepared(id, prepared);
    }

    boolean remove(PointId id) {
        float[][] old = points.remove(id);
        if (old != null) {
            floats -= (long) old.length * (old.length == 0 ? 0 : old[0].length);
        }
        return old != null;
    }

    /**
     * MaxSim of prepared query rows against prepared point rows: the sum over query rows of the best
     * similarity in the metric's rank scale (dot; minus the squared or the Manhattan distance, as Qdrant
     * sums them, so a Euclid score is the square root of the summed squared distances).
     */
    static float maxSim(VectorKernels k, Metric metric, float[][] query, float[][] point) {
        float sum = 0;
        for (float[] q : query) {
            float best = Float.NEGATIVE_INFINITY;
            for (float[] r : point) {
                best = Math.max(best, metric.rank(k, q, r));
            }
            sum += best;
        }
        return sum;
    }

    /** The k best points by MaxSim, best first, ties by id. */
    ShardHits search(VectorKernels kernels, float[][] preparedQuery, int k, java.util.function.Predicate<PointId> accept) {
        java.util.PriorityQueue<Object[]> top = new java.util.PriorityQueue<>((a, b) -> {
            int c = Float.compare((float) a[1], (float) b[1]);
            return c != 0 ? c : ((PointId) b[0]).compareTo((PointId) a[0]); // root: the worst
        });
        for (Map.Entry<PointId, float[][]> e : points.entrySet()) {
            if (accept != null && !accept.test(e.getKey())) {
                continue;
            }
            float s = maxSim(kernels, metric, preparedQuery, e.getValue());
            top.offer(new Object[]{e.getKey(), s});
            if (top.size() > k) {
                top.poll();
            }
        }
        int n = top.size();
        PointId[] ids = new PointId[n];
        float[] ranks = new float[n];
        for (int i = n - 1; i >= 0; i--) {
            Object[] e = top.poll();
            ids[i] = (PointId) e[0];
            ranks[i] = (float) e[1];
        }
        return new ShardHits(ids, ranks);
    }

    void clear() {
        points.clear();
        floats = 0;
    }

    long memoryEstimate() {
        return points.size() * 96L + 4 * floats;
    }
}
