package io.quiver.bench;

import java.util.Arrays;

/** Latencies in nanoseconds, kept in a growing array (no boxing), and their percentiles. */
final class Latencies {
    private long[] values = new long[1024];
    private int size;

    void add(long nanos) {
        if (size == values.length) {
            values = Arrays.copyOf(values, size * 2);
        }
        values[size++] = nanos;
    }

    void addAll(Latencies other) {
        for (int i = 0; i < other.size; i++) {
            add(other.values[i]);
        }
    }

    int count() {
        return size;
    }

    /** The {@code p} quantile (0..1) in microseconds; 0 when empty. Sorts in place. */
    double percentileMicros(double p) {
        if (size == 0) {
            return 0;
        }
        Arrays.sort(values, 0, size);
        return values[Math.min(size - 1, (int) Math.floor(p * size))] / 1e3;
    }
}
