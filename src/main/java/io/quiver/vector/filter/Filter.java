package io.quiver.vector.filter;

import io.quiver.vector.PointId;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Qdrant's filter: {@code must} (all), {@code should} (at least one, when given), {@code must_not}
 * (none) and {@code min_should} (at least {@code minCount} of its conditions); a filter is itself a
 * condition, so filters nest. The one filter type of both protocols: Qdrant's JSON
 * ({@link QdrantFilterParser}) and Redis's {@code VSIM ... FILTER} expressions ({@link ExpressionParser})
 * both produce it, and the shards evaluate it against payloads in their parsed form
 * ({@link Payload}). Immutable; evaluation allocates little (value lists of the keys it reads).
 */
public record Filter(List<Condition> must, List<Condition> should, List<Condition> mustNot, MinShould minShould)
        implements Condition {

    public static final Filter ALL = new Filter(List.of(), List.of(), List.of(), null);

    public Filter {
        must = List.copyOf(must);
        should = List.copyOf(should);
        mustNot = List.copyOf(mustNot);
    }

    public static Filter must(Condition... conditions) {
        return new Filter(List.of(conditions), List.of(), List.of(), null);
    }

    /** The filter passing exactly the points {@code c} fails. */
    public static Filter not(Condition c) {
        return new Filter(List.of(), List.of(), List.of(c), null);
    }

    /** At least {@code minCount} of the conditions. */
    public record MinShould(List<Condition> conditions, int minCount) {
        public MinShould {
            conditions = List.copyOf(conditions);
        }
    }

    /** Whether the point passes: its payload (parsed) and what else the conditions may ask. */
    public boolean matches(Map<String, Object> payload, Candidate point) {
        return test(payload == null ? Payload.EMPTY : payload, point);
    }

    public boolean isEmpty() {
        return must.isEmpty() && should.isEmpty() && mustNot.isEmpty() && minShould == null;
    }

    @Override
    public boolean test(Object root, Candidate point) {
        for (Condition c : must) {
            if (!c.test(root, point)) {
                return false;
            }
        }
        for (Condition c : mustNot) {
            if (c.test(root, point)) {
                return false;
            }
        }
        if (!should.isEmpty()) {
            boolean any = false;
            for (Condition c : should) {
                if (c.test(root, point)) {
                    any = true;
                    break;
                }
            }
            if (!any) {
                return false;
            }
        }
        if (minShould != null) {
            int hits = 0;
            for (Condition c : minShould.conditions()) {
                if (c.test(root, point) && ++hits >= minShould.minCount()) {
                    break;
                }
            }
            return hits >= minShould.minCount();
        }
        return true;
    }

    /** This filter with every text match replaced by {@code f}'s answer (a shard binds its text indexes so). */
    public Filter mapText(java.util.function.UnaryOperator<Condition.MatchText> f) {
        return new Filter(mapAll(must, f), mapAll(should, f), mapAll(mustNot, f),
                minShould == null ? null : new MinShould(mapAll(minShould.conditions(), f), minShould.minCount()));
    }

    private static List<Condition> mapAll(List<Condition> list, java.util.function.UnaryOperator<Condition.MatchText> f) {
        List<Condition> out = new ArrayList<>(list.size());
        for (Condition c : list) {
            out.add(switch (c) {
                case Condition.MatchText m -> f.apply(m);
                case Filter inner -> inner.mapText(f);
                default -> c; // nested filters' keys are relative to array elements: no top-level index applies
            });
        }
        return out;
    }

    /** The ids a {@code has_id} in {@code must} restricts the filter to, or null (for planning). */
    public Set<PointId> requiredIds() {
        for (Condition c : must) {
            if (c instanceof Condition.HasId h) {
                return h.ids();
            }
        }
        return null;
    }

    /** Every field condition of the filter, nested ones included (for index-based estimates). */
    public List<Condition.Field> fieldConditions() {
        List<Condition.Field> out = new ArrayList<>();
        for (Condition c : must) {
            if (c instanceof Condition.Field f) {
                out.add(f);
            }
        }
        return out;
    }
}
