package io.quiver.config;

import java.util.Locale;

/** Parses byte sizes the way redis.conf writes them: {@code 1024}, {@code 64kb}, {@code 16mb}, {@code 2gb}. */
public final class Sizes {
    private Sizes() {
    }

    static long parse(String key, Object raw) {
        if (raw instanceof Number) {
            return ConfigKey.toLong(key, raw);
        }
        String s = String.valueOf(raw).trim().toLowerCase(Locale.ROOT);
        long unit = 1;
        String digits = s;
        for (String[] u : new String[][]{{"kb", "1024"}, {"mb", "1048576"}, {"gb", "1073741824"},
                {"k", "1000"}, {"m", "1000000"}, {"g", "1000000000"}, {"b", "1"}}) {
            if (s.endsWith(u[0])) {
                unit = Long.parseLong(u[1]);
                digits = s.substring(0, s.length() - u[0].length()).trim();
                break;
            }
        }
        try {
            return Math.multiplyExact(Long.parseLong(digits), unit);
        } catch (NumberFormatException | ArithmeticException e) {
            throw new ConfigException(key, "must be a size such as 1048576, 512kb or 64mb, not '" + raw + "'");
        }
    }

    /** {@code 67108864} → {@code 64mb}: how sizes are shown back to people. */
    public static String show(long bytes) {
        if (bytes > 0 && bytes % 1073741824L == 0) {
            return bytes / 1073741824L + "gb";
        }
        if (bytes > 0 && bytes % 1048576L == 0) {
            return bytes / 1048576L + "mb";
        }
        if (bytes > 0 && bytes % 1024L == 0) {
            return bytes / 1024L + "kb";
        }
        return Long.toString(bytes);
    }
}
