package io.quiver.config;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.StringJoiner;

/**
 * The effective configuration: every key of {@link ConfigKeys} with its value and where that value
 * came from. Immutable; build one with {@link ConfigLoader} or, in tests, {@link #defaults()} and
 * {@link #with}.
 */
public final class QuiverConfig {
    private final Map<ConfigKey<?>, Object> values;
    private final Map<ConfigKey<?>, String> sources;

    private QuiverConfig(Map<ConfigKey<?>, Object> values, Map<ConfigKey<?>, String> sources) {
        this.values = Collections.unmodifiableMap(values);
        this.sources = Collections.unmodifiableMap(sources);
    }

    public static QuiverConfig defaults() {
        Map<ConfigKey<?>, Object> v = new LinkedHashMap<>();
        Map<ConfigKey<?>, String> s = new LinkedHashMap<>();
        for (ConfigKey<?> k : ConfigKeys.ALL) {
            v.put(k, k.defaultValue());
            s.put(k, "default");
        }
        return new QuiverConfig(v, s);
    }

    /** A copy with one key set from a raw value (parsed and checked as if it came from {@code source}). */
    public QuiverConfig with(ConfigKey<?> key, Object raw, String source) {
        Map<ConfigKey<?>, Object> v = new LinkedHashMap<>(values);
        Map<ConfigKey<?>, String> s = new LinkedHashMap<>(sources);
        v.put(key, key.parse(raw));
        s.put(key, source);
        return new QuiverConfig(v, s);
    }

    public QuiverConfig with(ConfigKey<?> key, Object raw) {
        return with(key, raw, "code");
    }

    @SuppressWarnings("unchecked")
    public <T> T get(ConfigKey<T> key) {
        return (T) values.get(key);
    }

    /** Whether both front ends speak TLS (tls-cert-file and tls-key-file are set). */
    public boolean tls() {
        return !get(ConfigKeys.TLS_CERT_FILE).isEmpty();
    }

    /** Whether clients must authenticate (a password is set). */
    public boolean authRequired() {
        return !get(ConfigKeys.PASSWORD).isEmpty();
    }

    public String sourceOf(ConfigKey<?> key) {
        return sources.get(key);
    }

    public int shardCount() {
        int n = get(ConfigKeys.SHARDS);
        return n > 0 ? n : Runtime.getRuntime().availableProcessors();
    }

    /** Event loops (and instances of each front end): half the processors by default, the shards get the rest. */
    public int frontEndInstances() {
        int n = get(ConfigKeys.EVENT_LOOPS);
        return n > 0 ? n : Math.max(1, Runtime.getRuntime().availableProcessors() / 2);
    }

    /** key → shown value (secrets masked), in table order. */
    public Map<String, String> shown() {
        Map<String, String> out = new LinkedHashMap<>();
        for (ConfigKey<?> k : ConfigKeys.ALL) {
            Object v = values.get(k);
            String shown = k.type().startsWith("size") && v instanceof Long l ? Sizes.show(l)
                    : k.type().startsWith("duration") && v instanceof Long l ? Durations.show(l)
                    : k.show(v);
            out.put(k.name(), shown);
        }
        return out;
    }

    /** One line per key for the start-up log: {@code http-port = 6333 (env QUIVER_HTTP_PORT)}. */
    public String describe() {
        StringJoiner j = new StringJoiner("\n  ", "effective configuration:\n  ", "");
        shown().forEach((name, v) -> {
            ConfigKey<?> k = ConfigKeys.byName(name);
            j.add(name + " = " + v + "  (" + sources.get(k) + ")");
        });
        return j.toString();
    }
}
