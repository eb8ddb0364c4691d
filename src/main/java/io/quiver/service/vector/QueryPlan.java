package io.quiver.service.vector;

import java.util.List;

/**
 * Qdrant's universal query as a tree: a stage either searches (its {@link VectorQuery}; with
 * prefetches it rescores only the points they found) or fuses its prefetches' result lists by rank
 * (RRF) or by normalised score (DBSF). Each stage keeps its own limit, offset and score threshold;
 * only the root's {@code with_payload}/{@code with_vector} matter.
 */
public sealed interface QueryPlan {
    List<QueryPlan> prefetch();

    int limit();

    int offset();

    Float scoreThreshold();

    /** A nearest-neighbour stage: over the whole collection, or over its prefetches' points. */
    record Nearest(VectorQuery query, List<QueryPlan> prefetch) implements QueryPlan {
        public int limit() { return query.limit(); }

        public int offset() { return query.offset(); }

        public Float scoreThreshold() { return query.scoreThreshold(); }
    }

    /**
     * A fusion of the prefetches' lists. RRF scores a point {@code sum of w / ((rank + 1) + w * (k - 1))}
     * over the lists holding it (rank from 0; Qdrant's default k is 2, weights 1); DBSF normalises each
     * list's scores to [0, 1] by mean +- 3 standard deviations and sums them.
     *
     * @param weights one per prefetch, or null for all 1
     */
    record Fusion(Kind kind, int k, double[] weights, List<QueryPlan> prefetch, int limit, int offset,
                  Float scoreThreshold) implements QueryPlan {
        public enum Kind { RRF, DBSF }
    }

    /**
     * A query by examples (recommend, discover, context): over the whole collection, or over its
     * prefetches' points. {@code base} carries the stage's space ({@code using}), filter, limit,
     * offset, threshold and search params; its vector is null.
     *
     * @param lookup where examples given by id are found, or null for this collection
     */
    record Examples(ExampleQuery query, ExampleQuery.Lookup lookup, VectorQuery base, List<QueryPlan> prefetch)
            implements QueryPlan {
        public int limit() { return base.limit(); }

        public int offset() { return base.offset(); }

        public Float scoreThreshold() { return base.scoreThreshold(); }
    }

    /**
     * A stage without a query: the first points passing the filter in id order (score 0), as
     * Qdrant's prefetch without a query gives them.
     */
    record Scroll(io.quiver.vector.filter.Filter filter, int limit, int offset) implements QueryPlan {
        public List<QueryPlan> prefetch() { return List.of(); }

        public Float scoreThreshold() { return null; }
    }

    /** Points ordered by a payload value (Qdrant's {@code order_by}); scores are 0. */
    record OrderBy(String key, boolean descending, Double startFrom, io.quiver.vector.filter.Filter filter, int limit,
                   int offset, List<QueryPlan> prefetch) implements QueryPlan {
        public Float scoreThreshold() { return null; }
    }

    /** Points drawn at random (Qdrant's {@code sample: random}); scores are 0. */
    record Sample(io.quiver.vector.filter.Filter filter, int limit, int offset, List<QueryPlan> prefetch) implements QueryPlan {
        public Float scoreThreshold() { return null; }
    }

    /**
     * The prefetches' points rescored by Qdrant's score-boosting formula ({@link io.quiver.vector.filter.ScoreFormula}),
     * highest first; {@code $score[i]} is a point's score in prefetch i.
     */
    record Formula(io.quiver.vector.filter.ScoreFormula formula, int limit, int offset, Float scoreThreshold,
                   List<QueryPlan> prefetch) implements QueryPlan {
    }

    /**
     * A nearest query re-ranked for diversity (Qdrant's {@code mmr}): its best {@code candidates}
     * points, chosen one by one trading relevance against similarity to those chosen before.
     *
     * @param diversity 0 (relevance only) to 1 (diversity only)
     */
    record Mmr(VectorQuery nearest, float diversity, int candidates, List<QueryPlan> prefetch) implements QueryPlan {
        public int limit() { return nearest.limit(); }

        public int offset() { return nearest.offset(); }

        public Float scoreThreshold() { return nearest.scoreThreshold(); }
    }
}
