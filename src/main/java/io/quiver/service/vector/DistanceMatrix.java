package io.quiver.service.vector;

import io.quiver.error.QuiverException;
import io.quiver.vector.CollectionConfig;
import io.quiver.vector.Metric;
import io.quiver.vector.PointId;
import io.quiver.vector.PointRecord;
import io.quiver.vector.VectorKernels;
import io.quiver.vector.VectorSchema;
import io.quiver.vector.filter.Filter;
import io.vertx.core.Future;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Qdrant's distance matrix ({@code /points/search/matrix/pairs} and {@code /offsets}): {@code sample}
 * points drawn at random from those passing the filter (all of them when there are no more), in id
 * order, and for each its {@code limit} nearest among the others of the sample, exactly, best first
 * (ties by id). Dense, non-multivector spaces only.
 */
public final class DistanceMatrix {
    private static final int SCAN_PAGE = 1000;

    /** The sample's ids (ascending) and, per row, the columns (indexes into {@code ids}) and scores of its nearest. */
    public record Result(List<PointId> ids, int[][] columns, float[][] scores) {
    }

    private final VectorService vectors;

    DistanceMatrix(VectorService vectors) {
        this.vectors = vectors;
    }

    Future<Result> compute(String name, String using, Filter filter, int sample, int limit, int maxSample) {
        CollectionConfig config = vectors.configOf(name);
        vectors.checkVectorNames(config, List.of(using));
        VectorSchema.Dense d = config.schema() == null ? new VectorSchema.Dense("", config.dimension(), config.metric())
                : config.schema().dense(using);
        if (d == null || d.multi()) {
            throw QuiverException.badRequest("Wrong input: the distance matrix needs a dense vector; `" + using + "` is "
                    + (d == null ? "sparse" : "a multivector"));
        }
        if (sample < 2 || limit < 1 || sample > maxSample) {
            throw QuiverException.badRequest("Validation error in JSON body: [sample: must be from 2 to " + maxSample
                    + " (vector-max-limit), limit: at least 1]");
        }
        List<PointId> all = new ArrayList<>();
        return collect(name, filter, null, all).compose(v -> {
            Collections.shuffle(all, ThreadLocalRandom.current());
            List<PointId> picked = new ArrayList<>(all.subList(0, Math.min(sample, all.size())));
            Collections.sort(picked);
            return vectors.retrieve(name, picked.toArray(new PointId[0]), true, false).map(records -> {
                List<PointId> ids = new ArrayList<>();
                List<float[]> vs = new ArrayList<>();
                for (PointRecord r : records) {
                    float[] x = r == null ? null : r.vectors() == null ? r.vector() : r.vectors().dense().get(using);
                    if (x != null) {
                        ids.add(r.id());
                        vs.add(x);
                    }
                }
                return nearest(ids, vs, d.metric(), limit);
            });
        });
    }

    private Future<Void> collect(String name, Filter filter, PointId offset, List<PointId> out) {
        return vectors.scroll(name, filter, offset, SCAN_PAGE, false, false).compose(page -> {
            page.points().forEach(r -> out.add(r.id()));
            return page.nextOffset() == null ? Future.succeededFuture() : collect(name, filter, page.nextOffset(), out);
        });
    }

    private static Result nearest(List<PointId> ids, List<float[]> vs, Metric metric, int limit) {
        VectorKernels k = VectorKernels.active();
        int n = ids.size();
        int[][] cols = new int[n][];
        float[][] scores = new float[n][];
        for (int i = 0; i < n; i++) {
            List<float[]> row = new ArrayList<>(); // {rank, column}
            for (int j = 0; j < n; j++) {
                if (j != i) {
                    row.add(new float[]{metric.rank(k, vs.get(i), vs.get(j)), j});
                }
            }
            // higher rank is better for every metric; ties by the column's id (ids are ascending)
            row.sort((a, b) -> a[0] != b[0] ? Float.compare(b[0], a[0]) : Float.compare(a[1], b[1]));
            int m = Math.min(limit, row.size());
            cols[i] = new int[m];
            scores[i] = new float[m];
            for (int t = 0; t < m; t++) {
                cols[i][t] = (int) row.get(t)[1];
                scores[i][t] = metric.score(row.get(t)[0]);
            }
        }
        return new Result(ids, cols, scores);
    }
}
