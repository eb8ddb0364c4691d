package io.quiver.service.vector;

import io.quiver.client.ShardClient;
import io.quiver.shard.VectorOp;
import io.quiver.vector.CollectionConfig;
import io.quiver.vector.Metric;
import io.quiver.vector.PointId;
import io.quiver.vector.PointRecord;
import io.quiver.vector.SearchParams;
import io.quiver.vector.ShardHits;
import io.vertx.core.Future;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Scatter, merge, fetch. A search (one query or a batch) goes to every shard as ONE
 * {@link VectorOp.Search}; each shard answers with its top (limit + offset) per query; the lists are
 * merged into the global top (ties broken by id), the offset dropped and the score threshold
 * applied; then, only if the request wants payloads or vectors, the final points are fetched with
 * one {@link VectorOp.Retrieve} per shard that owns any of them (for the whole batch at once).
 */
final class SearchAggregator {
    private final ShardClient shards;

    SearchAggregator(ShardClient shards) {
        this.shards = shards;
    }

    /**
     * Runs a batch of queries (one is a batch of one) against every shard with one message each.
     * {@code prepared[i]} is query i's vector, checked and prepared for the collection's metric.
     */
    Future<List<List<ScoredPoint>>> search(CollectionConfig config, float[][] prepared, List<VectorQuery> queries) {
        return search(config.name(), config.metric(), queries,
                (depths, params) -> new VectorOp.Search(config.name(), prepared, depths, params));
    }

    /** As {@link #search(CollectionConfig, float[][], List)} in the named dense space {@code using}, of that metric. */
    Future<List<List<ScoredPoint>>> searchNamed(String collection, String using, Metric metric, float[][] prepared,
                                               List<VectorQuery> queries) {
        return search(collection, metric, queries,
                (depths, params) -> new VectorOp.SearchNamed(collection, using, prepared, depths, params));
    }

    /** Exact MaxSim searches in multivector space {@code using}, of that metric; {@code q} holds prepared rows. */
    Future<List<List<ScoredPoint>>> searchMulti(String collection, String using, Metric metric, float[][][] q,
                                               List<VectorQuery> queries) {
        return search(collection, metric, queries,
                (depths, params) -> new VectorOp.SearchMulti(collection, using, q, depths));
    }

    /** Exact sparse dot-product searches in space {@code using} (scores are dot products). */
    Future<List<List<ScoredPoint>>> searchSparse(String collection, String using, io.quiver.vector.SparseVector[] q,
                                                List<VectorQuery> queries) {
        return search(collection, Metric.DOT, queries,
                (depths, params) -> new VectorOp.SearchSparse(collection, using, q, depths));
    }

    private Future<List<List<ScoredPoint>>> search(String collection, Metric metric, List<VectorQuery> queries,
                                                  java.util.function.BiFunction<int[], SearchParams[], VectorOp<ShardHits[]>> op) {
        int n = queries.size();
        int[] depths = new int[n];
        SearchParams[] params = new SearchParams[n];
        boolean anyPayload = false, anyVector = false;
        for (int i = 0; i < n; i++) {
            VectorQuery q = queries.get(i);
            depths[i] = q.limit() + q.offset();
            params[i] = q.params();
            anyPayload |= q.withPayload();
            anyVector |= q.withVector();
        }
        io.quiver.vector.filter.Filter[] filters = new io.quiver.vector.filter.Filter[n];
        boolean anyFilter = false;
        for (int i = 0; i < n; i++) {
            filters[i] = params[i].filter();
            if (filters[i] != null) {
                anyFilter = true;
                params[i] = params[i].withFilter(null);
            }
        }
        VectorOp<ShardHits[]> search = op.apply(depths, params);
        Future<List<ShardHits[]>> scattered = shards.broadcast(anyFilter ? new VectorOp.Filtered(filters, search) : search);
        boolean fetchPayload = anyPayload, fetchVector = anyVector;
        return scattered.compose(perShard -> {
            List<List<ScoredPoint>> results = new ArrayList<>(n);
            for (int qi = 0; qi < n; qi++) {
                List<ShardHits> lists = new ArrayList<>(perShard.size());
                for (ShardHits[] shardAnswer : perShard) {
                    lists.add(shardAnswer[qi]);
                }
                results.add(finalPoints(metric, TopKMerger.merge(lists, depths[qi]), queries.get(qi)));
            }
            if (!fetchPayload && !fetchVector) {
                return Future.succeededFuture(results);
            }
            return fetch(collection, results, fetchVector, fetchPayload);
        });
    }

    /** The merged hits after the offset and up to the score threshold, with public scores. */
    private static List<ScoredPoint> finalPoints(Metric metric, ShardHits merged, VectorQuery q) {
        List<ScoredPoint> points = new ArrayList<>(q.limit());
        for (int i = q.offset(); i < merged.size(); i++) {
            float score = metric.score(merged.ranks()[i]);
            if (q.scoreThreshold() != null && !passes(metric, score, q.scoreThreshold())) {
                break; // best first: everything after is worse
            }
            points.add(new ScoredPoint(merged.ids()[i], score, null));
        }
        return points;
    }

    /** Qdrant's rule: a minimum score for similarities, a maximum distance for euclidean. */
    private static boolean passes(Metric metric, float score, float threshold) {
        return metric.higherIsBetter() ? score >= threshold : score <= threshold;
    }

    /** Fills in records for the final points, one Retrieve per owning shard for the whole batch. */
    private Future<List<List<ScoredPoint>>> fetch(String collection, List<List<ScoredPoint>> results,
                                                 boolean withVector, boolean withPayload) {
        Set<PointId> wanted = new LinkedHashSet<>();
        for (List<ScoredPoint> r : results) {
            for (ScoredPoint p : r) {
                wanted.add(p.id());
            }
        }
        if (wanted.isEmpty()) {
            return Future.succeededFuture(results);
        }
        PointId[] ids = wanted.toArray(new PointId[0]);
        PointGroups groups = PointGroups.of(ids, shards);
        return shards.scatter(groups.owners(), s -> new VectorOp.Retrieve(collection, groups.pick(s, ids), withVector,
                withPayload)).map(parts -> {
            Map<PointId, PointRecord> records = new HashMap<>();
            for (PointRecord[] part : parts) {
                for (PointRecord r : part) {
                    if (r != null) {
                        records.put(r.id(), r);
                    }
                }
            }
            List<List<ScoredPoint>> filled = new ArrayList<>(results.size());
            for (List<ScoredPoint> r : results) {
                List<ScoredPoint> f = new ArrayList<>(r.size());
                for (ScoredPoint p : r) {
                    PointRecord rec = records.get(p.id());
                    if (rec != null) { // deleted between search and fetch: deleted points are never returned
                        f.add(new ScoredPoint(p.id(), p.score(), rec));
                    }
                }
                filled.add(f);
            }
            return filled;
        });
    }
}
