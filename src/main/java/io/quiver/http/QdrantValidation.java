package io.quiver.http;

import io.quiver.error.QuiverException;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

/**
 * Qdrant's validation of what every request of its API carries (path and query parameters) and of
 * a collection's creation body, with its statuses: a value its type cannot hold is a 400
 * ({@code Format error ...}), a value of the right type breaking a rule a 422 ({@code Validation
 * error ...}). Checked before the handler runs, so a refused request changes nothing.
 */
final class QdrantValidation {
    /** Qdrant's limit on a collection name (a directory name on its disk). */
    static final int MAX_NAME_LENGTH = 255;

    private QdrantValidation() {
    }

    /**
     * The collection name in the path and the {@code timeout} query parameter, on every Qdrant route.
     *
     * @return the request's {@code timeout} in seconds, or 0 when it has none
     */
    static long request(RoutingContext ctx) {
        String name = ctx.pathParam("collection");
        if (name != null && (name.isEmpty() || name.length() > MAX_NAME_LENGTH)) {
            throw QuiverException.badRequest("Validation error in path parameters: [collection_name: value must be between 1 and "
                    + MAX_NAME_LENGTH + " characters long, not " + name.length() + "]");
        }
        String timeout = ctx.request().getParam("timeout");
        if (timeout != null) {
            long t;
            try {
                t = Long.parseLong(timeout);
            } catch (NumberFormatException e) {
                throw QuiverException.badRequest("Query deserialize error: timeout: invalid digit found in string");
            }
            if (t < 1) {
                throw QuiverException.badRequest("Validation error in query parameters: [timeout: value " + t
                        + " invalid, must be 1 or more]");
            }
            return t;
        }
        return 0;
    }

    /**
     * A collection's creation body: {@code shard_number}, {@code replication_factor} and
     * {@code write_consistency_factor} are positive 32-bit integers, {@code hnsw_config.ef_construct}
     * at least 4, {@code vectors.size} (the unnamed vector's, or each named one's) from 1 to
     * {@code maxDimension} (Qdrant's rules and words).
     */
    static void createCollection(JsonObject body, int maxDimension) {
        if (body.getValue("vectors") instanceof JsonObject v) {
            if (v.getValue("size") != null) {
                checkSize(v.getValue("size"), "vectors.size", maxDimension);
            } else {
                for (String name : v.fieldNames()) {
                    if (v.getValue(name) instanceof JsonObject named && named.getValue("size") != null) {
                        checkSize(named.getValue("size"), "vectors." + name + ".size", maxDimension);
                    }
                }
            }
        }
        for (String field : new String[]{"shard_number", "replication_factor", "write_consistency_factor"}) {
            Object v = body.getValue(field);
            if (v == null) {
                continue;
            }
            if (!(v instanceof Number n) || n.doubleValue() != Math.rint(n.doubleValue()) || n.doubleValue() < 0
                    || n.doubleValue() > 0xFFFF_FFFFL) {
                throw QuiverException.badRequest("Format error in JSON body: " + field + ": invalid value: `" + v
                        + "`, expected u32");
            }
            if (n.longValue() == 0) {
                throw QuiverException.badRequest("Validation error in JSON body: [" + field + ": value 0 invalid, must be 1 or more]");
            }
        }
        if (body.getValue("hnsw_config") instanceof JsonObject hnsw && hnsw.getValue("ef_construct") instanceof Number ef
                && ef.doubleValue() < 4) {
            throw QuiverException.badRequest("Validation error in JSON body: [hnsw_config.ef_construct: value " + ef
                    + " invalid, must be 4 or more]");
        }
    }

    static void checkSize(Object size, String field, int maxDimension) {
        if (size instanceof Number n && n.doubleValue() == Math.rint(n.doubleValue()) && n.doubleValue() >= 0
                && (n.doubleValue() < 1 || n.doubleValue() > maxDimension)) {
            throw QuiverException.badRequest("Validation error in JSON body: [" + field + ": value " + n.longValue()
                    + " invalid, must be from 1 to " + maxDimension + "]");
        }
    }
}
