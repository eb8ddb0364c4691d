package io.quiver.http;

import io.quiver.error.QuiverException;
import io.quiver.service.Services;
import io.quiver.service.ingest.IngestService;
import io.quiver.service.vector.CollectionInfo;
import io.quiver.service.vector.ExampleQuery;
import io.quiver.service.vector.ImportStatus;
import io.quiver.service.vector.QueryPlan;
import io.quiver.service.vector.ScoredPoint;
import io.quiver.service.vector.VectorQuery;
import io.quiver.service.vector.VectorService;
import io.quiver.vector.CollectionConfig;
import io.quiver.vector.CollectionShardInfo;
import io.quiver.vector.GraphParams;
import io.quiver.vector.IndexKind;
import io.quiver.vector.Metric;
import io.quiver.vector.PointId;
import io.quiver.vector.PointRecord;
import io.quiver.vector.SearchParams;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The Qdrant-compatible part of the HTTP API (its REST shapes, so Qdrant clients work unchanged),
 * plus Quiver's import. Handlers translate JSON to {@link VectorService} calls and back; all checks
 * of meaning live in the service.
 */
final class QdrantApi {
    /**
     * The Qdrant REST version whose shapes these routes follow: Qdrant 1.19.0's, whose own REST suite
     * is their spec. GET / reports it, so clients' compatibility checks (major equal, minor within
     * one) pass for the 1.18 to 1.20 clients.
     */
    static final String QDRANT_API_VERSION = "1.19.0";
    /** GET /'s title: Qdrant's own, which its clients and its suite read as the API's name. */
    static final String QDRANT_TITLE = "qdrant - vector search engine";
    static final AtomicLong OPERATION_IDS = new AtomicLong();

    private final String quiverVersion;
    private final String commit;

    QdrantApi(String quiverVersion, String commit) {
        this.quiverVersion = quiverVersion;
        this.commit = commit;
    }

    String version() {
        return quiverVersion;
    }

    /**
     * GET /: Qdrant's VersionInfo and nothing more ({@code title}, {@code version}, {@code commit}):
     * the Qdrant API version implemented, and the git commit of this build (null if unknown).
     * Quiver's own name and version are in {@code /telemetry}'s {@code app} and {@code /metrics}'
     * {@code app_info}.
     */
    void root(RoutingContext ctx, Services services) {
        Json.ok(ctx, new JsonObject().put("title", QDRANT_TITLE).put("version", QDRANT_API_VERSION).put("commit", commit));
    }

    // ---- collections ----

    /**
     * PUT /collections/{c}: {@code {"vectors": {"size", "distance"}, "hnsw_config": {"m", "ef_construct",
     * "full_scan_threshold"}, "quiver": {"index", "auto_threshold", "max_degree", "alpha", "neighbor_overflow", "ef"}}}.
     */
    void createCollection(RoutingContext ctx, Services services) {
        VectorService vectors = services.vectors();
        String name = ctx.pathParam("collection");
        JsonObject body = QdrantJson.body(ctx);
        QdrantVectorsJson.renameAliases(body);
        QdrantValidation.createCollection(body, vectors.maxDimension());
        QdrantCollectionParams.createKeys(body, vectors.shardCount());
        CollectionConfig config = parseConfig(vectors, name, body);
        reply(ctx, vectors.create(config).map(v -> true));
    }

    private static CollectionConfig parseConfig(VectorService vectors, String name, JsonObject body) {
        refuseMemoryPlacement(body, "");
        io.quiver.vector.VectorSchema schema = QdrantVectorsJson.schema(body);
        int size;
        Metric metric;
        if (schema == null) {
            JsonObject v = QdrantJson.object(body, "vectors");
            size = QdrantJson.integer(v, "size", 0);
            metric = Metric.parse(String.valueOf(v.getValue("distance")));
        } else {
            // the graph parameters below are sized by the first dense vector (or 1 for sparse only)
            size = schema.dense().isEmpty() ? 1 : schema.dense().get(0).dimension();
            metric = schema.dense().isEmpty() ? Metric.DOT : schema.dense().get(0).metric();
        }
        CollectionConfig defaults = vectors.defaultConfig(name, size, metric);
        GraphParams graph = defaults.graph();
        int autoThreshold = defaults.autoThreshold();
        IndexKind index = defaults.index();
        try {
            JsonObject hnsw = QdrantJson.object(body, "hnsw_config");
            if (hnsw != null) {
                QdrantCollectionParams.hnswExtras(hnsw, "hnsw_config");
                if (hnsw.getValue("m") != null) {
                    // HNSW's m is the degree of the upper layers; the base layer (jvector's max degree) has 2m
                    graph = graph.withMaxDegree(2 * QdrantJson.integer(hnsw, "m", 16));
                }
                if (hnsw.getValue("ef_construct") != null) {
                    graph = graph.withEfConstruct(QdrantJson.integer(hnsw, "ef_construct", 100));
                }
                if (hnsw.getValue("full_scan_threshold") != null) {
                    // Qdrant's threshold is in KiB of vectors; ours counts points in one shard's part
                    long kib = QdrantJson.integer(hnsw, "full_scan_threshold", 0);
                    autoThreshold = (int) Math.min(Integer.MAX_VALUE, kib * 1024 / (4L * size));
                }
            }
            JsonObject q = QdrantJson.object(body, "quiver");
            if (q != null) {
                if (q.getValue("index") != null) {
                    index = IndexKind.parse(String.valueOf(q.getValue("index")));
                }
                autoThreshold = QdrantJson.integer(q, "auto_threshold", autoThreshold);
                graph = graph.withMaxDegree(QdrantJson.integer(q, "max_degree", graph.maxDegree()))
                        .withEfConstruct(QdrantJson.integer(q, "ef_construct", graph.efConstruct()))
                        .withSearchEf(QdrantJson.integer(q, "ef", graph.searchEf()));
                Float alpha = QdrantJson.number(q, "alpha");
                if (alpha != null) {
                    graph = graph.withAlpha(alpha);
                }
                Float overflow = QdrantJson.number(q, "neighbor_overflow");
                if (overflow != null) {
                    graph = graph.withNeighborOverflow(overflow);
                }
            }
        } catch (IllegalArgumentException e) {
            throw QuiverException.badRequest(e.getMessage());
        }
        java.util.Map<String, Object> strict = body.getValue("strict_mode_config") == null ? java.util.Map.of()
                : QdrantSettingsJson.strictMode(body.getValue("strict_mode_config"));
        java.util.Map<String, Object> metadata = body.getValue("metadata") == null ? java.util.Map.of()
                : QdrantSettingsJson.mergeMetadata(java.util.Map.of(), body.getValue("metadata"));
        CollectionConfig base = vectors.config(name, size, metric, index, graph, autoThreshold)
                .withQuantization(QdrantQuantizationJson.config(body)).withOnDisk(QdrantVectorsJson.onDisk(body))
                .withTurbo4(QdrantVectorsJson.turbo4(body))
                .withSettings(new io.quiver.vector.CollectionSettings(strict, metadata, List.of(),
                        QdrantCollectionParams.walCapacityMb(body.getValue("wal_config")), QdrantVectorsJson.tunings(body)));
        CollectionConfig config = schema == null ? base : vectors.withSchema(base, schema);
        boolean anyGraphable = schema == null ? metric.graphable()
                : schema.dense().isEmpty() || schema.dense().stream().anyMatch(d -> d.metric().graphable());
        if (!anyGraphable && QdrantJson.object(body, "hnsw_config") != null
                && QdrantJson.object(body, "hnsw_config").stream().anyMatch(e -> e.getValue() != null)) {
            throw QuiverException.badRequest("Bad request: hnsw_config: this collection's vectors are all searched exactly "
                    + "(Manhattan has no jvector graph), so there is no graph to configure");
        }
        Integer indexing = QdrantCollectionParams.optimizers(config, body.getValue("optimizers_config"));
        if (indexing == null) {
            return config;
        }
        boolean fullScanGiven = QdrantJson.object(body, "hnsw_config") != null
                && QdrantJson.object(body, "hnsw_config").getValue("full_scan_threshold") != null;
        if (fullScanGiven && indexing != config.autoThreshold()) {
            // both name the one threshold Quiver has; which one to keep would be a guess
            throw QuiverException.badRequest("Bad request: optimizers_config.indexing_threshold and hnsw_config.full_scan_threshold "
                    + "both set the part size at which Quiver builds a graph, and they disagree (" + indexing + " and "
                    + config.autoThreshold() + " points); give one of them");
        }
        return config.withAutoThreshold(indexing);
    }

    /**
     * PATCH /collections/{c}: the changes of {@link QdrantCollectionPatch} (vectors' and the
     * collection's index, quantization and storage settings, optimizers, sparse vectors' modifiers,
     * strict mode, metadata), all checked before any is sent, then applied to the catalog and every
     * shard's part, logged and snapshotted with the collection's config.
     */
    void updateCollection(RoutingContext ctx, Services services) {
        VectorService vectors = services.vectors();
        String name = ctx.pathParam("collection");
        JsonObject body = ctx.body().length() == 0 ? new JsonObject() : QdrantJson.body(ctx);
        refuseMemoryPlacement(body, "");
        java.util.List<java.util.function.UnaryOperator<CollectionConfig>> changes =
                QdrantCollectionPatch.changes(vectors.configOf(name), body);
        if (changes.isEmpty()) {
            QdrantReply.ok(ctx, true);
            return;
        }
        reply(ctx, vectors.reconfigure(name, c -> {
            for (java.util.function.UnaryOperator<CollectionConfig> change : changes) {
                c = change.apply(c);
            }
            return c;
        }).map(c -> true));
    }

    /**
     * Qdrant 1.19's memory placement ({@code "memory": "cached" | "cold" | "pinned"} on vectors, their
     * HNSW graph, quantization and sparse indexes, and {@code "payload": {"memory"}}) is refused by
     * name wherever it appears: Quiver keeps everything on the heap and has no placement to choose.
     */
    private static void refuseMemoryPlacement(Object node, String path) {
        if (node instanceof JsonObject o) {
            for (String k : o.fieldNames()) {
                String at = path.isEmpty() ? k : path + "." + k;
                if (k.equals("memory")) {
                    refusePinnedStorage(path, o.getValue(k));
                    throw QuiverException.badRequest(at + ": memory placement (" + o.getValue(k) + ") is not supported by Quiver: "
                            + "vectors, indexes and payloads are kept on the heap");
                }
                if (path.isEmpty() && k.equals("payload")) {
                    if (o.getValue(k) instanceof JsonObject p) {
                        refusePinnedStorage(k, p.getValue("memory"));
                    }
                    throw QuiverException.badRequest("payload: payload storage settings (" + o.getValue(k)
                            + ") are not supported by Quiver: payloads are kept on the heap");
                }
                refuseMemoryPlacement(o.getValue(k), at);
            }
        }
    }

    /** Qdrant's validation rule (a 422, whatever Quiver supports): dense vectors and payloads cannot be pinned. */
    private static void refusePinnedStorage(String path, Object memory) {
        boolean denseVectors = path.equals("vectors") || (path.startsWith("vectors.") && path.indexOf('.', 8) < 0);
        if ("pinned".equals(memory) && (denseVectors || path.equals("payload"))) {
            throw QuiverException.badRequest("Validation error in JSON body: [" + path + ".memory: pinned memory is not "
                    + "available for " + (denseVectors ? "dense vector" : "payload") + " storage]");
        }
    }

    /** GET /collections: {@code {"collections": [{"name"}]}}. */
    void listCollections(RoutingContext ctx, Services services) {
        VectorService vectors = services.vectors();
        JsonArray list = new JsonArray();
        for (String n : vectors.names()) {
            list.add(new JsonObject().put("name", n));
        }
        QdrantReply.ok(ctx, new JsonObject().put("collections", list));
    }

    // ---- named vector spaces of an existing collection ----

    /**
     * PUT /collections/{c}/vectors/{name}: {@code {"dense": {"size", "distance", "multivector_config"?}}} or
     * {@code {"sparse": {"modifier"?}}} adds that vector space (see {@link VectorService#createVector}) → {@code true}.
     */
    void createVector(RoutingContext ctx, Services services) {
        VectorService vectors = services.vectors();
        String name = ctx.pathParam("collection");
        String vector = ctx.pathParam("vector");
        JsonObject body = QdrantJson.body(ctx);
        CollectionConfig config = vectors.configOf(name);
        if (body.size() != 1 || !(body.getValue("dense") instanceof JsonObject || body.getValue("sparse") instanceof JsonObject)) {
            throw QuiverException.badRequest("Format error in JSON body: expected {\"dense\": {\"size\", \"distance\"}} or {\"sparse\": {...}}");
        }
        if (vector.isEmpty()) {
            throw QuiverException.badRequest("Validation error in path parameters: [vector_name: must not be empty]");
        }
        io.quiver.vector.VectorSchema parsed;
        if (body.getValue("dense") instanceof JsonObject d) {
            QdrantValidation.checkSize(d.getValue("size"), "dense.size", vectors.maxDimension());
            if (d.getValue("on_disk") instanceof Boolean onDisk && onDisk != config.onDisk()) {
                throw QuiverException.badRequest("Bad request: dense.on_disk: every dense vector of a collection has its on_disk ("
                        + config.onDisk() + " here)");
            }
            JsonObject spec = d.copy();
            spec.remove("on_disk");
            parsed = QdrantVectorsJson.schema(new JsonObject().put("vectors", new JsonObject().put(vector, spec)));
            reply(ctx, vectors.createVector(name, parsed.dense().get(0), null).map(v -> QdrantUpdates.updateResult()));
        } else {
            parsed = QdrantVectorsJson.schema(new JsonObject().put("sparse_vectors", new JsonObject().put(vector, body.getJsonObject("sparse"))));
            reply(ctx, vectors.createVector(name, null, parsed.sparse().get(0)).map(v -> QdrantUpdates.updateResult()));
        }
    }

    /** DELETE /collections/{c}/vectors/{name}: drops that vector space and every point's vector in it → {@code true}. */
    void deleteVector(RoutingContext ctx, Services services) {
        reply(ctx, services.vectors().deleteVector(ctx.pathParam("collection"), ctx.pathParam("vector")).map(v -> QdrantUpdates.updateResult()));
    }

    // ---- aliases ----

    /**
     * POST /collections/aliases: {@code {"actions": [{"create_alias": {"alias_name", "collection_name"}} |
     * {"delete_alias": {"alias_name"}} | {"rename_alias": {"old_alias_name", "new_alias_name"}}]}} → {@code true};
     * all checked before any applies (see {@link VectorService#changeAliases}).
     */
    void updateAliases(RoutingContext ctx, Services services) {
        JsonObject body = QdrantJson.body(ctx);
        if (!(body.getValue("actions") instanceof JsonArray actions)) {
            throw QuiverException.badRequest("Format error in JSON body: missing field `actions`");
        }
        List<io.quiver.service.vector.AliasAction> parsed = new ArrayList<>();
        for (int i = 0; i < actions.size(); i++) {
            String at = "actions[" + i + "]";
            if (!(actions.getValue(i) instanceof JsonObject a) || a.size() != 1) {
                throw QuiverException.badRequest("Format error in JSON body: " + at
                        + ": expected one of create_alias, delete_alias, rename_alias");
            }
            String kind = a.fieldNames().iterator().next();
            if (!(a.getValue(kind) instanceof JsonObject o)) {
                throw QuiverException.badRequest("Format error in JSON body: " + at + "." + kind + ": expected an object");
            }
            parsed.add(switch (kind) {
                case "create_alias" -> new io.quiver.service.vector.AliasAction.Create(aliasField(o, at, kind, "alias_name"),
                        aliasField(o, at, kind, "collection_name"));
                case "delete_alias" -> new io.quiver.service.vector.AliasAction.Delete(aliasField(o, at, kind, "alias_name"));
                case "rename_alias" -> new io.quiver.service.vector.AliasAction.Rename(aliasField(o, at, kind, "old_alias_name"),
                        aliasField(o, at, kind, "new_alias_name"));
                default -> throw QuiverException.badRequest("Format error in JSON body: " + at + ": unknown variant `" + kind
                        + "`, expected one of `create_alias`, `delete_alias`, `rename_alias`");
            });
        }
        reply(ctx, services.vectors().changeAliases(parsed).map(v -> true));
    }

    private static String aliasField(JsonObject o, String at, String kind, String field) {
        for (String k : o.fieldNames()) {
            if (!List.of("alias_name", "collection_name", "old_alias_name", "new_alias_name").contains(k)) {
                throw QuiverException.badRequest("Format error in JSON body: " + at + "." + kind + ": unknown field `" + k + "`");
            }
        }
        if (!(o.getValue(field) instanceof String s)) {
            throw QuiverException.badRequest("Format error in JSON body: " + at + "." + kind + ": missing field `" + field + "`");
        }
        return s;
    }

    /** GET /aliases: every alias → {@code {"aliases": [{"alias_name", "collection_name"}]}}. */
    void listAliases(RoutingContext ctx, Services services) {
        QdrantReply.ok(ctx, aliasList(services.vectors().aliases(), null));
    }

    /** GET /collections/{c}/aliases: the collection's aliases, in the same form. */
    void collectionAliases(RoutingContext ctx, Services services) {
        VectorService vectors = services.vectors();
        String name = ctx.pathParam("collection");
        if (!vectors.exists(name)) {
            throw QuiverException.notFound("Not found: Collection `" + name + "` doesn't exist!");
        }
        QdrantReply.ok(ctx, aliasList(vectors.aliases(), name));
    }

    private static JsonObject aliasList(java.util.SortedMap<String, String> aliases, String only) {
        JsonArray list = new JsonArray();
        aliases.forEach((alias, c) -> {
            if (only == null || only.equals(c)) {
                list.add(new JsonObject().put("alias_name", alias).put("collection_name", c));
            }
        });
        return new JsonObject().put("aliases", list);
    }

    /** GET /collections/{c}/exists: {@code {"exists": bool}}. */
    void collectionExists(RoutingContext ctx, Services services) {
        VectorService vectors = services.vectors();
        QdrantReply.ok(ctx, new JsonObject().put("exists", vectors.exists(ctx.pathParam("collection"))));
    }

    /** GET /collections/{c}: Qdrant's collection info plus Quiver's per-shard parts and import progress. */
    void collectionInfo(RoutingContext ctx, Services services) {
        VectorService vectors = services.vectors();
        String name = ctx.pathParam("collection");
        reply(ctx, vectors.info(name).compose(info -> vectors.payloadSchema(name).map(schema -> {
            JsonObject out = infoJson(info);
            out.put("payload_schema", QdrantPointsApi.payloadSchemaJson(schema));
            return out;
        })));
    }

    /** A collection's {@code config} as collection info shows it (telemetry's level 1 and 2 reuse it). */
    static JsonObject configJson(CollectionInfo info) {
        return infoJson(info).getJsonObject("config");
    }

    private static JsonObject infoJson(CollectionInfo info) {
        JsonObject out = plainInfoJson(info);
        JsonObject sparse = QdrantVectorsJson.sparseConfigJson(info.config());
        if (sparse != null) {
            out.getJsonObject("config").getJsonObject("params").put("sparse_vectors", sparse);
        }
        return out;
    }

    private static JsonObject plainInfoJson(CollectionInfo info) {
        CollectionConfig c = info.config();
        GraphParams g = c.graph();
        ImportStatus imp = info.lastImport();
        boolean importing = imp != null && imp.state().equals("running");
        JsonArray shards = new JsonArray();
        for (CollectionShardInfo s : info.shards()) {
            shards.add(new JsonObject().put("shard", s.shard()).put("points", s.points())
                    .put("indexed_vectors", s.indexedVectors()).put("index_state", s.indexState())
                    .put("deleted_pending_cleanup", s.deletedPending()).put("memory_bytes", s.memoryBytes())
                    .put("mapped_bytes", s.mappedBytes()).put("graph_origin", s.graphOrigin()));
        }
        JsonObject quiver = new JsonObject()
                .put("index", c.index().wireName())
                .put("auto_threshold", c.autoThreshold())
                .put("graph", new JsonObject().put("max_degree", g.maxDegree()).put("ef_construct", g.efConstruct())
                        .put("alpha", g.alpha()).put("neighbor_overflow", g.neighborOverflow()).put("ef", g.searchEf()))
                .put("memory_bytes", info.memoryBytes())
                .put("mapped_bytes", info.mappedBytes())
                .put("shards", shards);
        if (imp != null) {
            quiver.put("import", new JsonObject().put("source", imp.source()).put("state", imp.state())
                    .put("rows", imp.rows()).put("percent", imp.percent())
                    .put("rows_per_second", Math.round(imp.rowsPerSecond())).put("error", imp.error()));
        }
        return new JsonObject()
                .put("status", importing ? "yellow" : "green")
                .put("optimizer_status", "ok")
                .put("indexed_vectors_count", info.indexedVectors())
                .put("points_count", info.points())
                .put("segments_count", info.shards().size())
                .put("config", new JsonObject()
                        .put("params", new JsonObject()
                                .put("vectors", QdrantVectorsJson.vectorsConfigJson(c))
                                .put("shard_number", info.shards().size())
                                .put("replication_factor", 1)
                                .put("write_consistency_factor", 1)
                                .put("on_disk_payload", false))
                        .put("hnsw_config", new JsonObject().put("m", g.maxDegree() / 2).put("ef_construct", g.efConstruct())
                                .put("full_scan_threshold", (long) c.autoThreshold() * c.dimension() * 4 / 1024)
                                .put("max_indexing_threads", 0).put("on_disk", false))
                        // vacuum_min_vector_number is left out: Quiver has no segments to vacuum (its graph cleans up
                        // at 64 deleted nodes, below Qdrant's minimum of 100); wal_config is shown only when the
                        // collection set its capacity (a shard's log serves every collection): both are optional in
                        // Qdrant's schema, and a made-up value would be a false answer
                        .put("optimizer_config", new JsonObject().put("deleted_threshold", 0.1)
                                .put("default_segment_number", 1)
                                .put("indexing_threshold", c.autoThreshold() == Integer.MAX_VALUE ? 0
                                        : (long) c.autoThreshold() * QdrantCollectionParams.graphDimension(c) * 4 / 1024).put("flush_interval_sec", 5))
                        .put("wal_config", c.settings().walCapacityMb() == 0 ? null : new JsonObject()
                                .put("wal_capacity_mb", c.settings().walCapacityMb()).put("wal_segments_ahead", 0)
                                .put("wal_retain_closed", 0))
                        .put("quantization_config", QdrantQuantizationJson.json(c.quantization()))
                        .put("strict_mode_config", c.settings().strictMode().isEmpty() ? null
                                : QdrantSettingsJson.json(c.settings().strictMode()))
                        .put("metadata", c.settings().metadata().isEmpty() ? null : QdrantSettingsJson.json(c.settings().metadata())))
                .put("payload_schema", new JsonObject())
                .put("quiver", quiver);
    }

    /** DELETE /collections/{c}: {@code true} if it existed, else {@code false}. */
    void deleteCollection(RoutingContext ctx, Services services) {
        VectorService vectors = services.vectors();
        reply(ctx, vectors.drop(ctx.pathParam("collection")).map(b -> b));
    }

    // ---- points ----

    /** PUT /collections/{c}/points: see {@link QdrantUpdates#upsert}. */
    void upsert(RoutingContext ctx, Services services) {
        QdrantUpdates.handle(ctx, services, QdrantUpdates::upsert);
    }

    /** PUT /collections/{c}/points/vectors: see {@link QdrantUpdates#updateVectors}. */
    void updateVectors(RoutingContext ctx, Services services) {
        QdrantUpdates.handle(ctx, services, QdrantUpdates::updateVectors);
    }

    /** POST /collections/{c}/points/vectors/delete: see {@link QdrantUpdates#deleteVectors}. */
    void deleteVectors(RoutingContext ctx, Services services) {
        QdrantUpdates.handle(ctx, services, QdrantUpdates::deleteVectors);
    }

    /** POST /collections/{c}/points/delete: see {@link QdrantUpdates#delete}. */
    void deletePoints(RoutingContext ctx, Services services) {
        QdrantUpdates.handle(ctx, services, QdrantUpdates::delete);
    }

    /** POST /collections/{c}/points: {@code {"ids": [...], "with_payload": true, "with_vector": false}}. */
    void retrieve(RoutingContext ctx, Services services) {
        VectorService vectors = services.vectors();
        String name = ctx.pathParam("collection");
        JsonObject body = QdrantJson.body(ctx);
        PointId[] ids = QdrantJson.ids(body.getValue("ids"), "ids");
        QdrantJson.PayloadSelector payload = QdrantJson.PayloadSelector.of(body.getValue("with_payload"), true);
        QdrantVectorsJson.VectorSelector withVector = QdrantVectorsJson.selector(body, vectors.configOf(name), vectors);
        reply(ctx, vectors.retrieve(name, ids, withVector.any(), payload.wanted()).map(records -> {
            JsonArray out = new JsonArray();
            java.util.Set<PointId> seen = new java.util.HashSet<>();
            for (PointRecord r : records) {
                if (r != null && seen.add(r.id())) {
                    out.add(QdrantJson.record(r, payload, withVector));
                }
            }
            return out;
        }));
    }

    /** GET /collections/{c}/points/{id}: one Record, or 404. */
    void getPoint(RoutingContext ctx, Services services) {
        VectorService vectors = services.vectors();
        String name = ctx.pathParam("collection");
        String raw = ctx.pathParam("id");
        PointId id = QdrantJson.id(raw, "id");
        reply(ctx, vectors.retrieve(name, new PointId[]{id}, true, true).map(r -> {
            if (r[0] == null) {
                throw QuiverException.notFound("No point with id " + raw + " found");
            }
            return QdrantJson.record(r[0], QdrantJson.PayloadSelector.ALL, QdrantVectorsJson.VectorSelector.ALL);
        }));
    }

    /** POST /collections/{c}/points/count: {@code {"count": n}} (always exact). */
    void count(RoutingContext ctx, Services services) {
        VectorService vectors = services.vectors();
        String name = ctx.pathParam("collection");
        JsonObject body = ctx.body().length() == 0 ? new JsonObject() : QdrantJson.body(ctx);
        io.quiver.vector.filter.Filter filter = QdrantJson.filter(body);
        reply(ctx, vectors.count(name, filter).map(n -> new JsonObject().put("count", n)));
    }

    // ---- search ----

    /** A search request, parsed; the selectors shape each query's reply. */
    private record Parsed(VectorQuery query, QdrantJson.PayloadSelector payload, QdrantVectorsJson.VectorSelector withVector) {
    }

    /** POST /collections/{c}/points/search: a list of ScoredPoint. */
    void search(RoutingContext ctx, Services services) {
        VectorService vectors = services.vectors();
        String name = ctx.pathParam("collection");
        CollectionConfig config = vectors.configOf(name);
        reply(ctx, limitWithinCollection(vectors, name, QdrantJson.body(ctx)).compose(body -> {
            Parsed p = parseSearch(body, "", config, vectors);
            return vectors.search(name, List.of(p.query())).map(r -> scoredList(r.get(0), p));
        }));
    }

    /**
     * Qdrant takes any {@code limit} up to u64::MAX, every point being the answer when it exceeds the
     * collection's size; Quiver's {@code vector-max-limit} bounds a result list. A limit over that bound
     * is cut to the collection's point count (the same answer) before it is checked, so it is still
     * refused when the collection is larger than the bound. Strict mode sees the limit as given, as
     * Qdrant's does.
     */
    private static Future<JsonObject> limitWithinCollection(VectorService vectors, String name, JsonObject body) {
        if (!(body.getValue("limit") instanceof Number n) || n.doubleValue() <= vectors.maxLimit()
                || n.doubleValue() != Math.rint(n.doubleValue())) {
            return Future.succeededFuture(body);
        }
        vectors.checkQueryLimit(name, n.longValue());
        return vectors.count(name).map(points -> {
            if (points > vectors.maxLimit()) {
                throw QuiverException.badRequest("limit must be at most " + vectors.maxLimit() + " (vector-max-limit) in a "
                        + "collection of more points; got limit " + body.getValue("limit") + ", " + points + " points");
            }
            return body.copy().put("limit", Math.max(1, points));
        });
    }

    /** POST /collections/{c}/points/search/batch: {@code {"searches": [...]}} → a list of lists. */
    void searchBatch(RoutingContext ctx, Services services) {
        VectorService vectors = services.vectors();
        String name = ctx.pathParam("collection");
        CollectionConfig config = vectors.configOf(name);
        List<Parsed> parsed = parseBatch(QdrantJson.body(ctx), (o, prefix) -> parseSearch(o, prefix, config, vectors));
        if (parsed.isEmpty()) {
            QdrantReply.ok(ctx, new JsonArray());
            return;
        }
        reply(ctx, vectors.search(name, queries(parsed)).map(results -> {
            JsonArray out = new JsonArray();
            for (int i = 0; i < results.size(); i++) {
                out.add(scoredList(results.get(i), parsed.get(i)));
            }
            return out;
        }));
    }

    /** POST /collections/{c}/points/query: Qdrant's universal query (nearest by vector or by point id) → {@code {"points": [...]}}. */
    void query(RoutingContext ctx, Services services) {
        VectorService vectors = services.vectors();
        String name = ctx.pathParam("collection");
        JsonObject body = QdrantJson.body(ctx);
        if (body.getValue("query") == null && body.getValue("prefetch") == null && body.getValue("score_threshold") == null) {
            reply(ctx, queryWithoutQuery(vectors, name, body).map(points -> new JsonObject().put("points", points)));
            return;
        }
        reply(ctx, limitWithinCollection(vectors, name, body).compose(b -> isPlan(b)
                ? runPlan(vectors, name, b, "").map(points -> new JsonObject().put("points", points))
                : resolveQuery(vectors, name, b, "").compose(p -> vectors.search(name, List.of(p.query()))
                        .map(r -> new JsonObject().put("points", scoredList(r.get(0), p))))));
    }

    /**
     * POST /collections/{c}/points/query/groups: the query's results grouped by a payload field
     * ({@code group_by}, {@code group_size}, {@code limit} groups), each group with the point of its
     * id from {@code with_lookup}'s collection → {@code {"groups": [{"id", "hits", "lookup"?}]}}.
     */
    void queryGroups(RoutingContext ctx, Services services) {
        VectorService vectors = services.vectors();
        String name = ctx.pathParam("collection");
        reply(ctx, groups(vectors, name, QdrantJson.body(ctx)));
    }

    /** POST /collections/{c}/points/search/groups: the search form of {@link #queryGroups}. */
    void searchGroups(RoutingContext ctx, Services services) {
        VectorService vectors = services.vectors();
        String name = ctx.pathParam("collection");
        JsonObject body = QdrantJson.body(ctx);
        vectors.configOf(name);
        if (body.getValue("vector") == null) {
            throw QuiverException.badRequest("Format error in JSON body: missing field `vector`");
        }
        QdrantVectorsJson.QueryVector v = QdrantVectorsJson.searchVector(body.getValue("vector"), "vector");
        JsonObject q = body.copy();
        q.remove("vector");
        q.put("query", body.getValue("vector") instanceof JsonObject o && o.containsKey("vector") ? o.getValue("vector")
                : body.getValue("vector"));
        if (!v.using().isEmpty()) {
            q.put("using", v.using());
        }
        reply(ctx, groups(vectors, name, q));
    }

    // ---- the older explore endpoints: recommend and discover, as queries of the universal API ----

    /** POST /collections/{c}/points/recommend: {@code {"positive", "negative", "strategy", ...}} → a list of ScoredPoint. */
    void recommendPoints(RoutingContext ctx, Services services) {
        reply(ctx, runPlan(services.vectors(), ctx.pathParam("collection"), asRecommend(QdrantJson.body(ctx)), ""));
    }

    /** POST /collections/{c}/points/recommend/batch: {@code {"searches": [recommend, ...]}} → a list per request. */
    void recommendBatch(RoutingContext ctx, Services services) {
        reply(ctx, explainBatch(services.vectors(), ctx.pathParam("collection"), QdrantJson.body(ctx), QdrantApi::asRecommend));
    }

    /** POST /collections/{c}/points/recommend/groups: a recommendation grouped as {@link #queryGroups} does. */
    void recommendGroups(RoutingContext ctx, Services services) {
        reply(ctx, groups(services.vectors(), ctx.pathParam("collection"), asRecommend(QdrantJson.body(ctx))));
    }

    /** POST /collections/{c}/points/discover: {@code {"target"?, "context": [pairs], ...}} → a list of ScoredPoint. */
    void discoverPoints(RoutingContext ctx, Services services) {
        reply(ctx, runPlan(services.vectors(), ctx.pathParam("collection"), asDiscover(QdrantJson.body(ctx)), ""));
    }

    /** POST /collections/{c}/points/discover/batch: {@code {"searches": [discover, ...]}} → a list per request. */
    void discoverBatch(RoutingContext ctx, Services services) {
        reply(ctx, explainBatch(services.vectors(), ctx.pathParam("collection"), QdrantJson.body(ctx), QdrantApi::asDiscover));
    }

    private static Future<JsonArray> explainBatch(VectorService vectors, String name, JsonObject body,
                                                  java.util.function.UnaryOperator<JsonObject> asQuery) {
        vectors.configOf(name);
        if (!(body.getValue("searches") instanceof JsonArray searches)) {
            throw QuiverException.badRequest("Format error in JSON body: missing field `searches`");
        }
        vectors.checkBatch(name, searches.size());
        List<Future<JsonArray>> each = new ArrayList<>();
        for (int i = 0; i < searches.size(); i++) {
            if (!(searches.getValue(i) instanceof JsonObject o)) {
                throw QuiverException.badRequest("Format error in JSON body: searches[" + i + "] must be an object");
            }
            each.add(runPlan(vectors, name, asQuery.apply(o), "searches[" + i + "]."));
        }
        return Future.all(each).map(all -> new JsonArray(all.list()));
    }

    /** The older recommend request as a query: its examples and strategy become {@code {"recommend": ...}}. */
    private static JsonObject asRecommend(JsonObject body) {
        JsonObject q = body.copy();
        JsonObject reco = new JsonObject();
        for (String k : List.of("positive", "negative", "strategy")) {
            Object v = q.remove(k);
            if (v != null) {
                reco.put(k, v);
            }
        }
        return q.put("query", new JsonObject().put("recommend", reco));
    }

    /** The older discover request as a query: {@code {"discover": {target, context}}}, or {@code {"context"}} without a target. */
    private static JsonObject asDiscover(JsonObject body) {
        JsonObject q = body.copy();
        Object target = q.remove("target");
        Object context = q.remove("context");
        return q.put("query", target == null ? new JsonObject().put("context", context == null ? new JsonArray() : context)
                : new JsonObject().put("discover", new JsonObject().put("target", target).put("context", context)));
    }

    private static Future<JsonObject> groups(VectorService vectors, String name, JsonObject body) {
        if (!vectors.exists(name)) {
            throw QuiverException.notFound("Not found: Collection " + name + " not found");
        }
        CollectionConfig config = vectors.configOf(name);
        if (!(body.getValue("group_by") instanceof String groupBy)) {
            throw QuiverException.badRequest("Format error in JSON body: group_by must be a payload key");
        }
        int groupSize = QdrantJson.integer(body, "group_size", 1);
        int limit = QdrantJson.integer(body, "limit", 10);
        QdrantJson.PayloadSelector payload = QdrantJson.PayloadSelector.of(body.getValue("with_payload"), false);
        QdrantVectorsJson.VectorSelector withVector = QdrantVectorsJson.selector(body, config, vectors);
        // the lookup: a collection name, or {"collection", "with_payload" (true), "with_vectors"/"with_vector" (false)}
        Object wl = body.getValue("with_lookup");
        String lookupName = null;
        QdrantJson.PayloadSelector lookupPayload = QdrantJson.PayloadSelector.of(true, true);
        Object lookupVectors = false;
        if (wl instanceof String s) {
            lookupName = s;
        } else if (wl instanceof JsonObject o && o.getValue("collection") instanceof String s) {
            lookupName = s;
            lookupPayload = QdrantJson.PayloadSelector.of(o.getValue("with_payload"), true);
            lookupVectors = o.getValue("with_vectors") != null ? o.getValue("with_vectors") : o.getValue("with_vector");
        } else if (wl != null) {
            throw QuiverException.badRequest("Format error in JSON body: with_lookup must be a collection name or {\"collection\", ...}");
        }
        if (lookupName != null && !vectors.exists(lookupName)) {
            throw QuiverException.notFound("Not found: Collection " + lookupName + " not found");
        }
        JsonObject inner = body.copy();
        for (String k : List.of("group_by", "group_size", "with_lookup", "with_payload", "with_vector", "with_vectors", "offset")) {
            inner.remove(k);
        }
        // strict mode sees the request as asked (limit × group_size results, group_by indexed); the
        // rounds the grouping makes of it are not checked again
        VectorService rounds = vectors.unchecked();
        Future<Void> allowed = vectors.checkGroups(name, groupBy, groupSize, limit)
                .compose(v -> plan(vectors, name, inner.copy().put("limit", (long) limit * groupSize), ""))
                .compose(p -> vectors.checkPlan(name, p));
        java.util.function.IntFunction<Future<List<ScoredPoint>>> ranked = n -> {
            JsonObject b = inner.copy().put("limit", n);
            return plan(rounds, name, b, "").compose(p -> rounds.query(name, p, true, withVector.any()));
        };
        String lookupCollection = lookupName;
        QdrantJson.PayloadSelector lp = lookupPayload;
        QdrantVectorsJson.VectorSelector lv = lookupName == null ? QdrantVectorsJson.VectorSelector.NONE
                : QdrantVectorsJson.selector(lookupVectors == null ? false : lookupVectors, vectors.configOf(lookupName), vectors);
        return allowed.compose(ok -> vectors.groups(ranked, groupBy, groupSize, limit)).compose(groups -> {
            Future<PointRecord[]> looked = Future.succeededFuture(null);
            PointId[] ids = new PointId[groups.size()];
            if (lookupCollection != null) {
                for (int i = 0; i < ids.length; i++) {
                    Object id = groups.get(i).id();
                    try {
                        ids[i] = id instanceof Long l ? (l >= 0 ? PointId.of(l) : null) : PointId.of((String) id);
                    } catch (IllegalArgumentException e) {
                        ids[i] = null; // a value that is no point id has nothing to look up
                    }
                }
                PointId[] valid = java.util.Arrays.stream(ids).filter(java.util.Objects::nonNull).toArray(PointId[]::new);
                looked = vectors.retrieve(lookupCollection, valid, lv.any(), lp.wanted()).map(found -> {
                    java.util.Map<PointId, PointRecord> byId = new java.util.HashMap<>();
                    for (PointRecord r : found) {
                        if (r != null) {
                            byId.put(r.id(), r);
                        }
                    }
                    PointRecord[] out = new PointRecord[ids.length];
                    for (int i = 0; i < ids.length; i++) {
                        out[i] = ids[i] == null ? null : byId.get(ids[i]);
                    }
                    return out;
                });
            }
            return looked.map(records -> {
                JsonArray out = new JsonArray();
                for (int i = 0; i < groups.size(); i++) {
                    JsonArray hits = new JsonArray();
                    for (ScoredPoint sp : groups.get(i).hits()) {
                        hits.add(QdrantJson.scored(sp, payload, withVector));
                    }
                    JsonObject g = new JsonObject().put("id", groups.get(i).id()).put("hits", hits);
                    if (records != null && records[i] != null) {
                        g.put("lookup", QdrantJson.record(records[i], lp, lv));
                    }
                    out.add(g);
                }
                return new JsonObject().put("groups", out);
            });
        });
    }

    /** POST /collections/{c}/points/search/matrix/pairs: {@code {"pairs": [{"a", "b", "score"}]}}. */
    void matrixPairs(RoutingContext ctx, Services services) {
        reply(ctx, matrix(ctx, services).map(m -> {
            JsonArray pairs = new JsonArray();
            for (int i = 0; i < m.ids().size(); i++) {
                for (int t = 0; t < m.columns()[i].length; t++) {
                    pairs.add(new JsonObject().put("a", QdrantJson.idJson(m.ids().get(i)))
                            .put("b", QdrantJson.idJson(m.ids().get(m.columns()[i][t]))).put("score", m.scores()[i][t]));
                }
            }
            return new JsonObject().put("pairs", pairs);
        }));
    }

    /** POST /collections/{c}/points/search/matrix/offsets: {@code {"offsets_row", "offsets_col", "scores", "ids"}}. */
    void matrixOffsets(RoutingContext ctx, Services services) {
        reply(ctx, matrix(ctx, services).map(m -> {
            JsonArray rows = new JsonArray(), cols = new JsonArray(), scores = new JsonArray(), ids = new JsonArray();
            for (int i = 0; i < m.ids().size(); i++) {
                ids.add(QdrantJson.idJson(m.ids().get(i)));
                for (int t = 0; t < m.columns()[i].length; t++) {
                    rows.add(i);
                    cols.add(m.columns()[i][t]);
                    scores.add(m.scores()[i][t]);
                }
            }
            return new JsonObject().put("offsets_row", rows).put("offsets_col", cols).put("scores", scores).put("ids", ids);
        }));
    }

    private static Future<io.quiver.service.vector.DistanceMatrix.Result> matrix(RoutingContext ctx, Services services) {
        VectorService vectors = services.vectors();
        String name = ctx.pathParam("collection");
        JsonObject body = ctx.body().length() == 0 ? new JsonObject() : QdrantJson.body(ctx);
        Object using = body.getValue("using");
        if (using != null && !(using instanceof String)) {
            throw QuiverException.badRequest("Format error in JSON body: using must be a vector name");
        }
        return vectors.matrix(name, using == null ? "" : (String) using, QdrantJson.filter(body),
                QdrantJson.integer(body, "sample", 10), QdrantJson.integer(body, "limit", 3));
    }

    /** A query with no {@code query}: Qdrant answers the points passing the filter in id order, each with score 0. */
    private static Future<JsonArray> queryWithoutQuery(VectorService vectors, String name, JsonObject body) {
        CollectionConfig config = vectors.configOf(name);
        io.quiver.vector.filter.Filter filter = QdrantJson.filter(body);
        int limit = QdrantJson.integer(body, "limit", 10), offset = QdrantJson.integer(body, "offset", 0);
        if (limit < 1 || offset < 0) {
            throw QuiverException.badRequest("Validation error in JSON body: [limit: must be at least 1, offset at least 0]");
        }
        QdrantJson.PayloadSelector payload = QdrantJson.PayloadSelector.of(body.getValue("with_payload"), false);
        QdrantVectorsJson.VectorSelector withVector = QdrantVectorsJson.selector(body, config, vectors);
        return vectors.scroll(name, filter, null, limit + offset, withVector.any(), payload.wanted()).map(page -> {
            JsonArray out = new JsonArray();
            List<PointRecord> points = page.points();
            for (int i = offset; i < points.size(); i++) {
                out.add(QdrantJson.scored(new ScoredPoint(points.get(i).id(), 0f, points.get(i)), payload, withVector));
            }
            return out;
        });
    }

    // ---- the universal query's prefetch and fusion ----

    /** Whether a query body needs the query tree: it has prefetches or fuses. */
    private static boolean isPlan(JsonObject body) {
        Object q = body.getValue("query");
        return body.getValue("prefetch") != null || body.getValue("lookup_from") != null
                || QdrantExamplesJson.isExampleQuery(q)
                || (q instanceof JsonObject o && (o.containsKey("order_by") || o.containsKey("sample") || o.containsKey("formula")
                    || (o.containsKey("nearest") && o.getValue("mmr") != null)))
                || (q instanceof JsonObject o && (o.containsKey("fusion") || o.containsKey("rrf")));
    }

    /** Parses and runs a query tree; the root's ScoredPoints as JSON. */
    private static Future<JsonArray> runPlan(VectorService vectors, String collection, JsonObject body, String prefix) {
        CollectionConfig config = vectors.configOf(collection);
        QdrantJson.PayloadSelector payload = QdrantJson.PayloadSelector.of(body.getValue("with_payload"), false);
        QdrantVectorsJson.VectorSelector withVector = QdrantVectorsJson.selector(body, config, vectors);
        return plan(vectors, collection, body, prefix).compose(plan ->
                vectors.query(collection, plan, payload.wanted(), withVector.any())).map(points -> {
            JsonArray out = new JsonArray();
            for (ScoredPoint sp : points) {
                out.add(QdrantJson.scored(sp, payload, withVector));
            }
            return out;
        });
    }

    /**
     * One stage of the tree: {@code prefetch} (an object or a list of them, each a stage), then
     * {@code query}: a fusion ({@code {"fusion": "rrf"|"dbsf"}}, {@code {"rrf": {"k", "weights"}}}) of
     * the prefetches, or a nearest query that rescores their points (or searches the collection when
     * there are none).
     */
    private static Future<QueryPlan> plan(VectorService vectors, String collection, JsonObject body, String prefix) {
        List<JsonObject> prefetchBodies = new ArrayList<>();
        Object pf = body.getValue("prefetch");
        if (pf instanceof JsonObject o) {
            prefetchBodies.add(o);
        } else if (pf instanceof JsonArray a) {
            for (int i = 0; i < a.size(); i++) {
                if (!(a.getValue(i) instanceof JsonObject o)) {
                    throw QuiverException.badRequest(prefix + "prefetch[" + i + "] must be an object");
                }
                prefetchBodies.add(o);
            }
        } else if (pf != null) {
            throw QuiverException.badRequest(prefix + "prefetch must be an object or a list of objects");
        }
        Object q = body.getValue("query");
        if (q == null) {
            if (!prefetchBodies.isEmpty()) {
                throw QuiverException.badRequest("Bad request: A query is needed to merge the prefetches. "
                        + "Can't have prefetches without defining a query.");
            }
            int limit = QdrantJson.integer(body, "limit", 10), offset = QdrantJson.integer(body, "offset", 0);
            if (body.getValue("score_threshold") != null) {
                throw QuiverException.badRequest("Bad request: A query is needed to use the score_threshold. "
                        + "Can't have score_threshold without defining a query.");
            }
            return Future.succeededFuture(new QueryPlan.Scroll(QdrantJson.filter(body), limit, offset));
        }
        List<Future<QueryPlan>> children = new ArrayList<>();
        QdrantJson.filter(body); // checked here, where its errors belong
        Object parentFilter = body.getValue("filter");
        for (int i = 0; i < prefetchBodies.size(); i++) {
            JsonObject child = prefetchBodies.get(i);
            if (parentFilter != null) {
                // Qdrant applies a stage's filter to its prefetches too: a child searches with both
                child = child.copy();
                Object own = child.getValue("filter");
                child.put("filter", own == null ? parentFilter
                        : new JsonObject().put("must", new JsonArray().add(parentFilter).add(own)));
            }
            children.add(plan(vectors, collection, child, prefix + "prefetch[" + i + "]."));
        }
        Future<List<QueryPlan>> prefetched = Future.all(children).map(all -> all.<QueryPlan>list());
        if (q instanceof JsonObject o && (o.containsKey("fusion") || o.containsKey("rrf"))) {
            if (body.getValue("using") != null) {
                // after the prefetches are planned: their errors come first, as in Qdrant
                return prefetched.map(ps -> {
                    throw QuiverException.badRequest("Bad request: Fusion queries cannot be combined with the 'using' field.");
                });
            }
            // a fusion searches nothing itself: its filter went to the prefetches (above)
            QueryPlan.Fusion.Kind kind;
            int k = 2;
            double[] weights = null;
            if (o.containsKey("rrf")) {
                kind = QueryPlan.Fusion.Kind.RRF;
                JsonObject rrf = QdrantJson.object(o, "rrf");
                if (rrf != null) {
                    k = QdrantJson.integer(rrf, "k", 2);
                    if (rrf.getValue("weights") instanceof JsonArray w) {
                        if (w.size() != prefetchBodies.size()) {
                            throw QuiverException.badRequest(prefix + "query.rrf.weights needs one weight per prefetch");
                        }
                        weights = new double[w.size()];
                        for (int i = 0; i < weights.length; i++) {
                            if (!(w.getValue(i) instanceof Number n) || n.doubleValue() < 0) {
                                throw QuiverException.badRequest(prefix + "query.rrf.weights must be numbers of at least 0");
                            }
                            weights[i] = n.doubleValue();
                        }
                    }
                }
            } else {
                Object fusion = o.getValue("fusion");
                if ("rrf".equals(fusion)) {
                    kind = QueryPlan.Fusion.Kind.RRF;
                } else if ("dbsf".equals(fusion)) {
                    kind = QueryPlan.Fusion.Kind.DBSF;
                } else {
                    throw QuiverException.badRequest(prefix + "query.fusion must be \"rrf\" or \"dbsf\", not " + fusion);
                }
            }
            if (k < 1) {
                throw QuiverException.badRequest(prefix + "query.rrf.k must be at least 1");
            }
            if (prefetchBodies.isEmpty()) {
                throw QuiverException.badRequest(prefix + "a fusion query needs prefetches to fuse");
            }
            int limit = QdrantJson.integer(body, "limit", 10), offset = QdrantJson.integer(body, "offset", 0);
            Float threshold = QdrantJson.number(body, "score_threshold");
            QueryPlan.Fusion.Kind fk = kind;
            int fkK = k;
            double[] fw = weights;
            return prefetched.map(ps -> new QueryPlan.Fusion(fk, fkK, fw, ps, limit, offset, threshold));
        }
        if (QdrantExamplesJson.isExampleQuery(q)) {
            ExampleQuery examples = QdrantExamplesJson.parse((JsonObject) q, prefix + "query");
            ExampleQuery.Lookup lookup = QdrantExamplesJson.lookup(body, prefix);
            Object using = body.getValue("using");
            if (using != null && !(using instanceof String)) {
                throw QuiverException.badRequest(prefix + "using must be a vector name");
            }
            CollectionConfig config = vectors.configOf(collection);
            VectorQuery base = fields(body, new QdrantVectorsJson.QueryVector(using == null ? "" : (String) using, null, null),
                    prefix, config, vectors).query();
            return prefetched.compose(ps -> {
                QueryPlan.Examples plan = new QueryPlan.Examples(examples, lookup, base, ps);
                return vectors.checkExamples(collection, plan).map(v -> plan);
            });
        }
        if (q instanceof JsonObject o && o.containsKey("order_by")) {
            if (body.getValue("score_threshold") != null) {
                throw QuiverException.badRequest("Bad request: Can't use score_threshold with an order_by query.");
            }
            QdrantJson.OrderBy order = QdrantJson.orderBy(o.getValue("order_by"), prefix + "query.order_by");
            int limit = QdrantJson.integer(body, "limit", 10), offset = QdrantJson.integer(body, "offset", 0);
            io.quiver.vector.filter.Filter filter = QdrantJson.filter(body);
            return prefetched.map(ps -> new QueryPlan.OrderBy(order.key(), order.descending(), order.startFrom(), filter,
                    limit, offset, ps));
        }
        if (q instanceof JsonObject o && o.containsKey("sample")) {
            if (!"random".equals(o.getValue("sample"))) {
                throw QuiverException.badRequest("Format error in JSON body: " + prefix + "query.sample: unknown variant `"
                        + o.getValue("sample") + "`, expected `random`");
            }
            int limit = QdrantJson.integer(body, "limit", 10), offset = QdrantJson.integer(body, "offset", 0);
            io.quiver.vector.filter.Filter filter = QdrantJson.filter(body);
            return prefetched.map(ps -> new QueryPlan.Sample(filter, limit, offset, ps));
        }
        if (q instanceof JsonObject o && o.containsKey("formula")) {
            io.quiver.vector.filter.ScoreFormula formula;
            try {
                formula = io.quiver.vector.filter.QdrantFormulaParser.parse(
                        io.quiver.vector.filter.Payload.parseValue(o.encode()), prefix + "query");
            } catch (io.quiver.vector.filter.FilterException e) {
                throw QuiverException.badRequest(e.getMessage().startsWith("Validation error") ? e.getMessage()
                        : "Format error in JSON body: " + e.getMessage());
            }
            if (body.getValue("using") != null) {
                throw QuiverException.badRequest("Bad request: a formula query scores the prefetches' points by its expression: "
                        + "it searches no vector, so 'using' has no meaning there");
            }
            int limit = QdrantJson.integer(body, "limit", 10), offset = QdrantJson.integer(body, "offset", 0);
            Float threshold = QdrantJson.number(body, "score_threshold");
            return prefetched.map(ps -> new QueryPlan.Formula(formula, limit, offset, threshold, ps));
        }
        JsonObject nearestBody = body.copy();
        nearestBody.remove("prefetch");
        if (q instanceof JsonObject o && o.containsKey("nearest") && o.getValue("mmr") != null) {
            if (!(o.getValue("mmr") instanceof JsonObject mmr)) {
                throw QuiverException.badRequest("Format error in JSON body: " + prefix + "query.mmr must be an object");
            }
            Float diversity = QdrantJson.number(mmr, "diversity");
            if (diversity != null && (diversity < 0 || diversity > 1)) {
                throw QuiverException.badRequest("Validation error in JSON body: [" + prefix
                        + "query.mmr.diversity: value " + diversity + " invalid, must be from 0.0 to 1.0]");
            }
            int limit = QdrantJson.integer(body, "limit", 10);
            int candidates = QdrantJson.integer(mmr, "candidates_limit", limit);
            if (candidates < 0) {
                throw QuiverException.badRequest("Validation error in JSON body: [" + prefix + "query.mmr.candidates_limit: must be at least 0]");
            }
            nearestBody.put("query", o.getValue("nearest"));
            float div = diversity == null ? 0.5f : diversity;
            return prefetched.compose(ps -> resolveQuery(vectors, collection, nearestBody, prefix)
                    .map(p -> (QueryPlan) new QueryPlan.Mmr(p.query(), div, candidates, ps)));
        }
        return prefetched.compose(ps -> resolveQuery(vectors, collection, nearestBody, prefix)
                .map(p -> (QueryPlan) new QueryPlan.Nearest(p.query(), ps)));
    }

    /** POST /collections/{c}/points/query/batch: {@code {"searches": [...]}} → a list of {@code {"points": [...]}}. */
    void queryBatch(RoutingContext ctx, Services services) {
        VectorService vectors = services.vectors();
        String name = ctx.pathParam("collection");
        JsonObject body = QdrantJson.body(ctx);
        if (!(body.getValue("searches") instanceof JsonArray searches)) {
            throw QuiverException.badRequest("the body needs \"searches\": [...]");
        }
        if (searches.isEmpty()) {
            vectors.configOf(name);
            QdrantReply.ok(ctx, new JsonArray()); // nothing asked, nothing answered (as Qdrant)
            return;
        }
        boolean anyPlan = false;
        for (int i = 0; i < searches.size(); i++) {
            if (!(searches.getValue(i) instanceof JsonObject o)) {
                throw QuiverException.badRequest("searches[" + i + "] must be an object");
            }
            anyPlan |= isPlan(o);
        }
        if (anyPlan) { // query trees run one by one
            vectors.checkBatch(name, searches.size());
            List<Future<JsonArray>> each = new ArrayList<>();
            for (int i = 0; i < searches.size(); i++) {
                each.add(runPlan(vectors, name, searches.getJsonObject(i), "searches[" + i + "]."));
            }
            reply(ctx, Future.all(each).map(all -> {
                JsonArray out = new JsonArray();
                for (Object points : all.list()) {
                    out.add(new JsonObject().put("points", points));
                }
                return out;
            }));
            return;
        }
        List<Future<Parsed>> resolved = new ArrayList<>();
        for (int i = 0; i < searches.size(); i++) {
            resolved.add(resolveQuery(vectors, name, searches.getJsonObject(i), "searches[" + i + "]."));
        }
        reply(ctx, Future.all(resolved).compose(all -> {
            List<Parsed> parsed = all.list();
            return vectors.search(name, queries(parsed)).map(results -> {
                JsonArray out = new JsonArray();
                for (int i = 0; i < results.size(); i++) {
                    out.add(new JsonObject().put("points", scoredList(results.get(i), parsed.get(i))));
                }
                return out;
            });
        }));
    }

    /**
     * A query request: {@code query} is a vector, {@code {"nearest": vector}}, or a point id (its
     * stored vector is the query). Other query kinds (recommend, fusion, ...) are refused by name.
     */
    private static Future<Parsed> resolveQuery(VectorService vectors, String collection, JsonObject body, String prefix) {
        CollectionConfig config = vectors.configOf(collection);
        Object using = body.getValue("using");
        if (using != null && !(using instanceof String)) {
            throw QuiverException.badRequest(prefix + "using must be a vector name");
        }
        String space = using == null ? io.quiver.vector.VectorSchema.UNNAMED : (String) using;
        ExampleQuery.Lookup lookup = QdrantExamplesJson.lookup(body, prefix);
        if (lookup != null && !vectors.exists(lookup.collection())) {
            throw QuiverException.notFound("Not found: Collection " + lookup.collection() + " not found");
        }
        Object q = body.getValue("query");
        if (q instanceof JsonObject o && !o.containsKey("indices")) {
            if (o.containsKey("nearest")) {
                q = o.getValue("nearest");
            } else {
                throw QuiverException.badRequest(prefix + "query: only nearest-neighbour queries are supported (a vector, "
                        + "{\"nearest\": ...} or a point id), not " + o.fieldNames());
            }
        }
        if (q == null) {
            if (body.getValue("score_threshold") != null) {
                throw QuiverException.badRequest("Bad request: A query is needed to use the score_threshold. "
                        + "Can't have score_threshold without defining a query.");
            }
            throw QuiverException.badRequest(prefix + "query is required");
        }
        if (q instanceof JsonArray || q instanceof JsonObject) {
            return Future.succeededFuture(fields(body, QdrantVectorsJson.queryValue(q, space, prefix + "query"), prefix, config, vectors));
        }
        PointId id = QdrantJson.id(q, prefix + "query");
        String from = lookup == null ? collection : lookup.collection();
        String vname = lookup == null || lookup.vector() == null ? space : lookup.vector();
        vectors.checkVectorNames(vectors.configOf(from), List.of(vname));
        vectors.checkVectorNames(config, List.of(space));
        return vectors.point(from, id, false).map(r -> {
            if (r == null) {
                throw QuiverException.notFound("No point with id " + id + " found");
            }
            QdrantVectorsJson.QueryVector qv;
            if (r.vectors() == null) {
                qv = new QdrantVectorsJson.QueryVector(space, r.vector(), null);
            } else if (r.vectors().dense().containsKey(vname)) {
                qv = new QdrantVectorsJson.QueryVector(space, r.vectors().dense().get(vname), null);
            } else if (r.vectors().sparse().containsKey(vname)) {
                qv = new QdrantVectorsJson.QueryVector(space, null, r.vectors().sparse().get(vname));
            } else if (r.vectors().multi().containsKey(vname)) {
                qv = new QdrantVectorsJson.QueryVector(space, null, null, r.vectors().multi().get(vname));
            } else {
                throw QuiverException.badRequest("Wrong input: point " + id + " has no vector `" + vname + "`");
            }
            Parsed parsed = fields(body, qv, prefix, config, vectors);
            if (lookup != null && !from.equals(collection)) {
                return parsed;
            }
            // the point queried by is not one of its own results (Qdrant's rule)
            VectorQuery vq = parsed.query();
            io.quiver.vector.filter.Condition notIt = io.quiver.vector.filter.Filter.not(
                    new io.quiver.vector.filter.Condition.HasId(java.util.Set.of(id)));
            io.quiver.vector.filter.Filter f = vq.params().filter() == null ? io.quiver.vector.filter.Filter.must(notIt)
                    : io.quiver.vector.filter.Filter.must(vq.params().filter(), notIt);
            return new Parsed(new VectorQuery(vq.vector(), vq.limit(), vq.offset(), vq.params().withFilter(f), vq.scoreThreshold(),
                    vq.withPayload(), vq.withVector(), vq.using(), vq.sparse(), vq.multi()), parsed.payload(), parsed.withVector());
        });
    }

    private static Parsed parseSearch(JsonObject body, String prefix, CollectionConfig config, VectorService vectors) {
        if (body.getValue("vector") == null) {
            throw QuiverException.badRequest(prefix + "vector is required");
        }
        return fields(body, QdrantVectorsJson.searchVector(body.getValue("vector"), prefix + "vector"), prefix, config, vectors);
    }

    /** The fields search and query share: limit, offset, params, score_threshold, with_payload, with_vector. */
    private static Parsed fields(JsonObject body, QdrantVectorsJson.QueryVector vector, String prefix, CollectionConfig config,
                                 VectorService vectors) {
        io.quiver.vector.filter.Filter filter = QdrantJson.filter(body);
        int limit = QdrantJson.integer(body, "limit", 10);
        int offset = QdrantJson.integer(body, "offset", 0);
        JsonObject params = QdrantJson.object(body, "params");
        if (params != null) {
            for (String k : params.fieldNames()) {
                switch (k) {
                    case "hnsw_ef", "exact", "quantization" -> { }
                    // every point of a Quiver collection is in an index (flat or graph): the restriction always holds
                    case "indexed_only" -> { }
                    case "idf" -> {
                        io.quiver.vector.VectorSchema.Sparse sp = config.schema() == null || vector.using() == null ? null
                                : config.schema().sparse(vector.using());
                        if (sp == null || !sp.idf()) {
                            throw QuiverException.badRequest("Bad request: " + prefix + "params.idf applies only to a sparse "
                                    + "vector with the idf modifier");
                        }
                        if (!"global".equals(params.getValue("idf"))) {
                            throw QuiverException.badRequest(prefix + "params.idf: IDF statistics over a corpus filter are not "
                                    + "supported by Quiver yet; \"global\" (the whole collection, the default) is");
                        }
                    }
                    default -> throw QuiverException.badRequest("Format error in JSON body: " + prefix + "params: unknown field `" + k
                            + "`, expected one of `hnsw_ef`, `exact`, `quantization`, `indexed_only`");
                }
            }
        }
        int ef = params == null ? 0 : QdrantJson.integer(params, "hnsw_ef", 0);
        boolean exact = params != null && QdrantJson.bool(params, "exact", false);
        if (params != null && params.getValue("hnsw_ef") != null && ef < 1) {
            throw QuiverException.badRequest("Validation error in JSON body: [" + prefix + "params.hnsw_ef: value " + ef
                    + " invalid, must be 1 or more]");
        }
        Float threshold = QdrantJson.number(body, "score_threshold");
        QdrantJson.PayloadSelector payload = QdrantJson.PayloadSelector.of(body.getValue("with_payload"), false);
        QdrantVectorsJson.VectorSelector withVector = QdrantVectorsJson.selector(body, config, vectors);
        return new Parsed(new VectorQuery(vector.dense(), limit, offset, new SearchParams(ef, exact, filter, QdrantQuantizationJson.search(params, prefix)), threshold,
                payload.wanted(), withVector.any(), vector.using(), vector.sparse(), vector.multi()), payload, withVector);
    }

    private static List<Parsed> parseBatch(JsonObject body, java.util.function.BiFunction<JsonObject, String, Parsed> parse) {
        if (!(body.getValue("searches") instanceof JsonArray searches)) {
            throw QuiverException.badRequest("the body needs \"searches\": [...]");
        }
        List<Parsed> out = new ArrayList<>();
        for (int i = 0; i < searches.size(); i++) {
            if (!(searches.getValue(i) instanceof JsonObject o)) {
                throw QuiverException.badRequest("searches[" + i + "] must be an object");
            }
            out.add(parse.apply(o, "searches[" + i + "]."));
        }
        return out;
    }

    private static List<VectorQuery> queries(List<Parsed> parsed) {
        return parsed.stream().map(Parsed::query).toList();
    }

    private static JsonArray scoredList(List<ScoredPoint> points, Parsed p) {
        JsonArray out = new JsonArray();
        for (ScoredPoint sp : points) {
            out.add(QdrantJson.scored(sp, p.payload(), p.withVector()));
        }
        return out;
    }

    // ---- import (a Quiver extension) ----

    /**
     * POST /collections/{c}/import: {@code {"path": "..."} | {"url": "..."}}, optional {@code "format"}
     * (fvecs, npy, jsonl; else from the name), {@code "distance"} (creates the collection when absent,
     * its size from the file) and {@code "wait"} (reply when done instead of at once with 202).
     */
    void importFile(RoutingContext ctx, Services services) {
        VectorService vectors = services.vectors();
        String name = ctx.pathParam("collection");
        JsonObject body = QdrantJson.body(ctx);
        Object path = body.getValue("path"), url = body.getValue("url");
        if ((path == null) == (url == null) || (path != null && !(path instanceof String)) || (url != null && !(url instanceof String))) {
            throw QuiverException.badRequest("give exactly one of \"path\" (a file under import-dir) or \"url\" (http or https)");
        }
        Object distance = body.getValue("distance");
        Metric metric = null;
        if (distance != null) {
            try {
                metric = Metric.parse(String.valueOf(distance));
            } catch (IllegalArgumentException e) {
                throw QuiverException.badRequest("distance: " + e.getMessage());
            }
        } else {
            vectors.configOf(name);
        }
        Object format = body.getValue("format");
        boolean wait = QdrantJson.bool(body, "wait", false);
        IngestService.Job job = services.ingest().startImport(name, metric, path != null ? (String) path : null,
                url != null ? (String) url : null, format == null ? null : String.valueOf(format));
        if (!wait) {
            QdrantReply.ok(ctx, 202, new JsonObject().put("status", "started").put("source", job.status().source()));
            return;
        }
        reply(ctx, job.done().map(rows -> new JsonObject().put("status", "done").put("rows", rows)
                .put("source", job.status().source())));
    }

    // ---- helpers ----

    private static Object updateResult() {
        return new JsonObject().put("operation_id", OPERATION_IDS.incrementAndGet()).put("status", "completed");
    }

    private static <T> void reply(RoutingContext ctx, Future<T> f) {
        QdrantReply.whenDone(ctx, f);
    }
}
