package io.quiver.http;

import io.quiver.error.ErrorCode;
import io.quiver.error.QuiverException;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

import java.util.Locale;

/** The one place where failures become HTTP statuses and JSON error bodies. */
public final class HttpErrors {
    private HttpErrors() {
    }

    public static int status(ErrorCode code) {
        return switch (code) {
            case BAD_REQUEST -> 400;
            case NOT_FOUND -> 404;
            case CONFLICT -> 409;
            case WRONG_TYPE -> 400;
            case TOO_LARGE -> 413;
            case UNAUTHORIZED -> 401;
            case BUSY -> 503;
            case OUT_OF_MEMORY -> 507;
            case TIMEOUT -> 504;
            case CLUSTER_DOWN -> 503;
            case CROSS_SLOT -> 400;
            case SLOT_MOVED, TRY_AGAIN -> 503;
            case RATE_LIMITED -> 429;
            case FORBIDDEN -> 403;
            case INTERNAL -> 500;
        };
    }

    /** The error code for a status vertx-web produced itself (404 no route, 413 body too large, ...). */
    static ErrorCode codeFor(int status) {
        return switch (status) {
            case 401 -> ErrorCode.UNAUTHORIZED;
            case 404 -> ErrorCode.NOT_FOUND;
            case 413 -> ErrorCode.TOO_LARGE;
            case 503 -> ErrorCode.BUSY;
            case 504 -> ErrorCode.TIMEOUT;
            default -> status >= 500 ? ErrorCode.INTERNAL : ErrorCode.BAD_REQUEST;
        };
    }

    public static void send(RoutingContext ctx, ErrorStyle style, Throwable failure) {
        QuiverException q = QuiverException.of(failure);
        int status = status(q.code());
        if (style == ErrorStyle.QDRANT && q.code() == ErrorCode.BAD_REQUEST && q.getMessage() != null
                && q.getMessage().startsWith("Validation error")) {
            status = 422; // Qdrant's status for a body or parameter that parses but breaks its validation rules
        }
        send(ctx, style, status, q.code(), q.getMessage());
    }

    public static void send(RoutingContext ctx, ErrorStyle style, int status, ErrorCode code, String message) {
        HttpServerResponse response = ctx.response();
        if (response.headWritten()) {
            ctx.request().connection().close();
            return;
        }
        JsonObject body = style == ErrorStyle.QDRANT
                ? new JsonObject().put("status", new JsonObject().put("error", message)).put("time", QdrantTime.since(ctx))
                : new JsonObject().put("error", new JsonObject()
                        .put("code", code.name().toLowerCase(Locale.ROOT)).put("message", message));
        if (code == ErrorCode.BUSY) {
            response.putHeader("Retry-After", "1");
        }
        response.setStatusCode(status).putHeader("Content-Type", "application/json").end(body.encode());
    }
}
