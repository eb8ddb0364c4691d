package io.quiver.config;

import java.util.List;
import java.util.Locale;

/**
 * A configured number with an optional unit suffix ({@code 64mb}, {@code 5s}): the one parser and
 * printer behind {@link Sizes} and {@link Durations}, which only say which units they know.
 */
final class UnitValues {
    /** A suffix and what one of it is worth in the base unit (bytes, milliseconds). */
    record Unit(String suffix, long factor) {
    }

    private UnitValues() {
    }

    /**
     * A number as is, or digits followed by the first suffix of {@code units} the text ends with
     * (so a longer suffix must come before any suffix it ends with: {@code ms} before {@code s}).
     */
    static long parse(String key, Object raw, List<Unit> units, String expected) {
        if (raw instanceof Number) {
            return ConfigKey.toLong(key, raw);
        }
        String s = String.valueOf(raw).trim().toLowerCase(Locale.ROOT);
        long factor = 1;
        String digits = s;
        for (Unit u : units) {
            if (s.endsWith(u.suffix())) {
                factor = u.factor();
                digits = s.substring(0, s.length() - u.suffix().length()).trim();
                break;
            }
        }
        try {
            return Math.multiplyExact(Long.parseLong(digits), factor);
        } catch (NumberFormatException | ArithmeticException e) {
            throw new ConfigException(key, "must be " + expected + ", not '" + raw + "'");
        }
    }

    /** In the largest of {@code largestFirst} that divides it exactly, else bare with {@code baseSuffix}. */
    static String show(long value, List<Unit> largestFirst, String baseSuffix) {
        for (Unit u : largestFirst) {
            if (value > 0 && value % u.factor() == 0) {
                return value / u.factor() + u.suffix();
            }
        }
        return value + baseSuffix;
    }
}
