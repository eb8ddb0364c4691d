package io.quiver.http;

import io.quiver.config.ConfigKeys;
import io.quiver.config.QuiverConfig;
import io.quiver.error.ErrorCode;
import io.quiver.security.Secret;
import io.vertx.core.Handler;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.RoutingContext;

import java.util.function.Function;

/**
 * The one handler in front of every route when a password is set: the request must carry it as
 * {@code Authorization: Bearer <password>} (or Qdrant's {@code api-key: <password>} header, so
 * Qdrant clients configured with an API key work too). Otherwise 401 with a JSON error and
 * {@code WWW-Authenticate: Bearer}. {@code GET /health} and the Kubernetes probes ({@code /healthz},
 * {@code /livez}, {@code /readyz}) stay open while {@code health-open} is true.
 */
final class HttpAuth implements Handler<RoutingContext> {
    private static final String CHALLENGE = "Bearer realm=\"quiver\"";
    private static final String INVALID = "Bearer realm=\"quiver\", error=\"invalid_token\"";

    private static final java.util.Set<String> PROBES = java.util.Set.of("/health", "/healthz", "/livez", "/readyz");

    private final Secret secret;
    private final boolean healthOpen;
    private final Function<RoutingContext, ErrorStyle> style;

    HttpAuth(QuiverConfig config, Function<RoutingContext, ErrorStyle> style) {
        this.secret = Secret.of(config.get(ConfigKeys.PASSWORD));
        this.healthOpen = config.get(ConfigKeys.HEALTH_OPEN);
        this.style = style;
    }

    /** Whether this handler needs installing at all. */
    boolean required() {
        return secret.isSet();
    }

    @Override
    public void handle(RoutingContext ctx) {
        HttpServerRequest request = ctx.request();
        if (healthOpen && request.method() == HttpMethod.GET && PROBES.contains(request.path())) {
            ctx.next();
            return;
        }
        String token = token(request);
        if (token != null && secret.matches(token)) {
            ctx.next();
            return;
        }
        ctx.response().putHeader("WWW-Authenticate", token == null ? CHALLENGE : INVALID);
        HttpErrors.send(ctx, style.apply(ctx), 401, ErrorCode.UNAUTHORIZED, token == null
                ? "authentication required: send the password as 'Authorization: Bearer <password>'"
                : "invalid credentials");
    }

    /** The presented credential, or null when there is none. */
    private static String token(HttpServerRequest request) {
        String authorization = request.getHeader("Authorization");
        if (authorization != null) {
            if (authorization.length() > 7 && authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
                return authorization.substring(7).trim();
            }
            return ""; // another scheme: a credential, but never the right one
        }
        return request.getHeader("api-key");
    }
}
