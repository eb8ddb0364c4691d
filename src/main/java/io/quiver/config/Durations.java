package io.quiver.config;

import java.util.Locale;

/** Parses durations for configuration: {@code 250} (milliseconds), {@code 250ms}, {@code 5s}, {@code 2m}, {@code 1h}. */
public final class Durations {
    private Durations() {
    }

    static long parseMillis(String key, Object raw) {
        if (raw instanceof Number) {
            return ConfigKey.toLong(key, raw);
        }
        String s = String.valueOf(raw).trim().toLowerCase(Locale.ROOT);
        long unit = 1;
        String digits = s;
        for (String[] u : new String[][]{{"ms", "1"}, {"s", "1000"}, {"m", "60000"}, {"h", "3600000"}}) {
            if (s.endsWith(u[0])) {
                unit = Long.parseLong(u[1]);
                digits = s.substring(0, s.length() - u[0].length()).trim();
                break;
            }
        }
        try {
            return Math.multiplyExact(Long.parseLong(digits), unit);
        } catch (NumberFormatException | ArithmeticException e) {
            throw new ConfigException(key, "must be a duration such as 500ms, 5s or 2m (a bare number is milliseconds), not '" + raw + "'");
        }
    }

    /** {@code 5000} → {@code 5s}: how durations are shown back to people. */
    public static String show(long millis) {
        if (millis > 0 && millis % 3_600_000 == 0) {
            return millis / 3_600_000 + "h";
        }
        if (millis > 0 && millis % 60_000 == 0) {
            return millis / 60_000 + "m";
        }
        if (millis > 0 && millis % 1000 == 0) {
            return millis / 1000 + "s";
        }
        return millis + "ms";
    }
}
