package io.quiver.metrics;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.composite.CompositeMeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;

import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * Quiver's own meters, beside the ones vertx-micrometer-metrics keeps for HTTP and the event bus,
 * in the same registry. One instance per server. Meter names: {@code quiver.command.duration}
 * (tags protocol, command), {@code quiver.server.timing} (tags route, phase), {@code quiver.shard.keys}
 * (tag shard).
 */
public final class QuiverMetrics {
    private final MeterRegistry registry;
    private final PrometheusMeterRegistry prometheus;
    private final ConcurrentHashMap<String, Timer> commandTimers = new ConcurrentHashMap<>();
    private final RestResponses restResponses = new RestResponses();

    private QuiverMetrics(MeterRegistry registry, PrometheusMeterRegistry prometheus) {
        this.registry = registry;
        this.prometheus = prometheus;
    }

    public static QuiverMetrics create(boolean enabled) {
        if (!enabled) {
            return new QuiverMetrics(new CompositeMeterRegistry(), null); // meters with nowhere to go
        }
        PrometheusMeterRegistry p = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        return new QuiverMetrics(p, p);
    }

    /** The Qdrant-style API's responses, for {@code /telemetry} and {@code /metrics} (kept with metrics off too). */
    public RestResponses restResponses() {
        return restResponses;
    }

    public MeterRegistry registry() {
        return registry;
    }

    public boolean enabled() {
        return prometheus != null;
    }

    /** Prometheus text exposition of every meter. */
    public String scrape() {
        return prometheus == null ? "" : prometheus.scrape();
    }

    /** The latency timer of one command on one front end ({@code resp}/{@code http}). */
    public Timer commandTimer(String protocol, String command) {
        return commandTimers.computeIfAbsent(protocol + '\0' + command, k -> Timer.builder("quiver.command.duration")
                .description("Time from a command's arrival to its reply being ready")
                .tag("protocol", protocol)
                .tag("command", command)
                .publishPercentiles(0.5, 0.99)
                .distributionStatisticExpiry(Duration.ofMinutes(1))
                .register(registry));
    }

    /**
     * Histogram buckets of the {@code Server-Timing} phases: 10 µs to 5 s, so Prometheus's
     * {@code histogram_quantile} can tell a 50 µs shard step from a 50 ms queue.
     */
    private static final Duration[] SERVER_TIMING_BUCKETS = java.util.stream.LongStream.of( // microseconds
                    10, 25, 50, 100, 250, 500, 1_000, 2_500, 5_000, 10_000, 25_000, 50_000, 100_000, 250_000,
                    500_000, 1_000_000, 2_500_000, 5_000_000)
            .mapToObj(us -> Duration.ofNanos(us * 1000)).toArray(Duration[]::new);

    /**
     * One phase ({@code queue}, {@code shard}, {@code merge}) of one HTTP route's requests, as a
     * histogram: the figures each response's {@code Server-Timing} header carries
     * ({@link io.quiver.router.RequestTiming}).
     */
    public Timer serverTimingTimer(String route, String phase) {
        return Timer.builder("quiver.server.timing")
                .description("Where HTTP requests spent their time: queue (waiting for the shard), shard (running), "
                        + "merge (assembling the reply); the Server-Timing header's phases")
                .tag("route", route)
                .tag("phase", phase)
                .serviceLevelObjectives(SERVER_TIMING_BUCKETS)
                .register(registry);
    }

    public void shardKeyGauge(int shard, Supplier<Number> keys) {
        Gauge.builder("quiver.shard.keys", keys).description("Keys stored by a shard")
                .tag("shard", Integer.toString(shard)).register(registry);
    }

    /** A timer reporting p50 and p99 over the last minute, such as fsync latency. */
    public Timer timer(String name, String description, String... tags) {
        return Timer.builder(name).description(description).tags(tags)
                .publishPercentiles(0.5, 0.99)
                .distributionStatisticExpiry(Duration.ofMinutes(1))
                .register(registry);
    }

    public void gauge(String name, String description, Supplier<Number> value, String... tags) {
        Gauge.builder(name, value).description(description).tags(tags).register(registry);
    }
}
