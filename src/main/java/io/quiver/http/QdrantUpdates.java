package io.quiver.http;

import io.quiver.error.QuiverException;
import io.quiver.service.Services;
import io.quiver.service.vector.VectorService;
import io.quiver.vector.PointId;
import io.quiver.vector.PointVectors;
import io.quiver.vector.UpdateMode;
import io.quiver.vector.filter.Filter;
import io.quiver.vector.filter.PayloadChange;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

import java.util.ArrayList;
import java.util.List;

/**
 * Qdrant's point update operations (upsert, delete, set/overwrite/delete/clear payload, update and
 * delete vectors), each parsed from its JSON body into a {@link PointUpdate} that is checked and
 * ready to run: the routes of each run one, {@code POST /points/batch} parses its whole list first
 * (a bad operation anywhere refuses the batch before anything is applied) and then runs them in
 * order, each after the one before has completed.
 */
final class QdrantUpdates {
    private QdrantUpdates() {
    }

    /** One parsed update; running it sends it through the vector service (whose own checks may still refuse it). */
    @FunctionalInterface
    interface PointUpdate {
        Future<Long> run();
    }

    /** The route handler of one kind of update: parse the body, run it, answer Qdrant's UpdateResult. */
    @FunctionalInterface
    interface Parser {
        PointUpdate parse(VectorService vectors, String collection, JsonObject body, String at);
    }

    static void handle(RoutingContext ctx, Services services, Parser parser) {
        VectorService vectors = services.vectors();
        String name = ctx.pathParam("collection");
        JsonObject body = QdrantJson.body(ctx);
        vectors.configOf(name);
        reply(ctx, parser.parse(vectors, name, body, "").run().map(n -> updateResult()));
    }

    /** POST /collections/{c}/points/batch: {@code {"operations": [{"upsert": {...}} | {"delete": {...}} | ...]}}. */
    static void batch(RoutingContext ctx, Services services) {
        VectorService vectors = services.vectors();
        String name = ctx.pathParam("collection");
        JsonObject body = QdrantJson.body(ctx);
        vectors.configOf(name);
        for (String k : body.fieldNames()) {
            if (!k.equals("operations")) {
                throw QuiverException.badRequest("Format error in JSON body: unknown field `" + k + "`, expected `operations`");
            }
        }
        if (!(body.getValue("operations") instanceof JsonArray ops)) {
            throw QuiverException.badRequest("Format error in JSON body: missing field `operations`");
        }
        List<PointUpdate> updates = new ArrayList<>();
        for (int i = 0; i < ops.size(); i++) {
            String at = "operations[" + i + "]";
            if (!(ops.getValue(i) instanceof JsonObject op) || op.size() != 1) {
                throw QuiverException.badRequest("Format error in JSON body: " + at
                        + ": data did not match any variant of untagged enum UpdateOperation");
            }
            String kind = op.fieldNames().iterator().next();
            if (!(op.getValue(kind) instanceof JsonObject inner)) {
                throw QuiverException.badRequest("Format error in JSON body: " + at + "." + kind + ": expected an object");
            }
            Parser parser = switch (kind) {
                case "upsert" -> QdrantUpdates::upsert;
                case "delete" -> QdrantUpdates::delete;
                case "set_payload" -> payload(PayloadChange.SET);
                case "overwrite_payload" -> payload(PayloadChange.OVERWRITE);
                case "delete_payload" -> payload(PayloadChange.DELETE_KEYS);
                case "clear_payload" -> payload(PayloadChange.CLEAR);
                case "update_vectors" -> QdrantUpdates::updateVectors;
                case "delete_vectors" -> QdrantUpdates::deleteVectors;
                default -> throw QuiverException.badRequest("Format error in JSON body: " + at
                        + ": data did not match any variant of untagged enum UpdateOperation");
            };
            updates.add(parser.parse(vectors, name, inner, at + "." + kind + "."));
        }
        reply(ctx, runInOrder(updates, 0, new JsonArray()));
    }

    private static Future<JsonArray> runInOrder(List<PointUpdate> updates, int i, JsonArray results) {
        if (i == updates.size()) {
            return Future.succeededFuture(results);
        }
        Future<Long> f;
        try {
            f = updates.get(i).run();
        } catch (RuntimeException e) {
            return Future.failedFuture(e); // the service's checks throw: the operations before it stay applied
        }
        return f.compose(n -> runInOrder(updates, i + 1, results.add(updateResult())));
    }

    // ---- upsert ----

    /** {@code {"points": [{"id", "vector", "payload"}]} | {"batch": {"ids", "vectors", "payloads"}}, "update_mode"?, "update_filter"?}. */
    static PointUpdate upsert(VectorService vectors, String name, JsonObject body, String at) {
        rejectShardKey(body);
        PointId[] ids;
        PointVectors[] vecs;
        String[] payloads;
        if (body.getValue("points") instanceof JsonArray points) {
            ids = new PointId[points.size()];
            vecs = new PointVectors[points.size()];
            payloads = new String[points.size()];
            for (int i = 0; i < ids.length; i++) {
                String p = at + "points[" + i + "]";
                if (!(points.getValue(i) instanceof JsonObject o)) {
                    throw QuiverException.badRequest(p + " must be an object {\"id\", \"vector\", \"payload\"}");
                }
                ids[i] = QdrantJson.id(o.getValue("id"), p + ".id");
                vecs[i] = QdrantVectorsJson.pointVectors(o.getValue("vector"), p + ".vector");
                payloads[i] = QdrantJson.payload(o.getValue("payload"), p + ".payload");
            }
        } else if (body.getValue("batch") instanceof JsonObject batch) {
            ids = QdrantJson.ids(batch.getValue("ids"), at + "batch.ids");
            vecs = batchVectors(batch.getValue("vectors"), ids.length, at);
            payloads = new String[ids.length];
            Object ps = batch.getValue("payloads");
            if (ps != null) {
                if (!(ps instanceof JsonArray pa) || pa.size() != ids.length) {
                    throw QuiverException.badRequest(at + "batch.payloads must be an array with one payload (or null) per id");
                }
                for (int i = 0; i < ids.length; i++) {
                    payloads[i] = QdrantJson.payload(pa.getValue(i), at + "batch.payloads[" + i + "]");
                }
            }
        } else {
            throw QuiverException.badRequest("the body needs \"points\": [...] or \"batch\": {...}");
        }
        UpdateMode mode = updateMode(body, at);
        Filter updateFilter = updateFilter(body, at);
        return () -> vectors.upsertPoints(name, ids, vecs, payloads, mode, updateFilter);
    }

    private static UpdateMode updateMode(JsonObject body, String at) {
        Object m = body.getValue("update_mode");
        if (m == null) {
            return null;
        }
        UpdateMode mode = m instanceof String s ? UpdateMode.parse(s) : null;
        if (mode == null) {
            throw QuiverException.badRequest("Format error in JSON body: " + at + "update_mode: unknown variant `" + m
                    + "`, expected one of `upsert`, `insert_only`, `update_only`");
        }
        return mode;
    }

    private static Filter updateFilter(JsonObject body, String at) {
        return QdrantJson.filterOf(body.getValue("update_filter"));
    }

    /** {@code batch.vectors}: an array with one vector per id, or an object of such arrays by vector name. */
    private static PointVectors[] batchVectors(Object raw, int n, String at) {
        PointVectors[] out = new PointVectors[n];
        if (raw instanceof JsonArray vs) {
            if (vs.size() != n) {
                throw QuiverException.badRequest(at + "batch.vectors must be an array with one vector per id");
            }
            for (int i = 0; i < n; i++) {
                out[i] = QdrantVectorsJson.pointVectors(vs.getValue(i), at + "batch.vectors[" + i + "]");
            }
            return out;
        }
        if (!(raw instanceof JsonObject named)) {
            throw QuiverException.badRequest(at + "batch.vectors must be an array with one vector per id, or an object of them by name");
        }
        List<JsonObject> perPoint = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            perPoint.add(new JsonObject());
        }
        for (String name : named.fieldNames()) {
            if (!(named.getValue(name) instanceof JsonArray column) || column.size() != n) {
                throw QuiverException.badRequest(at + "batch.vectors." + name + " must be an array with one vector per id");
            }
            for (int i = 0; i < n; i++) {
                if (column.getValue(i) != null) {
                    perPoint.get(i).put(name, column.getValue(i));
                }
            }
        }
        for (int i = 0; i < n; i++) {
            out[i] = QdrantVectorsJson.pointVectors(perPoint.get(i), at + "batch.vectors[" + i + "]");
        }
        return out;
    }

    // ---- delete ----

    /** {@code {"points": [ids]}}, {@code {"filter": ...}} or the older {@code {"points": {"filter": ...}}}. */
    static PointUpdate delete(VectorService vectors, String name, JsonObject body, String at) {
        rejectShardKey(body);
        Filter filter = QdrantJson.filter(body);
        if (body.getValue("points") instanceof JsonObject selector) {
            filter = QdrantJson.filter(selector);
            if (filter == null) {
                throw QuiverException.badRequest("Format error in JSON body: " + at
                        + "points: expected a list of point ids or {\"filter\": ...}");
            }
        } else if (filter != null && body.getValue("points") != null) {
            throw QuiverException.badRequest("Format error in JSON body: give either points or filter, not both");
        }
        if (filter != null) {
            Filter f = filter;
            return () -> vectors.deleteWhere(name, f);
        }
        PointId[] ids = QdrantJson.ids(body.getValue("points"), at + "points");
        return () -> vectors.delete(name, ids);
    }

    // ---- vectors ----

    /** {@code {"points": [{"id", "vector"}], "update_filter"?}}: sets those vectors, keeping the others. */
    static PointUpdate updateVectors(VectorService vectors, String name, JsonObject body, String at) {
        rejectShardKey(body);
        if (!(body.getValue("points") instanceof JsonArray points)) {
            throw QuiverException.badRequest("the body needs \"points\": [{\"id\", \"vector\"}]");
        }
        PointId[] ids = new PointId[points.size()];
        PointVectors[] vecs = new PointVectors[points.size()];
        for (int i = 0; i < ids.length; i++) {
            String p = at + "points[" + i + "]";
            if (!(points.getValue(i) instanceof JsonObject o)) {
                throw QuiverException.badRequest(p + " must be an object {\"id\", \"vector\"}");
            }
            ids[i] = QdrantJson.id(o.getValue("id"), p + ".id");
            vecs[i] = QdrantVectorsJson.pointVectors(o.getValue("vector"), p + ".vector");
        }
        Filter updateFilter = updateFilter(body, at);
        return () -> vectors.updateVectors(name, ids, vecs, updateFilter);
    }

    /** {@code {"points": [ids] | "filter", "vector": [names]}}. */
    static PointUpdate deleteVectors(VectorService vectors, String name, JsonObject body, String at) {
        rejectShardKey(body);
        Filter filter = QdrantJson.filter(body);
        if ((body.getValue("points") == null) == (filter == null)) {
            throw QuiverException.badRequest("Validation error in JSON body: [" + at
                    + ": Either list of point ids or filter must be provided]");
        }
        if (!(body.getValue("vector") instanceof JsonArray names)) {
            throw QuiverException.badRequest("Format error in JSON body: " + at + "vector: expected the names of the vectors to delete");
        }
        String[] ns = new String[names.size()];
        for (int i = 0; i < ns.length; i++) {
            if (!(names.getValue(i) instanceof String s)) {
                throw QuiverException.badRequest("Format error in JSON body: " + at + "vector[" + i + "]: expected a vector name");
            }
            ns[i] = s;
        }
        if (filter != null) {
            return () -> vectors.deleteVectorsWhere(name, filter, ns);
        }
        PointId[] ids = QdrantJson.ids(body.getValue("points"), at + "points");
        return () -> vectors.deleteVectors(name, ids, ns);
    }

    // ---- payload ----

    /** Set ({@code payload}, {@code key}?), overwrite ({@code payload}), delete ({@code keys}) or clear, by {@code points} or {@code filter}. */
    static Parser payload(PayloadChange change) {
        return (vectors, name, body, at) -> payload(change, vectors, name, body, at);
    }

    private static PointUpdate payload(PayloadChange change, VectorService vectors, String name, JsonObject body, String at) {
        rejectShardKey(body);
        Filter filter = QdrantJson.filter(body);
        PointId[] ids = body.getValue("points") == null ? null : QdrantJson.ids(body.getValue("points"), at + "points");
        if ((ids == null) == (filter == null)) {
            throw QuiverException.badRequest("Validation error in JSON body: [" + at
                    + ": Either list of point ids or filter must be provided]");
        }
        String payload = null, key = null;
        String[] keys = null;
        switch (change) {
            case SET, OVERWRITE -> {
                if (!(body.getValue("payload") instanceof JsonObject p)) {
                    throw QuiverException.badRequest("Format error in JSON body: " + at + "payload: missing field `payload`");
                }
                payload = p.encode();
                Object k = body.getValue("key");
                if (k != null) {
                    if (!(k instanceof String ks) || change == PayloadChange.OVERWRITE) {
                        throw QuiverException.badRequest(change == PayloadChange.OVERWRITE
                                ? "key is not supported by overwrite_payload: it replaces the whole payload"
                                : "Format error in JSON body: " + at + "key must be a payload path");
                    }
                    path(ks, at + "key");
                    key = ks;
                }
            }
            case DELETE_KEYS -> {
                if (!(body.getValue("keys") instanceof JsonArray a)) {
                    throw QuiverException.badRequest("Format error in JSON body: " + at + "keys: missing field `keys`");
                }
                keys = new String[a.size()];
                for (int i = 0; i < keys.length; i++) {
                    if (!(a.getValue(i) instanceof String s)) {
                        throw QuiverException.badRequest("Format error in JSON body: " + at + "keys[" + i + "] must be a payload path");
                    }
                    path(s, at + "keys[" + i + "]");
                    keys[i] = s;
                }
            }
            case CLEAR -> {
            }
        }
        String p = payload, k = key;
        String[] ks = keys;
        if (ids == null) {
            return () -> vectors.updatePayload(name, change, null, filter, p, ks, k);
        }
        // Qdrant refuses the whole operation when a named point is missing: look first, so nothing changes then
        return () -> vectors.retrieve(name, ids, false, false).compose(found -> {
            for (int i = 0; i < ids.length; i++) {
                if (found[i] == null) {
                    return Future.failedFuture(QuiverException.notFound("No point with id " + ids[i] + " found"));
                }
            }
            return vectors.updatePayload(name, change, ids, null, p, ks, k);
        });
    }

    private static void path(String s, String at) {
        try {
            io.quiver.vector.filter.JsonPath.parse(s);
        } catch (io.quiver.vector.filter.FilterException e) {
            throw QuiverException.badRequest("Format error in JSON body: " + at + ": " + e.getMessage());
        }
    }

    private static void rejectShardKey(JsonObject body) {
        if (body.getValue("shard_key") != null) {
            throw QuiverException.badRequest("shard_key is not supported by Quiver yet");
        }
    }

    static JsonObject updateResult() {
        return new JsonObject().put("operation_id", QdrantApi.OPERATION_IDS.incrementAndGet()).put("status", "completed");
    }

    private static <T> void reply(RoutingContext ctx, Future<T> f) {
        QdrantReply.whenDone(ctx, f);
    }
}
