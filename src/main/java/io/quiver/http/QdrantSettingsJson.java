package io.quiver.http;

import io.quiver.error.QuiverException;
import io.quiver.service.vector.StrictMode;
import io.quiver.vector.filter.Payload;
import io.vertx.core.json.JsonObject;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Qdrant's JSON for a collection's changeable settings: {@code strict_mode_config} and
 * {@code metadata}, on creation and on {@code PATCH /collections/{c}}, checked against Qdrant's
 * schema (a wrong type is its 400, a value under its minimum its 422), and their form in
 * collection info. A strict-mode key Quiver does not enforce is refused by name.
 */
final class QdrantSettingsJson {
    /** Qdrant's keys Quiver does not enforce: refused when set, never kept and ignored. */
    private static final List<String> NOT_ENFORCED = List.of("read_rate_limit", "write_rate_limit",
            "max_collection_vector_size_bytes", "max_collection_payload_size_bytes", "max_resident_memory_percent");
    private static final List<String> FLAGS = List.of("enabled", "unindexed_filtering_retrieve", "unindexed_filtering_update",
            "search_allow_exact");
    /** Integer keys and their minimum in Qdrant's schema. */
    private static final Map<String, Integer> INTEGERS = Map.ofEntries(Map.entry("max_query_limit", 1), Map.entry("max_timeout", 1),
            Map.entry("search_max_hnsw_ef", 0), Map.entry("upsert_max_batchsize", 0), Map.entry("search_max_batchsize", 0),
            Map.entry("max_points_count", 1), Map.entry("filter_max_conditions", 0), Map.entry("condition_max_size", 0),
            Map.entry("max_payload_index_count", 0));

    private QdrantSettingsJson() {
    }

    /**
     * The strict-mode keys a request sets (null values mean "unchanged", as in Qdrant's PATCH, and
     * are left out), in {@link Payload}'s value form.
     */
    static Map<String, Object> strictMode(Object json) {
        if (!(json instanceof JsonObject o)) {
            throw QuiverException.badRequest("Format error in JSON body: strict_mode_config: invalid type, expected struct StrictModeConfig");
        }
        Map<String, Object> out = new LinkedHashMap<>();
        for (String k : o.fieldNames()) {
            Object v = o.getValue(k);
            if (v == null) {
                continue;
            }
            String path = "strict_mode_config." + k;
            if (NOT_ENFORCED.contains(k)) {
                throw QuiverException.badRequest("Bad request: " + path + " is not supported by Quiver (it is not enforced, so it is not accepted)");
            }
            if (FLAGS.contains(k)) {
                if (!(v instanceof Boolean)) {
                    throw QuiverException.badRequest("Format error in JSON body: " + path + ": invalid type: " + v + ", expected a boolean");
                }
                out.put(k, v);
            } else if (INTEGERS.containsKey(k)) {
                out.put(k, integer(v, path, INTEGERS.get(k)));
            } else if (k.equals("search_max_oversampling")) {
                if (!(v instanceof Number n)) {
                    throw QuiverException.badRequest("Format error in JSON body: " + path + ": invalid type: " + v + ", expected f64");
                }
                out.put(k, n.doubleValue());
            } else if (k.equals("multivector_config") || k.equals("sparse_config")) {
                out.put(k, perVector(v, path, k.equals("sparse_config") ? "max_length" : "max_vectors"));
            } else {
                throw QuiverException.badRequest("Format error in JSON body: strict_mode_config: unknown field `" + k + "`");
            }
        }
        if (!StrictMode.KEYS.containsAll(out.keySet())) {
            throw new IllegalStateException("a strict-mode key parsed but not enforced: " + out.keySet());
        }
        return out;
    }

    private static long integer(Object v, String path, int min) {
        if (!(v instanceof Number n) || n.doubleValue() != Math.rint(n.doubleValue()) || n.doubleValue() < 0) {
            throw QuiverException.badRequest("Format error in JSON body: " + path + ": invalid value: " + v + ", expected usize");
        }
        if (n.longValue() < min) {
            throw QuiverException.badRequest("Validation error in JSON body: [" + path + ": value " + n.longValue()
                    + " invalid, must be " + min + " or more]");
        }
        return n.longValue();
    }

    private static Map<String, Object> perVector(Object v, String path, String key) {
        if (!(v instanceof JsonObject o)) {
            throw QuiverException.badRequest("Format error in JSON body: " + path + ": expected a map of vector names");
        }
        Map<String, Object> out = new LinkedHashMap<>();
        for (String name : o.fieldNames()) {
            if (!(o.getValue(name) instanceof JsonObject limit)) {
                throw QuiverException.badRequest("Format error in JSON body: " + path + "." + name + ": expected {\"" + key + "\"}");
            }
            Map<String, Object> one = new LinkedHashMap<>();
            for (String k : limit.fieldNames()) {
                if (!k.equals(key)) {
                    throw QuiverException.badRequest("Format error in JSON body: " + path + "." + name + ": unknown field `" + k + "`");
                }
                if (limit.getValue(k) != null) {
                    one.put(k, integer(limit.getValue(k), path + "." + name + "." + k, 1));
                }
            }
            out.put(name, one);
        }
        return out;
    }

    /** {@code current} with {@code changes} applied: given keys replace (per vector name for the nested maps). */
    @SuppressWarnings("unchecked")
    static Map<String, Object> mergeStrict(Map<String, Object> current, Map<String, Object> changes) {
        Map<String, Object> out = new LinkedHashMap<>(current);
        for (Map.Entry<String, Object> e : changes.entrySet()) {
            if (e.getValue() instanceof Map<?, ?> m && out.get(e.getKey()) instanceof Map<?, ?> old) {
                Map<String, Object> merged = new LinkedHashMap<>((Map<String, Object>) old);
                merged.putAll((Map<String, Object>) m);
                out.put(e.getKey(), merged);
            } else {
                out.put(e.getKey(), e.getValue());
            }
        }
        return out;
    }

    /** The collection's metadata after a request's {@code metadata}: keys merged in, a null value removing its key. */
    static Map<String, Object> mergeMetadata(Map<String, Object> current, Object json) {
        if (!(json instanceof JsonObject o)) {
            throw QuiverException.badRequest("Format error in JSON body: metadata: invalid type, expected a JSON object");
        }
        Map<String, Object> out = new LinkedHashMap<>(current);
        Map<String, Object> given = Payload.parse(o.encode());
        for (Map.Entry<String, Object> e : given.entrySet()) {
            if (e.getValue() == null) {
                out.remove(e.getKey());
            } else {
                out.put(e.getKey(), e.getValue());
            }
        }
        return out;
    }

    /** A settings map as JSON for collection info. */
    static JsonObject json(Map<String, Object> m) {
        return new JsonObject(Payload.write(m));
    }
}
