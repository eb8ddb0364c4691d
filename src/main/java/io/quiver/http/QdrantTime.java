package io.quiver.http;

import io.vertx.ext.web.RoutingContext;

/** Qdrant's {@code time} field: seconds spent on the request, as a float. */
final class QdrantTime {
    static final String START_KEY = "quiver.start.nanos";

    private QdrantTime() {
    }

    static double since(RoutingContext ctx) {
        Long start = ctx.get(START_KEY);
        return start == null ? 0.0 : (System.nanoTime() - start) / 1e9;
    }
}
