package io.quiver.http;

import io.quiver.service.Services;
import io.vertx.ext.web.RoutingContext;

/** Answers one route: parses the request, calls the services (timed for this request), formats the reply. */
@FunctionalInterface
interface RouteHandler {
    void handle(RoutingContext ctx, Services services);
}
