package io.quiver.service.vector;

import io.quiver.error.QuiverException;
import io.quiver.vector.CollectionConfig;
import io.quiver.vector.Metric;
import io.quiver.vector.PointId;
import io.quiver.vector.PointRecord;
import io.quiver.vector.PointSelection;
import io.quiver.vector.SparseVector;
import io.quiver.vector.VectorKernels;
import io.quiver.vector.VectorSchema;
import io.quiver.vector.Vectors;
import io.quiver.vector.filter.FilterException;
import io.quiver.vector.filter.JsonPath;
import io.quiver.vector.filter.Payload;
import io.vertx.core.Future;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The query stages that order rather than search, for {@link VectorService}: {@code order_by} (by a
 * payload value), {@code sample: random}, and a nearest query with {@code mmr} (Maximal Marginal
 * Relevance: relevance traded against similarity to the points already chosen).
 */
final class RerankStages {
    /** Points read per page when sampling a whole collection. */
    private static final int SCAN_PAGE = 1000;

    private final VectorService vectors;

    RerankStages(VectorService vectors) {
        this.vectors = vectors;
    }

    // ---- order_by ----

    /**
     * At the root: the scroll's order (an integer, float or datetime index on the key), a point
     * once (at its first entry). Over prefetches: their points by their smallest value at the key
     * (largest when descending), ties by id; points without a value drop out.
     */
    Future<List<ScoredPoint>> orderBy(String name, QueryPlan.OrderBy o, List<List<ScoredPoint>> prefetched) {
        if (o.prefetch().isEmpty()) {
            return vectors.scrollOrdered(name, o.filter(), o.key(), o.descending(), o.startFrom(),
                    (int) Math.min(Integer.MAX_VALUE, (long) o.limit() + o.offset()), false).map(records -> {
                LinkedHashSet<PointId> seen = new LinkedHashSet<>();
                for (PointRecord r : records) {
                    seen.add(r.id());
                }
                return window(new ArrayList<>(seen), o.offset(), o.limit());
            });
        }
        JsonPath path;
        try {
            path = JsonPath.parse(o.key());
        } catch (FilterException e) {
            throw QuiverException.badRequest("Format error in JSON body: order_by.key: " + e.getMessage());
        }
        return vectors.retrieve(name, candidates(prefetched), false, true).map(records -> {
            List<Object[]> entries = new ArrayList<>();
            for (PointRecord r : records) {
                if (r == null) {
                    continue;
                }
                Double best = null;
                for (Object v : path.values(Payload.parse(r.payload()))) {
                    Double d = PointSelection.orderValue(v, false);
                    if (d == null) {
                        d = PointSelection.orderValue(v, true);
                    }
                    if (d != null && (o.startFrom() == null || (o.descending() ? d <= o.startFrom() : d >= o.startFrom()))
                            && (best == null || (o.descending() ? d > best : d < best))) {
                        best = d;
                    }
                }
                if (best != null) {
                    entries.add(new Object[]{best, r.id()});
                }
            }
            java.util.Comparator<Object[]> byValue = java.util.Comparator.comparingDouble(e -> (Double) e[0]);
            entries.sort((o.descending() ? byValue.reversed() : byValue).thenComparing(e -> (PointId) e[1]));
            List<PointId> ids = new ArrayList<>();
            entries.forEach(e -> ids.add((PointId) e[1]));
            return window(ids, o.offset(), o.limit());
        });
    }

    // ---- sample: random ----

    /** {@code limit} points drawn at random from the prefetches' points or from every point passing the filter. */
    Future<List<ScoredPoint>> sample(String name, QueryPlan.Sample s, List<List<ScoredPoint>> prefetched) {
        if (!s.prefetch().isEmpty()) {
            List<PointId> ids = new ArrayList<>(List.of(candidates(prefetched)));
            Collections.shuffle(ids, ThreadLocalRandom.current());
            return Future.succeededFuture(window(ids, s.offset(), s.limit()));
        }
        List<PointId> all = new ArrayList<>();
        return collectIds(name, s, null, all).map(v -> {
            Collections.shuffle(all, ThreadLocalRandom.current());
            return window(all, s.offset(), s.limit());
        });
    }

    private Future<Void> collectIds(String name, QueryPlan.Sample s, PointId offset, List<PointId> out) {
        return vectors.scroll(name, s.filter(), offset, SCAN_PAGE, false, false).compose(page -> {
            page.points().forEach(r -> out.add(r.id()));
            return page.nextOffset() == null ? Future.succeededFuture() : collectIds(name, s, page.nextOffset(), out);
        });
    }

    // ---- mmr ----

    /**
     * The nearest query's best {@code candidates} points (over the prefetches' points when there
     * are any), then chosen one at a time: first the most relevant, then each time the candidate
     * maximising {@code (1 - diversity) * sim(query) - diversity * max sim(chosen)}; the points keep
     * their query scores. Similarities are the space's (dot, minus squared distance, MaxSim).
     */
    Future<List<ScoredPoint>> mmr(String name, QueryPlan.Mmr m, List<List<ScoredPoint>> prefetched) {
        VectorQuery q = m.nearest();
        int want = (int) Math.min(Integer.MAX_VALUE, (long) q.limit() + q.offset());
        VectorQuery wide = new VectorQuery(q.vector(), Math.max(m.candidates(), want), 0, q.params(), q.scoreThreshold(),
                false, false, q.using(), q.sparse(), q.multi());
        Future<List<ScoredPoint>> found = m.prefetch().isEmpty() ? vectors.search(name, wide) : vectors.rescore(name, wide, prefetched);
        CollectionConfig config = vectors.configOf(name);
        String using = q.using() == null ? VectorSchema.UNNAMED : q.using();
        VectorSchema.Dense dense = config.schema() == null ? new VectorSchema.Dense("", config.dimension(), config.metric())
                : config.schema().dense(using);
        Metric metric = dense == null ? Metric.DOT : dense.metric();
        return found.compose(cands -> {
            if (cands.size() < 2) {
                return Future.succeededFuture(window(cands, q.offset(), q.limit(), true));
            }
            PointId[] ids = cands.stream().map(ScoredPoint::id).toArray(PointId[]::new);
            return vectors.retrieve(name, ids, true, false).map(records -> {
                List<ScoredPoint> kept = new ArrayList<>();
                List<Object> vs = new ArrayList<>();
                for (int i = 0; i < records.length; i++) {
                    Object v = records[i] == null ? null : vectorOf(records[i], using);
                    if (v != null) {
                        kept.add(cands.get(i));
                        vs.add(v);
                    }
                }
                Object query = q.sparse() != null ? q.sparse() : q.multi() != null ? prepareRows(metric, q.multi())
                        : dense != null && dense.multi() ? prepareRows(metric, new float[][]{q.vector()}) : metric.prepare(q.vector());
                return window(select(kept, vs, query, metric, 1 - m.diversity(), want), q.offset(), q.limit(), true);
            });
        });
    }

    private static List<ScoredPoint> select(List<ScoredPoint> cands, List<Object> vs, Object query, Metric metric, float lambda, int limit) {
        int n = cands.size();
        float[] relevance = new float[n];
        for (int i = 0; i < n; i++) {
            relevance[i] = similarity(metric, query, vs.get(i));
        }
        float[] maxToChosen = new float[n];
        java.util.Arrays.fill(maxToChosen, Float.NEGATIVE_INFINITY);
        boolean[] chosen = new boolean[n];
        List<ScoredPoint> out = new ArrayList<>();
        int first = 0;
        for (int i = 1; i < n; i++) {
            if (relevance[i] > relevance[first]) {
                first = i;
            }
        }
        int last = first;
        while (out.size() < limit && last >= 0) {
            chosen[last] = true;
            out.add(cands.get(last));
            int next = -1;
            float best = Float.NEGATIVE_INFINITY;
            for (int i = 0; i < n; i++) {
                if (chosen[i]) {
                    continue;
                }
                maxToChosen[i] = Math.max(maxToChosen[i], similarity(metric, vs.get(last), vs.get(i)));
                float score = lambda * relevance[i] - (1 - lambda) * maxToChosen[i];
                if (next < 0 || score > best) {
                    next = i;
                    best = score;
                }
            }
            last = next;
        }
        return out;
    }

    private static float similarity(Metric metric, Object a, Object b) {
        VectorKernels k = VectorKernels.active();
        if (a instanceof SparseVector s) {
            return s.dot((SparseVector) b);
        }
        if (a instanceof float[][] rows) {
            return Vectors.maxSim(k, metric, rows, (float[][]) b);
        }
        return metric.rank(k, (float[]) a, (float[]) b);
    }

    private static float[][] prepareRows(Metric metric, float[][] rows) {
        float[][] out = new float[rows.length][];
        for (int i = 0; i < rows.length; i++) {
            out[i] = metric.prepare(rows[i]);
        }
        return out;
    }

    private static Object vectorOf(PointRecord r, String using) {
        if (r.vectors() == null) {
            return using.isEmpty() ? r.vector() : null;
        }
        Object v = r.vectors().dense().get(using);
        if (v == null) {
            v = r.vectors().sparse().get(using);
        }
        if (v == null) {
            v = r.vectors().multi().get(using);
        }
        return v;
    }

    // ---- formula ----

    /**
     * The prefetches' points scored by the formula (payloads fetched once, vectors too when a
     * condition of it tests them), highest first, ties by id, those below the score threshold
     * dropped. A point the formula cannot score (a payload variable with no value and no default,
     * a non-finite step) fails the query with Qdrant's 400, as in Qdrant.
     */
    Future<List<ScoredPoint>> formula(String name, QueryPlan.Formula f, List<List<ScoredPoint>> prefetched) {
        List<java.util.Map<PointId, Float>> scores = new ArrayList<>();
        for (List<ScoredPoint> l : prefetched) {
            java.util.Map<PointId, Float> m = new java.util.HashMap<>();
            for (ScoredPoint p : l) {
                m.putIfAbsent(p.id(), p.score());
            }
            scores.add(m);
        }
        boolean vectorsNeeded = f.formula().testsVectors();
        return vectors.retrieve(name, candidates(prefetched), vectorsNeeded, true).map(records -> {
            List<ScoredPoint> scored = new ArrayList<>();
            for (PointRecord r : records) {
                if (r == null) {
                    continue; // deleted since the prefetch found it
                }
                java.util.Map<String, Object> payload = Payload.parse(r.payload());
                io.quiver.vector.filter.Candidate candidate = new io.quiver.vector.filter.Candidate() {
                    public PointId id() {
                        return r.id();
                    }

                    public boolean hasVector(String vector) {
                        if (r.vectors() == null) {
                            return vector.isEmpty() && r.vector() != null;
                        }
                        return r.vectors().dense().containsKey(vector) || r.vectors().sparse().containsKey(vector)
                                || r.vectors().multi().containsKey(vector);
                    }
                };
                double s;
                try {
                    s = f.formula().score(new io.quiver.vector.filter.ScoreFormula.Point() {
                        public Float score(int index) {
                            return index < scores.size() ? scores.get(index).get(r.id()) : null;
                        }

                        public java.util.Map<String, Object> payload() {
                            return payload;
                        }

                        public io.quiver.vector.filter.Candidate candidate() {
                            return candidate;
                        }
                    });
                } catch (io.quiver.vector.filter.ScoreFormula.FormulaException e) {
                    throw QuiverException.badRequest("Bad request: " + e.getMessage() + " (point " + r.id() + ")");
                }
                if (f.scoreThreshold() == null || s >= f.scoreThreshold()) {
                    scored.add(new ScoredPoint(r.id(), (float) s, null));
                }
            }
            scored.sort(java.util.Comparator.comparing(ScoredPoint::score).reversed().thenComparing(ScoredPoint::id));
            return window(scored, f.offset(), f.limit(), true);
        });
    }

    // ---- helpers ----

    private static PointId[] candidates(List<List<ScoredPoint>> prefetched) {
        LinkedHashSet<PointId> ids = new LinkedHashSet<>();
        prefetched.forEach(l -> l.forEach(p -> ids.add(p.id())));
        return ids.toArray(new PointId[0]);
    }

    /** Points {@code offset .. offset + limit} of an ordered list of ids, each with score 0. */
    private static List<ScoredPoint> window(List<PointId> ids, int offset, int limit) {
        List<ScoredPoint> out = new ArrayList<>();
        for (int i = offset; i < ids.size() && out.size() < limit; i++) {
            out.add(new ScoredPoint(ids.get(i), 0f, null));
        }
        return out;
    }

    private static List<ScoredPoint> window(List<ScoredPoint> points, int offset, int limit, boolean scored) {
        return points.subList(Math.min(offset, points.size()), Math.min(points.size(), (int) Math.min(Integer.MAX_VALUE, (long) offset + limit)));
    }
}
