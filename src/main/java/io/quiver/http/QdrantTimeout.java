package io.quiver.http;

import io.quiver.error.ErrorCode;
import io.quiver.service.Services;
import io.vertx.ext.web.RoutingContext;

import java.util.concurrent.TimeUnit;

/**
 * Qdrant's {@code ?timeout=N} (seconds) on a request: the request's own deadline, N seconds after
 * it began, set on every shard operation it sends (through the shard client's deadline, so a shard
 * skips what it reaches too late). The server's {@code request-timeout} still bounds every request:
 * a {@code timeout} at or above it changes nothing, and the server's limit answers as it always does.
 *
 * <p>When the request's own deadline passes, the answer is Qdrant's: {@code Timeout error: Operation
 * 'Search' timed out after N seconds}, with the status Qdrant 1.19 gives it: 500 for searches
 * (search, query, recommend, discover, their batches, the distance matrix), 408 for the rest
 * ({@code 'GroupBy'} for the group routes).
 */
record QdrantTimeout(long seconds, String operation, int status) {
    static final String KEY = "qdrant.timeout";

    /**
     * The services for this request: with its deadline when {@code seconds} is shorter than
     * {@code requestTimeoutMillis}, else {@code services} as they are.
     */
    static Services apply(RoutingContext ctx, String route, long seconds, long startNanos, long requestTimeoutMillis,
                          Services services) {
        if (seconds <= 0 || TimeUnit.SECONDS.toMillis(seconds) >= requestTimeoutMillis) {
            return services;
        }
        QdrantTimeout t = forRoute(route, seconds);
        ctx.put(KEY, t);
        return services.withDeadline(startNanos + TimeUnit.SECONDS.toNanos(seconds));
    }

    /** Qdrant's name for the operation a route runs, and its status when it times out. */
    static QdrantTimeout forRoute(String route, long seconds) {
        if (route.endsWith(".groups")) {
            return new QdrantTimeout(seconds, "GroupBy", 408);
        }
        if (route.startsWith("points.search") || route.startsWith("points.query") || route.startsWith("points.recommend")
                || route.startsWith("points.discover")) {
            return new QdrantTimeout(seconds, "Search", 500);
        }
        String op = switch (route) {
            case "points.scroll" -> "Scroll";
            case "points.count" -> "Count";
            case "points.retrieve", "points.get" -> "Retrieve";
            case "collections.facet" -> "Facet";
            default -> "Update";
        };
        return new QdrantTimeout(seconds, op, 408);
    }

    String message() {
        return "Timeout error: Operation '" + operation + "' timed out after " + seconds + " seconds";
    }

    /** Sends Qdrant's timeout answer. */
    void send(RoutingContext ctx) {
        HttpErrors.send(ctx, ErrorStyle.QDRANT, status, ErrorCode.TIMEOUT, message());
    }
}
