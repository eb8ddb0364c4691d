package io.quiver.http;

import io.quiver.config.ConfigKeys;
import io.quiver.config.QuiverConfig;
import io.quiver.error.ErrorCode;
import io.quiver.error.QuiverException;
import io.quiver.metrics.QuiverMetrics;
import io.quiver.router.ShardRouter;
import io.quiver.shard.ShardStats;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

/** GET /health, GET /metrics and GET /admin/config. */
final class SystemHttpApi {
    private final ShardRouter router;
    private final QuiverMetrics metrics;
    private final QuiverConfig config;
    private final long startMillis = System.currentTimeMillis();

    SystemHttpApi(ShardRouter router, QuiverMetrics metrics, QuiverConfig config) {
        this.router = router;
        this.metrics = metrics;
        this.config = config;
    }

    /** Healthy when every shard answers. */
    void health(RoutingContext ctx) {
        router.stats().onComplete(ar -> {
            if (ar.failed()) {
                ctx.fail(new QuiverException(ErrorCode.BUSY, "shards did not answer: " + ar.cause().getMessage()));
                return;
            }
            Json.ok(ctx, new JsonObject()
                    .put("status", "ok")
                    .put("shards", ar.result().size())
                    .put("keys", ar.result().stream().mapToLong(ShardStats::keys).sum())
                    .put("uptime_seconds", (System.currentTimeMillis() - startMillis) / 1000));
        });
    }

    /** The effective configuration, secrets masked: {@code {"config": {"key": {"value": "...", "source": "..."}}}}. */
    void config(RoutingContext ctx) {
        JsonObject keys = new JsonObject();
        config.shown().forEach((name, shown) -> keys.put(name, new JsonObject()
                .put("value", shown)
                .put("source", config.sourceOf(ConfigKeys.byName(name)))));
        Json.ok(ctx, new JsonObject().put("config", keys));
    }

    void metrics(RoutingContext ctx) {
        if (!metrics.enabled()) {
            throw QuiverException.notFound("metrics are disabled (configuration key 'metrics')");
        }
        ctx.response().putHeader("Content-Type", "text/plain; version=0.0.4; charset=utf-8").end(metrics.scrape());
    }
}
