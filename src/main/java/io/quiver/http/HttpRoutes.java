package io.quiver.http;

import java.util.List;

import static io.quiver.http.ErrorStyle.QUIVER;
import static io.vertx.core.http.HttpMethod.DELETE;
import static io.vertx.core.http.HttpMethod.GET;
import static io.vertx.core.http.HttpMethod.POST;
import static io.vertx.core.http.HttpMethod.PUT;

/**
 * Every HTTP route, one row each: name (for metrics), method, path, whether the body is read, error
 * style, handler. Specific paths come before the wildcard ones they would otherwise match.
 */
final class HttpRoutes {
    private HttpRoutes() {
    }

    static List<RouteSpec> table(KvHttpApi kv, SystemHttpApi system) {
        return List.of(
                new RouteSpec("health", GET, "/health", false, QUIVER, system::health),
                new RouteSpec("metrics", GET, "/metrics", false, QUIVER, system::metrics),
                new RouteSpec("admin.config", GET, "/admin/config", false, QUIVER, system::config),
                new RouteSpec("admin.snapshot", POST, "/admin/snapshot", false, QUIVER, system::snapshot),

                new RouteSpec("kv.mget", POST, "/kv/_mget", true, QUIVER, kv::mget),
                new RouteSpec("kv.mset", POST, "/kv/_mset", true, QUIVER, kv::mset),
                new RouteSpec("kv.get", GET, "/kv/*", false, QUIVER, kv::get),
                new RouteSpec("kv.put", PUT, "/kv/*", true, QUIVER, kv::put),
                new RouteSpec("kv.delete", DELETE, "/kv/*", false, QUIVER, kv::delete)
        );
    }
}
