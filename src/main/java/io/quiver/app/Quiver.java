package io.quiver.app;

import io.quiver.config.ConfigKeys;
import io.quiver.config.QuiverConfig;
import io.quiver.http.HttpVerticle;
import io.quiver.metrics.QuiverMetrics;
import io.quiver.resp.RespServerState;
import io.quiver.resp.RespVerticle;
import io.quiver.router.VectorCatalog;
import io.quiver.router.VectorImporter;
import io.quiver.shard.Shard;
import io.quiver.shard.ShardCodecs;
import io.quiver.shard.ShardVerticle;
import io.quiver.vector.VectorRuntime;
import io.vertx.core.Deployable;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.ThreadingModel;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.micrometer.MicrometerMetricsFactory;
import io.vertx.micrometer.MicrometerMetricsOptions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntFunction;
import java.util.function.ToIntFunction;

/**
 * A running Quiver server. {@link #start} deploys, in order: the shard worker verticles (each on a
 * worker pool of its own), the bulk load and vector imports if configured, then the RESP and HTTP
 * front ends on the event loops. Tests start it in-process on port 0 and read the actual ports back.
 */
public final class Quiver {
    private static final Logger log = LoggerFactory.getLogger(Quiver.class);

    private final Vertx vertx;
    private final QuiverConfig config;
    private final List<Shard> shards;
    private int respPort;
    private int httpPort;

    private Quiver(Vertx vertx, QuiverConfig config, List<Shard> shards) {
        this.vertx = vertx;
        this.config = config;
        this.shards = shards;
    }

    public static Future<Quiver> start(QuiverConfig config) {
        long t0 = System.nanoTime();
        QuiverMetrics metrics = QuiverMetrics.create(config.get(ConfigKeys.METRICS));
        int frontEnds = config.frontEndInstances();
        VertxOptions options = new VertxOptions()
                .setPreferNativeTransport(true)
                .setEventLoopPoolSize(frontEnds)
                // a shard may legitimately run a long search or load; do not warn about it as "blocked"
                .setMaxWorkerExecuteTime(60).setMaxWorkerExecuteTimeUnit(TimeUnit.SECONDS);
        if (metrics.enabled()) {
            options.setMetricsOptions(new MicrometerMetricsOptions().setEnabled(true).setJvmMetricsEnabled(true));
        }
        Vertx vertx = Vertx.builder().with(options)
                .withMetrics(new MicrometerMetricsFactory(metrics.registry()))
                .build();
        logTransport(vertx);
        VectorRuntime.configure(config.get(ConfigKeys.JVECTOR_PROVIDER));
        ShardCodecs.register(vertx.eventBus());

        List<Shard> shards = new ArrayList<>();
        for (int i = 0; i < config.shardCount(); i++) {
            shards.add(new Shard(i));
        }
        Quiver quiver = new Quiver(vertx, config, shards);
        RespServerState respState = new RespServerState(config, vertx.isNativeTransportEnabled() ? "epoll" : "nio", Version.get());
        AtomicInteger httpConnections = new AtomicInteger();

        return quiver.deployShards(metrics)
                .compose(v -> BulkLoader.loadIfConfigured(vertx, config))
                .compose(v -> new VectorImporter(vertx, config, VectorCatalog.of(vertx))
                        .importConfigured(config.get(ConfigKeys.VECTOR_IMPORT)))
                .compose(v -> deployFrontEnd(vertx, frontEnds, config.get(ConfigKeys.RESP_PORT),
                        port -> new RespVerticle(config, respState, metrics, port), RespVerticle::actualPort))
                .compose(port -> {
                    quiver.respPort = port;
                    return deployFrontEnd(vertx, frontEnds, config.get(ConfigKeys.HTTP_PORT),
                            p -> new HttpVerticle(config, metrics, httpConnections, p), HttpVerticle::actualPort);
                })
                .map(port -> {
                    quiver.httpPort = port;
                    String bind = config.get(ConfigKeys.BIND);
                    log.info("Quiver {} ready in {} ms: resp={}:{} http={}:{} shards={} front-end-instances={} transport={}",
                            Version.get(), (System.nanoTime() - t0) / 1_000_000, bind, quiver.respPort, bind,
                            quiver.httpPort, shards.size(), frontEnds, respState.transport());
                    return quiver;
                })
                .recover(err -> vertx.close().transform(v -> Future.failedFuture(err)));
    }

    private Future<Void> deployShards(QuiverMetrics metrics) {
        List<Future<String>> deployed = new ArrayList<>();
        for (Shard shard : shards) {
            metrics.shardKeyGauge(shard.index(), shard::publishedKeyCount);
            deployed.add(vertx.deployVerticle(new ShardVerticle(shard), new DeploymentOptions()
                    .setThreadingModel(ThreadingModel.WORKER)
                    .setWorkerPoolName("quiver-shard-" + shard.index())
                    .setWorkerPoolSize(1)));
        }
        return Future.all(deployed).mapEmpty();
    }

    /**
     * Deploys {@code instances} of a front end: the first on the configured port (which may be 0,
     * any free port), the rest on the port it got, so they share one listening socket.
     */
    private static <V extends Deployable> Future<Integer> deployFrontEnd(Vertx vertx, int instances, int configuredPort,
                                                                         IntFunction<V> make, ToIntFunction<V> portOf) {
        V first = make.apply(configuredPort);
        return vertx.deployVerticle(first).compose(id -> {
            int actual = portOf.applyAsInt(first);
            if (instances == 1) {
                return Future.succeededFuture(actual);
            }
            return vertx.deployVerticle(() -> make.apply(actual), new DeploymentOptions().setInstances(instances - 1))
                    .map(more -> actual);
        });
    }

    private static void logTransport(Vertx vertx) {
        if (vertx.isNativeTransportEnabled()) {
            log.info("network transport: native epoll");
        } else {
            log.warn("!!! native epoll transport NOT in use, running on NIO (slower): {}",
                    String.valueOf(vertx.unavailableNativeTransportCause()));
        }
    }

    public int respPort() {
        return respPort;
    }

    public int httpPort() {
        return httpPort;
    }

    public Vertx vertx() {
        return vertx;
    }

    public QuiverConfig config() {
        return config;
    }

    public Future<Void> close() {
        return vertx.close();
    }
}
