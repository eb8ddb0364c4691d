package io.quiver.http;

import io.micrometer.core.instrument.Timer;
import io.quiver.config.ConfigKeys;
import io.quiver.console.ConsoleApi;
import io.quiver.console.ConsolePage;
import io.quiver.config.QuiverConfig;
import io.quiver.error.ErrorCode;
import io.quiver.error.QuiverException;
import io.quiver.metrics.QuiverMetrics;
import io.quiver.security.Tls;
import io.quiver.service.Backend;
import io.quiver.service.Services;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.ext.web.Route;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The HTTP/JSON front end on an event loop: a vertx-web router built from {@link HttpRoutes}, with
 * one failure path that turns every error into a JSON reply with the right status. In front of the
 * routes: the request's {@link RequestTiming} (every response, errors included, carries its
 * {@code Server-Timing} header), the max-connections refusal, then (when a password is set)
 * {@link HttpAuth}.
 */
public final class HttpVerticle extends VerticleBase {
    private static final Logger log = LoggerFactory.getLogger(HttpVerticle.class);
    private static final String TIMING_KEY = "quiver.timing";
    private static final CharSequence SERVER_TIMING = HttpHeaders.createOptimized("Server-Timing");

    private final QuiverConfig config;
    private final QuiverMetrics metrics;
    private final Backend backend;
    private final AtomicInteger connections;
    private final int port;
    private final long shutdownGraceSeconds;
    private final String version;
    private final String commit;
    /** Connections over max-connections: each gets one 503 and is closed. */
    private final Set<HttpConnection> overLimit = Collections.newSetFromMap(new IdentityHashMap<>());
    private HttpServer server;
    private Services services;
    private long requestTimeoutMillis;

    /**
     * @param connections          open HTTP connections, shared by every instance of this verticle
     * @param shutdownGraceSeconds longest a shutdown waits for requests in flight before closing connections
     * @param version              Quiver's version, for the telemetry and the console
     * @param commit               the git commit Quiver was built from, for {@code GET /}; null if unknown
     */
    public HttpVerticle(QuiverConfig config, QuiverMetrics metrics, Backend backend, AtomicInteger connections, int port,
                        long shutdownGraceSeconds, String version, String commit) {
        this.config = config;
        this.metrics = metrics;
        this.backend = backend;
        this.connections = connections;
        this.port = port;
        this.shutdownGraceSeconds = shutdownGraceSeconds;
        this.version = version;
        this.commit = commit;
    }

    @Override
    public Future<?> start() {
        services = backend.open(context);
        requestTimeoutMillis = config.get(ConfigKeys.REQUEST_TIMEOUT);
        Router web = Router.router(vertx);
        web.route().handler(this::admit); // one handler, not two: each costs a pass of the router per request
        ConsolePage.mount(web); // the console's files hold no data; the page asks for the password
        HttpAuth auth = new HttpAuth(config, HttpVerticle::styleForPath);
        if (auth.required()) {
            web.route().handler(auth);
        }
        long maxBody = config.get(ConfigKeys.MAX_HTTP_BODY);
        for (RouteSpec spec : HttpRoutes.table(new KvHttpApi(), new SystemHttpApi(metrics, config), new QdrantApi(version, commit),
                new ConsoleApi(config, metrics, version))) {
            Route route = web.route(spec.method(), spec.path());
            if (spec.name().equals(HttpRoutes.UPLOAD)) {
                // a snapshot upload: its checksum parameter is checked before the file is received into the snapshots directory
                BodyHandler uploads = BodyHandler.create(services.snapshots().uploadsDir().toString()).setBodyLimit(maxBody)
                        .setDeleteUploadedFilesOnEnd(true); // the route's handler takes the file over first (renames it)
                route.handler(ctx -> {
                    try {
                        QdrantSnapshotApi.checkUploadChecksum(ctx);
                    } catch (QuiverException e) {
                        ctx.fail(e);
                        return;
                    }
                    uploads.handle(ctx);
                });
            } else if (spec.readBody()) {
                route.handler(BodyHandler.create(false).setBodyLimit(maxBody).setHandleFileUploads(false));
            }
            route.handler(timed(spec));
            route.failureHandler(ctx -> onFailure(ctx, spec.errors(), maxBody));
        }
        web.errorHandler(404, ctx -> HttpErrors.send(ctx, styleForPath(ctx), 404, ErrorCode.NOT_FOUND,
                "no route for " + ctx.request().method() + " " + ctx.request().path()));
        web.errorHandler(400, ctx -> HttpErrors.send(ctx, styleForPath(ctx), 400, ErrorCode.BAD_REQUEST,
                "malformed request (check the percent-encoding of the path)"));
        web.errorHandler(500, ctx -> HttpErrors.send(ctx, styleForPath(ctx), 500, ErrorCode.INTERNAL,
                "internal error" + (ctx.failure() == null ? "" : ": " + ctx.failure().getMessage())));
        web.errorHandler(405, ctx -> HttpErrors.send(ctx, styleForPath(ctx), 405, ErrorCode.BAD_REQUEST,
                "method " + ctx.request().method() + " is not allowed on " + ctx.request().path()));

        long maxKey = config.get(ConfigKeys.MAX_KEY_SIZE);
        server = vertx.createHttpServer(Tls.apply(config, new HttpServerOptions()
                .setHost(config.get(ConfigKeys.BIND))
                .setPort(port)
                .setTcpNoDelay(true)
                .setMaxInitialLineLength((int) Math.min(Integer.MAX_VALUE / 2, Math.max(4096, maxKey * 3 + 1024)))));
        server.connectionHandler(this::onConnection);
        server.requestHandler(web);
        return server.listen();
    }

    private void onConnection(HttpConnection connection) {
        if (connections.incrementAndGet() > config.get(ConfigKeys.MAX_CONNECTIONS)) {
            overLimit.add(connection);
        }
        connection.closeHandler(v -> {
            connections.decrementAndGet();
            overLimit.remove(connection);
        });
    }

    /**
     * Every request's first handler: its {@link RequestTiming}, with the {@code Server-Timing}
     * header written from it just before the response headers go out, whatever the response is;
     * then a connection over max-connections gets its one 503.
     */
    private void admit(RoutingContext ctx) {
        RequestTiming timing = new RequestTiming(System.nanoTime());
        ctx.put(TIMING_KEY, timing);
        ctx.addHeadersEndHandler(v -> {
            timing.finish(System.nanoTime());
            ctx.response().putHeader(SERVER_TIMING, timing.header());
        });
        if (!overLimit.isEmpty() && overLimit.contains(ctx.request().connection())) {
            ctx.response().putHeader("Connection", "close");
            HttpErrors.send(ctx, styleForPath(ctx), 503, ErrorCode.BUSY, "max number of clients reached (max-connections)");
            return;
        }
        ctx.next();
    }

    /**
     * Runs the route's handler with services whose shard operations are timed for this request,
     * records its latency and its Server-Timing phases, and sends what it throws down the failure path.
     */
    private io.vertx.core.Handler<RoutingContext> timed(RouteSpec spec) {
        Timer timer = metrics.commandTimer("http", spec.name());
        PhaseTimers phases = metrics.enabled() ? new PhaseTimers(spec.name()) : null;
        // Qdrant's telemetry names an endpoint by method and path template: "PUT /collections/{collection_name}/points"
        String endpoint = spec.errors() == ErrorStyle.QDRANT ? spec.method().name() + " " + qdrantTemplate(spec.path()) : null;
        io.quiver.metrics.RestResponses responses = metrics.restResponses();
        return ctx -> {
            long start = System.nanoTime();
            if (spec.errors() == ErrorStyle.QDRANT) {
                ctx.put(QdrantTime.START_KEY, start);
            }
            RequestTiming timing = ctx.get(TIMING_KEY);
            ctx.addEndHandler(v -> {
                long took = System.nanoTime() - start;
                timer.record(took, TimeUnit.NANOSECONDS);
                if (endpoint != null) {
                    responses.record(endpoint, ctx.response().getStatusCode(), ctx.pathParam("collection"), took);
                }
                if (phases != null && timing.finished() && timing.touchedShards()) {
                    phases.record(timing);
                }
            });
            try {
                Services forRequest = services.timed(timing);
                if (spec.errors() == ErrorStyle.QDRANT) {
                    long timeout = QdrantValidation.request(ctx);
                    QdrantRequestFields.check(spec.name(), ctx);
                    resolveAlias(ctx, spec.name(), forRequest);
                    if (timeout > 0 && ctx.pathParam("collection") != null) {
                        forRequest.vectors().checkTimeout(ctx.pathParam("collection"), timeout); // strict mode's max_timeout
                    }
                    forRequest = QdrantTimeout.apply(ctx, spec.name(), timeout, start, requestTimeoutMillis, forRequest);
                }
                spec.handler().handle(ctx, forRequest);
            } catch (QuiverException e) {
                ctx.fail(e);
            }
        };
    }

    /**
     * A Qdrant alias in the path becomes the name of the collection it stands for, once, before the
     * handler runs (so every handler, and the service under it, sees the collection's own name).
     * Creating, dropping and asking whether a collection exists speak of collections themselves.
     */
    private static void resolveAlias(RoutingContext ctx, String route, Services services) {
        String name = ctx.pathParam("collection");
        if (name == null || route.equals("collections.create") || route.equals("collections.delete")
                || route.equals("collections.exists")) {
            return;
        }
        String real = services.vectors().resolve(name);
        if (!real.equals(name)) {
            ctx.pathParams().put("collection", real);
        }
    }

    /**
     * One route's Server-Timing histograms ({@link QuiverMetrics#serverTimingTimer}), registered on
     * first use so that routes nobody calls add nothing to /metrics. Used on one event loop.
     */
    private final class PhaseTimers {
        private final String route;
        private Timer queue;
        private Timer shard;
        private Timer merge;

        PhaseTimers(String route) {
            this.route = route;
        }

        void record(RequestTiming t) {
            if (queue == null) {
                queue = metrics.serverTimingTimer(route, "queue");
                shard = metrics.serverTimingTimer(route, "shard");
                merge = metrics.serverTimingTimer(route, "merge");
            }
            queue.record(t.queueNanos(), TimeUnit.NANOSECONDS);
            shard.record(t.shardNanos(), TimeUnit.NANOSECONDS);
            merge.record(t.mergeNanos(), TimeUnit.NANOSECONDS);
        }
    }

    private void onFailure(RoutingContext ctx, ErrorStyle style, long maxBody) {
        Throwable failure = ctx.failure();
        QdrantTimeout ownTimeout = ctx.get(QdrantTimeout.KEY);
        if (ownTimeout != null && failure instanceof QuiverException q && q.code() == ErrorCode.TIMEOUT) {
            ownTimeout.send(ctx); // the request's own ?timeout passed (it is earlier than request-timeout)
            return;
        }
        if (failure != null && !(failure instanceof QuiverException)) {
            if (failure instanceof io.vertx.ext.web.handler.HttpException he) {
                HttpErrors.send(ctx, style, he.getStatusCode(), HttpErrors.codeFor(he.getStatusCode()), describe(he.getStatusCode(), maxBody));
                return;
            }
            log.error("{} {} failed", ctx.request().method(), ctx.request().path(), failure);
        }
        if (failure == null) {
            int status = ctx.statusCode();
            HttpErrors.send(ctx, style, status, HttpErrors.codeFor(status), describe(status, maxBody));
        } else {
            HttpErrors.send(ctx, style, failure);
        }
    }

    /** Unrouted requests under Qdrant's paths get Qdrant's error shape. */
    /** A route's path in Qdrant's OpenAPI form: {@code /collections/:collection/points/:id} → {@code /collections/{collection_name}/points/{id}}. */
    static String qdrantTemplate(String path) {
        return path.replace(":collection", "{collection_name}").replace(":snapshot", "{snapshot_name}")
                .replace(":field", "{field_name}").replace(":alias", "{alias_name}").replace(":shard", "{shard_id}")
                .replaceAll(":([a-z_]+)", "{$1}");
    }

    private static ErrorStyle styleForPath(RoutingContext ctx) {
        String path = ctx.request().path();
        return path.startsWith("/collections") || path.startsWith("/snapshots") || path.startsWith("/telemetry")
                || path.startsWith("/issues") ? ErrorStyle.QDRANT : ErrorStyle.QUIVER;
    }

    private static String describe(int status, long maxBody) {
        return switch (status) {
            case 413 -> "request body is larger than max-http-body (" + maxBody + " bytes)";
            case 400 -> "bad request";
            default -> "HTTP " + status;
        };
    }

    /** Graceful: stop accepting, finish the requests in flight, then close the connections. */
    @Override
    public Future<?> stop() {
        return server.shutdown(shutdownGraceSeconds, TimeUnit.SECONDS);
    }

    public int actualPort() {
        return server.actualPort();
    }
}
