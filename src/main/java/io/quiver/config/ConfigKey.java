package io.quiver.config;

import java.util.List;
import java.util.Locale;
import java.util.function.Function;

/**
 * One configuration key: its name (the same in {@code conf/quiver.json}, as {@code --name} on the
 * command line and as {@code QUIVER_NAME} in the environment), its type, default and meaning.
 *
 * @param <T> the Java type of the value
 */
public record ConfigKey<T>(String name, String type, T defaultValue, String description,
                           Function<Object, T> parser, boolean secret) {

    /** The environment variable that overrides this key: {@code http-port} → {@code QUIVER_HTTP_PORT}. */
    public String envName() {
        return "QUIVER_" + name.toUpperCase(Locale.ROOT).replace('-', '_').replace('.', '_');
    }

    public T parse(Object raw) {
        return parser.apply(raw);
    }

    /** The value as the README and the start-up log show it, with secrets masked. */
    public String show(Object value) {
        if (secret && value != null && !value.toString().isEmpty()) {
            return "********";
        }
        return value == null ? "" : value.toString();
    }

    // ---- factories: one per kind of value ----

    public static ConfigKey<Integer> integer(String name, int def, int min, int max, String description) {
        return new ConfigKey<>(name, "integer " + min + ".." + max, def, description,
                raw -> checkRange(name, toLong(name, raw), min, max).intValue(), false);
    }

    public static ConfigKey<Integer> port(String name, int def, String description) {
        return new ConfigKey<>(name, "port 0..65535 (0 = any free port)", def, description,
                raw -> checkRange(name, toLong(name, raw), 0, 65535).intValue(), false);
    }

    /** A byte size: a number of bytes or a string with a unit, {@code 512kb}, {@code 64mb}, {@code 2gb}. */
    public static ConfigKey<Long> size(String name, long def, long min, long max, String description) {
        return new ConfigKey<>(name, "size (bytes, or with kb/mb/gb)", def, description,
                raw -> checkRange(name, Sizes.parse(name, raw), min, max), false);
    }

    /** A duration in milliseconds: a number of milliseconds or a string with a unit, {@code 250ms}, {@code 5s}, {@code 2m}. */
    public static ConfigKey<Long> duration(String name, long defMillis, long minMillis, long maxMillis, String description) {
        return new ConfigKey<>(name, "duration (ms, or with ms/s/m/h)", defMillis, description,
                raw -> checkRange(name, Durations.parseMillis(name, raw), minMillis, maxMillis), false);
    }

    public static ConfigKey<Boolean> flag(String name, boolean def, String description) {
        return new ConfigKey<>(name, "boolean", def, description, raw -> toBoolean(name, raw), false);
    }

    public static ConfigKey<String> text(String name, String def, String description) {
        return new ConfigKey<>(name, "string", def, description, raw -> raw == null ? "" : raw.toString(), false);
    }

    public static ConfigKey<String> secretText(String name, String description) {
        return new ConfigKey<>(name, "string (secret)", "", description, raw -> raw == null ? "" : raw.toString(), true);
    }

    public static ConfigKey<String> choice(String name, String def, List<String> choices, String description) {
        return new ConfigKey<>(name, String.join("|", choices), def, description, raw -> {
            String v = raw == null ? "" : raw.toString().toLowerCase(Locale.ROOT);
            if (!choices.contains(v)) {
                throw new ConfigException(name, "must be one of " + String.join(", ", choices) + ", not '" + raw + "'");
            }
            return v;
        }, false);
    }

    // ---- parsing helpers ----

    static long toLong(String name, Object raw) {
        if (raw instanceof Number n) {
            if (n.doubleValue() != Math.rint(n.doubleValue())) {
                throw new ConfigException(name, "must be a whole number, not " + raw);
            }
            return n.longValue();
        }
        try {
            return Long.parseLong(String.valueOf(raw).trim());
        } catch (NumberFormatException e) {
            throw new ConfigException(name, "must be a whole number, not '" + raw + "'");
        }
    }

    static Long checkRange(String name, long v, long min, long max) {
        if (v < min || v > max) {
            throw new ConfigException(name, "must be between " + min + " and " + max + ", not " + v);
        }
        return v;
    }

    static boolean toBoolean(String name, Object raw) {
        if (raw instanceof Boolean b) {
            return b;
        }
        String s = String.valueOf(raw).trim().toLowerCase(Locale.ROOT);
        return switch (s) {
            case "true", "yes", "on", "1" -> true;
            case "false", "no", "off", "0" -> false;
            default -> throw new ConfigException(name, "must be true or false, not '" + raw + "'");
        };
    }
}
