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
 */
public record CollectionSettings(Map<String, Object> strictMode, Map<String, Object> metadata, List<String> aliases) {
    public static final CollectionSettings EMPTY = new CollectionSettings(Map.of(), Map.of(), List.of());

    public CollectionSettings {
        strictMode = Collections.unmodifiableMap(new LinkedHashMap<>(strictMode == null ? Map.of() : strictMode));
        metadata = Collections.unmodifiableMap(new LinkedHashMap<>(metadata == null ? Map.of() : metadata));
        List<String> sorted = new ArrayList<>(aliases == null ? List.of() : aliases);
        sorted.sort(null);
        aliases = List.copyOf(sorted);
    }

    public boolean isEmpty() {
        return strictMode.isEmpty() && metadata.isEmpty() && aliases.isEmpty();
    }

    public CollectionSettings withStrictMode(Map<String, Object> s) {
        return new CollectionSettings(s, metadata, aliases);
    }

    public CollectionSettings withMetadata(Map<String, Object> m) {
        return new CollectionSettings(strictMode, m, aliases);
    }

    public CollectionSettings withAliases(List<String> a) {
        return new CollectionSettings(strictMode, metadata, a);
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
        List<String> names = new ArrayList<>();
        if (aliases instanceof List<?> l) {
            for (Object o : l) {
                names.add(String.valueOf(o));
            }
        }
        return new CollectionSettings(strict instanceof Map<?, ?> s ? (Map<String, Object>) s : Map.of(),
                meta instanceof Map<?, ?> md ? (Map<String, Object>) md : Map.of(), names);
    }
}
