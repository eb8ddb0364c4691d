package io.quiver.http;

import io.quiver.error.QuiverException;
import io.quiver.service.Services;
import io.quiver.service.vector.VectorService;
import io.quiver.vector.CollectionConfig;
import io.quiver.vector.PointId;
import io.quiver.vector.PointRecord;
import io.quiver.vector.filter.Filter;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;


/**
 * Qdrant's routes that select points by filter: scroll, and the payload operations (set, overwrite,
 * delete keys, clear) by ids or by filter. Thin handlers over {@link VectorService}.
 */
final class QdrantPointsApi {
    /**
     * POST /collections/{c}/points/scroll: {@code {"filter", "limit" (10), "offset" (a point id),
     * "with_payload" (true), "with_vector" (false)}} → {@code {"points": [...], "next_page_offset"}}.
     */
    void scroll(RoutingContext ctx, Services services) {
        VectorService vectors = services.vectors();
        String name = ctx.pathParam("collection");
        JsonObject body = ctx.body().length() == 0 ? new JsonObject() : QdrantJson.body(ctx);
        CollectionConfig config = vectors.configOf(name);
        Filter filter = QdrantJson.filter(body);
        int limit = QdrantJson.integer(body, "limit", 10);
        if (limit < 1) {
            throw QuiverException.badRequest("Validation error in JSON body: [limit: value " + limit + " invalid, must be 1 or more]");
        }
        PointId offset = body.getValue("offset") == null ? null : QdrantJson.id(body.getValue("offset"), "offset");
        QdrantJson.PayloadSelector payload = QdrantJson.PayloadSelector.of(body.getValue("with_payload"), true);
        QdrantVectorsJson.VectorSelector withVector = QdrantVectorsJson.selector(body, config, vectors);
        Object orderBy = body.getValue("order_by");
        if (orderBy != null) {
            if (offset != null) {
                throw QuiverException.badRequest("Bad request: Cannot use an `offset` when using `order_by`. The alternative "
                        + "for paging is to use `order_by.start_from` and a filter to exclude the IDs that you've already seen "
                        + "for the `order_by.start_from` value");
            }
            QdrantJson.OrderBy order = QdrantJson.orderBy(orderBy, "order_by");
            reply(ctx, vectors.scrollOrdered(name, filter, order.key(), order.descending(), order.startFrom(), limit,
                    withVector.any()).map(records -> {
                JsonArray points = new JsonArray();
                for (PointRecord r : records) {
                    points.add(QdrantJson.record(r, payload, withVector));
                }
                return new JsonObject().put("points", points).putNull("next_page_offset");
            }));
            return;
        }
        reply(ctx, vectors.scroll(name, filter, offset, limit, withVector.any(), payload.wanted()).map(page -> {
            JsonArray points = new JsonArray();
            for (PointRecord r : page.points()) {
                points.add(QdrantJson.record(r, payload, withVector));
            }
            return new JsonObject().put("points", points)
                    .put("next_page_offset", page.nextOffset() == null ? null : QdrantJson.idJson(page.nextOffset()));
        }));
    }

    /**
     * POST /collections/{c}/facet: {@code {"key", "filter"?, "limit" (10), "exact"?}} → {@code {"hits":
     * [{"value", "count"}]}}, by count then value. Always exact, so {@code exact} changes nothing.
     */
    void facet(RoutingContext ctx, Services services) {
        VectorService vectors = services.vectors();
        String name = ctx.pathParam("collection");
        JsonObject body = QdrantJson.body(ctx);
        vectors.configOf(name);
        if (!(body.getValue("key") instanceof String key)) {
            throw QuiverException.badRequest(body.getValue("key") == null ? "Format error in JSON body: missing field `key`"
                    : "Format error in JSON body: key: invalid type, expected a string");
        }
        if (body.getValue("shard_key") != null) {
            throw QuiverException.badRequest("shard_key is not supported by Quiver yet");
        }
        Object exact = body.getValue("exact");
        if (exact != null && !(exact instanceof Boolean)) {
            throw QuiverException.badRequest("Format error in JSON body: exact: invalid type, expected a boolean");
        }
        Filter filter = QdrantJson.filter(body);
        int limit = QdrantJson.integer(body, "limit", 10);
        if (limit < 1) {
            throw QuiverException.badRequest("Validation error in JSON body: [limit: value " + limit + " invalid, must be 1 or more]");
        }
        reply(ctx, vectors.facet(name, filter, key, limit).map(hits -> {
            JsonArray out = new JsonArray();
            for (VectorService.FacetHit h : hits) {
                out.add(new JsonObject().put("value", h.value()).put("count", h.count()));
            }
            return new JsonObject().put("hits", out);
        }));
    }

    /** POST /collections/{c}/points/payload: {@code {"payload", "points" | "filter", "key"?}} merges keys in. */
    void setPayload(RoutingContext ctx, Services services) {
        QdrantUpdates.handle(ctx, services, QdrantUpdates.payload(io.quiver.vector.filter.PayloadChange.SET));
    }

    /** PUT /collections/{c}/points/payload: {@code {"payload", "points" | "filter"}} replaces the payload. */
    void overwritePayload(RoutingContext ctx, Services services) {
        QdrantUpdates.handle(ctx, services, QdrantUpdates.payload(io.quiver.vector.filter.PayloadChange.OVERWRITE));
    }

    /** POST /collections/{c}/points/payload/delete: {@code {"keys": [...], "points" | "filter"}}. */
    void deletePayload(RoutingContext ctx, Services services) {
        QdrantUpdates.handle(ctx, services, QdrantUpdates.payload(io.quiver.vector.filter.PayloadChange.DELETE_KEYS));
    }

    /** POST /collections/{c}/points/payload/clear: {@code {"points": [...]}} or {@code {"filter": ...}}. */
    void clearPayload(RoutingContext ctx, Services services) {
        QdrantUpdates.handle(ctx, services, QdrantUpdates.payload(io.quiver.vector.filter.PayloadChange.CLEAR));
    }

    private static <T> void reply(RoutingContext ctx, Future<T> f) {
        QdrantReply.whenDone(ctx, f);
    }

    // ---- payload indexes ----

    /** PUT /collections/{c}/index: {@code {"field_name", "field_schema": "keyword" | {"type": ..., params}}}. */
    void createIndex(RoutingContext ctx, Services services) {
        VectorService vectors = services.vectors();
        String name = ctx.pathParam("collection");
        JsonObject body = QdrantJson.body(ctx);
        vectors.configOf(name);
        if (!(body.getValue("field_name") instanceof String field) || field.isEmpty()) {
            throw QuiverException.badRequest("Format error in JSON body: missing field `field_name`");
        }
        try {
            io.quiver.vector.filter.JsonPath.parse(field);
        } catch (io.quiver.vector.filter.FilterException e) {
            throw QuiverException.badRequest("Format error in JSON body: field_name: " + e.getMessage());
        }
        Object schema = body.getValue("field_schema");
        String type, params = null;
        if (schema instanceof String t) {
            type = t;
        } else if (schema instanceof JsonObject o && o.getValue("type") instanceof String t) {
            type = t;
            params = o.encode();
        } else if (schema == null) {
            throw QuiverException.badRequest("Bad request: field_schema is required: Quiver does not infer a payload index's type");
        } else {
            throw QuiverException.badRequest("Format error in JSON body: field_schema: data did not match any variant of untagged enum PayloadFieldSchema");
        }
        if (!io.quiver.vector.PayloadIndexSpec.TYPES.contains(type)) {
            throw QuiverException.badRequest("Format error in JSON body: field_schema: unknown variant `" + type
                    + "`, expected one of `keyword`, `integer`, `float`, `geo`, `text`, `bool`, `datetime`, `uuid`");
        }
        if (schema instanceof JsonObject o && type.equals("integer") && Boolean.FALSE.equals(o.getValue("lookup"))
                && Boolean.FALSE.equals(o.getValue("range"))) {
            throw QuiverException.badRequest("Validation error in JSON body: [field_schema: Validation error: "
                    + "the 'lookup' and 'range' capabilities can't be both disabled]");
        }
        if (schema instanceof JsonObject o && type.equals("text")) {
            stopwordsSupported(o.getValue("stopwords"));
            for (String k : new String[]{"stemmer", "ascii_folding"}) {
                if (o.getValue(k) != null) {
                    // these change which documents match: refused rather than ignored until the tokenizer has them
                    throw QuiverException.badRequest("Bad request: `" + k + "` is not supported by Quiver's text index yet");
                }
            }
        }
        io.quiver.vector.PayloadIndexSpec spec = new io.quiver.vector.PayloadIndexSpec(field, type, params);
        reply(ctx, vectors.createPayloadIndex(name, spec).map(v -> updated()));
    }

    /** A text index's {@code stopwords}: a language or {@code {"languages", "custom"}}; a language Quiver has no list for is refused by name. */
    private static void stopwordsSupported(Object sw) {
        if (sw == null) {
            return;
        }
        java.util.List<Object> languages = new java.util.ArrayList<>();
        if (sw instanceof String s) {
            languages.add(s);
        } else if (sw instanceof JsonObject o) {
            for (String k : o.fieldNames()) {
                if (!k.equals("languages") && !k.equals("custom")) {
                    throw QuiverException.badRequest("Format error in JSON body: field_schema.stopwords: unknown field `" + k
                            + "`, expected `languages` or `custom`");
                }
            }
            for (String k : new String[]{"languages", "custom"}) {
                Object v = o.getValue(k);
                if (v != null && !(v instanceof JsonArray a && a.stream().allMatch(x -> x instanceof String))) {
                    throw QuiverException.badRequest("Format error in JSON body: field_schema.stopwords." + k + ": expected a list of strings");
                }
                if (v != null && k.equals("languages")) {
                    languages.addAll(((JsonArray) v).getList());
                }
            }
        } else {
            throw QuiverException.badRequest("Format error in JSON body: field_schema.stopwords: expected a language or {\"languages\", \"custom\"}");
        }
        for (Object l : languages) {
            if (io.quiver.vector.TextIndexParams.language((String) l) == null) {
                throw QuiverException.badRequest("Bad request: stopwords for `" + l + "` are not supported by Quiver's text index yet "
                        + "(it has " + io.quiver.vector.TextIndexParams.LANGUAGES + " and custom lists)");
            }
        }
    }

    /** DELETE /collections/{c}/index/{field}. */
    void deleteIndex(RoutingContext ctx, Services services) {
        VectorService vectors = services.vectors();
        reply(ctx, vectors.dropPayloadIndex(ctx.pathParam("collection"), ctx.pathParam("field")).map(v -> updated()));
    }

    /** Qdrant's {@code payload_schema}: field → {@code {"data_type", "params"?, "points"}}. */
    static JsonObject payloadSchemaJson(java.util.List<io.quiver.vector.PayloadSchemaEntry> entries) {
        JsonObject out = new JsonObject();
        for (io.quiver.vector.PayloadSchemaEntry e : entries) {
            JsonObject o = new JsonObject().put("data_type", e.spec().type());
            if (e.spec().params() != null) {
                o.put("params", new JsonObject(e.spec().params()));
            }
            out.put(e.spec().field(), o.put("points", e.points()));
        }
        return out;
    }

    private static JsonObject updated() {
        return new JsonObject().put("operation_id", QdrantApi.OPERATION_IDS.incrementAndGet()).put("status", "completed");
    }
}
