package io.quiver.http;

import io.quiver.error.QuiverException;
import io.quiver.metrics.RestResponses;
import io.quiver.service.Services;
import io.quiver.service.vector.CollectionInfo;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Qdrant's {@code GET /telemetry} and {@code GET/DELETE /issues}, in Qdrant's shapes, from what
 * Quiver measures; where Qdrant's schema requires a field Quiver has no figure for, the neutral
 * value README's "Telemetry" names (never a made-up figure). {@code details_level} 0 to 2 are
 * answered; the levels above (shards, segments, optimizations: Qdrant's storage internals) are
 * refused by name, as is {@code anonymize=true}.
 */
final class QdrantTelemetryApi {
    /** This server's id in telemetry: random at each start (Qdrant keeps one per storage). */
    private static final String ID = UUID.randomUUID().toString();
    private static final int MAX_LEVEL = 2;

    private final RestResponses responses;
    private final String version;

    QdrantTelemetryApi(RestResponses responses, String version) {
        this.responses = responses;
        this.version = version;
    }

    /** GET /telemetry?details_level=&per_collection=&anonymize= */
    void telemetry(RoutingContext ctx, Services services) {
        int level = intParam(ctx, "details_level", 0);
        if (level > MAX_LEVEL) {
            throw QuiverException.badRequest("Bad request: details_level " + level + " is not supported by Quiver: levels above "
                    + MAX_LEVEL + " report Qdrant's shards, segments and optimizers, which Quiver does not have");
        }
        boolean perCollection = boolParam(ctx, "per_collection");
        if (boolParam(ctx, "anonymize")) {
            throw QuiverException.badRequest("Bad request: anonymize=true is not supported by Quiver's telemetry");
        }
        List<String> names = services.vectors().names();
        Future<List<CollectionInfo>> infos = level == 0 ? Future.succeededFuture(List.of()) : collect(services, names);
        QdrantReply.whenDone(ctx, infos.map(list -> {
            JsonObject collections = new JsonObject().put("number_of_collections", names.size());
            JsonObject out = new JsonObject()
                    .put("id", ID)
                    .put("app", new JsonObject().put("name", "quiver").put("version", version)
                            .put("startup", Instant.ofEpochMilli(ManagementFactory.getRuntimeMXBean().getStartTime()).toString()))
                    .put("collections", collections)
                    .put("cluster", new JsonObject().put("enabled", services.cluster().enabled()))
                    .put("requests", requests(perCollection))
                    .put("quota", new JsonObject()
                            .put("config", new JsonObject().put("enabled", false))
                            .put("exceeded", new JsonObject().putNull("resident_memory").putNull("disk_usage")));
            if (level >= 1) {
                JsonArray each = new JsonArray();
                JsonArray snapshots = new JsonArray();
                for (CollectionInfo info : list) {
                    JsonObject config = QdrantApi.configJson(info);
                    each.add(level == 1
                            ? new JsonObject().put("vectors", info.points()).put("optimizers_status", "ok")
                                    .put("params", config.getJsonObject("params"))
                            : new JsonObject().put("id", info.config().name()).put("init_time_ms", 0).put("config", config));
                    snapshots.add(new JsonObject().put("id", info.config().name()));
                }
                collections.put("collections", each).put("snapshots", snapshots);
                out.put("memory", memory())
                        .put("hardware", new JsonObject().put("collection_data", new JsonObject()))
                        .put("search_pool", new JsonObject().put("mode", "high_cpu")
                                .put("high_cpu_threads", services.transactions().shardCount()).put("high_io_threads", 0));
            }
            return out;
        }));
    }

    /** GET /issues: Quiver detects none of Qdrant's issues (slow requests, unindexed fields), so the list is empty. */
    void issues(RoutingContext ctx, Services services) {
        QdrantReply.ok(ctx, new JsonObject().put("issues", new JsonArray()));
    }

    /** DELETE /issues: clears the (empty) list. */
    void clearIssues(RoutingContext ctx, Services services) {
        QdrantReply.ok(ctx, true);
    }

    private static Future<List<CollectionInfo>> collect(Services services, List<String> names) {
        List<Future<CollectionInfo>> each = new ArrayList<>();
        for (String n : names) {
            each.add(services.vectors().info(n));
        }
        return Future.join(each).transform(done -> {
            List<CollectionInfo> out = new ArrayList<>();
            for (Future<CollectionInfo> f : each) {
                if (f.succeeded()) {
                    out.add(f.result()); // a collection dropped meanwhile is left out
                }
            }
            return Future.succeededFuture(out);
        });
    }

    private JsonObject requests(boolean perCollection) {
        JsonObject rest = new JsonObject().put("responses", endpoints(responses.byEndpoint()));
        JsonObject grpc = new JsonObject().put("responses", new JsonObject()); // Quiver serves no gRPC
        if (perCollection) {
            JsonObject by = new JsonObject();
            responses.byCollection().forEach((c, m) -> by.put(c, endpoints(m)));
            rest.put("per_collection_responses", by);
            grpc.put("per_collection_responses", new JsonObject());
        }
        return new JsonObject().put("rest", rest).put("grpc", grpc);
    }

    private static JsonObject endpoints(Map<String, Map<Integer, RestResponses.Snapshot>> m) {
        JsonObject out = new JsonObject();
        m.forEach((endpoint, byStatus) -> {
            JsonObject statuses = new JsonObject();
            byStatus.forEach((status, s) -> statuses.put(Integer.toString(status), new JsonObject()
                    .put("count", s.count())
                    .put("avg_duration_micros", s.avgMicros())
                    .put("min_duration_micros", s.minNanos() / 1000.0)
                    .put("max_duration_micros", s.maxNanos() / 1000.0)
                    .put("total_duration_micros", s.totalNanos() / 1000)
                    .put("last_responded", Instant.ofEpochMilli(s.lastMillis()).toString())));
            out.put(endpoint, statuses);
        });
        return out;
    }

    /**
     * Qdrant reports its allocator's figures; Quiver's are the JVM's: active = heap in use,
     * allocated = heap committed, metadata = non-heap in use (metaspace, code), retained = heap
     * committed but not in use, resident = the process's resident set (/proc/self/statm).
     */
    private static JsonObject memory() {
        MemoryMXBean m = ManagementFactory.getMemoryMXBean();
        long used = m.getHeapMemoryUsage().getUsed();
        long committed = m.getHeapMemoryUsage().getCommitted();
        return new JsonObject().put("active_bytes", used).put("allocated_bytes", committed)
                .put("metadata_bytes", m.getNonHeapMemoryUsage().getUsed())
                .put("retained_bytes", Math.max(0, committed - used))
                .put("resident_bytes", residentBytes());
    }

    private static long residentBytes() {
        try {
            String[] statm = Files.readString(Path.of("/proc/self/statm")).trim().split("\\s+");
            return Long.parseLong(statm[1]) * 4096L; // pages of the resident set; Linux pages are 4 KiB here
        } catch (Exception e) {
            return 0; // not Linux: no figure (the documented neutral value)
        }
    }

    private static int intParam(RoutingContext ctx, String name, int def) {
        String v = ctx.request().getParam(name);
        if (v == null) {
            return def;
        }
        try {
            int n = Integer.parseInt(v);
            if (n < 0) {
                throw QuiverException.badRequest("Validation error in query parameters: [" + name + ": value " + n
                        + " invalid, must be 0 or more]");
            }
            return n;
        } catch (NumberFormatException e) {
            throw QuiverException.badRequest("Query deserialize error: " + name + ": invalid digit found in string");
        }
    }

    private static boolean boolParam(RoutingContext ctx, String name) {
        String v = ctx.request().getParam(name);
        if (v == null) {
            return false;
        }
        return switch (v) {
            case "true" -> true;
            case "false" -> false;
            default -> throw QuiverException.badRequest("Query deserialize error: " + name + ": provided string was not `true` or `false`");
        };
    }
}
