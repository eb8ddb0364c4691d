package io.quiver.vector.filter;

import io.quiver.vector.PointId;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads a filter in Qdrant's JSON ({@code {"must": [...], "should": [...], "must_not": [...],
 * "min_should": {"conditions": [...], "min_count": n}}}), given as parsed JSON ({@link Payload#parseValue}).
 * Each clause takes one condition or a list. Conditions: a field condition ({@code key} with one of
 * {@code match}, {@code range}, {@code geo_bounding_box}, {@code geo_radius}, {@code geo_polygon},
 * {@code values_count}, {@code is_empty}, {@code is_null}), {@code is_empty}, {@code is_null},
 * {@code has_id}, {@code has_vector}, {@code nested}, or a filter. Anything else, or a known key
 * with a value of the wrong shape, is a {@link FilterException} (the HTTP layer answers 400).
 */
public final class QdrantFilterParser {
    private QdrantFilterParser() {
    }

    /** The filter of a request's {@code filter} value; null gives null (no filter). */
    public static Filter parse(Object json) {
        if (json == null) {
            return null;
        }
        return filter(json, "filter");
    }

    /** One condition (a field condition, {@code has_id}, a nested filter, ...) as a filter of it alone; {@code at} names it in errors. */
    public static Filter conditionFilter(Object json, String at) {
        return Filter.must(condition(json, at));
    }

    private static Filter filter(Object json, String at) {
        Map<String, Object> m = object(json, at);
        for (String k : m.keySet()) {
            if (!k.equals("must") && !k.equals("should") && !k.equals("must_not") && !k.equals("min_should")) {
                throw new FilterException(at + ": unknown field `" + k + "`, expected one of `should`, `min_should`, `must`, `must_not`");
            }
        }
        MinShould ms = null;
        if (m.get("min_should") != null) {
            Map<String, Object> o = object(m.get("min_should"), at + ".min_should");
            Object mc = o.get("min_count");
            if (!(mc instanceof Long n) || n < 0) {
                throw new FilterException(at + ".min_should.min_count: expected a non-negative integer");
            }
            ms = new MinShould(conditions(o.get("conditions"), at + ".min_should.conditions"), (int) (long) n);
        }
        return new Filter(conditions(m.get("must"), at + ".must"), conditions(m.get("should"), at + ".should"),
                conditions(m.get("must_not"), at + ".must_not"), ms == null ? null
                : new Filter.MinShould(ms.conditions, ms.minCount));
    }

    private record MinShould(List<Condition> conditions, int minCount) {
    }

    private static List<Condition> conditions(Object json, String at) {
        if (json == null) {
            return List.of();
        }
        List<Condition> out = new ArrayList<>();
        if (json instanceof List<?> l) {
            for (int i = 0; i < l.size(); i++) {
                out.add(condition(l.get(i), at + "[" + i + "]"));
            }
        } else {
            out.add(condition(json, at));
        }
        return out;
    }

    private static Condition condition(Object json, String at) {
        Map<String, Object> m = object(json, at);
        if (m.containsKey("key")) {
            return field(m, at);
        }
        if (m.size() == 1) {
            String k = m.keySet().iterator().next();
            Object v = m.get(k);
            switch (k) {
                case "is_empty" -> {
                    return new Condition.IsEmpty(key(object(v, at + ".is_empty").get("key"), at + ".is_empty.key"));
                }
                case "is_null" -> {
                    return new Condition.IsNull(key(object(v, at + ".is_null").get("key"), at + ".is_null.key"));
                }
                case "has_id" -> {
                    return new Condition.HasId(ids(v, at + ".has_id"));
                }
                case "has_vector" -> {
                    if (!(v instanceof String s)) {
                        throw new FilterException(at + ".has_vector: expected a vector name");
                    }
                    return new Condition.HasVector(s);
                }
                case "slice" -> {
                    Map<String, Object> sl = object(v, at + ".slice");
                    for (String f : new String[]{"total", "index"}) {
                        if (!(sl.get(f) instanceof Long n) || n < 0 || n > Integer.MAX_VALUE) {
                            throw new FilterException(at + ".slice." + f + ": expected a non-negative integer");
                        }
                    }
                    int total = (int) (long) (Long) sl.get("total"), index = (int) (long) (Long) sl.get("index");
                    if (total == 0) {
                        throw new FilterException(at + ".slice.total: invalid value: integer `0`, expected a nonzero u32");
                    }
                    if (index >= total) {
                        throw new FilterException("Validation error in JSON body: [" + at + ".slice.index: value " + index
                                + " invalid, must be below total " + total + "]");
                    }
                    return new Condition.Slice(total, index);
                }
                case "nested" -> {
                    Map<String, Object> n = object(v, at + ".nested");
                    JsonPath key = key(n.get("key"), at + ".nested.key");
                    if (n.get("filter") == null) {
                        throw new FilterException(at + ".nested: missing field `filter`");
                    }
                    Filter f = filter(n.get("filter"), at + ".nested.filter");
                    checkNoHasId(f, at + ".nested.filter");
                    return new Condition.Nested(key, f);
                }
                default -> {
                }
            }
        }
        if (m.containsKey("must") || m.containsKey("should") || m.containsKey("must_not") || m.containsKey("min_should")) {
            return filter(m, at);
        }
        if (m.isEmpty()) {
            return Filter.ALL;
        }
        throw new FilterException(at + ": data did not match any variant of untagged enum Condition");
    }

    private static void checkNoHasId(Filter f, String at) {
        List<Condition> all = new ArrayList<>(f.must());
        all.addAll(f.should());
        all.addAll(f.mustNot());
        for (Condition c : all) {
            if (c instanceof Condition.HasId) {
                throw new FilterException("Bad request: has_id condition is not supported inside a nested filter (" + at + ")");
            }
        }
    }

    private static Condition field(Map<String, Object> m, String at) {
        JsonPath key = key(m.get("key"), at + ".key");
        List<Condition> parts = new ArrayList<>();
        for (Map.Entry<String, Object> e : m.entrySet()) {
            String k = e.getKey();
            Object v = e.getValue();
            if (k.equals("key") || v == null) {
                continue;
            }
            String here = at + "." + k;
            switch (k) {
                case "match" -> parts.add(match(key, object(v, here), here));
                case "range" -> parts.add(range(key, object(v, here), here));
                case "datetime_range" -> parts.add(datetimeRange(key, object(v, here), here));
                case "geo_bounding_box" -> {
                    Map<String, Object> b = object(v, here);
                    double[] tl = geoPoint(b.get("top_left"), here + ".top_left");
                    double[] br = geoPoint(b.get("bottom_right"), here + ".bottom_right");
                    parts.add(new Condition.GeoBox(key, tl[0], tl[1], br[0], br[1]));
                }
                case "geo_radius" -> {
                    Map<String, Object> r = object(v, here);
                    double[] c = geoPoint(r.get("center"), here + ".center");
                    if (!(r.get("radius") instanceof Number radius)) {
                        throw new FilterException(here + ".radius: expected a number of metres");
                    }
                    parts.add(new Condition.GeoRadius(key, c[0], c[1], radius.doubleValue()));
                }
                case "geo_polygon" -> {
                    Map<String, Object> p = object(v, here);
                    double[][] exterior = ring(p.get("exterior"), here + ".exterior");
                    List<double[][]> holes = new ArrayList<>();
                    if (p.get("interiors") instanceof List<?> l) {
                        for (int i = 0; i < l.size(); i++) {
                            holes.add(ring(l.get(i), here + ".interiors[" + i + "]"));
                        }
                    } else if (p.get("interiors") != null) {
                        throw new FilterException(here + ".interiors: expected a list of rings");
                    }
                    parts.add(new Condition.GeoPolygon(key, exterior, holes));
                }
                case "values_count" -> {
                    Map<String, Object> r = object(v, here);
                    parts.add(new Condition.ValuesCount(key, count(r, "gt", here), count(r, "gte", here),
                            count(r, "lt", here), count(r, "lte", here)));
                }
                case "is_empty" -> {
                    if (!(v instanceof Boolean b)) {
                        throw new FilterException(here + ": expected a boolean");
                    }
                    parts.add(b ? new Condition.IsEmpty(key) : Filter.not(new Condition.IsEmpty(key)));
                }
                case "is_null" -> {
                    if (!(v instanceof Boolean b)) {
                        throw new FilterException(here + ": expected a boolean");
                    }
                    parts.add(b ? new Condition.IsNull(key) : Filter.not(new Condition.IsNull(key)));
                }
                default -> throw new FilterException(at + ": unknown field `" + k + "` in a field condition");
            }
        }
        if (parts.isEmpty()) {
            throw new FilterException("Validation error in JSON body: [" + at
                    + ": At least one field condition must be specified]");
        }
        return parts.size() == 1 ? parts.get(0) : new Filter(parts, List.of(), List.of(), null);
    }

    private static Condition match(JsonPath key, Map<String, Object> m, String at) {
        if (m.size() != 1) {
            throw new FilterException(at + ": data did not match any variant of untagged enum Match");
        }
        String k = m.keySet().iterator().next();
        Object v = m.get(k);
        return switch (k) {
            case "value" -> {
                if (!(v instanceof String || v instanceof Long || v instanceof Boolean)) {
                    throw new FilterException(at + ".value: expected a keyword, integer or bool");
                }
                yield new Condition.MatchValue(key, v);
            }
            case "any" -> new Condition.MatchAny(key, anyList(v, at + ".any"));
            case "except" -> new Condition.MatchExcept(key, anyList(v, at + ".except"));
            case "text", "phrase", "text_any" -> {
                if (!(v instanceof String s)) {
                    throw new FilterException(at + "." + k + ": expected a string");
                }
                yield new Condition.MatchText(key, s, k.equals("phrase"), null, k.equals("text_any"));
            }
            case "prefix" -> {
                if (!(v instanceof String s)) {
                    throw new FilterException(at + ".prefix: expected a string");
                }
                yield new Condition.MatchPrefix(key, s);
            }
            default -> throw new FilterException(at + ": data did not match any variant of untagged enum Match");
        };
    }

    /** {@code any}/{@code except}: all strings or all integers. */
    private static List<Object> anyList(Object v, String at) {
        if (!(v instanceof List<?> l)) {
            throw new FilterException(at + ": expected a list of keywords or integers");
        }
        boolean strings = false, ints = false;
        for (Object o : l) {
            strings |= o instanceof String;
            ints |= o instanceof Long;
            if (!(o instanceof String) && !(o instanceof Long)) {
                throw new FilterException(at + ": expected a list of keywords or integers");
            }
        }
        if (strings && ints) {
            throw new FilterException(at + ": data did not match any variant of untagged enum AnyVariants");
        }
        return new ArrayList<>(l);
    }

    private static Condition range(JsonPath key, Map<String, Object> r, String at) {
        boolean anyString = false;
        for (Map.Entry<String, Object> e : r.entrySet()) {
            checkBound(e.getKey(), at);
            anyString |= e.getValue() instanceof String;
        }
        if (anyString) {
            return datetimeRange(key, r, at);
        }
        return new Condition.Range(key, num(r, "gt", at), num(r, "gte", at), num(r, "lt", at), num(r, "lte", at));
    }

    private static Condition datetimeRange(JsonPath key, Map<String, Object> r, String at) {
        for (String k : r.keySet()) {
            checkBound(k, at);
        }
        return new Condition.DatetimeRange(key, time(r, "gt", at), time(r, "gte", at), time(r, "lt", at), time(r, "lte", at));
    }

    private static void checkBound(String k, String at) {
        if (!k.equals("gt") && !k.equals("gte") && !k.equals("lt") && !k.equals("lte")) {
            throw new FilterException(at + ": unknown field `" + k + "`, expected one of `lt`, `gt`, `gte`, `lte`");
        }
    }

    private static Double num(Map<String, Object> r, String k, String at) {
        Object v = r.get(k);
        if (v == null) {
            return null;
        }
        if (!(v instanceof Number n)) {
            throw new FilterException(at + "." + k + ": expected a number");
        }
        return n.doubleValue();
    }

    private static Long time(Map<String, Object> r, String k, String at) {
        Object v = r.get(k);
        if (v == null) {
            return null;
        }
        Long t = v instanceof String s ? Datetimes.parseOrNull(s) : null;
        if (t == null) {
            throw new FilterException(at + "." + k + ": expected an RFC 3339 datetime, not " + v);
        }
        return t;
    }

    private static Long count(Map<String, Object> r, String k, String at) {
        checkBoundsOnly(r, at);
        Object v = r.get(k);
        if (v == null) {
            return null;
        }
        if (!(v instanceof Long n) || n < 0) {
            throw new FilterException(at + "." + k + ": expected a non-negative integer");
        }
        return n;
    }

    private static void checkBoundsOnly(Map<String, Object> r, String at) {
        for (String k : r.keySet()) {
            checkBound(k, at);
        }
    }

    private static double[] geoPoint(Object v, String at) {
        Map<String, Object> m = object(v, at);
        if (!(m.get("lon") instanceof Number lon) || !(m.get("lat") instanceof Number lat)) {
            throw new FilterException(at + ": expected {\"lon\": number, \"lat\": number}");
        }
        double lo = lon.doubleValue(), la = lat.doubleValue();
        if (lo < -180 || lo > 180 || la < -90 || la > 90) {
            throw new FilterException("Validation error in JSON body: [" + at + ": Wrong format of GeoPoint payload: "
                    + "expected `lat` = " + la + " within [-90;90] and `lon` = " + lo + " within [-180;180]]");
        }
        return new double[]{lo, la};
    }

    private static double[][] ring(Object v, String at) {
        Map<String, Object> m = object(v, at);
        if (!(m.get("points") instanceof List<?> pts)) {
            throw new FilterException(at + ": expected {\"points\": [{\"lon\", \"lat\"}, ...]}");
        }
        if (pts.size() < 4) {
            throw new FilterException("Validation error in JSON body: [" + at
                    + ": polygon invalid, the size must be at least 4]");
        }
        double[][] ring = new double[pts.size()][];
        for (int i = 0; i < ring.length; i++) {
            ring[i] = geoPoint(pts.get(i), at + ".points[" + i + "]");
        }
        if (ring[0][0] != ring[ring.length - 1][0] || ring[0][1] != ring[ring.length - 1][1]) {
            throw new FilterException("Validation error in JSON body: [" + at
                    + ": polygon invalid, the first and the last points should be same to form a closed line]");
        }
        return ring;
    }

    private static Set<PointId> ids(Object v, String at) {
        if (!(v instanceof List<?> l)) {
            throw new FilterException(at + ": expected a list of point ids");
        }
        Set<PointId> out = new LinkedHashSet<>();
        for (Object o : l) {
            try {
                if (o instanceof Long n && n >= 0) {
                    out.add(PointId.of(n));
                } else if (o instanceof String s) {
                    out.add(PointId.of(s));
                } else {
                    throw new FilterException(at + ": a point id is an unsigned integer or a UUID, not " + o);
                }
            } catch (IllegalArgumentException e) {
                throw new FilterException(at + ": " + e.getMessage());
            }
        }
        return out;
    }

    private static JsonPath key(Object v, String at) {
        if (!(v instanceof String s)) {
            throw new FilterException(at + ": expected a payload key");
        }
        return JsonPath.parse(s);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> object(Object v, String at) {
        if (!(v instanceof Map<?, ?> m)) {
            throw new FilterException(at + ": expected an object");
        }
        return (Map<String, Object>) m;
    }
}
