package io.quiver.vector;

import io.quiver.vector.filter.Condition;
import io.quiver.vector.filter.Datetimes;
import io.quiver.vector.filter.Filter;
import io.quiver.vector.filter.JsonPath;
import io.quiver.vector.filter.Payload;

import java.util.BitSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;

/**
 * What a part's payload indexes know: for each indexed field, its values mapped to the ordinals that
 * hold them ({@link Posting}s), kept up to date by the {@link PointStore} on every payload change.
 * A filter's {@code must} conditions on indexed fields give the candidates ({@link #candidates}): a
 * superset of the matches, which the filter then checks one by one, so an index changes how many
 * payloads a filtered search reads, never its answer.
 *
 * <ul>
 *   <li>{@code keyword}, {@code uuid}, {@code bool} and {@code integer} (unless {@code "lookup": false}):
 *       every scalar value as stored, for {@code match: {value}} and {@code match: {any}} (a value of
 *       another type is kept too, since a match compares type and value);</li>
 *   <li>{@code integer} (unless {@code "range": false}) and {@code float}: every number, ordered, for {@code range};</li>
 *   <li>{@code datetime}: every RFC 3339 string as microseconds, ordered, for a datetime {@code range}.</li>
 * </ul>
 * {@code text} and {@code geo} indexes keep no postings (their conditions read every payload).
 */
final class PayloadPostings {
    private final Map<String, FieldIndex> fields = new LinkedHashMap<>();

    /** One indexed field's maps (null: not kept for its type). */
    private static final class FieldIndex {
        final JsonPath path;
        final Map<Object, Posting> byValue;
        final TreeMap<Double, Posting> byNumber;
        final TreeMap<Long, Posting> byTime;
        /** (value, ordinal) pairs held, over the maps: what the estimate counts. */
        long entries;

        FieldIndex(PayloadIndexSpec spec) {
            path = JsonPath.parse(spec.field());
            Map<String, Object> params = spec.params() == null ? Map.of() : Payload.parse(spec.params());
            boolean lookup = !Boolean.FALSE.equals(params.get("lookup")), range = !Boolean.FALSE.equals(params.get("range"));
            byValue = switch (spec.type()) {
                case "keyword", "uuid", "bool" -> new HashMap<>();
                case "integer" -> lookup ? new HashMap<>() : null;
                default -> null;
            };
            byNumber = spec.type().equals("float") || spec.type().equals("integer") && range ? new TreeMap<>() : null;
            byTime = spec.type().equals("datetime") ? new TreeMap<>() : null;
        }

        boolean keepsPostings() {
            return byValue != null || byNumber != null || byTime != null;
        }

        void change(int ord, Map<String, Object> payload, int universe, boolean add) {
            List<Object> values = path.values(payload);
            for (Object v : values) {
                if (v == null || v instanceof Map<?, ?> || v instanceof List<?>) {
                    continue;
                }
                if (byValue != null) {
                    change(byValue, v, ord, universe, add);
                }
                if (byNumber != null && v instanceof Number n && !(v instanceof Double d && d.isNaN())) {
                    change(byNumber, n.doubleValue(), ord, universe, add);
                }
                if (byTime != null && v instanceof String s) {
                    Long t = Datetimes.parseOrNull(s);
                    if (t != null) {
                        change(byTime, t, ord, universe, add);
                    }
                }
            }
        }

        private <K> void change(Map<K, Posting> map, K key, int ord, int universe, boolean add) {
            if (add) {
                if (map.computeIfAbsent(key, k -> new Posting()).add(ord, universe)) {
                    entries++;
                }
                return;
            }
            Posting p = map.get(key);
            if (p != null && p.remove(ord)) {
                entries--;
                if (p.size() == 0) {
                    map.remove(key);
                }
            }
        }

        /** The ordinals that may pass {@code c}, or null when this index cannot narrow it. */
        BitSet candidates(Condition c) {
            return switch (c) {
                case Condition.MatchValue m when byValue != null -> union(List.of(m.value()));
                case Condition.MatchAny m when byValue != null -> union(m.any());
                case Condition.Range r when byNumber != null -> union(within(byNumber, r.gt(), r.gte(), r.lt(), r.lte()));
                case Condition.DatetimeRange r when byTime != null -> union(within(byTime, r.gt(), r.gte(), r.lt(), r.lte()));
                default -> null;
            };
        }

        private BitSet union(List<Object> values) {
            BitSet out = new BitSet();
            for (Object v : values) {
                Posting p = byValue.get(v);
                if (p != null) {
                    p.addTo(out);
                }
            }
            return out;
        }

        private static BitSet union(Iterable<Posting> postings) {
            BitSet out = new BitSet();
            for (Posting p : postings) {
                p.addTo(out);
            }
            return out;
        }

        /** The postings of the keys within the bounds (null: unbounded; gt/lt exclusive, gte/lte inclusive). */
        private static <K extends Comparable<K>> Iterable<Posting> within(TreeMap<K, Posting> map, K gt, K gte, K lt, K lte) {
            // the tighter of each pair: a view's own range refuses a wider bound
            boolean fromInclusive = gt == null || gte != null && gte.compareTo(gt) > 0;
            K from = fromInclusive ? gte : gt;
            boolean toInclusive = lt == null || lte != null && lte.compareTo(lt) < 0;
            K to = toInclusive ? lte : lt;
            int order = from == null || to == null ? -1 : from.compareTo(to);
            if (order > 0 || order == 0 && !(fromInclusive && toInclusive)) {
                return List.of();
            }
            NavigableMap<K, Posting> view = map;
            if (from != null) {
                view = view.tailMap(from, fromInclusive);
            }
            if (to != null) {
                view = view.headMap(to, toInclusive);
            }
            return view.values();
        }

        /** An estimate, in constant time: a map entry with its boxed key and posting per value, 4 bytes a pair. */
        long heapBytes() {
            long values = (byValue == null ? 0 : byValue.size()) + (byNumber == null ? 0 : byNumber.size())
                    + (byTime == null ? 0 : byTime.size());
            return 112 * values + 4 * entries;
        }
    }

    boolean isEmpty() {
        return fields.isEmpty();
    }

    /** Starts keeping postings for an index (replacing one on the same field); false for a type that keeps none. */
    boolean index(PayloadIndexSpec spec, PointStore store) {
        FieldIndex f = new FieldIndex(spec);
        if (!f.keepsPostings()) {
            fields.remove(spec.field());
            return false;
        }
        BitSet live = store.liveBits();
        for (int ord = live.nextSetBit(0); ord >= 0; ord = live.nextSetBit(ord + 1)) {
            f.change(ord, store.payloadForIndex(ord), store.upperBound(), true);
        }
        fields.put(spec.field(), f);
        return true;
    }

    void drop(String field) {
        fields.remove(field);
    }

    void clear() {
        fields.clear();
    }

    void add(int ord, Map<String, Object> payload, int universe) {
        for (FieldIndex f : fields.values()) {
            f.change(ord, payload, universe, true);
        }
    }

    void remove(int ord, Map<String, Object> payload) {
        for (FieldIndex f : fields.values()) {
            f.change(ord, payload, 0, false);
        }
    }

    /**
     * The ordinals that may pass the filter, by its {@code must} conditions on indexed fields (the
     * intersection when there are several), or null when no index narrows it.
     */
    BitSet candidates(Filter filter) {
        BitSet out = null;
        for (Condition c : filter.must()) {
            if (c instanceof Condition.Field field && fields.get(field.key().text()) instanceof FieldIndex f) {
                BitSet b = f.candidates(c);
                if (b != null) {
                    if (out == null) {
                        out = b;
                    } else {
                        out.and(b);
                    }
                }
            }
        }
        return out;
    }

    long heapBytes() {
        long bytes = 0;
        for (FieldIndex f : fields.values()) {
            bytes += f.heapBytes();
        }
        return bytes;
    }
}
