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
        return q instanceof JsonObject o && (o.containsKey("recommend") || o.containsKey("discover") || o.containsKey("context"));
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
        return new ExampleQuery.Context(pairs(query.getValue("context"), field + ".context"));
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
