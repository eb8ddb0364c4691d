package io.quiver.service.vector;

import io.quiver.error.QuiverException;
import io.quiver.vector.filter.FilterException;
import io.quiver.vector.filter.JsonPath;
import io.quiver.vector.filter.Payload;
import io.vertx.core.Future;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.IntFunction;

/**
 * Qdrant's search groups ({@code group_by}, {@code group_size}, {@code limit} groups): the ranked
 * results are read best first; a point joins the group of each of its values at {@code group_by}
 * (strings and integers; arrays give one group per element, other values none); the first
 * {@code limit} distinct values are the groups, each keeping its best {@code group_size} points. When
 * the groups are not full after a round, the ranking is asked again for twice as many points, up to
 * {@code maxPoints} (vector-max-limit): past that, groups may hold fewer points than asked.
 */
public final class PointGrouping {
    private PointGrouping() {
    }

    /** One group: its value ({@code String} or {@code Long}) and its points, best first. */
    public record Group(Object id, List<ScoredPoint> hits) {
    }

    /**
     * @param ranked the query's results for a limit, best first, with payloads
     */
    static Future<List<Group>> groups(IntFunction<Future<List<ScoredPoint>>> ranked, String groupBy, int groupSize,
                                      int limit, int maxPoints) {
        if (groupSize < 1 || limit < 1) {
            throw QuiverException.badRequest("Validation error in JSON body: [group_size and limit must be at least 1]");
        }
        JsonPath path;
        try {
            path = JsonPath.parse(groupBy);
        } catch (FilterException e) {
            throw QuiverException.badRequest("Format error in JSON body: group_by: " + e.getMessage());
        }
        int first = (int) Math.min(maxPoints, Math.max(16L, 2L * limit * groupSize));
        return round(ranked, path, groupSize, limit, first, maxPoints);
    }

    private static Future<List<Group>> round(IntFunction<Future<List<ScoredPoint>>> ranked, JsonPath path, int groupSize,
                                             int limit, int asked, int maxPoints) {
        return ranked.apply(asked).compose(points -> {
            Map<Object, List<ScoredPoint>> groups = new LinkedHashMap<>();
            for (ScoredPoint p : points) {
                Object root = Payload.parse(p.record() == null ? null : p.record().payload());
                for (Object v : path.values(root)) {
                    Object key = groupKey(v);
                    if (key == null) {
                        continue;
                    }
                    List<ScoredPoint> hits = groups.get(key);
                    if (hits == null) {
                        if (groups.size() >= limit) {
                            continue;
                        }
                        hits = new ArrayList<>();
                        groups.put(key, hits);
                    }
                    if (hits.size() < groupSize && !hits.contains(p)) {
                        hits.add(p);
                    }
                }
            }
            boolean full = groups.size() == limit && groups.values().stream().allMatch(h -> h.size() == groupSize);
            if (!full && points.size() >= asked && asked < maxPoints) {
                return round(ranked, path, groupSize, limit, (int) Math.min(maxPoints, 2L * asked), maxPoints);
            }
            List<Group> out = new ArrayList<>();
            groups.forEach((k, v) -> out.add(new Group(k, v)));
            return Future.succeededFuture(out);
        });
    }

    /** A value that names a group: a string or an integer (floats, booleans, objects, nulls name none). */
    private static Object groupKey(Object v) {
        if (v instanceof String s) {
            return s;
        }
        if (v instanceof Long || v instanceof Integer || v instanceof Short || v instanceof java.math.BigInteger) {
            return ((Number) v).longValue();
        }
        return null;
    }
}
