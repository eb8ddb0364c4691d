package io.quiver.service.vector;

import io.quiver.error.QuiverException;
import io.quiver.vector.CollectionConfig;
import io.quiver.vector.Metric;
import io.quiver.vector.PointId;
import io.quiver.vector.PointRecord;
import io.quiver.vector.SparseVector;
import io.quiver.vector.VectorKernels;
import io.quiver.vector.VectorSchema;
import io.quiver.vector.Vectors;
import io.quiver.vector.filter.Condition;
import io.quiver.vector.filter.Filter;
import io.vertx.core.Future;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Runs the queries by examples ({@link ExampleQuery}) for {@link VectorService}: looks the examples
 * given by id up (in {@code lookup_from}'s collection when given), then either searches with one
 * vector ({@code average_vector}: {@code avg(pos) + (avg(pos) - avg(neg))}, the ordinary search) or
 * scores every candidate exactly with Qdrant's formulas (best_score, sum_scores, discover, context).
 * The candidates are the prefetches' points, or every point passing the filter: such a root query
 * reads the whole collection part by part (exact, O(points) per query; Qdrant walks its graph with
 * the custom score instead, which Quiver's jvector graph does not offer).
 */
final class ExampleSearch {
    /** Points read per page when scanning a collection for an example query. */
    private static final int SCAN_PAGE = 1000;

    private final VectorService vectors;

    ExampleSearch(VectorService vectors) {
        this.vectors = vectors;
    }

    /** The vector space a query searches: its kind and, for dense ones, the metric. */
    private record Space(String name, VectorSchema.Dense dense, VectorSchema.Sparse sparse) {
        boolean multi() {
            return dense != null && dense.multi();
        }
    }

    /** One example's vector, in the space's kind, prepared for its metric. */
    private record Vec(float[] dense, SparseVector sparse, float[][] multi) {
    }

    Future<List<ScoredPoint>> run(String name, QueryPlan.Examples plan, List<List<ScoredPoint>> prefetched) {
        CollectionConfig config = vectors.configOf(name);
        VectorQuery base = plan.base();
        Space space = space(config, base.using() == null ? VectorSchema.UNNAMED : base.using());
        ExampleQuery q = plan.query();
        checkShape(q);
        return resolve(name, plan.lookup(), space, q.examples()).compose(resolved -> {
            // examples by id from this collection are not results (Qdrant's rule); from another they may be
            Set<PointId> exclude = new LinkedHashSet<>();
            if (plan.lookup() == null || plan.lookup().collection().equals(name)) {
                for (ExampleQuery.Example e : q.examples()) {
                    if (e.byId()) {
                        exclude.add(e.id());
                    }
                }
            }
            Filter filter = base.params().filter();
            if (!exclude.isEmpty()) {
                Condition notThem = Filter.not(new Condition.HasId(exclude));
                filter = filter == null ? Filter.must(notThem) : Filter.must(filter, notThem);
            }
            if (q instanceof ExampleQuery.Recommend r && r.strategy() == ExampleQuery.Strategy.AVERAGE_VECTOR) {
                Vec avg = average(space, resolved.subList(0, r.positive().size()),
                        resolved.subList(r.positive().size(), resolved.size()));
                VectorQuery nearest = new VectorQuery(avg.dense(), base.limit(), base.offset(), base.params().withFilter(filter),
                        base.scoreThreshold(), false, false, space.name(), avg.sparse(), avg.multi());
                if (plan.prefetch().isEmpty()) {
                    return vectors.search(name, nearest);
                }
                List<List<ScoredPoint>> kept = new ArrayList<>();
                for (List<ScoredPoint> l : prefetched) {
                    kept.add(l.stream().filter(p -> !exclude.contains(p.id())).toList());
                }
                return vectors.rescore(name, nearest, kept);
            }
            Scorer scorer = scorer(q, resolved, space);
            if (!plan.prefetch().isEmpty()) {
                LinkedHashSet<PointId> ids = new LinkedHashSet<>();
                prefetched.forEach(l -> l.forEach(p -> ids.add(p.id())));
                ids.removeAll(exclude);
                PointId[] candidates = ids.toArray(new PointId[0]);
                return vectors.retrieve(name, candidates, true, false).map(records -> {
                    List<ScoredPoint> scored = new ArrayList<>();
                    for (PointRecord r : records) {
                        score(space, scorer, r, scored);
                    }
                    return VectorService.page(scored, true, base.offset(), base.limit(), base.scoreThreshold());
                });
            }
            List<ScoredPoint> scored = new ArrayList<>();
            return scan(name, filter, null, space, scorer, scored)
                    .map(v -> VectorService.page(scored, true, base.offset(), base.limit(), base.scoreThreshold()));
        });
    }

    /**
     * Looks the plan's examples up without running it, so that a tree reports a missing example
     * or lookup collection before the checks of the stages above it (Qdrant's order of errors).
     */
    Future<Void> check(String name, QueryPlan.Examples plan) {
        CollectionConfig config = vectors.configOf(name);
        Space space = space(config, plan.base().using() == null ? VectorSchema.UNNAMED : plan.base().using());
        checkShape(plan.query());
        return resolve(name, plan.lookup(), space, plan.query().examples()).mapEmpty();
    }

    /** Scores every point passing the filter, page by page from {@code offset}. */
    private Future<Void> scan(String name, Filter filter, PointId offset, Space space, Scorer scorer, List<ScoredPoint> out) {
        return vectors.scroll(name, filter, offset, SCAN_PAGE, true, false).compose(page -> {
            for (PointRecord r : page.points()) {
                score(space, scorer, r, out);
            }
            return page.nextOffset() == null ? Future.succeededFuture() : scan(name, filter, page.nextOffset(), space, scorer, out);
        });
    }

    private static void score(Space space, Scorer scorer, PointRecord r, List<ScoredPoint> out) {
        Vec v = r == null ? null : vectorOf(r, space.name(), space);
        if (v != null) {
            out.add(new ScoredPoint(r.id(), scorer.score(v), null));
        }
    }

    /** Qdrant's validation of the examples, before anything is looked up. */
    private static void checkShape(ExampleQuery q) {
        if (q instanceof ExampleQuery.Feedback f && f.items().isEmpty()) {
            throw QuiverException.badRequest("Validation error in JSON body: [relevance_feedback.feedback: "
                    + "feedback elements must be non-empty]");
        }
        if (q instanceof ExampleQuery.Recommend r) {
            if (r.positive().isEmpty() && (r.negative().isEmpty() || r.strategy() == ExampleQuery.Strategy.AVERAGE_VECTOR)) {
                throw QuiverException.badRequest(r.strategy() == ExampleQuery.Strategy.AVERAGE_VECTOR
                        ? "Validation error in JSON body: [positive: At least one positive vector ID required with this strategy]"
                        : "Validation error in JSON body: [At least one positive or negative vector ID required with this strategy]");
            }
        }
    }

    private Space space(CollectionConfig config, String using) {
        VectorSchema schema = config.schema();
        if (schema == null) {
            if (!using.isEmpty()) {
                throw QuiverException.badRequest(VectorService.notExistingVector(using));
            }
            return new Space(using, new VectorSchema.Dense("", config.dimension(), config.metric()), null);
        }
        VectorSchema.Dense d = schema.dense(using);
        VectorSchema.Sparse s = schema.sparse(using);
        if (d == null && s == null) {
            throw QuiverException.badRequest(VectorService.notExistingVector(using));
        }
        return new Space(using, d, s);
    }

    /** The examples' vectors in order: raw ones checked and prepared, ids looked up. */
    private Future<List<Vec>> resolve(String name, ExampleQuery.Lookup lookup, Space space, List<ExampleQuery.Example> examples) {
        List<PointId> ids = new ArrayList<>();
        for (ExampleQuery.Example e : examples) {
            if (e.byId()) {
                ids.add(e.id());
            }
        }
        String from = lookup == null ? name : lookup.collection();
        String vectorName = lookup == null || lookup.vector() == null ? space.name() : lookup.vector();
        if (!ids.isEmpty() || lookup != null) {
            CollectionConfig lc;
            if (lookup == null) {
                lc = vectors.configOf(from);
            } else if (!vectors.exists(from)) {
                throw QuiverException.notFound("Not found: Collection " + from + " not found");
            } else {
                lc = vectors.configOf(from);
            }
            if (ids.isEmpty()) {
                vectors.checkVectorNames(lc, List.of(vectorName));
            }
        }
        List<Vec> raw = new ArrayList<>();
        for (ExampleQuery.Example e : examples) {
            raw.add(e.byId() ? null : rawVec(space, e));
        }
        if (ids.isEmpty()) {
            return Future.succeededFuture(raw);
        }
        PointId[] distinct = new LinkedHashSet<>(ids).toArray(new PointId[0]);
        boolean sameSpace = lookup == null || (from.equals(name) && vectorName.equals(space.name()));
        return vectors.retrieve(from, distinct, true, false).map(records -> {
            // a missing point is reported before an unknown vector name, as Qdrant does
            for (int i = 0; i < distinct.length; i++) {
                if (records[i] == null) {
                    throw QuiverException.notFound("Not found: No point with id " + distinct[i] + " found");
                }
            }
            vectors.checkVectorNames(vectors.configOf(from), List.of(vectorName));
            Map<PointId, Vec> found = new HashMap<>();
            for (int i = 0; i < distinct.length; i++) {
                Vec v = vectorOf(records[i], vectorName, space);
                if (v == null) {
                    throw QuiverException.badRequest("Wrong input: point " + distinct[i] + " has no vector `" + vectorName + "`");
                }
                // a stored vector is already prepared for its own space; one from elsewhere is prepared for ours
                found.put(distinct[i], sameSpace ? v : prepared(space, v));
            }
            List<Vec> out = new ArrayList<>(raw.size());
            for (int i = 0; i < examples.size(); i++) {
                out.add(examples.get(i).byId() ? found.get(examples.get(i).id()) : raw.get(i));
            }
            return out;
        });
    }

    /** A record's vector {@code vectorName} read as the kind of {@code space}, or null when it has none. */
    private static Vec vectorOf(PointRecord r, String vectorName, Space space) {
        if (r.vectors() == null) {
            return vectorName.isEmpty() && r.vector() != null ? checkedKind(space, new Vec(r.vector(), null, null)) : null;
        }
        float[] d = r.vectors().dense().get(vectorName);
        if (d != null) {
            return checkedKind(space, new Vec(d, null, null));
        }
        SparseVector s = r.vectors().sparse().get(vectorName);
        if (s != null) {
            return checkedKind(space, new Vec(null, s, null));
        }
        float[][] m = r.vectors().multi().get(vectorName);
        return m == null ? null : checkedKind(space, new Vec(null, null, m));
    }

    private static Vec checkedKind(Space space, Vec v) {
        boolean ok = space.sparse() != null ? v.sparse() != null
                : space.multi() ? (v.multi() != null || v.dense() != null) : v.dense() != null;
        if (!ok) {
            throw QuiverException.badRequest("Wrong input: an example's vector is not of the kind of vector `" + space.name() + "`");
        }
        if (space.multi() && v.dense() != null) {
            return new Vec(null, null, new float[][]{v.dense()});
        }
        if (v.dense() != null && v.dense().length != space.dense().dimension()) {
            throw QuiverException.badRequest("Wrong input: Vector dimension error: expected dim: " + space.dense().dimension()
                    + ", got " + v.dense().length);
        }
        return v;
    }

    private static Vec rawVec(Space space, ExampleQuery.Example e) {
        return prepared(space, checkedKind(space, new Vec(e.dense(), e.sparse(), e.multi())));
    }

    private static Vec prepared(Space space, Vec v) {
        if (v.dense() != null) {
            checkFinite(space, v.dense());
            return new Vec(space.dense().metric().prepare(v.dense()), null, null);
        }
        if (v.multi() != null) {
            float[][] rows = new float[v.multi().length][];
            for (int i = 0; i < rows.length; i++) {
                checkFinite(space, v.multi()[i]);
                rows[i] = space.dense().metric().prepare(v.multi()[i]);
            }
            return new Vec(null, null, rows);
        }
        return v;
    }

    private static void checkFinite(Space space, float[] v) {
        if (v.length != space.dense().dimension()) {
            throw QuiverException.badRequest("Wrong input: Vector dimension error: expected dim: " + space.dense().dimension()
                    + ", got " + v.length);
        }
        try {
            Vectors.check(v, v.length);
        } catch (IllegalArgumentException ex) {
            throw QuiverException.badRequest("an example: " + ex.getMessage());
        }
    }

    // ---- average_vector ----

    /** {@code avg(pos)}, or {@code avg(pos) + (avg(pos) - avg(neg))} with negatives (multivectors: rows joined, negatives negated). */
    private static Vec average(Space space, List<Vec> pos, List<Vec> neg) {
        if (space.sparse() != null) {
            Map<Integer, Float> p = sparseAvg(pos);
            if (!neg.isEmpty()) {
                Map<Integer, Float> n = sparseAvg(neg);
                Map<Integer, Float> merged = new java.util.TreeMap<>();
                p.forEach((k, v) -> merged.put(k, 2 * v));
                n.forEach((k, v) -> merged.merge(k, -v, Float::sum));
                p = merged;
            }
            int[] idx = new int[p.size()];
            float[] val = new float[p.size()];
            int i = 0;
            for (Map.Entry<Integer, Float> e : new java.util.TreeMap<>(p).entrySet()) {
                idx[i] = e.getKey();
                val[i++] = e.getValue();
            }
            return new Vec(null, new SparseVector(idx, val), null);
        }
        if (space.multi()) {
            List<float[]> rows = new ArrayList<>();
            pos.forEach(v -> rows.addAll(List.of(v.multi())));
            for (Vec v : neg) {
                for (float[] row : v.multi()) {
                    float[] negated = new float[row.length];
                    for (int j = 0; j < row.length; j++) {
                        negated[j] = -row[j];
                    }
                    rows.add(negated);
                }
            }
            return new Vec(null, null, rows.toArray(new float[0][]));
        }
        float[] p = denseAvg(pos);
        if (!neg.isEmpty()) {
            float[] n = denseAvg(neg);
            for (int j = 0; j < p.length; j++) {
                p[j] = p[j] + p[j] - n[j];
            }
        }
        return new Vec(p, null, null);
    }

    private static float[] denseAvg(List<Vec> vs) {
        float[] sum = new float[vs.get(0).dense().length];
        for (Vec v : vs) {
            for (int j = 0; j < sum.length; j++) {
                sum[j] += v.dense()[j];
            }
        }
        for (int j = 0; j < sum.length; j++) {
            sum[j] /= vs.size();
        }
        return sum;
    }

    private static Map<Integer, Float> sparseAvg(List<Vec> vs) {
        Map<Integer, Float> sum = new java.util.TreeMap<>();
        for (Vec v : vs) {
            for (int j = 0; j < v.sparse().size(); j++) {
                sum.merge(v.sparse().indices()[j], v.sparse().values()[j], Float::sum);
            }
        }
        sum.replaceAll((k, v) -> v / vs.size());
        return sum;
    }

    // ---- the scores (Qdrant's formulas) ----

    /** A candidate's score under the query; higher is better. */
    interface Scorer {
        float score(Vec candidate);
    }

    /** The similarity of a candidate to an example, in Qdrant's internal scale (Euclid: minus the squared distance). */
    private static float similarity(Metric metric, Vec example, Vec candidate) {
        VectorKernels k = VectorKernels.active();
        if (example.sparse() != null) {
            return example.sparse().dot(candidate.sparse());
        }
        if (example.multi() != null) {
            return Vectors.maxSim(k, metric, example.multi(), candidate.multi());
        }
        return metric.rank(k, example.dense(), candidate.dense());
    }

    private static Scorer scorer(ExampleQuery q, List<Vec> resolved, Space space) {
        Metric m = space.dense() == null ? Metric.DOT : space.dense().metric();
        return switch (q) {
            case ExampleQuery.Recommend r -> {
                List<Vec> pos = resolved.subList(0, r.positive().size());
                List<Vec> neg = resolved.subList(r.positive().size(), resolved.size());
                if (r.strategy() == ExampleQuery.Strategy.SUM_SCORES) {
                    yield c -> {
                        float s = 0;
                        for (Vec p : pos) {
                            s += similarity(m, p, c);
                        }
                        for (Vec n : neg) {
                            s -= similarity(m, n, c);
                        }
                        return s;
                    };
                }
                yield c -> {
                    float maxPos = Float.NEGATIVE_INFINITY, maxNeg = Float.NEGATIVE_INFINITY;
                    for (Vec p : pos) {
                        maxPos = Math.max(maxPos, similarity(m, p, c));
                    }
                    for (Vec n : neg) {
                        maxNeg = Math.max(maxNeg, similarity(m, n, c));
                    }
                    return maxPos > maxNeg ? scaledSigmoid(maxPos) : -scaledSigmoid(maxNeg);
                };
            }
            case ExampleQuery.Discover d -> {
                Vec target = resolved.get(0);
                List<Vec> pairs = resolved.subList(1, resolved.size());
                yield c -> {
                    int rank = 0;
                    for (int i = 0; i < pairs.size(); i += 2) {
                        // +1 on the positive's side of the pair, -1 on the negative's, 0 on the border
                        rank += Integer.signum(Float.compare(similarity(m, pairs.get(i), c), similarity(m, pairs.get(i + 1), c)));
                    }
                    return rank + scaledSigmoid(similarity(m, target, c));
                };
            }
            case ExampleQuery.Feedback f -> {
                Vec target = resolved.get(0);
                Integer[] order = new Integer[f.items().size()];
                for (int i = 0; i < order.length; i++) {
                    order[i] = i;
                }
                java.util.Arrays.sort(order, (i, j) -> Float.compare(f.scores()[j], f.scores()[i])); // highest feedback first
                List<Vec[]> pairs = new ArrayList<>();
                List<Float> weights = new ArrayList<>();
                for (int front = 0, back = order.length - 1;
                     front < back && pairs.size() < Math.min(ExampleQuery.Feedback.MAX_PAIRS, order.length / 2); front++, back--) {
                    pairs.add(new Vec[]{resolved.get(1 + order[front]), resolved.get(1 + order[back])});
                    float confidence = f.scores()[order[front]] - f.scores()[order[back]];
                    weights.add((float) Math.pow(confidence, f.b()) * f.c());
                }
                yield c -> {
                    float s = f.a() * similarity(m, target, c);
                    for (int i = 0; i < pairs.size(); i++) {
                        s += weights.get(i) * (similarity(m, pairs.get(i)[0], c) - similarity(m, pairs.get(i)[1], c));
                    }
                    return s;
                };
            }
            case ExampleQuery.Context x -> c -> {
                float loss = 0;
                for (int i = 0; i < resolved.size(); i += 2) {
                    float diff = similarity(m, resolved.get(i), c) - similarity(m, resolved.get(i + 1), c) - Math.ulp(1f);
                    loss += sigmoid(Math.min(diff, 0));
                }
                return loss;
            };
        };
    }

    /** {@code x / (1 + |x|)}: Qdrant's fast sigmoid, in (-1, 1). */
    static float sigmoid(float x) {
        return x / (1 + Math.abs(x));
    }

    /** The fast sigmoid moved to (0, 1). */
    static float scaledSigmoid(float x) {
        return 0.5f * (sigmoid(x) + 1);
    }
}
