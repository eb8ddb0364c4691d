package io.quiver.service.vector;

import io.quiver.error.QuiverException;
import io.quiver.vector.CollectionConfig;
import io.quiver.vector.PayloadSchemaEntry;
import io.quiver.vector.filter.Condition;
import io.quiver.vector.filter.Filter;

import java.util.List;
import java.util.Map;

/**
 * Qdrant's strict mode of one collection ({@code strict_mode_config}, kept in its
 * {@link io.quiver.vector.CollectionSettings}): limits the collection's owner sets on what requests
 * may ask, checked by the vector service before anything is sent, so a refused request changes
 * nothing. Refusals are Qdrant's: 400, {@code Strict mode error: <what>. Help: <how>} in its words (for
 * example {@code Limit exceeded 30 > 15 for "limit"}). A collection whose strict mode is not
 * {@code enabled} checks nothing ({@link #of} answers null).
 */
public final class StrictMode {
    /** Every key of Qdrant's {@code StrictModeConfig} that Quiver enforces (others are refused when set). */
    public static final List<String> KEYS = List.of("enabled", "max_query_limit", "max_timeout", "unindexed_filtering_retrieve",
            "unindexed_filtering_update", "search_max_hnsw_ef", "search_allow_exact", "search_max_oversampling",
            "upsert_max_batchsize", "search_max_batchsize", "max_points_count", "filter_max_conditions",
            "condition_max_size", "multivector_config", "sparse_config", "max_payload_index_count");

    private final Map<String, Object> settings;

    private StrictMode(Map<String, Object> settings) {
        this.settings = settings;
    }

    /** The collection's strict mode when it is enabled, else null. */
    public static StrictMode of(CollectionConfig config) {
        Map<String, Object> s = config.settings().strictMode();
        return Boolean.TRUE.equals(s.get("enabled")) ? new StrictMode(s) : null;
    }

    /** Qdrant's refusal: {@code Strict mode error: error. Help: help}, status 400. */
    static QuiverException refusal(String error, String help) {
        return QuiverException.badRequest("Strict mode error: " + error + ". Help: " + help);
    }

    private Long number(String key) {
        return settings.get(key) instanceof Number n ? n.longValue() : null;
    }

    private Boolean flag(String key) {
        return settings.get(key) instanceof Boolean b ? b : null;
    }

    /** Qdrant's {@code check_limit_opt}: {@code value} at most the setting {@code key}, named {@code name}. */
    void limit(long value, String key, String name) {
        Long max = number(key);
        if (max != null && value > max) {
            throw refusal("Limit exceeded " + value + " > " + max + " for \"" + name + "\"",
                    "Reduce the \"" + name + "\" parameter to or below " + max + ".");
        }
    }

    /** A result count ({@code limit}, or what a request returns at most) against {@code max_query_limit}. */
    public void queryLimit(long value) {
        limit(value, "max_query_limit", "limit");
    }

    /** Qdrant's {@code ?timeout=} against {@code max_timeout}. */
    public void timeout(long seconds) {
        limit(seconds, "max_timeout", "timeout");
    }

    /** Queries in one batch against {@code search_max_batchsize}. */
    public void searchBatch(int n) {
        limit(n, "search_max_batchsize", "search batch size");
    }

    /** Points written by one request against {@code upsert_max_batchsize}; {@code name} is Qdrant's for the operation. */
    public void upsertBatch(int n, String name) {
        limit(n, "upsert_max_batchsize", name);
    }

    /** One search's knobs: its limit, beam, exactness and oversampling, and its filter's size. */
    public void search(VectorQuery q) {
        queryLimit(q.limit());
        if (q.params().exact() && Boolean.FALSE.equals(flag("search_allow_exact"))) {
            throw refusal("Exact search disabled!", "Set exact=false.");
        }
        if (q.params().ef() > 0) {
            limit(q.params().ef(), "search_max_hnsw_ef", "hnsw_ef");
        }
        Object over = settings.get("search_max_oversampling");
        double oversampling = q.params().quantization().oversampling();
        if (over instanceof Number max && oversampling > max.doubleValue()) {
            throw refusal("Limit exceeded " + oversampling + " > " + max + " for \"oversampling\"",
                    "Reduce the \"oversampling\" parameter to or below " + max + ".");
        }
        filter(q.params().filter());
    }

    /** A filter's number of conditions ({@code filter_max_conditions}) and its largest condition ({@code condition_max_size}). */
    public void filter(Filter f) {
        if (f == null) {
            return;
        }
        Long maxConditions = number("filter_max_conditions");
        if (maxConditions != null) {
            long n = conditions(f);
            if (n > maxConditions) {
                throw refusal("Filter condition limit reached (" + n + " > " + maxConditions + ")",
                        "Reduce the amount of conditions of your filter.");
            }
        }
        Long maxSize = number("condition_max_size");
        if (maxSize != null) {
            long n = largest(f);
            if (n > maxSize) {
                throw refusal("Condition size limit reached (" + n + " > " + maxSize + ")", "Reduce the size of your condition.");
            }
        }
    }

    private static long conditions(Condition c) {
        return switch (c) {
            case Filter f -> {
                long n = 0;
                for (Condition x : f.must()) n += conditions(x);
                for (Condition x : f.should()) n += conditions(x);
                for (Condition x : f.mustNot()) n += conditions(x);
                if (f.minShould() != null) {
                    for (Condition x : f.minShould().conditions()) n += conditions(x);
                }
                yield n;
            }
            case Condition.Nested n -> conditions(n.filter());
            default -> 1;
        };
    }

    private static long largest(Condition c) {
        return switch (c) {
            case Filter f -> {
                long n = 0;
                for (Condition x : f.must()) n = Math.max(n, largest(x));
                for (Condition x : f.should()) n = Math.max(n, largest(x));
                for (Condition x : f.mustNot()) n = Math.max(n, largest(x));
                if (f.minShould() != null) {
                    for (Condition x : f.minShould().conditions()) n = Math.max(n, largest(x));
                }
                yield n;
            }
            case Condition.Nested n -> largest(n.filter());
            case Condition.MatchAny m -> m.any().size();
            case Condition.MatchExcept m -> m.except().size();
            case Condition.HasId h -> h.ids().size();
            case Condition.GeoPolygon p -> p.exterior().length;
            default -> 1;
        };
    }

    /**
     * Whether a read ({@code update} false) or a filtered update ({@code update} true) may use
     * unindexed payload keys; when not, {@link #indexed} must see the collection's indexes.
     */
    public boolean needsIndexes(Filter f, boolean update) {
        return f != null && !f.isEmpty()
                && Boolean.FALSE.equals(flag(update ? "unindexed_filtering_update" : "unindexed_filtering_retrieve"));
    }

    /** Refuses the first key of {@code f} that no index of {@code schema} serves for its condition. */
    public void indexed(Filter f, List<PayloadSchemaEntry> schema) {
        Map<String, PayloadSchemaEntry> byField = new java.util.HashMap<>();
        for (PayloadSchemaEntry e : schema) {
            byField.put(e.spec().field(), e);
        }
        unindexed(f, "", byField);
    }

    private static void unindexed(Condition c, String prefix, Map<String, PayloadSchemaEntry> indexes) {
        switch (c) {
            case Filter f -> {
                for (Condition x : f.must()) unindexed(x, prefix, indexes);
                for (Condition x : f.should()) unindexed(x, prefix, indexes);
                for (Condition x : f.mustNot()) unindexed(x, prefix, indexes);
                if (f.minShould() != null) {
                    for (Condition x : f.minShould().conditions()) unindexed(x, prefix, indexes);
                }
            }
            case Condition.Nested n -> unindexed(n.filter(), prefix + n.key() + "[].", indexes);
            case Condition.Field field -> {
                String key = prefix + field.key();
                List<String> serve = servingTypes(field);
                if (serve.isEmpty()) {
                    return;
                }
                PayloadSchemaEntry e = indexes.get(key);
                if (e == null || !serve.contains(e.spec().type()) || !capable(field, e)) {
                    throw refusal("Index required but not found for \"" + key + "\" of one of the following types: ["
                            + String.join(", ", serve) + "]", "Create an index for this key or use a different filter.");
                }
            }
            default -> {
            }
        }
    }

    private static final List<String> ANY_INDEX = List.of("bool", "datetime", "float", "geo", "integer", "keyword", "text", "uuid");

    /** The index types that serve a condition on a key (Qdrant's); for is_empty, is_null and values_count any index does. */
    private static List<String> servingTypes(Condition.Field f) {
        return switch (f) {
            case Condition.MatchValue m -> m.value() instanceof Boolean ? List.of("bool")
                    : m.value() instanceof Number ? List.of("integer") : List.of("keyword", "uuid");
            case Condition.MatchAny m -> m.any().isEmpty() ? List.of("integer", "keyword", "uuid")
                    : m.any().get(0) instanceof Number ? List.of("integer") : List.of("keyword", "uuid");
            case Condition.MatchExcept m -> m.except().isEmpty() ? List.of("integer", "keyword", "uuid")
                    : m.except().get(0) instanceof Number ? List.of("integer") : List.of("keyword", "uuid");
            case Condition.ValuesCount v -> ANY_INDEX;
            case Condition.IsEmpty v -> ANY_INDEX;
            case Condition.IsNull v -> ANY_INDEX;
            case Condition.MatchText t -> List.of("text");
            case Condition.MatchPrefix p -> List.of("keyword", "text");
            case Condition.Range r -> List.of("float", "integer");
            case Condition.DatetimeRange r -> List.of("datetime");
            case Condition.GeoBox g -> List.of("geo");
            case Condition.GeoRadius g -> List.of("geo");
            case Condition.GeoPolygon g -> List.of("geo");
            default -> List.of();
        };
    }

    /**
     * What an index of the right type must also have been built with: a phrase match needs a text
     * index with {@code phrase_matching}, a prefix match on a keyword index its {@code prefix}
     * option, and an exact integer match an integer index whose {@code lookup} is not off.
     */
    private static boolean capable(Condition.Field f, PayloadSchemaEntry e) {
        String params = e.spec().params() == null ? "" : e.spec().params().replace(" ", "");
        if (f instanceof Condition.MatchText t && t.phrase()) {
            return params.contains("\"phrase_matching\":true");
        }
        if (f instanceof Condition.MatchPrefix && e.spec().type().equals("keyword")) {
            return params.contains("\"prefix\":true");
        }
        if ((f instanceof Condition.MatchValue || f instanceof Condition.MatchAny || f instanceof Condition.MatchExcept)
                && e.spec().type().equals("integer")) {
            return !params.contains("\"lookup\":false");
        }
        if ((f instanceof Condition.Range) && e.spec().type().equals("integer")) {
            return !params.contains("\"range\":false");
        }
        return true;
    }

    /** {@code group_by} needs an index that answers {@code match} when unindexed reads are refused. */
    public void groupBy(String key, List<PayloadSchemaEntry> schema) {
        for (PayloadSchemaEntry e : schema) {
            if (e.spec().field().equals(key)) {
                if (!List.of("keyword", "integer", "uuid", "bool").contains(e.spec().type())) {
                    String kind = Character.toUpperCase(e.spec().type().charAt(0)) + e.spec().type().substring(1);
                    throw refusal("Index of type \"" + kind + "\" found for \"" + key + "\"", "Create an index supporting `match` for this key.");
                }
                return;
            }
        }
        throw refusal("Index required but not found for \"" + key + "\"", "Create an index supporting `match` for this key.");
    }

    /**
     * A formula's payload variables ({@link io.quiver.vector.filter.ScoreFormula#payloadKeys}) need an
     * index of a type that serves them when unindexed reads are refused, as a filter's keys do.
     */
    public void formulaKeys(Map<String, List<String>> keys, List<PayloadSchemaEntry> schema) {
        for (Map.Entry<String, List<String>> k : keys.entrySet()) {
            boolean served = schema.stream().anyMatch(e -> e.spec().field().equals(k.getKey()) && k.getValue().contains(e.spec().type()));
            if (!served) {
                throw refusal("Index required but not found for \"" + k.getKey() + "\" of one of the following types: ["
                        + String.join(", ", k.getValue()) + "]", "Create an index for this key or use a different formula expression.");
            }
        }
    }

    /** Whether {@code group_by} keys must be indexed (unindexed reads refused). */
    public boolean groupByNeedsIndex() {
        return Boolean.FALSE.equals(flag("unindexed_filtering_retrieve"));
    }

    /** A new payload index against {@code max_payload_index_count}. */
    public void payloadIndexes(int existing) {
        Long max = number("max_payload_index_count");
        if (max != null && existing >= max) {
            throw refusal("Collection already has the maximum number of payload indices (" + max + ")",
                    "Please delete an existing index before creating a new one.");
        }
    }

    /** Whether {@code max_points_count} is set (then an upsert needs the collection's count). */
    public Long maxPoints() {
        return number("max_points_count");
    }

    /** The collection's points after an upsert against {@code max_points_count}. */
    public void pointsCount(long after) {
        Long max = number("max_points_count");
        if (max != null && after > max) {
            throw refusal("Max points count limit of " + max + " reached!", "Delete some points or increase the limit.");
        }
    }

    /** One point's multivector rows against {@code multivector_config.<name>.max_vectors}. */
    public void multivector(String name, int rows) {
        Long max = nested("multivector_config", name, "max_vectors");
        if (max != null && rows > max) {
            throw refusal("Multivector '" + name + "' has a limit of " + max + " vectors, but " + rows + " were provided!",
                    "Reduce the number of vectors in the multivector.");
        }
    }

    /** One point's sparse vector length against {@code sparse_config.<name>.max_length}. */
    public void sparse(String name, int length) {
        Long max = nested("sparse_config", name, "max_length");
        if (max != null && length > max) {
            throw refusal("Sparse vector '" + name + "' has a limit of " + max + " indices, but " + length + " were provided!",
                    "Reduce the number of indices in the sparse vector.");
        }
    }

    private Long nested(String section, String name, String key) {
        if (settings.get(section) instanceof Map<?, ?> m && m.get(name) instanceof Map<?, ?> v && v.get(key) instanceof Number n) {
            return n.longValue();
        }
        return null;
    }
}
