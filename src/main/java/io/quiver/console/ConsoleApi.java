package io.quiver.console;

import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.distribution.HistogramSnapshot;
import io.micrometer.core.instrument.distribution.ValueAtPercentile;
import io.quiver.config.ConfigKeys;
import io.quiver.config.QuiverConfig;
import io.quiver.error.QuiverException;
import io.quiver.kv.ScanPage;
import io.quiver.kv.Value;
import io.quiver.metrics.QuiverMetrics;
import io.quiver.service.AdminService.Answer;
import io.quiver.service.ClusterService;
import io.quiver.service.HashService;
import io.quiver.service.KeyspaceService.KeyType;
import io.quiver.service.Services;
import io.quiver.service.vector.CollectionInfo;
import io.quiver.service.vector.ImportStatus;
import io.quiver.status.PersistenceStats;
import io.quiver.status.QueueStats;
import io.quiver.status.ShardStats;
import io.quiver.vector.CollectionConfig;
import io.quiver.vector.CollectionShardInfo;
import io.quiver.vector.VectorSchema;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The console's JSON endpoints under {@code /dashboard/api/}, behind the same password as the rest
 * of the HTTP API: the server's figures (overview, meters), the collections, and the keyspace
 * (SCAN pages, one key, the command box). Everything else the page shows it reads from the public
 * API (the Qdrant routes), as any client would. Thin handlers over the service layer; failures go
 * down the HTTP front end's failure path with Quiver's JSON error shape.
 */
public final class ConsoleApi {
    private static final String COMMAND_METER = "quiver.command.duration";
    private static final String TIMING_METER = "quiver.server.timing";
    private static final int MAX_SCAN_COUNT = 1000;
    /** SCAN steps one page of the key browser may take (each a round trip to one shard). */
    private static final int MAX_SCAN_STEPS = 64;
    private static final int MAX_SHOWN_VALUE = 64 * 1024;
    private static final int MAX_HASH_FIELDS = 1000;
    private static final int MAX_HASH_VALUE = 4096;

    /** The key types a SCAN TYPE can ask for, as their wire names: "string, hash and vectorset". */
    private static final String HELD_TYPES;

    static {
        List<String> names = java.util.Arrays.stream(KeyType.values()).filter(t -> t != KeyType.NONE).map(KeyType::wireName).toList();
        HELD_TYPES = String.join(", ", names.subList(0, names.size() - 1)) + " and " + names.get(names.size() - 1);
    }

    private final QuiverConfig config;
    private final QuiverMetrics metrics;
    private final String version;
    private final long startMillis = System.currentTimeMillis();
    private final ConsoleCommands commands = new ConsoleCommands();

    public ConsoleApi(QuiverConfig config, QuiverMetrics metrics, String version) {
        this.config = config;
        this.metrics = metrics;
        this.version = version;
    }

    // ---- GET /dashboard/api/overview ----

    /** Version, uptime, transport, each shard's figures, memory and persistence. */
    public void overview(RoutingContext ctx, Services services) {
        onlyParams(ctx);
        // each shard on its own: with a cluster node down the overview still shows the rest, and says which do not answer
        Future<List<Answer<ShardStats>>> stats = services.admin().statsOfEach();
        Future<List<Answer<PersistenceStats>>> persistence = services.admin().persistenceStatsOfEach();
        QueueStats queues = services.admin().queues();
        Future.all(stats, persistence).onComplete(ar -> {
            if (ar.failed()) {
                ctx.fail(ar.cause());
                return;
            }
            JsonArray shards = new JsonArray();
            long keys = 0, points = 0, kvMemory = 0, vectorMemory = 0;
            int missing = 0;
            for (int i = 0; i < stats.result().size(); i++) {
                Answer<ShardStats> a = stats.result().get(i);
                if (!a.answered()) {
                    missing++;
                    shards.add(new JsonObject().put("shard", i).put("error", a.failure().getMessage()));
                    continue;
                }
                ShardStats s = a.reply();
                keys += s.keys();
                points += s.points();
                kvMemory += s.kvMemoryBytes();
                vectorMemory += s.vectorMemoryBytes();
                shards.add(new JsonObject().put("shard", s.shard()).put("keys", s.keys()).put("points", s.points())
                        .put("collection_parts", s.collectionParts())
                        .put("queue_depth", s.shard() < queues.pending().length ? queues.pending()[s.shard()] : 0)
                        .put("kv_memory_bytes", s.kvMemoryBytes()).put("vector_memory_bytes", s.vectorMemoryBytes())
                        .put("ops_executed", s.opsExecuted()).put("volatile_keys", s.volatileKeys()));
            }
            Runtime rt = Runtime.getRuntime();
            reply(ctx, new JsonObject()
                    .put("version", version)
                    .put("uptime_seconds", (System.currentTimeMillis() - startMillis) / 1000)
                    .put("transport", ctx.vertx().isNativeTransportEnabled() ? "epoll" : "nio")
                    .put("java_version", Runtime.version().toString())
                    .put("totals", new JsonObject().put("keys", keys).put("points", points)
                            .put("collections", services.vectors().names().size()).put("shards_not_answering", missing))
                    .put("shards", shards)
                    .put("memory", new JsonObject()
                            .put("heap_used_bytes", rt.totalMemory() - rt.freeMemory())
                            .put("heap_max_bytes", rt.maxMemory())
                            .put("kv_bytes", kvMemory)
                            .put("vector_bytes", vectorMemory)
                            .put("max_memory_bytes", config.get(ConfigKeys.MAX_MEMORY)))
                    .put("persistence", persistence(persistence.result().stream().filter(Answer::answered).map(Answer::reply).toList()))
                    .put("refusals", refusals(queues))
                    .put("cluster", cluster(services.cluster()))
                    .put("auth", config.authRequired())
                    .put("tls", config.tls()));
        });
    }

    /** The shards' persistence figures summed: log bytes, and the oldest shard's last snapshot (when every shard has one). */
    private JsonObject persistence(List<PersistenceStats> shards) {
        boolean enabled = !shards.isEmpty() && shards.get(0).enabled();
        JsonObject p = new JsonObject().put("enabled", enabled);
        if (!enabled) {
            return p;
        }
        long logBytes = 0, changes = 0, lastSnapshot = Long.MAX_VALUE;
        boolean ok = true, writable = true;
        int inProgress = 0;
        for (PersistenceStats s : shards) {
            logBytes += s.logBytes();
            changes += s.changesSinceSnapshot();
            lastSnapshot = Math.min(lastSnapshot, s.lastSnapshotMillis());
            ok &= s.lastSnapshotOk();
            writable &= s.logWriteOk();
            inProgress += s.snapshotsInProgress();
        }
        return p.put("appendfsync", shards.get(0).appendfsync())
                .put("data_dir", config.get(ConfigKeys.DATA_DIR))
                .put("log_bytes", logBytes)
                .put("changes_since_snapshot", changes)
                .put("last_snapshot_millis", lastSnapshot == Long.MAX_VALUE ? 0 : lastSnapshot)
                .put("last_snapshot_ok", ok)
                .put("snapshots_in_progress", inProgress)
                .put("log_write_ok", writable);
    }

    /**
     * The cluster as this node sees it (the same figures as CLUSTER INFO and {@code GET /cluster}):
     * every node, whether its shards answer, its ports, the global shards it holds and the ranges of
     * the 16384 hash slots that route to them.
     */
    private static JsonObject cluster(ClusterService cluster) {
        if (!cluster.enabled()) {
            return new JsonObject().put("enabled", false);
        }
        ClusterService.Status s = cluster.status();
        JsonArray nodes = new JsonArray();
        for (ClusterService.Node n : s.nodes()) {
            JsonArray ranges = new JsonArray();
            for (int[] r : n.ranges()) {
                ranges.add(new JsonArray().add(r[0]).add(r[1]));
            }
            nodes.add(new JsonObject().put("index", n.index()).put("id", n.id()).put("address", n.address())
                    .put("self", n.self()).put("reachable", n.reachable()).put("coordinator", n.index() == s.coordinator())
                    .put("resp_port", n.respPort()).put("http_port", n.httpPort())
                    .put("first_shard", n.firstShard()).put("last_shard", n.lastShard()).put("slots", n.slots())
                    .put("slot_ranges", ranges));
        }
        return new JsonObject().put("enabled", true).put("name", s.name()).put("state", s.ok() ? "ok" : "fail")
                .put("shards", s.shards()).put("slots", ClusterService.SLOTS).put("slots_served", s.slotsServed())
                .put("nodes", nodes);
    }

    private static JsonObject refusals(QueueStats q) {
        return new JsonObject().put("busy", q.busyRefusals()).put("oom", q.oomRefusals())
                .put("timeouts", q.timeouts()).put("skipped_late", q.skippedLate())
                .put("queue_bound", q.queueBound());
    }

    // ---- GET /dashboard/api/meters ----

    /**
     * The server's own Micrometer meters, for the live charts: every command's count and p50/p99
     * (per protocol), the Server-Timing phases of HTTP routes, heap and stored data, refusals. The
     * counts are totals since start: the page turns two samples into a rate.
     */
    public void meters(RoutingContext ctx, Services services) {
        onlyParams(ctx);
        QueueStats queues = services.admin().queues();
        services.admin().statsOfEach().onComplete(ar -> {
            if (ar.failed()) {
                ctx.fail(ar.cause());
                return;
            }
            List<ShardStats> answered = ar.result().stream().filter(Answer::answered).map(Answer::reply).toList();
            JsonArray commands = new JsonArray();
            JsonArray timing = new JsonArray();
            for (Meter m : metrics.registry().getMeters()) {
                if (!(m instanceof Timer t)) {
                    continue;
                }
                String name = m.getId().getName();
                if (name.equals(COMMAND_METER)) {
                    HistogramSnapshot snap = t.takeSnapshot();
                    commands.add(new JsonObject().put("protocol", m.getId().getTag("protocol"))
                            .put("command", m.getId().getTag("command")).put("count", snap.count())
                            .put("p50_ms", percentile(snap, 0.5)).put("p99_ms", percentile(snap, 0.99)));
                } else if (name.equals(TIMING_METER)) {
                    timing.add(new JsonObject().put("route", m.getId().getTag("route"))
                            .put("phase", m.getId().getTag("phase")).put("count", t.count())
                            .put("total_ms", t.totalTime(TimeUnit.MILLISECONDS)));
                }
            }
            Runtime rt = Runtime.getRuntime();
            reply(ctx, new JsonObject()
                    .put("enabled", metrics.enabled())
                    .put("time_millis", System.currentTimeMillis())
                    .put("commands", commands)
                    .put("server_timing", timing)
                    .put("memory", new JsonObject()
                            .put("heap_used_bytes", rt.totalMemory() - rt.freeMemory())
                            .put("kv_bytes", answered.stream().mapToLong(ShardStats::kvMemoryBytes).sum())
                            .put("vector_bytes", answered.stream().mapToLong(ShardStats::vectorMemoryBytes).sum()))
                    .put("refusals", refusals(queues)));
        });
    }

    private static double percentile(HistogramSnapshot snap, double p) {
        for (ValueAtPercentile v : snap.percentileValues()) {
            if (v.percentile() == p) {
                return v.value(TimeUnit.MILLISECONDS);
            }
        }
        return 0;
    }

    // ---- GET /dashboard/api/collections ----

    /** Every collection with its points, dimension, metric, index kind and state, memory and latest import. */
    public void collections(RoutingContext ctx, Services services) {
        onlyParams(ctx);
        List<Future<CollectionInfo>> infos = new ArrayList<>();
        for (String name : services.vectors().names()) {
            infos.add(services.vectors().info(name));
        }
        Future.join(infos).onComplete(ar -> {
            JsonArray out = new JsonArray();
            for (Future<CollectionInfo> f : infos) {
                if (f.succeeded()) { // one dropped meanwhile is simply not listed
                    out.add(collection(f.result()));
                }
            }
            reply(ctx, new JsonObject().put("collections", out));
        });
    }

    private static JsonObject collection(CollectionInfo info) {
        CollectionConfig c = info.config();
        List<String> states = info.shards().stream().map(CollectionShardInfo::indexState).distinct().toList();
        JsonObject o = new JsonObject().put("name", c.name()).put("points", info.points())
                .put("indexed_vectors", info.indexedVectors()).put("dimension", c.dimension())
                .put("metric", c.metric().qdrantName()).put("index", c.index().name().toLowerCase())
                .put("index_state", String.join("+", states)).put("memory_bytes", info.memoryBytes());
        if (c.schema() != null) { // named dense and sparse vectors: each space's own figures
            JsonArray spaces = new JsonArray();
            for (VectorSchema.Dense d : c.schema().dense()) {
                spaces.add(new JsonObject().put("name", d.name()).put("kind", "dense").put("dimension", d.dimension())
                        .put("metric", d.metric().qdrantName()));
            }
            for (VectorSchema.Sparse sp : c.schema().sparse()) {
                spaces.add(new JsonObject().put("name", sp.name()).put("kind", "sparse").put("idf", sp.idf()));
            }
            o.put("vectors", spaces);
        }
        ImportStatus imp = info.lastImport();
        if (imp != null) {
            o.put("import", new JsonObject().put("source", imp.source()).put("state", imp.state())
                    .put("rows", imp.rows()).put("percent", imp.percent()).put("error", imp.error()));
        }
        return o;
    }

    // ---- GET /dashboard/api/keys?pattern=&type=&cursor=&count= ----

    /** One SCAN page: the keys with their types. */
    public void keys(RoutingContext ctx, Services services) {
        onlyParams(ctx, "pattern", "type", "cursor", "count");
        String pattern = ctx.request().getParam("pattern");
        String typeName = ctx.request().getParam("type");
        KeyType type = null;
        if (typeName != null && !typeName.isEmpty()) {
            type = KeyType.named(typeName);
            if (type == null) {
                throw QuiverException.badRequest("unknown type '" + typeName + "': Quiver holds " + HELD_TYPES + " keys");
            }
        }
        long cursor = longParam(ctx, "cursor", 0, 0, Long.MAX_VALUE);
        int count = (int) longParam(ctx, "count", 50, 1, MAX_SCAN_COUNT);
        byte[] glob = pattern == null || pattern.isEmpty() ? null : pattern.getBytes(StandardCharsets.UTF_8);
        scanUpTo(services, cursor, count, glob, type, new ArrayList<>(), MAX_SCAN_STEPS)
                .compose(page -> typed(services, page)).onComplete(ar -> {
            if (ar.failed()) {
                ctx.fail(ar.cause());
            } else {
                reply(ctx, ar.result());
            }
        });
    }

    /**
     * SCAN steps from {@code cursor} until {@code count} keys are found, the scan is complete, or
     * {@code steps} steps were taken: a page of the browser, where one SCAN step may bring few keys
     * (a step covers part of one shard).
     */
    private static Future<ScanPage> scanUpTo(Services services, long cursor, int count, byte[] glob, KeyType type,
                                             List<byte[]> found, int steps) {
        return services.keyspace().scan(cursor, count - found.size(), glob, type).compose(page -> {
            found.addAll(List.of(page.keys()));
            if (found.size() >= count || page.cursor() == 0 || steps <= 1) {
                return Future.succeededFuture(new ScanPage(page.cursor(), found.toArray(new byte[0][])));
            }
            return scanUpTo(services, page.cursor(), count, glob, type, found, steps - 1);
        });
    }

    private static Future<JsonObject> typed(Services services, ScanPage page) {
        List<Future<KeyType>> types = new ArrayList<>();
        for (byte[] k : page.keys()) {
            types.add(services.keyspace().type(k));
        }
        return Future.all(types).map(v -> {
            JsonArray keys = new JsonArray();
            for (int i = 0; i < page.keys().length; i++) {
                keys.add(keyName(page.keys()[i]).put("type", types.get(i).result().wireName()));
            }
            return new JsonObject().put("cursor", Long.toString(page.cursor())).put("keys", keys);
        });
    }

    // ---- GET /dashboard/api/key?key= (or key_hex=) ----

    /** One key: its type, TTL and value (a string as text and hex; a vector set as its collection). */
    public void key(RoutingContext ctx, Services services) {
        byte[] key = keyParam(ctx);
        services.keyspace().type(key).compose(type -> switch (type) {
            case NONE -> Future.failedFuture(QuiverException.notFound("no key " + keyName(key).getString("name")));
            case VECTORSET -> services.vectors().info(keyName(key).getString("name"))
                    .map(info -> keyName(key).put("type", type.wireName()).put("ttl_ms", -1).put("collection", collection(info)));
            case HASH -> Future.all(services.hashes().getAll(key, HashService.PAIRS), services.kv().expireTime(key))
                    .map(both -> hashJson(key, both.resultAt(0), both.resultAt(1)));
            case LIST -> Future.all(services.lists().range(key, 0, MAX_HASH_FIELDS - 1), services.lists().length(key),
                            services.kv().expireTime(key))
                    .map(all -> listJson(key, all.resultAt(0), all.resultAt(1), all.resultAt(2)));
            case STRING -> Future.all(services.kv().get(key), services.kv().expireTime(key)).map(both -> {
                Value value = both.resultAt(0);
                long expireAt = both.resultAt(1);
                JsonObject o = keyName(key).put("type", type.wireName())
                        .put("ttl_ms", ttlMillis(expireAt));
                if (value != null) {
                    byte[] bytes = value.bytes();
                    int shown = Math.min(bytes.length, MAX_SHOWN_VALUE);
                    o.put("length", bytes.length).put("truncated", shown < bytes.length)
                            .put("text", new String(bytes, 0, shown, StandardCharsets.UTF_8))
                            .put("hex", HexFormat.of().formatHex(bytes, 0, shown))
                            .put("utf8", isUtf8(bytes));
                }
                return o;
            });
        }).onComplete(ar -> {
            if (ar.failed()) {
                ctx.fail(ar.cause());
            } else {
                reply(ctx, ar.result());
            }
        });
    }

    /** Milliseconds left from an absolute expiry time, -1 (none) and -2 (gone) kept as Redis's PTTL gives them. */
    private static long ttlMillis(long expireAt) {
        return expireAt < 0 ? expireAt : Math.max(0, expireAt - System.currentTimeMillis());
    }

    /**
     * A hash as HGETALL gives it, as rows: each field and value as text, with its hex when it is not
     * UTF-8; the first {@value #MAX_HASH_FIELDS} fields, each value's first {@value #MAX_HASH_VALUE} bytes.
     */
    private static JsonObject hashJson(byte[] key, Value[] pairs, long expireAt) {
        JsonArray fields = new JsonArray();
        for (int i = 0; i + 1 < pairs.length && fields.size() < MAX_HASH_FIELDS; i += 2) {
            JsonObject row = new JsonObject();
            shown(row, "field", pairs[i].bytes(), MAX_HASH_VALUE);
            shown(row, "value", pairs[i + 1].bytes(), MAX_HASH_VALUE);
            fields.add(row);
        }
        return keyName(key).put("type", KeyType.HASH.wireName()).put("ttl_ms", ttlMillis(expireAt))
                .put("length", pairs.length / 2).put("truncated", fields.size() < pairs.length / 2).put("fields", fields);
    }

    /** A list: its length and its first elements (as a hash's values are shown), as {@code elements} rows of {@code value}. */
    private static JsonObject listJson(byte[] key, Value[] first, long length, long expireAt) {
        JsonArray elements = new JsonArray();
        for (Value v : first) {
            JsonObject row = new JsonObject();
            shown(row, "value", v.bytes(), MAX_HASH_VALUE);
            elements.add(row);
        }
        return keyName(key).put("type", KeyType.LIST.wireName()).put("ttl_ms", ttlMillis(expireAt))
                .put("length", length).put("truncated", elements.size() < length).put("elements", elements);
    }

    /** {@code name}: the bytes as text (their first {@code max}); {@code name_hex} too when they are not UTF-8; {@code name_length} when cut. */
    private static void shown(JsonObject row, String name, byte[] bytes, int max) {
        int n = Math.min(bytes.length, max);
        row.put(name, new String(bytes, 0, n, StandardCharsets.UTF_8));
        if (!isUtf8(bytes)) {
            row.put(name + "_hex", HexFormat.of().formatHex(bytes, 0, n));
        }
        if (n < bytes.length) {
            row.put(name + "_length", bytes.length);
        }
    }

    // ---- POST /dashboard/api/command {"command": "GET k", "allow_writes": false} ----

    public void command(RoutingContext ctx, Services services) {
        JsonObject body;
        try {
            body = ctx.body().asJsonObject();
        } catch (RuntimeException e) {
            throw QuiverException.badRequest("the body must be a JSON object {\"command\": \"...\", \"allow_writes\": false}");
        }
        if (body == null || !(body.getValue("command") instanceof String line)) {
            throw QuiverException.badRequest("the body needs \"command\": a string such as \"GET mykey\"");
        }
        for (String field : body.fieldNames()) {
            if (!field.equals("command") && !field.equals("allow_writes")) {
                throw QuiverException.badRequest("unknown field '" + field + "': the body takes command and allow_writes");
            }
        }
        Object allow = body.getValue("allow_writes", false);
        if (!(allow instanceof Boolean allowWrites)) {
            throw QuiverException.badRequest("allow_writes must be true or false");
        }
        commands.run(services, line, allowWrites).onComplete(ar -> {
            if (ar.failed()) {
                ctx.fail(ar.cause());
            } else {
                reply(ctx, ar.result());
            }
        });
    }

    // ---- helpers ----

    /** Refuses a query parameter the endpoint does not take, by name (never accepted and ignored). */
    private static void onlyParams(RoutingContext ctx, String... known) {
        for (String name : ctx.queryParams().names()) {
            if (!List.of(known).contains(name)) {
                throw QuiverException.badRequest("unknown parameter '" + name + "': this endpoint takes " + String.join(", ", known));
            }
        }
    }

    private static byte[] keyParam(RoutingContext ctx) {
        onlyParams(ctx, "key", "key_hex");
        String text = ctx.request().getParam("key");
        String hex = ctx.request().getParam("key_hex");
        if ((text == null) == (hex == null)) {
            throw QuiverException.badRequest("give the key as key=<text> or key_hex=<hex digits>, one of them");
        }
        if (text != null) {
            return text.getBytes(StandardCharsets.UTF_8);
        }
        try {
            return HexFormat.of().parseHex(hex);
        } catch (IllegalArgumentException e) {
            throw QuiverException.badRequest("key_hex is not hex digits: " + e.getMessage());
        }
    }

    /** A key as the page shows and asks for it again: its text, and its hex when it is not UTF-8. */
    static JsonObject keyName(byte[] key) {
        JsonObject o = new JsonObject().put("name", new String(key, StandardCharsets.UTF_8));
        return isUtf8(key) ? o : o.put("hex", HexFormat.of().formatHex(key));
    }

    private static boolean isUtf8(byte[] bytes) {
        try {
            StandardCharsets.UTF_8.newDecoder().decode(java.nio.ByteBuffer.wrap(bytes));
            return true;
        } catch (java.nio.charset.CharacterCodingException e) {
            return false;
        }
    }

    private static long longParam(RoutingContext ctx, String name, long dflt, long min, long max) {
        String v = ctx.request().getParam(name);
        if (v == null || v.isEmpty()) {
            return dflt;
        }
        try {
            long n = Long.parseLong(v);
            if (n < min || n > max) {
                throw QuiverException.badRequest(name + " must be between " + min + " and " + max);
            }
            return n;
        } catch (NumberFormatException e) {
            throw QuiverException.badRequest(name + " must be an integer, not '" + v + "'");
        }
    }

    private static void reply(RoutingContext ctx, JsonObject body) {
        ctx.response().putHeader("Content-Type", "application/json").putHeader("Cache-Control", "no-store")
                .end(body.toBuffer());
    }
}
