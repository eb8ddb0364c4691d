package io.quiver.config;

import io.quiver.config.UnitValues.Unit;

import java.util.List;

/** Parses byte sizes the way redis.conf writes them: {@code 1024}, {@code 64kb}, {@code 16mb}, {@code 2gb}. */
public final class Sizes {
    private static final Unit KB = new Unit("kb", 1024), MB = new Unit("mb", 1048576), GB = new Unit("gb", 1073741824L);
    private static final List<Unit> PARSED = List.of(KB, MB, GB, new Unit("k", 1000), new Unit("m", 1_000_000),
            new Unit("g", 1_000_000_000), new Unit("b", 1));
    private static final List<Unit> SHOWN = List.of(GB, MB, KB);

    private Sizes() {
    }

    static long parse(String key, Object raw) {
        return UnitValues.parse(key, raw, PARSED, "a size such as 1048576, 512kb or 64mb");
    }

    /** {@code 67108864} → {@code 64mb}: how sizes are shown back to people. */
    public static String show(long bytes) {
        return UnitValues.show(bytes, SHOWN, "");
    }
}
