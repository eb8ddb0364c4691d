package io.quiver.http;

import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

/** Qdrant's reply envelope: {@code {"result": ..., "status": "ok", "time": seconds}}. */
final class QdrantReply {
    private QdrantReply() {
    }

    /** Replies with the future's result in Qdrant's envelope once it completes; a failure goes to the error handler. */
    static <T> void whenDone(RoutingContext ctx, io.vertx.core.Future<T> f) {
        f.onComplete(ar -> {
            if (ar.succeeded()) {
                ok(ctx, ar.result());
            } else {
                ctx.fail(ar.cause());
            }
        });
    }

    static void ok(RoutingContext ctx, Object result) {
        ok(ctx, 200, result);
    }

    static void ok(RoutingContext ctx, int status, Object result) {
        JsonObject body = new JsonObject().put("result", result).put("status", "ok").put("time", QdrantTime.since(ctx));
        ctx.response().setStatusCode(status).putHeader("Content-Type", "application/json").end(body.toBuffer());
    }
}
