package io.quiver.http;

import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

/** Qdrant's reply envelope: {@code {"result": ..., "status": "ok", "time": seconds}}. */
final class QdrantReply {
    private QdrantReply() {
    }

    static void ok(RoutingContext ctx, Object result) {
        ok(ctx, 200, result);
    }

    static void ok(RoutingContext ctx, int status, Object result) {
        JsonObject body = new JsonObject().put("result", result).put("status", "ok").put("time", QdrantTime.since(ctx));
        ctx.response().setStatusCode(status).putHeader("Content-Type", "application/json").end(body.toBuffer());
    }
}
