package io.quiver.metrics;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Every HTTP response of the Qdrant-style API as Qdrant's telemetry counts them: per endpoint
 * ({@code "PUT /collections/{collection_name}/points"}) and status, how many, how long (min, max,
 * total) and when the last one was sent; optionally per collection too. Measured by the HTTP front
 * end, whatever {@code metrics} says (telemetry is not Prometheus). One per server, any thread.
 */
public final class RestResponses {
    /** One endpoint and status: its figures, each updated under the object's lock (a few nanoseconds). */
    public static final class Stats {
        private long count;
        private long totalNanos;
        private long minNanos = Long.MAX_VALUE;
        private long maxNanos;
        private long lastMillis;

        synchronized void record(long nanos, long nowMillis) {
            count++;
            totalNanos += nanos;
            minNanos = Math.min(minNanos, nanos);
            maxNanos = Math.max(maxNanos, nanos);
            lastMillis = nowMillis;
        }

        /** A consistent copy. */
        public synchronized Snapshot snapshot() {
            return new Snapshot(count, totalNanos, count == 0 ? 0 : minNanos, maxNanos, lastMillis);
        }
    }

    /** What {@link Stats} held at one moment. */
    public record Snapshot(long count, long totalNanos, long minNanos, long maxNanos, long lastMillis) {
        public double avgMicros() {
            return count == 0 ? 0 : totalNanos / 1000.0 / count;
        }
    }

    private record Key(String endpoint, int status, String collection) {
    }

    private final ConcurrentHashMap<Key, Stats> stats = new ConcurrentHashMap<>();

    /** One response; {@code collection} is the path's collection, or null. */
    public void record(String endpoint, int status, String collection, long nanos) {
        long now = System.currentTimeMillis();
        stats.computeIfAbsent(new Key(endpoint, status, null), k -> new Stats()).record(nanos, now);
        if (collection != null) {
            stats.computeIfAbsent(new Key(endpoint, status, collection), k -> new Stats()).record(nanos, now);
        }
    }

    /** Endpoint → status → figures, over every collection; sorted. */
    public Map<String, Map<Integer, Snapshot>> byEndpoint() {
        Map<String, Map<Integer, Snapshot>> out = new TreeMap<>();
        stats.forEach((k, v) -> {
            if (k.collection() == null) {
                out.computeIfAbsent(k.endpoint(), e -> new TreeMap<>()).put(k.status(), v.snapshot());
            }
        });
        return out;
    }

    /** Collection → endpoint → status → figures; sorted. */
    public Map<String, Map<String, Map<Integer, Snapshot>>> byCollection() {
        Map<String, Map<String, Map<Integer, Snapshot>>> out = new TreeMap<>();
        stats.forEach((k, v) -> {
            if (k.collection() != null) {
                out.computeIfAbsent(k.collection(), c -> new TreeMap<>())
                        .computeIfAbsent(k.endpoint(), e -> new TreeMap<>()).put(k.status(), v.snapshot());
            }
        });
        return out;
    }
}
