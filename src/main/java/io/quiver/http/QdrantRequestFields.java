package io.quiver.http;

import io.quiver.error.QuiverException;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

import java.util.Map;
import java.util.Set;

/**
 * The fields Qdrant's request bodies have, per points route (Qdrant 1.19's OpenAPI schema; for the
 * search, recommend and discover routes, which 1.19's schema no longer lists, 1.15's), checked
 * before a handler runs: a key none of them names is refused with serde's words
 * ({@code Format error in JSON body: unknown field `k`, expected one of ...}), as are the same keys
 * in a batch's {@code searches}, a query's {@code prefetch} and the operations of
 * {@code points/batch}; a {@code shard_key} (Qdrant's custom sharding, which Quiver has not) is
 * refused by name. Qdrant itself skips unknown keys; refusing them is the brief's rule (never
 * accept and ignore). The body parsed here is kept on the request for the handler.
 */
final class QdrantRequestFields {
    private QdrantRequestFields() {
    }

    private static final Set<String> SEARCH = Set.of("shard_key", "vector", "filter", "params", "limit", "offset",
            "with_payload", "with_vector", "with_vectors", "score_threshold");
    private static final Set<String> RECOMMEND = Set.of("shard_key", "positive", "negative", "strategy", "filter", "params",
            "limit", "offset", "with_payload", "with_vector", "with_vectors", "score_threshold", "using", "lookup_from");
    private static final Set<String> DISCOVER = Set.of("shard_key", "target", "context", "filter", "params", "limit", "offset",
            "with_payload", "with_vector", "with_vectors", "using", "lookup_from");
    private static final Set<String> QUERY = Set.of("shard_key", "prefetch", "query", "using", "filter", "params",
            "score_threshold", "limit", "offset", "with_vector", "with_vectors", "with_payload", "lookup_from");
    private static final Set<String> PREFETCH = Set.of("prefetch", "query", "using", "filter", "params", "score_threshold",
            "limit", "lookup_from");
    private static final Set<String> GROUPS = Set.of("group_by", "group_size", "limit", "with_lookup");
    private static final Set<String> UPSERT = Set.of("batch", "points", "shard_key", "update_filter", "update_mode");
    private static final Set<String> SELECTOR = Set.of("filter", "points", "shard_key");
    private static final Set<String> SET_PAYLOAD = Set.of("filter", "key", "payload", "points", "shard_key");
    private static final Set<String> DELETE_PAYLOAD = Set.of("filter", "keys", "points", "shard_key");
    private static final Set<String> UPDATE_VECTORS = Set.of("points", "shard_key", "update_filter");
    private static final Set<String> DELETE_VECTORS = Set.of("filter", "points", "shard_key", "vector");
    private static final Set<String> BATCH = Set.of("searches");

    /** The fields of each route's body, by route name (HttpRoutes). */
    private static final Map<String, Set<String>> ROUTES = Map.ofEntries(
            Map.entry("points.retrieve", Set.of("ids", "shard_key", "with_payload", "with_vector", "with_vectors")),
            Map.entry("points.upsert", UPSERT),
            Map.entry("points.delete", SELECTOR),
            Map.entry("points.vectors.update", UPDATE_VECTORS),
            Map.entry("points.vectors.delete", DELETE_VECTORS),
            Map.entry("points.payload.set", SET_PAYLOAD),
            Map.entry("points.payload.overwrite", SET_PAYLOAD),
            Map.entry("points.payload.delete", DELETE_PAYLOAD),
            Map.entry("points.payload.clear", SELECTOR),
            Map.entry("points.batch", Set.of("operations")),
            Map.entry("points.scroll", Set.of("filter", "limit", "offset", "order_by", "shard_key", "with_payload", "with_vector",
                    "with_vectors")),
            Map.entry("points.count", Set.of("exact", "filter", "shard_key")),
            Map.entry("collections.facet", Set.of("exact", "filter", "key", "limit", "shard_key")),
            Map.entry("collections.index.create", Set.of("field_name", "field_schema")),
            Map.entry("points.search", SEARCH),
            Map.entry("points.search.batch", BATCH),
            Map.entry("points.search.groups", union(SEARCH, GROUPS)),
            Map.entry("points.query", QUERY),
            Map.entry("points.query.batch", BATCH),
            Map.entry("points.query.groups", union(QUERY, GROUPS)),
            Map.entry("points.recommend", RECOMMEND),
            Map.entry("points.recommend.batch", BATCH),
            Map.entry("points.recommend.groups", union(RECOMMEND, GROUPS)),
            Map.entry("points.discover", DISCOVER),
            Map.entry("points.discover.batch", BATCH),
            Map.entry("points.search.matrix.pairs", Set.of("filter", "limit", "sample", "shard_key", "using")),
            Map.entry("points.search.matrix.offsets", Set.of("filter", "limit", "sample", "shard_key", "using")));

    /** A batch route's item fields. */
    private static final Map<String, Set<String>> BATCH_ITEMS = Map.of("points.search.batch", SEARCH,
            "points.query.batch", QUERY, "points.recommend.batch", RECOMMEND, "points.discover.batch", DISCOVER);

    /** points/batch: each operation's one key and its body's fields. */
    private static final Map<String, Set<String>> OPERATIONS = Map.of("upsert", UPSERT, "delete", SELECTOR,
            "set_payload", SET_PAYLOAD, "overwrite_payload", SET_PAYLOAD, "delete_payload", DELETE_PAYLOAD,
            "clear_payload", SELECTOR, "update_vectors", UPDATE_VECTORS, "delete_vectors", DELETE_VECTORS);

    /** Routes whose body (or items) may hold a {@code prefetch}. */
    private static final Set<String> WITH_PREFETCH = Set.of("points.query", "points.query.batch", "points.query.groups");

    /** The key under which the parsed body is kept for {@link QdrantJson#body}. */
    static final String BODY_KEY = "qdrant.body";

    /**
     * Checks the body of route {@code route} when it is a JSON object (an empty or malformed body is
     * left to the handler, which has its own words for it) and keeps it on the request.
     */
    static void check(String route, RoutingContext ctx) {
        Set<String> fields = ROUTES.get(route);
        if (fields == null || ctx.body() == null || ctx.body().length() == 0) {
            return;
        }
        Object parsed;
        try {
            parsed = JsonBodyParser.parse(ctx.body().buffer());
        } catch (DecodeException e) {
            return;
        }
        if (!(parsed instanceof JsonObject body)) {
            return;
        }
        ctx.put(BODY_KEY, body);
        object(body, "", fields);
        boolean prefetch = WITH_PREFETCH.contains(route);
        if (prefetch) {
            prefetches(body.getValue("prefetch"), "prefetch");
        }
        Set<String> items = BATCH_ITEMS.get(route);
        if (items != null && body.getValue("searches") instanceof JsonArray searches) {
            for (int i = 0; i < searches.size(); i++) {
                if (searches.getValue(i) instanceof JsonObject item) {
                    object(item, "searches[" + i + "].", items);
                    if (prefetch) {
                        prefetches(item.getValue("prefetch"), "searches[" + i + "].prefetch");
                    }
                }
            }
        }
        if (route.equals("points.batch") && body.getValue("operations") instanceof JsonArray operations) {
            for (int i = 0; i < operations.size(); i++) {
                if (operations.getValue(i) instanceof JsonObject op && op.size() == 1) {
                    String kind = op.fieldNames().iterator().next();
                    if (OPERATIONS.containsKey(kind) && op.getValue(kind) instanceof JsonObject inner) {
                        object(inner, "operations[" + i + "]." + kind + ".", OPERATIONS.get(kind));
                    }
                }
            }
        }
    }

    private static void prefetches(Object raw, String at) {
        if (raw instanceof JsonObject one) {
            object(one, at + ".", PREFETCH);
            prefetches(one.getValue("prefetch"), at + ".prefetch");
        } else if (raw instanceof JsonArray many) {
            for (int i = 0; i < many.size(); i++) {
                prefetches(many.getValue(i), at + "[" + i + "]");
            }
        }
    }

    private static void object(JsonObject o, String at, Set<String> fields) {
        for (String k : o.fieldNames()) {
            if (!fields.contains(k)) {
                throw QuiverException.badRequest("Format error in JSON body: " + at + "unknown field `" + k + "`, expected one of "
                        + String.join(", ", fields.stream().filter(f -> !f.equals("with_vectors")).sorted()
                                .map(f -> "`" + f + "`").toList()));
            }
        }
        if (o.getValue("shard_key") != null) {
            throw QuiverException.badRequest(at + "shard_key is not supported by Quiver yet");
        }
    }

    @SafeVarargs
    private static Set<String> union(Set<String>... sets) {
        java.util.Set<String> all = new java.util.HashSet<>();
        for (Set<String> s : sets) {
            all.addAll(s);
        }
        return Set.copyOf(all);
    }
}
