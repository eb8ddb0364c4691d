package io.quiver.http;

import io.quiver.error.QuiverException;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

/** Reading JSON request bodies and writing JSON replies. */
public final class Json {
    private Json() {
    }

    /** The body as a JSON object, or a 400 naming what is wrong with it. */
    public static JsonObject body(RoutingContext ctx) {
        if (ctx.body() == null || ctx.body().length() == 0) {
            throw QuiverException.badRequest("the request needs a JSON body");
        }
        try {
            Object v = io.vertx.core.json.Json.decodeValue(ctx.body().buffer());
            if (v instanceof JsonObject o) {
                return o;
            }
            throw QuiverException.badRequest("the body must be a JSON object");
        } catch (DecodeException e) {
            throw QuiverException.badRequest("malformed JSON body: " + e.getMessage());
        }
    }

    public static void ok(RoutingContext ctx, JsonObject body) {
        ctx.response().putHeader("Content-Type", "application/json").end(body.toBuffer());
    }
}
