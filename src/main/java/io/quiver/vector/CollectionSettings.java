package io.quiver.vector;

import io.quiver.vector.filter.Payload;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a collection carries beside its vectors' layout, changeable while it lives (Qdrant's
 * {@code PATCH /collections/{c}} and alias actions): its strict-mode settings, its metadata and its
 * aliases. Values are in {@link Payload}'s parsed JSON form (String, Long, Double, Boolean, Map,
 * List), so the whole travels and is logged as one JSON object text (see {@link #toJson}); the
 * service layer reads the strict-mode keys and enforces them.
 *
 * @param strictMode Qdrant's {@code strict_mode_config} as set (keys of Qdrant's schema), or empty
 * @param metadata   Qdrant's collection {@code metadata}, or empty
 * @param aliases    other names this collection answers to, sorted
 * @param walCapacityMb Qdrant's {@code wal_config.wal_capacity_mb}, 0 when not set: the most a shard's
 *                   log may grow (in MiB) while it holds this collection's changes before the shard
 *                   starts a new log file (with a snapshot, the only way Quiver starts one); the
 *                   smallest of it and {@code snapshot-log-size} applies, since a shard keeps one log
 *                   for every collection and key. Absent from settings written before it existed.
 * @param vectors    dense vector spaces' own index settings (Qdrant's per-vector {@code hnsw_config} and
 *                   {@code quantization_config}) by space name ({@code ""} the unnamed), only those that
 *                   have any; absent from settings written before they existed
 */
public record CollectionSettings(Map<String, Object> strictMode, Map<String, Object> metadata, List<String> aliases,
                                 long walCapacityMb, Map<String, VectorTuning> vectors) {
    public static final CollectionSettings EMPTY = new CollectionSettings(Map.of(), Map.of(), List.of(), 0);

    public CollectionSettings(Map<String, Object> strictMode, Map<String, Object> metadata, List<String> aliases) {
        this(strictMode, metadata, aliases, 0);
    }

    public CollectionSettings(Map<String, Object> strictMode, Map<String, Object> metadata, List<String> aliases,
                              long walCapacityMb) {
        this(strictMode, metadata, aliases, walCapacityMb, Map.of());
    }

    public CollectionSettings {
        if (walCapacityMb < 0) {
            throw new IllegalArgumentException("wal capacity must be positive, not " + walCapacityMb);
        }
        strictMode = Collections.unmodifiableMap(new LinkedHashMap<>(strictMode == null ? Map.of() : strictMode));
        metadata = Collections.unmodifiableMap(new LinkedHashMap<>(metadata == null ? Map.of() : metadata));
        List<String> sorted = new ArrayList<>(aliases == null ? List.of() : aliases);
        sorted.sort(null);
        aliases = List.copyOf(sorted);
        Map<String, VectorTuning> tuned = new LinkedHashMap<>();
        (vectors == null ? Map.<String, VectorTuning>of() : vectors).forEach((k, v) -> {
            if (!v.isEmpty()) {
                tuned.put(k, v);
            }
        });
        vectors = Collections.unmodifiableMap(tuned);
    }

    public boolean isEmpty() {
        return strictMode.isEmpty() && metadata.isEmpty() && aliases.isEmpty() && walCapacityMb == 0 && vectors.isEmpty();
    }

    /** The space's own index settings ({@link VectorTuning#NONE} when it has none). */
    public VectorTuning tuning(String space) {
        return vectors.getOrDefault(space, VectorTuning.NONE);
    }

    public CollectionSettings withVectors(Map<String, VectorTuning> v) {
        return new CollectionSettings(strictMode, metadata, aliases, walCapacityMb, v);
    }

    public CollectionSettings withStrictMode(Map<String, Object> s) {
        return new CollectionSettings(s, metadata, aliases, walCapacityMb, vectors);
    }

    public CollectionSettings withMetadata(Map<String, Object> m) {
        return new CollectionSettings(strictMode, m, aliases, walCapacityMb, vectors);
    }

    public CollectionSettings withAliases(List<String> a) {
        return new CollectionSettings(strictMode, metadata, a, walCapacityMb, vectors);
    }

    public CollectionSettings withWalCapacityMb(long mb) {
        return new CollectionSettings(strictMode, metadata, aliases, mb, vectors);
    }

    /** The JSON object text of these settings ({@code ""} when empty): the logged and snapshotted form. */
    public String toJson() {
        if (isEmpty()) {
            return "";
        }
        Map<String, Object> m = new LinkedHashMap<>();
        if (!strictMode.isEmpty()) {
            m.put("strict_mode_config", strictMode);
        }
        if (!metadata.isEmpty()) {
            m.put("metadata", metadata);
        }
        if (!aliases.isEmpty()) {
            m.put("aliases", aliases);
        }
        if (walCapacityMb > 0) {
            m.put("wal_config", Map.of("wal_capacity_mb", walCapacityMb));
        }
        if (!vectors.isEmpty()) {
            Map<String, Object> v = new LinkedHashMap<>();
            vectors.forEach((k, t) -> v.put(k, t.toMap()));
            m.put("vectors", v);
        }
        return Payload.write(m);
    }

    /** The settings {@link #toJson} wrote. */
    @SuppressWarnings("unchecked")
    public static CollectionSettings fromJson(String json) {
        if (json == null || json.isEmpty()) {
            return EMPTY;
        }
        Map<String, Object> m = Payload.parse(json);
        Object strict = m.get("strict_mode_config"), meta = m.get("metadata"), aliases = m.get("aliases");
        long wal = m.get("wal_config") instanceof Map<?, ?> w && w.get("wal_capacity_mb") instanceof Number n ? n.longValue() : 0;
        List<String> names = new ArrayList<>();
        if (aliases instanceof List<?> l) {
            for (Object o : l) {
                names.add(String.valueOf(o));
            }
        }
        Map<String, VectorTuning> vectors = new LinkedHashMap<>();
        if (m.get("vectors") instanceof Map<?, ?> v) {
            v.forEach((k, t) -> vectors.put(String.valueOf(k), VectorTuning.fromMap((Map<?, ?>) t)));
        }
        return new CollectionSettings(strict instanceof Map<?, ?> s ? (Map<String, Object>) s : Map.of(),
                meta instanceof Map<?, ?> md ? (Map<String, Object>) md : Map.of(), names, wal, vectors);
    }
}
