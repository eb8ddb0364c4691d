package io.quiver.http;

import io.quiver.config.ConfigKeys;
import io.quiver.config.QuiverConfig;
import io.quiver.error.ErrorCode;
import io.quiver.error.QuiverException;
import io.quiver.metrics.QuiverMetrics;
import io.quiver.service.ClusterService;
import io.quiver.service.Services;
import io.quiver.status.ShardStats;
import io.quiver.status.SnapshotInfo;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

/** GET /health, GET /metrics and GET /admin/config. */
final class SystemHttpApi {
    private final QuiverMetrics metrics;
    private final QuiverConfig config;
    private final long startMillis = System.currentTimeMillis();

    /** The server's meters (null in tests that only read the route table). */
    QuiverMetrics metrics() {
        return metrics;
    }

    SystemHttpApi(QuiverMetrics metrics, QuiverConfig config) {
        this.metrics = metrics;
        this.config = config;
    }

    /** Healthy when every shard answers. */
    void health(RoutingContext ctx, Services services) {
        services.admin().stats().onComplete(ar -> {
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

    /** GET /healthz and /livez, Qdrant's Kubernetes probes: the process answers. */
    void livez(RoutingContext ctx, Services services) {
        ctx.response().putHeader("Content-Type", "text/plain").end("healthz check passed");
    }

    /** GET /readyz: ready when every shard answers (recovery is over); 503 while one does not. */
    void readyz(RoutingContext ctx, Services services) {
        services.admin().stats().onComplete(ar -> {
            if (ar.failed()) {
                ctx.response().setStatusCode(503).putHeader("Content-Type", "text/plain")
                        .end("some shards are not ready: " + ar.cause().getMessage());
                return;
            }
            ctx.response().putHeader("Content-Type", "text/plain").end("all shards are ready");
        });
    }

    /**
     * GET /cluster in Qdrant's shape: {@code status} "disabled" on a single server; else "enabled",
     * this node's {@code peer_id}, every node under {@code peers} (Qdrant's {@code uri}, here the
     * node's HTTP address, and Quiver's own fields: its cluster address, reachability, shards, slot
     * count and ranges), {@code raft_info} and {@code consensus_thread_status}. Quiver runs no Raft:
     * {@code leader} is the node coordinating the cluster (Hazelcast's oldest member), {@code term}
     * and {@code commit} are the slot table's version (0: the first layout), and {@code last_update}
     * is when this node last checked the slot table against the membership.
     */
    void cluster(RoutingContext ctx, Services services) {
        ClusterService cluster = services.cluster();
        if (!cluster.enabled()) {
            QdrantReply.ok(ctx, new JsonObject().put("status", "disabled"));
            return;
        }
        ClusterService.Status s = cluster.status();
        JsonObject peers = new JsonObject();
        for (ClusterService.Node n : s.nodes()) {
            JsonArray ranges = new JsonArray();
            for (int[] r : n.ranges()) {
                ranges.add(new JsonArray().add(r[0]).add(r[1]));
            }
            peers.put(Integer.toString(n.index()), new JsonObject()
                    .put("uri", n.httpPort() == 0 ? null : "http://" + n.host() + ":" + n.httpPort() + "/")
                    .put("cluster_address", n.address())
                    .put("id", n.id())
                    .put("reachable", n.reachable())
                    .put("shards", new JsonArray().add(n.firstShard()).add(n.lastShard()))
                    .put("slots", n.slots())
                    .put("slot_ranges", ranges));
        }
        int self = s.self().index();
        JsonArray migrations = new JsonArray();
        for (ClusterService.Migration m : s.migrations()) {
            migrations.add(new JsonObject().put("slots", new JsonArray().add(m.first()).add(m.last()))
                    .put("from_peer_id", m.from()).put("to_peer_id", m.to())
                    .put("started", java.time.Instant.ofEpochMilli(m.startedMillis()).toString())
                    .put("keys_moved", m.keysMoved() < 0 ? null : m.keysMoved()));
        }
        QdrantReply.ok(ctx, new JsonObject()
                .put("status", "enabled")
                .put("peer_id", self)
                .put("peers", peers)
                .put("raft_info", new JsonObject()
                        .put("term", 0)
                        .put("commit", s.epoch())
                        .put("pending_operations", s.migrations().size())
                        .put("leader", s.coordinator() < 0 ? null : s.coordinator())
                        .put("role", s.coordinator() < 0 ? null : s.coordinator() == self ? "Leader" : "Follower")
                        .put("is_voter", true))
                .put("consensus_thread_status", new JsonObject()
                        .put("consensus_thread_status", System.currentTimeMillis() - s.checkedMillis() < 5000 ? "working" : "stopped")
                        .put("last_update", java.time.Instant.ofEpochMilli(s.checkedMillis()).toString()))
                .put("message_send_failures", new JsonObject())
                .put("cluster_name", s.name())
                .put("cluster_state", s.ok() ? "ok" : "fail")
                .put("shards", s.shards())
                .put("slot_table_epoch", s.epoch())
                .put("migrations", migrations));
    }

    /** The effective configuration, secrets masked: {@code {"config": {"key": {"value": "...", "source": "..."}}}}. */
    void config(RoutingContext ctx, Services services) {
        JsonObject keys = new JsonObject();
        config.shown().forEach((name, shown) -> keys.put(name, new JsonObject()
                .put("value", shown)
                .put("source", config.sourceOf(ConfigKeys.byName(name)))));
        Json.ok(ctx, new JsonObject().put("config", keys));
    }

    /** POST /admin/snapshot: snapshots every shard; answers once every file is on disk. */
    /**
     * {@code POST /cluster/leave} (Quiver's own): this node hands its slots and keys over to the other
     * nodes, answers, then stops; the same as {@code CLUSTER LEAVE} on RESP.
     */
    void clusterLeave(RoutingContext ctx, Services services) {
        if (!services.cluster().enabled()) {
            throw new QuiverException(io.quiver.error.ErrorCode.BAD_REQUEST, "this server is not a cluster node (cluster is off)");
        }
        long t0 = System.nanoTime();
        services.cluster().leave().onComplete(ar -> {
            if (ar.failed()) {
                ctx.fail(ar.cause());
                return;
            }
            QdrantReply.ok(ctx, new JsonObject().put("left", true).put("detail", ar.result())
                    .put("took_ms", (System.nanoTime() - t0) / 1_000_000));
        });
    }

    void snapshot(RoutingContext ctx, Services services) {
        long t0 = System.nanoTime();
        services.admin().snapshot(true).onComplete(ar -> {
            if (ar.failed()) {
                ctx.fail(ar.cause());
                return;
            }
            JsonArray shards = new JsonArray();
            long keys = 0, points = 0, bytes = 0;
            for (SnapshotInfo s : ar.result()) {
                keys += s.keys();
                points += s.points();
                bytes += s.bytes();
                shards.add(new JsonObject().put("shard", s.shard()).put("keys", s.keys()).put("points", s.points())
                        .put("bytes", s.bytes()).put("last_seq", s.lastSeq()).put("copy_us", s.copyMicros())
                        .put("took_ms", s.totalMillis()));
            }
            Json.ok(ctx, new JsonObject().put("keys", keys).put("points", points).put("bytes", bytes)
                    .put("took_ms", (System.nanoTime() - t0) / 1_000_000).put("shards", shards));
        });
    }

    /**
     * Prometheus text: every Micrometer meter, then the series Qdrant's {@code /metrics} has that
     * Quiver measures ({@link QdrantMetricsText}); {@code ?per_collection=true} labels the REST
     * series of collection routes by collection.
     */
    void metrics(RoutingContext ctx, Services services) {
        if (!metrics.enabled()) {
            throw QuiverException.notFound("metrics are disabled (configuration key 'metrics')");
        }
        boolean perCollection = QdrantMetricsText.flag(ctx, "per_collection");
        if (QdrantMetricsText.flag(ctx, "anonymize")) {
            throw QuiverException.badRequest("anonymize=true is not supported by Quiver's metrics");
        }
        String micrometer = metrics.scrape();
        QdrantMetricsText.render(services, metrics.restResponses(), perCollection, version()).onComplete(ar -> {
            if (ar.failed()) {
                ctx.fail(ar.cause());
                return;
            }
            ctx.response().putHeader("Content-Type", "text/plain; version=0.0.4; charset=utf-8").end(micrometer + ar.result());
        });
    }

    private static String version() {
        String v = SystemHttpApi.class.getPackage().getImplementationVersion();
        return v == null ? "0.1.0-dev" : v;
    }
}
