package io.quiver.vector.filter;

import io.quiver.vector.PointId;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One condition of a {@link Filter}, evaluated against a payload ({@code root}: the point's parsed
 * payload, or an element of a nested array) and the point. Qdrant's rules: a field condition tests
 * the values its key reaches (arrays flattened) and passes when any value passes; a missing field
 * fails every condition but {@code except} (it has no value to exclude) and {@code values_count}
 * (it counts 0).
 */
public sealed interface Condition permits Filter, Condition.Field, Condition.HasId, Condition.HasVector, Condition.Slice,
        Condition.Expression {
    boolean test(Object root, Candidate point);

    /** A condition on the values of one key. */
    sealed interface Field extends Condition {
        JsonPath key();
    }

    /** {@code match: {value}}: a keyword (string), integer or bool equal to one of the values. */
    record MatchValue(JsonPath key, Object value) implements Field {
        public boolean test(Object root, Candidate point) {
            for (Object v : key.values(root)) {
                if (Values.same(v, value)) {
                    return true;
                }
            }
            return false;
        }
    }

    /** {@code match: {any: [...]}}: a value among the given strings or integers. */
    record MatchAny(JsonPath key, List<Object> any) implements Field {
        public MatchAny {
            any = List.copyOf(any);
        }

        public boolean test(Object root, Candidate point) {
            for (Object v : key.values(root)) {
                for (Object a : any) {
                    if (Values.same(v, a)) {
                        return true;
                    }
                }
            }
            return false;
        }
    }

    /** {@code match: {except: [...]}}: a value not among the given ones (a missing field passes). */
    record MatchExcept(JsonPath key, List<Object> except) implements Field {
        public MatchExcept {
            except = List.copyOf(except);
        }

        public boolean test(Object root, Candidate point) {
            List<Object> values = key.values(root);
            if (values.isEmpty()) {
                List<Object> raw = new ArrayList<>();
                key.collect(root, raw);
                return raw.isEmpty() || raw.get(0) == null; // missing or null: nothing to exclude
            }
            for (Object v : values) {
                boolean excluded = false;
                for (Object e : except) {
                    if (Values.same(v, e)) {
                        excluded = true;
                        break;
                    }
                }
                if (!excluded) {
                    return true;
                }
            }
            return false;
        }
    }

    /**
     * {@code match: {text}} / {@code {phrase}} / {@code {text_any}}: without a full-text index a
     * substring of a string value (Qdrant's rule; {@code text_any} splits into words then); with one
     * ({@code tokens} set by the shard's text index) every token present ({@code text_any}: any),
     * for a phrase in that order and adjacent.
     */
    record MatchText(JsonPath key, String text, boolean phrase, TextTokenizer tokens, boolean anyToken) implements Field {
        public MatchText(JsonPath key, String text, boolean phrase, TextTokenizer tokens) {
            this(key, text, phrase, tokens, false);
        }

        public MatchText withTokenizer(TextTokenizer t) {
            return new MatchText(key, text, phrase, t, anyToken);
        }

        public boolean test(Object root, Candidate point) {
            TextTokenizer t = tokens == null && anyToken ? TextTokenizer.WORD : tokens;
            List<String> query = t == null ? null : t.queryTokens(text);
            for (Object v : key.values(root)) {
                if (v instanceof String s) {
                    if (t == null ? s.contains(text) : anyToken ? t.matchesAny(s, query) : t.matches(s, query, phrase)) {
                        return true;
                    }
                }
            }
            return false;
        }
    }

    /** {@code match: {prefix}}: a string value beginning with the prefix (an empty prefix: any string). */
    record MatchPrefix(JsonPath key, String prefix) implements Field {
        public boolean test(Object root, Candidate point) {
            for (Object v : key.values(root)) {
                if (v instanceof String s && s.startsWith(prefix)) {
                    return true;
                }
            }
            return false;
        }
    }

    /** {@code range}: a number within the bounds (null: unbounded). */
    record Range(JsonPath key, Double gt, Double gte, Double lt, Double lte) implements Field {
        public boolean test(Object root, Candidate point) {
            for (Object v : key.values(root)) {
                if (v instanceof Number n && !(v instanceof Double d && d.isNaN()) && within(n.doubleValue())) {
                    return true;
                }
            }
            return false;
        }

        boolean within(double x) {
            return (gt == null || x > gt) && (gte == null || x >= gte) && (lt == null || x < lt) && (lte == null || x <= lte);
        }
    }

    /** {@code range} with RFC 3339 datetimes: a datetime string within the bounds (microseconds since the epoch). */
    record DatetimeRange(JsonPath key, Long gt, Long gte, Long lt, Long lte) implements Field {
        public boolean test(Object root, Candidate point) {
            for (Object v : key.values(root)) {
                if (v instanceof String s) {
                    Long t = Datetimes.parseOrNull(s);
                    if (t != null && (gt == null || t > gt) && (gte == null || t >= gte) && (lt == null || t < lt)
                            && (lte == null || t <= lte)) {
                        return true;
                    }
                }
            }
            return false;
        }
    }

    /** {@code geo_bounding_box}: a geo point ({@code {lon, lat}}) inside the box (across the antimeridian when left > right). */
    record GeoBox(JsonPath key, double topLeftLon, double topLeftLat, double bottomRightLon, double bottomRightLat)
            implements Field {
        public boolean test(Object root, Candidate point) {
            for (Object v : key.values(root)) {
                double[] p = Geo.point(v);
                if (p != null && Geo.inBox(p, this)) {
                    return true;
                }
            }
            return false;
        }
    }

    /** {@code geo_radius}: a geo point within {@code radius} metres of the centre (haversine). */
    record GeoRadius(JsonPath key, double lon, double lat, double radius) implements Field {
        public boolean test(Object root, Candidate point) {
            for (Object v : key.values(root)) {
                double[] p = Geo.point(v);
                if (p != null && Geo.distance(lon, lat, p[0], p[1]) <= radius) {
                    return true;
                }
            }
            return false;
        }
    }

    /** {@code geo_polygon}: a geo point inside the exterior ring and outside every interior one. */
    record GeoPolygon(JsonPath key, double[][] exterior, List<double[][]> interiors) implements Field {
        public boolean test(Object root, Candidate point) {
            for (Object v : key.values(root)) {
                double[] p = Geo.point(v);
                if (p != null && Geo.inRing(p, exterior)) {
                    boolean inHole = false;
                    for (double[][] hole : interiors) {
                        if (Geo.inRing(p, hole)) {
                            inHole = true;
                            break;
                        }
                    }
                    if (!inHole) {
                        return true;
                    }
                }
            }
            return false;
        }
    }

    /** {@code values_count}: how many values the key holds (an array counts its elements, a missing field 0). */
    record ValuesCount(JsonPath key, Long gt, Long gte, Long lt, Long lte) implements Field {
        public boolean test(Object root, Candidate point) {
            List<Object> raw = new ArrayList<>(2);
            key.collect(root, raw);
            long n = 0;
            for (Object v : raw) {
                n += v instanceof List<?> l ? l.size() : v == null ? 0 : 1;
            }
            return (gt == null || n > gt) && (gte == null || n >= gte) && (lt == null || n < lt) && (lte == null || n <= lte);
        }
    }

    /** {@code is_empty}: the key is missing, null, or an empty array. */
    record IsEmpty(JsonPath key) implements Field {
        public boolean test(Object root, Candidate point) {
            List<Object> raw = new ArrayList<>(2);
            key.collect(root, raw);
            for (Object v : raw) {
                if (v != null && !(v instanceof List<?> l && l.isEmpty())) {
                    return false;
                }
            }
            return true;
        }
    }

    /** {@code is_null}: the key is present with the value null. */
    record IsNull(JsonPath key) implements Field {
        public boolean test(Object root, Candidate point) {
            List<Object> raw = new ArrayList<>(2);
            key.collect(root, raw);
            for (Object v : raw) {
                if (v == null) {
                    return true;
                }
            }
            return false;
        }
    }

    /** {@code has_id}: the point is one of these. */
    record HasId(Set<PointId> ids) implements Condition {
        public HasId {
            ids = Set.copyOf(ids);
        }

        public boolean test(Object root, Candidate point) {
            return ids.contains(point.id());
        }
    }

    /**
     * {@code slice: {total, index}}: the points whose id hashes to {@code index} of {@code total}
     * parts (CRC32 of the id's bytes, modulo total): slices 0..total-1 partition the collection,
     * the same way on every shard and run, so readers can split a scroll between them.
     */
    record Slice(int total, int index) implements Condition {
        public Slice {
            if (total < 1 || index < 0 || index >= total) {
                throw new IllegalArgumentException("a slice needs 0 <= index < total");
            }
        }

        public boolean test(Object root, Candidate point) {
            java.util.zip.CRC32 crc = new java.util.zip.CRC32();
            crc.update(point.id().bytes());
            return crc.getValue() % total == index;
        }
    }

    /** {@code has_vector}: the point has the named vector. */
    record HasVector(String name) implements Condition {
        public boolean test(Object root, Candidate point) {
            return point.hasVector(name);
        }
    }

    /** {@code nested}: some object of the array at {@code key} passes the whole filter (its keys relative to that object). */
    record Nested(JsonPath key, Filter filter) implements Field {
        public boolean test(Object root, Candidate point) {
            for (Object v : key.values(root)) {
                if (v instanceof Map<?, ?> && filter.test(v, point)) {
                    return true;
                }
            }
            return false;
        }
    }

    /** A Redis {@code VSIM ... FILTER} expression: true when it evaluates truthy (an error, e.g. a missing field, is false). */
    record Expression(String source, Expr expr) implements Condition {
        public boolean test(Object root, Candidate point) {
            return Expr.truthy(expr.eval(root));
        }
    }
}
