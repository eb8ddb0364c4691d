package io.quiver.http;

import io.vertx.core.http.HttpMethod;

/**
 * One row of the {@link HttpRoutes} table.
 *
 * @param name     the route's name in metrics ({@code quiver.command.duration{protocol=http,command=name}})
 * @param method   HTTP method
 * @param path     vertx-web path, with {@code :params} or a trailing {@code *}
 * @param readBody whether the body is read (up to {@code max-http-body}) before the handler runs
 * @param errors   how failures are written: Quiver's envelope or Qdrant's
 * @param handler  the code that answers it
 */
public record RouteSpec(String name, HttpMethod method, String path, boolean readBody, ErrorStyle errors,
                        RouteHandler handler) {
}
