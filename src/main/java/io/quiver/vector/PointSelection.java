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
}
