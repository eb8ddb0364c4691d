package io.quiver.http;

import io.quiver.error.QuiverException;
import io.quiver.service.vector.ExampleQuery;
import io.quiver.vector.VectorSchema;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.List;

/**
 * Qdrant's JSON for queries by examples: {@code {"recommend": {"positive", "negative", "strategy"}}},
 * {@code {"discover": {"target", "context"}}}, {@code {"context": pairs}} and {@code lookup_from};
 * an example is a point id or a vector (dense array, matrix, or {@code {"indices", "values"}}).
 */
final class QdrantExamplesJson {
    private QdrantExamplesJson() {
    }

    /** Whether a {@code query} value is one of these kinds. */
    static boolean isExampleQuery(Object q) {
        return q instanceof JsonObject o && (o.containsKey("recommend") || o.containsKey("discover") || o.containsKey("context")
                || o.containsKey("relevance_feedback"));
    }

    static ExampleQuery parse(JsonObject query, String field) {
        if (query.getValue("recommend") != null) {
            if (!(query.getValue("recommend") instanceof JsonObject r)) {
                throw QuiverException.badRequest("Format error in JSON body: " + field + ".recommend must be an object");
            }
            return recommend(r, field + ".recommend");
        }
        if (query.getValue("discover") != null) {
            if (!(query.getValue("discover") instanceof JsonObject d)) {
                throw QuiverException.badRequest("Format error in JSON body: " + field + ".discover must be an object");
            }
            if (d.getValue("target") == null) {
                throw QuiverException.badRequest("Format error in JSON body: " + field + ".discover: missing field `target`");
            }
            return new ExampleQuery.Discover(example(d.getValue("target"), field + ".discover.target"),
                    pairs(d.getValue("context"), field + ".discover.context"));
        }
        if (query.getValue("relevance_feedback") != null) {
            if (!(query.getValue("relevance_feedback") instanceof JsonObject f)) {
                throw QuiverException.badRequest("Format error in JSON body: " + field + ".relevance_feedback must be an object");
            }
            return feedback(f, field + ".relevance_feedback");
        }
        return new ExampleQuery.Context(pairs(query.getValue("context"), field + ".context"));
    }

    /**
     * {@code {"target", "feedback": [{"example", "score"}], "strategy": {"naive": {"a", "b", "c"}}}}:
     * Qdrant's relevance feedback (see {@link ExampleQuery.Feedback}); {@code b} at least 0.
     */
    private static ExampleQuery.Feedback feedback(JsonObject f, String field) {
        for (String k : f.fieldNames()) {
            if (!List.of("target", "feedback", "strategy").contains(k)) {
                throw QuiverException.badRequest("Format error in JSON body: " + field + ": unknown field `" + k + "`");
            }
        }
        for (String k : List.of("target", "feedback", "strategy")) {
            if (f.getValue(k) == null) {
                throw QuiverException.badRequest("Format error in JSON body: " + field + ": missing field `" + k + "`");
            }
        }
        if (!(f.getValue("feedback") instanceof JsonArray items)) {
            throw QuiverException.badRequest("Format error in JSON body: " + field + ".feedback must be a list of {\"example\", \"score\"}");
        }
        List<ExampleQuery.Example> examples = new ArrayList<>();
        float[] scores = new float[items.size()];
        for (int i = 0; i < items.size(); i++) {
            String at = field + ".feedback[" + i + "]";
            if (!(items.getValue(i) instanceof JsonObject item) || item.getValue("example") == null
                    || !(item.getValue("score") instanceof Number score)) {
                throw QuiverException.badRequest("Format error in JSON body: " + at + " must be {\"example\", \"score\"}");
            }
            examples.add(example(item.getValue("example"), at + ".example"));
            scores[i] = score.floatValue();
        }
        if (!(f.getValue("strategy") instanceof JsonObject s) || s.size() != 1 || !(s.getValue("naive") instanceof JsonObject naive)) {
            throw QuiverException.badRequest("Format error in JSON body: " + field + ".strategy: expected {\"naive\": {\"a\", \"b\", \"c\"}}");
        }
        float[] abc = new float[3];
        for (int i = 0; i < 3; i++) {
            String k = "abc".substring(i, i + 1);
            if (!(naive.getValue(k) instanceof Number n)) {
                throw QuiverException.badRequest("Format error in JSON body: " + field + ".strategy.naive: missing field `" + k + "`");
            }
            abc[i] = n.floatValue();
        }
        if (abc[1] < 0) {
            throw QuiverException.badRequest("Validation error in JSON body: [internal." + field + ".strategy.naive.b: value "
                    + naive.getValue("b") + " invalid, must be 0.0 or larger]");
        }
        return new ExampleQuery.Feedback(example(f.getValue("target"), field + ".target"), examples, scores, abc[0], abc[1], abc[2]);
    }

    /** The older endpoints' and the query's recommend object. */
    static ExampleQuery.Recommend recommend(JsonObject r, String field) {
        ExampleQuery.Strategy strategy = ExampleQuery.Strategy.AVERAGE_VECTOR;
        Object s = r.getValue("strategy");
        if (s != null) {
            try {
                strategy = ExampleQuery.Strategy.parse(String.valueOf(s));
            } catch (IllegalArgumentException e) {
                throw QuiverException.badRequest("Format error in JSON body: " + field + ".strategy: " + e.getMessage());
            }
        }
        return new ExampleQuery.Recommend(examples(r.getValue("positive"), field + ".positive"),
                examples(r.getValue("negative"), field + ".negative"), strategy);
    }

    static List<ExampleQuery.Example> examples(Object raw, String field) {
        List<ExampleQuery.Example> out = new ArrayList<>();
        if (raw == null) {
            return out;
        }
        if (!(raw instanceof JsonArray a)) {
            throw QuiverException.badRequest("Format error in JSON body: " + field + " must be a list of point ids or vectors");
        }
        for (int i = 0; i < a.size(); i++) {
            out.add(example(a.getValue(i), field + "[" + i + "]"));
        }
        return out;
    }

    /** Context pairs: a list of {@code {"positive", "negative"}}, or one such object. */
    static List<ExampleQuery.Pair> pairs(Object raw, String field) {
        List<ExampleQuery.Pair> out = new ArrayList<>();
        if (raw == null) {
            return out;
        }
        JsonArray list = raw instanceof JsonObject o ? new JsonArray().add(o) : raw instanceof JsonArray a ? a : null;
        if (list == null) {
            throw QuiverException.badRequest("Format error in JSON body: " + field + " must be a list of {\"positive\", \"negative\"} pairs");
        }
        for (int i = 0; i < list.size(); i++) {
            if (!(list.getValue(i) instanceof JsonObject p) || p.getValue("positive") == null || p.getValue("negative") == null) {
                throw QuiverException.badRequest("Format error in JSON body: " + field + "[" + i
                        + "] must be a pair {\"positive\", \"negative\"}");
            }
            out.add(new ExampleQuery.Pair(example(p.getValue("positive"), field + "[" + i + "].positive"),
                    example(p.getValue("negative"), field + "[" + i + "].negative")));
        }
        return out;
    }

    static ExampleQuery.Example example(Object raw, String field) {
        if (raw instanceof JsonArray || (raw instanceof JsonObject o && o.containsKey("indices"))) {
            QdrantVectorsJson.QueryVector v = QdrantVectorsJson.queryValue(raw, VectorSchema.UNNAMED, field);
            return new ExampleQuery.Example(null, v.dense(), v.sparse(), v.multi());
        }
        if (raw instanceof String || raw instanceof Number) {
            return ExampleQuery.Example.of(QdrantJson.id(raw, field));
        }
        throw QuiverException.badRequest("Format error in JSON body: " + field + " must be a point id or a vector");
    }

    /** {@code lookup_from}: {@code {"collection", "vector"?}}, or null. */
    static ExampleQuery.Lookup lookup(JsonObject body, String field) {
        Object raw = body.getValue("lookup_from");
        if (raw == null) {
            return null;
        }
        if (!(raw instanceof JsonObject o) || !(o.getValue("collection") instanceof String c)) {
            throw QuiverException.badRequest("Format error in JSON body: " + field + "lookup_from must be {\"collection\", \"vector\"}");
        }
        Object v = o.getValue("vector");
        if (v != null && !(v instanceof String)) {
            throw QuiverException.badRequest("Format error in JSON body: " + field + "lookup_from.vector must be a vector name");
        }
        return new ExampleQuery.Lookup(c, (String) v);
    }
}
