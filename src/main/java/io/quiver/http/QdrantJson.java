package io.quiver.http;

import io.quiver.error.QuiverException;
import io.quiver.service.vector.ScoredPoint;
import io.quiver.service.vector.VectorService;
import io.quiver.vector.PointId;
import io.quiver.vector.PointRecord;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.math.BigInteger;
import java.util.List;
import java.util.Set;

/**
 * Qdrant's JSON shapes, both ways: ids, vectors, payloads and payload selectors from requests; points
 * and scored points for replies. Every malformed value is a 400 that names the field.
 */
final class QdrantJson {
    private static final BigInteger MAX_U64 = new BigInteger("18446744073709551615");

    private QdrantJson() {
    }

    // ---- requests ----

    /** The body as a JSON object (parsed with {@link JsonBodyParser}), or a 400 naming what is wrong. */
    static JsonObject body(io.vertx.ext.web.RoutingContext ctx) {
        JsonObject checked = ctx.get(QdrantRequestFields.BODY_KEY);
        if (checked != null) {
            return checked; // parsed once, by QdrantRequestFields.check
        }
        if (ctx.body() == null || ctx.body().length() == 0) {
            throw QuiverException.badRequest("the request needs a JSON body");
        }
        try {
            if (JsonBodyParser.parse(ctx.body().buffer()) instanceof JsonObject o) {
                return o;
            }
            throw QuiverException.badRequest("the body must be a JSON object");
        } catch (DecodeException e) {
            throw QuiverException.badRequest("malformed JSON body: " + e.getMessage());
        }
    }

    /** An id: an unsigned integer or a string (Qdrant wants UUIDs; Quiver takes any non-empty string). */
    static PointId id(Object raw, String field) {
        if (raw instanceof String s) {
            try {
                return PointId.of(s);
            } catch (IllegalArgumentException e) {
                throw QuiverException.badRequest(field + ": " + e.getMessage());
            }
        }
        if (raw instanceof Number n) {
            BigInteger b;
            if (n instanceof Integer || n instanceof Long || n instanceof Short || n instanceof Byte) {
                b = BigInteger.valueOf(n.longValue());
            } else if (n instanceof BigInteger bi) {
                b = bi;
            } else {
                double d = n.doubleValue();
                if (d != Math.rint(d) || Double.isInfinite(d)) {
                    throw QuiverException.badRequest(field + ": a point id must be an unsigned integer or a string, not " + n);
                }
                b = new java.math.BigDecimal(n.toString()).toBigInteger();
            }
            if (b.signum() < 0 || b.compareTo(MAX_U64) > 0) {
                throw QuiverException.badRequest(field + ": a numeric point id must be between 0 and 2^64-1, not " + b);
            }
            return PointId.of(b.longValue());
        }
        throw QuiverException.badRequest(field + ": a point id must be an unsigned integer or a string");
    }

    static PointId[] ids(Object raw, String field) {
        if (!(raw instanceof JsonArray a)) {
            throw QuiverException.badRequest(field + " must be an array of point ids");
        }
        PointId[] out = new PointId[a.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = id(a.getValue(i), field + "[" + i + "]");
        }
        return out;
    }

    /** A dense vector: a JSON array of numbers (an unnamed-vector object {@code {"": [...]}} is also taken). */
    static float[] vector(Object raw, String field) {
        if (raw instanceof JsonObject o) {
            if (o.size() == 1 && o.containsKey("") ) {
                return vector(o.getValue(""), field);
            }
            if (o.containsKey("vector")) { // a NamedVector {"name": ..., "vector": [...]}
                Object name = o.getValue("name");
                if (name != null && !"".equals(name)) {
                    throw QuiverException.badRequest(field + ": named vectors are not supported (the collection has one unnamed vector)");
                }
                return vector(o.getValue("vector"), field);
            }
            throw QuiverException.badRequest(field + ": named, sparse and multi-vectors are not supported; give an array of numbers");
        }
        if (!(raw instanceof JsonArray a)) {
            throw QuiverException.badRequest(field + " must be an array of numbers");
        }
        if (a.getList() instanceof JsonBodyParser.NumberList numbers && numbers.doubles() != null) {
            double[] d = numbers.doubles();
            float[] v = new float[a.size()];
            for (int i = 0; i < v.length; i++) {
                v[i] = (float) d[i];
            }
            return v;
        }
        float[] v = new float[a.size()];
        for (int i = 0; i < v.length; i++) {
            if (!(a.getValue(i) instanceof Number n)) {
                throw QuiverException.badRequest(field + "[" + i + "] must be a number");
            }
            v[i] = n.floatValue();
        }
        return v;
    }

    /** A payload: a JSON object (kept as its text) or null. */
    static String payload(Object raw, String field) {
        if (raw == null) {
            return null;
        }
        if (!(raw instanceof JsonObject o)) {
            throw QuiverException.badRequest(field + " must be a JSON object");
        }
        return o.encode();
    }

    /** A request's {@code filter} (null when absent): the one place filters are read. */
    static io.quiver.vector.filter.Filter filter(JsonObject body) {
        return filterOf(body.getValue("filter"));
    }

    /** A filter in Qdrant's JSON; a bad one is a 400 in Qdrant's words. */
    static io.quiver.vector.filter.Filter filterOf(Object raw) {
        if (raw == null) {
            return null;
        }
        if (!(raw instanceof JsonObject o)) {
            throw QuiverException.badRequest("Format error in JSON body: filter: invalid type, expected struct Filter");
        }
        try {
            return io.quiver.vector.filter.QdrantFilterParser.parse(io.quiver.vector.filter.Payload.parseValue(o.encode()));
        } catch (io.quiver.vector.filter.FilterException e) {
            String m = e.getMessage();
            throw QuiverException.badRequest(m.startsWith("Validation error") || m.startsWith("Bad request")
                    ? m : "Format error in JSON body: " + m);
        }
    }

    /** Qdrant's {@code order_by}: a payload key, descending or not, and where to start (a number, or a datetime in epoch micros). */
    record OrderBy(String key, boolean descending, Double startFrom) {
    }

    /**
     * {@code order_by} as a key or {@code {"key", "direction", "start_from"}}, for scroll and for the
     * Query API alike; {@code path} names it in errors (Qdrant's "Format error in JSON body" words).
     */
    static OrderBy orderBy(Object raw, String path) {
        if (raw instanceof String key) {
            return new OrderBy(key, false, null);
        }
        if (!(raw instanceof JsonObject o) || !(o.getValue("key") instanceof String key)) {
            throw QuiverException.badRequest("Format error in JSON body: " + path
                    + ": expected a key or {\"key\", \"direction\", \"start_from\"}");
        }
        Object dir = o.getValue("direction");
        if (dir != null && !"asc".equals(dir) && !"desc".equals(dir)) {
            throw QuiverException.badRequest("Format error in JSON body: " + path + ".direction: unknown variant `" + dir
                    + "`, expected `asc` or `desc`");
        }
        Object from = o.getValue("start_from");
        Double start = null;
        if (from instanceof Number n) {
            start = n.doubleValue();
        } else if (from instanceof String t) {
            Long micros = io.quiver.vector.filter.Datetimes.parseOrNull(t);
            if (micros == null) {
                throw QuiverException.badRequest("Format error in JSON body: " + path
                        + ".start_from: not a number or an RFC 3339 datetime");
            }
            start = (double) micros;
        } else if (from != null) {
            throw QuiverException.badRequest("Format error in JSON body: " + path + ".start_from: expected a number or a datetime");
        }
        return new OrderBy(key, "desc".equals(dir), start);
    }

    static int integer(JsonObject body, String field, int def) {
        Object v = body.getValue(field);
        if (v == null) {
            return def;
        }
        if (!(v instanceof Number n) || n.doubleValue() != Math.rint(n.doubleValue())
                || n.doubleValue() > Integer.MAX_VALUE || n.doubleValue() < Integer.MIN_VALUE) {
            throw QuiverException.badRequest(field + " must be an integer");
        }
        return n.intValue();
    }

    static Float number(JsonObject body, String field) {
        Object v = body.getValue(field);
        if (v == null) {
            return null;
        }
        if (!(v instanceof Number n)) {
            throw QuiverException.badRequest(field + " must be a number");
        }
        return n.floatValue();
    }

    static boolean bool(JsonObject body, String field, boolean def) {
        Object v = body.getValue(field);
        if (v == null) {
            return def;
        }
        if (!(v instanceof Boolean b)) {
            throw QuiverException.badRequest(field + " must be true or false");
        }
        return b;
    }

    static JsonObject object(JsonObject body, String field) {
        Object v = body.getValue(field);
        if (v == null) {
            return null;
        }
        if (!(v instanceof JsonObject o)) {
            throw QuiverException.badRequest(field + " must be a JSON object");
        }
        return o;
    }

    static JsonObject parseObject(String text) {
        try {
            return new JsonObject(text);
        } catch (DecodeException e) {
            throw QuiverException.badRequest("malformed JSON: " + e.getMessage());
        }
    }

    // ---- payload and vector selectors (with_payload, with_vector) ----

    /**
     * Qdrant's {@code with_payload}: true/false, a list of fields to include, or
     * {@code {"include": [...]}} / {@code {"exclude": [...]}}.
     */
    record PayloadSelector(boolean wanted, Set<String> include, Set<String> exclude) {
        static final PayloadSelector NONE = new PayloadSelector(false, null, null);
        static final PayloadSelector ALL = new PayloadSelector(true, null, null);

        static PayloadSelector of(Object raw, boolean def) {
            if (raw == null) {
                return def ? ALL : NONE;
            }
            if (raw instanceof Boolean b) {
                return b ? ALL : NONE;
            }
            if (raw instanceof JsonArray a) {
                return new PayloadSelector(true, strings(a, "with_payload"), null);
            }
            if (raw instanceof JsonObject o && o.getValue("include") instanceof JsonArray a) {
                return new PayloadSelector(true, strings(a, "with_payload.include"), null);
            }
            if (raw instanceof JsonObject o && o.getValue("exclude") instanceof JsonArray a) {
                return new PayloadSelector(true, null, strings(a, "with_payload.exclude"));
            }
            throw QuiverException.badRequest("with_payload must be true, false, a list of fields, {\"include\": [...]} or {\"exclude\": [...]}");
        }

        JsonObject apply(String payload) {
            if (payload != null && include != null) {
                payload = io.quiver.vector.filter.PayloadEdit.select(payload, List.copyOf(include)); // paths: "country.name"
            }
            if (payload != null && exclude != null) {
                payload = io.quiver.vector.filter.PayloadEdit.deleteKeys(payload, List.copyOf(exclude));
            }
            if (payload == null) {
                return new JsonObject();
            }
            try {
                return new JsonObject(payload);
            } catch (io.vertx.core.json.DecodeException | ClassCastException e) {
                return new JsonObject(); // a vector set's attribute may be any text (Redis's rule): no payload for Qdrant
            }
        }

        private static Set<String> strings(JsonArray a, String field) {
            java.util.HashSet<String> out = new java.util.HashSet<>();
            for (Object o : a) {
                if (!(o instanceof String s)) {
                    throw QuiverException.badRequest(field + " must list field names");
                }
                out.add(s);
            }
            return out;
        }
    }

    /** Qdrant's {@code with_vector}: true/false, or a list of vector names (any name means the one vector). */
    static boolean withVector(Object raw) {
        if (raw == null) {
            return false;
        }
        if (raw instanceof Boolean b) {
            return b;
        }
        if (raw instanceof JsonArray a) {
            return !a.isEmpty();
        }
        throw QuiverException.badRequest("with_vector must be true, false or a list of vector names");
    }

    // ---- replies ----

    static Object idJson(PointId id) {
        if (!id.isNumber()) {
            return id.text();
        }
        long n = id.number();
        return n >= 0 ? (Object) n : new BigInteger(Long.toUnsignedString(n));
    }

    static JsonArray vectorJson(float[] v) {
        JsonArray a = new JsonArray(new java.util.ArrayList<>(v.length));
        for (float f : v) {
            a.add(f);
        }
        return a;
    }

    /** A Record: {@code {"id", "payload"?, "vector"?}}. */
    static JsonObject record(PointRecord r, PayloadSelector payload, QdrantVectorsJson.VectorSelector withVector) {
        JsonObject o = new JsonObject().put("id", idJson(r.id()));
        if (payload.wanted()) {
            o.put("payload", payload.apply(r.payload()));
        }
        Object v = QdrantVectorsJson.vectorJson(r, withVector);
        if (v != null) {
            o.put("vector", v);
        }
        return o;
    }

    /** A ScoredPoint: {@code {"id", "version", "score", "payload"?, "vector"?}}. */
    static JsonObject scored(ScoredPoint p, PayloadSelector payload, QdrantVectorsJson.VectorSelector withVector) {
        JsonObject o = new JsonObject().put("id", idJson(p.id())).put("version", 0).put("score", p.score());
        if (payload.wanted() && p.record() != null) {
            o.put("payload", payload.apply(p.record().payload()));
        }
        Object v = p.record() == null ? null : QdrantVectorsJson.vectorJson(p.record(), withVector);
        if (v != null) {
            o.put("vector", v);
        }
        return o;
    }
}
