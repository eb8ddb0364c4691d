package io.quiver.config;

import io.quiver.config.UnitValues.Unit;

import java.util.List;

/** Parses durations for configuration: {@code 250} (milliseconds), {@code 250ms}, {@code 5s}, {@code 2m}, {@code 1h}. */
public final class Durations {
    private static final List<Unit> PARSED = List.of(new Unit("ms", 1), new Unit("s", 1000), new Unit("m", 60_000),
            new Unit("h", 3_600_000));
    private static final List<Unit> SHOWN = List.of(new Unit("h", 3_600_000), new Unit("m", 60_000), new Unit("s", 1000));

    private Durations() {
    }

    static long parseMillis(String key, Object raw) {
        return UnitValues.parse(key, raw, PARSED, "a duration such as 500ms, 5s or 2m (a bare number is milliseconds)");
    }

    /** {@code 5000} → {@code 5s}: how durations are shown back to people. */
    public static String show(long millis) {
        return UnitValues.show(millis, SHOWN, "ms");
    }
}
