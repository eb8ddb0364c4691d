package io.quiver.vector;

import io.quiver.vector.filter.Filter;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.Collections;
import java.util.List;
import java.util.PriorityQueue;

/** Points chosen by a filter: for count, scroll, and deletes and payload changes by filter. */
public final class PointSelection {
    private PointSelection() {
    }

    /** The ids of the points passing {@code f} (null: every point). */
    static List<PointId> matchingIds(VectorCollection c, Filter f) {
        MultiSpacePart mp = c.multiPart();
        List<PointId> out = new ArrayList<>();
        if (mp != null) {
            for (PointId id : mp.ids()) {
                if (f == null || mp.accepts(f, id)) {
                    out.add(id);
                }
            }
            return out;
        }
        PointStore store = c.store();
        BitSet b = f == null ? store.liveBits() : c.matching(f);
        for (int ord = b.nextSetBit(0); ord >= 0; ord = b.nextSetBit(ord + 1)) {
            out.add(store.id(ord));
        }
        return out;
    }

    /** The first {@code limit} matching points with id at least {@code from}, in id order. */
    static PointRecord[] scroll(VectorCollection c, Filter f, PointId from, int limit, boolean withVector, boolean withPayload) {
        PriorityQueue<PointId> worst = new PriorityQueue<>(Collections.reverseOrder());
        for (PointId id : matchingIds(c, f)) {
            if (from != null && id.compareTo(from) < 0) {
                continue;
            }
            worst.offer(id);
            if (worst.size() > limit) {
                worst.poll();
            }
        }
        PointId[] ids = new PointId[worst.size()];
        for (int i = ids.length - 1; i >= 0; i--) {
            ids[i] = worst.poll();
        }
        return c.retrieve(ids, withVector, withPayload);
    }

    /**
     * The value an ordered scroll sorts by: a number for integer and float indexes, a datetime
     * (microseconds) for datetime ones; null for anything else.
     */
    public static Double orderValue(Object v, boolean datetime) {
        if (datetime) {
            Long t = v instanceof String s ? io.quiver.vector.filter.Datetimes.parseOrNull(s) : null;
            return t == null ? null : (double) t;
        }
        return v instanceof Number n && !(v instanceof Double d && d.isNaN()) ? n.doubleValue() : null;
    }

    /**
     * Qdrant's {@code order_by}: the matching points ordered by their values at the index's field
     * (one entry per value: a point with two values appears twice), ties by id, from
     * {@code startFrom} on, the first {@code limit} entries; records carry their payloads.
     */
    static PointRecord[] scrollOrdered(VectorCollection c, Filter f, PayloadIndexSpec spec, boolean descending, Double startFrom,
                                       int limit, boolean withVector) {
        io.quiver.vector.filter.JsonPath path = io.quiver.vector.filter.JsonPath.parse(spec.field());
        boolean datetime = spec.type().equals("datetime");
        List<Object[]> entries = new ArrayList<>();
        for (PointId id : matchingIds(c, f)) {
            java.util.Map<String, Object> payload = c.parsedPayloadOf(id);
            if (payload == null) {
                continue;
            }
            for (Object v : path.values(payload)) {
                Double d = orderValue(v, datetime);
                if (d != null && (startFrom == null || (descending ? d <= startFrom : d >= startFrom))) {
                    entries.add(new Object[]{d, id});
                }
            }
        }
        java.util.Comparator<Object[]> byValue = java.util.Comparator.comparingDouble(e -> (Double) e[0]);
        entries.sort((descending ? byValue.reversed() : byValue).thenComparing(e -> (PointId) e[1]));
        int n = Math.min(limit, entries.size());
        PointId[] ids = new PointId[n];
        for (int i = 0; i < n; i++) {
            ids[i] = (PointId) entries.get(i)[1];
        }
        return c.retrieve(ids, withVector, true);
    }

    /**
     * Qdrant's facet on one shard's part: for each value at the index's field among the points
     * passing {@code f}, how many points hold it (a point counts once per distinct value). Only the
     * values the index would hold count: strings for keyword, integers for integer, bools for bool,
     * valid UUIDs (in their canonical lowercase form) for uuid.
     */
    static FacetCounts facet(VectorCollection c, Filter f, PayloadIndexSpec spec) {
        io.quiver.vector.filter.JsonPath path = io.quiver.vector.filter.JsonPath.parse(spec.field());
        java.util.Map<Object, long[]> counts = new java.util.HashMap<>();
        java.util.Set<Object> seen = new java.util.HashSet<>();
        for (PointId id : matchingIds(c, f)) {
            java.util.Map<String, Object> payload = c.parsedPayloadOf(id);
            if (payload == null) {
                continue;
            }
            seen.clear();
            for (Object v : path.values(payload)) {
                Object key = facetValue(v, spec.type());
                if (key != null && seen.add(key)) {
                    counts.computeIfAbsent(key, k -> new long[1])[0]++;
                }
            }
        }
        Object[] values = new Object[counts.size()];
        long[] ns = new long[counts.size()];
        int i = 0;
        for (java.util.Map.Entry<Object, long[]> e : counts.entrySet()) {
            values[i] = e.getKey();
            ns[i++] = e.getValue()[0];
        }
        return new FacetCounts(values, ns);
    }

    private static Object facetValue(Object v, String type) {
        return switch (type) {
            case "keyword" -> v instanceof String ? v : null;
            case "integer" -> v instanceof Long ? v : null;
            case "bool" -> v instanceof Boolean ? v : null;
            case "uuid" -> {
                if (!(v instanceof String s)) {
                    yield null;
                }
                try {
                    yield java.util.UUID.fromString(s).toString();
                } catch (IllegalArgumentException e) {
                    yield null;
                }
            }
            default -> null;
        };
    }
}
