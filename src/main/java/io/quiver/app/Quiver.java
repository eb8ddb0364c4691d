package io.quiver.app;

import io.quiver.catalog.Catalog;
import io.quiver.catalog.ClusterCatalog;
import io.quiver.catalog.LocalCatalog;
import io.quiver.client.Admission;
import io.quiver.client.LocalShardClient;
import io.quiver.client.ShardClientFactory;
import io.quiver.client.cluster.ClusterNode;
import io.quiver.client.cluster.ClusterSettings;
import io.quiver.client.cluster.RoutingShardClient;
import io.quiver.client.cluster.ShardDirectory;
import io.quiver.client.cluster.ShardGateway;
import io.quiver.client.cluster.SlotMigrationService;
import io.quiver.client.cluster.SlotMigrator;
import io.quiver.config.ConfigKeys;
import io.quiver.error.ErrorCode;
import io.quiver.error.QuiverException;
import io.quiver.config.QuiverConfig;
import io.quiver.http.HttpVerticle;
import io.quiver.metrics.QuiverMetrics;
import io.quiver.persist.Persistence;
import io.quiver.resp.RespServerState;
import io.quiver.resp.RespVerticle;
import io.quiver.service.Backend;
import io.quiver.service.ClusterService;
import io.quiver.shard.AdminOp;
import io.quiver.shard.Shard;
import io.quiver.shard.ShardLoad;
import io.quiver.shard.ShardVerticle;
import io.quiver.shard.codec.ShardMessageCodec;
import io.quiver.status.SnapshotInfo;
import io.quiver.vector.VectorRuntime;
import io.vertx.core.Deployable;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.WorkerExecutor;
import io.vertx.core.Promise;
import io.vertx.core.ThreadingModel;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.micrometer.MicrometerMetricsFactory;
import io.vertx.micrometer.MicrometerMetricsOptions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntFunction;
import java.util.function.ToIntFunction;

/**
 * A running Quiver server. {@link #start} runs, in order: recovery from the data directory (when
 * persistence is on), the shard worker verticles (each on a worker pool of its own), the bulk load
 * and vector imports if configured, then the RESP and HTTP front ends on the event loops. Tests
 * start it in-process on port 0 and read the actual ports back.
 *
 * <p>{@link #close} is the graceful shutdown: front ends stop accepting and finish what is in
 * flight, every shard is snapshotted (unless {@code snapshot-on-shutdown} is false), the logs are
 * fsynced and closed, then Vert.x stops.
 */
public final class Quiver {
    private static final Logger log = LoggerFactory.getLogger(Quiver.class);
    /** Longest a shutdown waits for requests in flight before closing connections anyway. */
    private static final long SHUTDOWN_GRACE_SECONDS = 10;

    private final Vertx vertx;
    private final QuiverConfig config;
    private final List<Shard> shards;
    private final ShardLoad load;
    private final Backend backend;
    /** Null when persistence is off. */
    private final Persistence persistence;
    private final Set<String> shardDeployments = ConcurrentHashMap.newKeySet();
    /**
     * Each shard's one-thread pool, held from before its deployment until persistence is closed.
     * A deployment that named a pool of its own would shut it down when undeployed, and a task that
     * reached the shard's queue in that moment (a reply, a timer) was rejected and lost: a shutdown
     * could then wait forever for it. Holding the pool here keeps it open until nothing can need it.
     */
    private final List<WorkerExecutor> shardPools = new ArrayList<>();
    /** This node's own shards, whatever the mode (the snapshot at shutdown is this node's only). */
    private final ShardClientFactory localShards;
    /** Null unless cluster mode is on. */
    private final ShardDirectory cluster;
    private SlotMigrator migrator;
    /** Set while this node's slots move (its join, or a leave): one at a time. */
    private final java.util.concurrent.atomic.AtomicBoolean migrating = new java.util.concurrent.atomic.AtomicBoolean();
    /** What a completed {@code CLUSTER LEAVE} runs: the launcher's shutdown and exit. */
    private volatile Runnable afterLeave = () -> { };
    private int respPort;
    private int httpPort;
    private Future<Void> closed;
    /** SHUTDOWN SAVE / NOSAVE's choice over snapshot-on-shutdown; null: the key decides. */
    private volatile Boolean snapshotAtClose;
    /** Completed when a SHUTDOWN command has stopped the server (the launcher then exits). */
    private final io.vertx.core.Promise<Void> shutDownByCommand = io.vertx.core.Promise.promise();

    private Quiver(Vertx vertx, QuiverConfig config, List<Shard> shards, ShardLoad load, Backend backend,
                   Persistence persistence, ShardClientFactory localShards, ShardDirectory cluster) {
        this.vertx = vertx;
        this.localShards = localShards;
        this.cluster = cluster;
        this.config = config;
        this.shards = shards;
        this.load = load;
        this.backend = backend;
        this.persistence = persistence;
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
            // No event-bus meters: vertx-micrometer looks its counters up by address tags for every message
            // (a shard batch and its reply), about a tenth of a pipelined INCR's CPU; the shard queues have
            // Quiver's own meters (quiver_shard_pending, the queue stats in INFO)
            options.setMetricsOptions(new MicrometerMetricsOptions().setEnabled(true).setJvmMetricsEnabled(true)
                    .addDisabledMetricsCategory(io.vertx.micrometer.MetricsDomain.EVENT_BUS));
        }
        ClusterSettings clusterSettings;
        Vertx vertx;
        ShardDirectory directory = null;
        try {
            clusterSettings = config.get(ConfigKeys.CLUSTER) ? ClusterSettings.of(config) : null;
            if (clusterSettings == null) {
                vertx = Vertx.builder().with(options).withMetrics(new MicrometerMetricsFactory(metrics.registry())).build();
            } else {
                long tj = System.nanoTime();
                options.setEventBusOptions(ClusterNode.eventBus(clusterSettings));
                var manager = ClusterNode.clusterManager(clusterSettings);
                // blocking, on the caller's thread (outside Vert.x): the join, then the slot table's first read
                vertx = Vertx.builder().with(options).withMetrics(new MicrometerMetricsFactory(metrics.registry()))
                        .withClusterManager(manager).buildClustered().toCompletionStage().toCompletableFuture()
                        .get(5, TimeUnit.MINUTES);
                try {
                    var hz = manager.getHazelcastInstance();
                    directory = new ShardDirectory(clusterSettings, hz, config.get(ConfigKeys.PERSISTENCE)
                            ? keptTable(java.nio.file.Path.of(config.get(ConfigKeys.DATA_DIR), "cluster-slots.bin")) : null);
                } catch (RuntimeException e) {
                    vertx.close(); // leaves the cluster: a refused node must not linger as a member
                    throw e;
                }
                log.info("cluster '{}': joined as node {} of {} ({}) in {} ms; {} shards here, {} in the cluster",
                        clusterSettings.name(), directory.selfNode(), directory.table().nodes().size(),
                        clusterSettings.selfAddress(), (System.nanoTime() - tj) / 1_000_000,
                        clusterSettings.shards(), directory.globalShards());
            }
        } catch (Exception e) {
            return Future.failedFuture(e instanceof java.util.concurrent.ExecutionException && e.getCause() != null
                    ? e.getCause() : e);
        }
        logTransport(vertx);
        VectorRuntime.configure(config.get(ConfigKeys.JVECTOR_PROVIDER));
        ShardMessageCodec.register(vertx.eventBus());

        ShardLoad load = ShardLoad.of(config);
        ShardClientFactory localShards = LocalShardClient.factory(vertx, load);
        ShardClientFactory clients = directory == null ? localShards
                : RoutingShardClient.factory(vertx, directory, localShards);
        ShardDirectory clusterDirectory = directory;
        // on the caller's thread, outside Vert.x: the background shard client gets a context of its own
        Catalog catalog = directory == null ? new LocalCatalog()
                : new ClusterCatalog(directory.hazelcast(), new CatalogWireForm(), directory::missingNodes,
                        directory::migrationsUnderWay);
        Backend backend = new Backend(vertx, config, clients, catalog,
                directory == null ? ClusterService.OFF : new ClusterService(directory));
        RespServerState respState = new RespServerState(config, vertx.isNativeTransportEnabled() ? "epoll" : "nio", Version.get());
        AtomicInteger httpConnections = new AtomicInteger();

        Future<Persistence> recovered = config.get(ConfigKeys.PERSISTENCE)
                ? recover(config, metrics)
                : Future.succeededFuture(null);
        return recovered.recover(err -> vertx.close().transform(v -> Future.failedFuture(err)))
                .compose(persistence -> {
                    List<Shard> shards = persistence != null ? persistence.shards() : new ArrayList<>();
                    if (persistence == null) {
                        io.quiver.vector.VectorFiles scratch = io.quiver.vector.VectorFiles.temporary(); // on_disk: unlinked files
                        for (int i = 0; i < config.shardCount(); i++) {
                            shards.add(new Shard(i, scratch));
                        }
                        log.info("persistence is off: data is kept in memory only");
                    }
                    if (persistence != null) {
                        // before any front end can look: the collections the data holds exist again
                        backend.catalog().restore(persistence.collections(), persistence.highestEpoch());
                    }
                    Quiver quiver = new Quiver(vertx, config, shards, load, backend, persistence, localShards,
                            clusterDirectory);
                    return quiver.deployAll(metrics, frontEnds, respState, httpConnections, t0)
                            .recover(err -> quiver.stopAfterFailedStart().transform(v -> Future.failedFuture(err)));
                });
    }

    /** The slot table a cluster node keeps in its data directory (written whole, fsynced, renamed into place). */
    private static ShardDirectory.KeptTable keptTable(java.nio.file.Path file) {
        return new ShardDirectory.KeptTable() {
            @Override
            public byte[] load() throws java.io.IOException {
                return java.nio.file.Files.exists(file) ? java.nio.file.Files.readAllBytes(file) : null;
            }

            @Override
            public void save(byte[] table) throws java.io.IOException {
                java.nio.file.Files.createDirectories(file.toAbsolutePath().getParent());
                io.quiver.persist.AtomicFiles.write(file, table);
            }

            @Override
            public String where() {
                return file.toString();
            }
        };
    }

    /**
     * Recovery is blocking file work, done before any shard takes traffic on a thread of its own
     * (as the bulk load is): its future carries no Vert.x context, so a failure can still be
     * reported after Vert.x has been closed.
     */
    private static Future<Persistence> recover(QuiverConfig config, QuiverMetrics metrics) {
        Promise<Persistence> done = Promise.promise();
        Thread t = new Thread(() -> {
            try {
                done.complete(Persistence.open(config, metrics));
            } catch (Throwable e) {
                done.fail(e);
            }
        }, "quiver-recovery");
        t.setDaemon(true);
        t.start();
        return done.future();
    }

    private Future<Quiver> deployAll(QuiverMetrics metrics, int frontEnds, RespServerState respState,
                                     AtomicInteger httpConnections, long t0) {
        Quiver quiver = this;
        return quiver.deployShards(metrics)
                .compose(v -> joinCluster())
                .compose(v -> backend.background().ingest().loadKeyValueFile(config.get(ConfigKeys.LOAD)))
                .compose(v -> backend.background().ingest().importConfigured(config.get(ConfigKeys.VECTOR_IMPORT)))
                .compose(v -> deployFrontEnd(vertx, frontEnds, config.get(ConfigKeys.RESP_PORT), -1,
                        port -> new RespVerticle(config, respState, metrics, backend, port, SHUTDOWN_GRACE_SECONDS),
                        RespVerticle::actualPort))
                .compose(port -> {
                    quiver.respPort = port;
                    return deployFrontEnd(vertx, frontEnds, config.get(ConfigKeys.HTTP_PORT), -2,
                            p -> new HttpVerticle(config, metrics, backend, httpConnections, p, SHUTDOWN_GRACE_SECONDS,
                                    Version.get(), Version.commit()), HttpVerticle::actualPort);
                })
                .compose(port -> {
                    quiver.httpPort = port;
                    return cluster == null ? Future.succeededFuture(port) : vertx.executeBlocking(() -> {
                        cluster.publishEndpoints(quiver.respPort, port); // what CLUSTER NODES/SLOTS hand clients
                        return port;
                    }, false);
                })
                .map(port -> {
                    String bind = config.get(ConfigKeys.BIND);
                    log.info("Quiver {} ready in {} ms: resp={}:{} http={}:{} shards={} front-end-instances={} transport={} "
                                    + "tls={} auth={}",
                            Version.get(), (System.nanoTime() - t0) / 1_000_000, bind, quiver.respPort, bind,
                            quiver.httpPort, shards.size(), frontEnds, respState.transport(),
                            config.tls() ? "on" : "off", config.authRequired() ? "password" : "none");
                    quiver.startJoin();
                    respState.onShutdown(snapshot -> {
                        log.info("SHUTDOWN command: stopping ({})", snapshot == null ? "snapshot-on-shutdown decides"
                                : snapshot ? "SAVE: snapshot first" : "NOSAVE: no snapshot");
                        return quiver.close(snapshot).onComplete(quiver.shutDownByCommand);
                    });
                    return quiver;
                });
    }

    /**
     * With {@code cluster-join}: this node takes its even share of the slots, their keys moved to
     * it while the cluster serves (it routes for the others meanwhile), on a thread of its own.
     * Collections' points move with their slots.
     */
    private void startJoin() {
        if (cluster == null || !cluster.settings().join() || migrator == null) {
            return;
        }
        if (cluster.table().slotsOf(cluster.selfNode()) > 0 || !cluster.table().migrations().isEmpty()) {
            return; // joined before (a restart): its slots are in the table already
        }
        if (!migrating.compareAndSet(false, true)) {
            return;
        }
        Thread t = new Thread(() -> {
            long t0 = System.nanoTime();
            try {
                long keys = migrator.join();
                log.info("cluster-join: this node took {} slots, {} keys moved in {} ms", cluster.table().slotsOf(cluster.selfNode()),
                        keys, (System.nanoTime() - t0) / 1_000_000);
            } catch (RuntimeException e) {
                log.error("cluster-join: taking slots failed: {}", e.toString());
            } finally {
                migrating.set(false);
            }
        }, "quiver-slot-migration");
        t.setDaemon(true);
        t.start();
    }

    /**
     * A planned leave: this node's slots and their keys go to the other nodes that own slots
     * ({@link SlotMigrator#leave}), within {@code cluster-leave-timeout}, while the cluster serves;
     * this node routes for the others meanwhile and afterwards (until it stops). Blocking. Fails,
     * having moved nothing, when there is nothing this node can hand over to (it is the only owner,
     * a node is away, or another move runs).
     */
    public SlotMigrator.HandOver handOverSlots(String why) {
        if (cluster == null || migrator == null) {
            throw new QuiverException(ErrorCode.BAD_REQUEST, "this server is not a cluster node");
        }
        int own = cluster.table().slotsOf(cluster.selfNode());
        if (own == 0) {
            return new SlotMigrator.HandOver(0, 0, 0, null);
        }
        long timeout = config.get(ConfigKeys.CLUSTER_LEAVE_TIMEOUT);
        if (timeout == 0) {
            throw new QuiverException(ErrorCode.BAD_REQUEST, "cluster-leave-timeout is 0: this node hands nothing over");
        }
        if (cluster.table().planLeave(cluster.selfNode()).isEmpty()) {
            throw new QuiverException(ErrorCode.BAD_REQUEST, "this node is the only one that owns slots: there is no node to hand them to");
        }
        String missing = cluster.missingNodes();
        if (missing != null) {
            throw new QuiverException(ErrorCode.CLUSTER_DOWN, "The cluster is down: node " + missing
                    + " is unreachable, and a leave hands slots only to a cluster whose nodes all serve");
        }
        if (!cluster.table().migrations().isEmpty() || !migrating.compareAndSet(false, true)) {
            throw new QuiverException(ErrorCode.TRY_AGAIN, "slots are moving between nodes now (a join or another leave); "
                    + "retry when CLUSTER INFO shows none");
        }
        try {
            long t0 = System.nanoTime();
            log.info("cluster: leaving ({}): handing {} slots over to the other nodes, for at most {} ms", why, own, timeout);
            SlotMigrator.HandOver h = migrator.leave(t0 + TimeUnit.MILLISECONDS.toNanos(timeout));
            long ms = (System.nanoTime() - t0) / 1_000_000;
            if (h.complete()) {
                log.info("cluster: left: handed {} slots and {} keys over in {} ms", h.slotsHanded(), h.keysMoved(), ms);
            } else {
                log.error("cluster: the leave handed {} slots and {} keys over in {} ms and stopped ({}): {} slots are still "
                        + "this node's; their keys answer CLUSTERDOWN while it is away", h.slotsHanded(), h.keysMoved(), ms,
                        h.stoppedBy(), h.slotsLeft());
            }
            return h;
        } finally {
            migrating.set(false);
        }
    }

    /** What to run after a {@code CLUSTER LEAVE} has handed every slot over (the launcher stops the process). */
    public void afterLeave(Runnable r) {
        afterLeave = r;
    }

    /** {@code CLUSTER LEAVE} / {@code POST /cluster/leave}: the hand-over on a thread of its own, then {@link #afterLeave}. */
    private java.util.concurrent.CompletableFuture<String> leaveOnRequest() {
        java.util.concurrent.CompletableFuture<String> done = new java.util.concurrent.CompletableFuture<>();
        Thread t = new Thread(() -> {
            try {
                SlotMigrator.HandOver h = handOverSlots("asked to leave");
                if (!h.complete()) {
                    done.completeExceptionally(new QuiverException(ErrorCode.TIMEOUT, "the leave handed " + h.slotsHanded()
                            + " slots over and stopped (" + h.stoppedBy() + "); " + h.slotsLeft()
                            + " are still this node's, and it goes on serving them"));
                    return;
                }
                done.complete("handed " + h.slotsHanded() + " slots and " + h.keysMoved() + " keys over; stopping");
                // the reply goes out first; the shutdown lets requests in flight finish (its grace period)
                vertx.setTimer(200, id -> new Thread(afterLeave, "quiver-shutdown").start());
            } catch (RuntimeException e) {
                done.completeExceptionally(e);
            }
        }, "quiver-slot-migration");
        t.setDaemon(true);
        t.start();
        return done;
    }

    /**
     * Cluster mode: this node's shards become reachable from the others (a clustered consumer
     * each), then it claims them in the slot table. Nothing to do on a single node.
     */
    private Future<Void> joinCluster() {
        if (cluster == null) {
            return Future.succeededFuture();
        }
        migrator = new SlotMigrator(vertx, cluster, load);
        backend.background().cluster().reportProgress(migrator::keysMoved);
        backend.background().cluster().onLeave(this::leaveOnRequest);
        return vertx.deployVerticle(new ShardGateway(cluster, load))
                .compose(id -> vertx.deployVerticle(new SlotMigrationService(cluster, load)))
                .compose(id -> vertx.<Void>executeBlocking(() -> {
                    migrator.ownTableSlots();
                    cluster.claimOwnShards();
                    cluster.startRepair();
                    return null;
                }, false));
    }

    /** A start that failed after recovery: release the data directory, stop Vert.x. */
    private Future<Void> stopAfterFailedStart() {
        return vertx.close().andThen(v -> closePersistence());
    }

    private Future<Void> deployShards(QuiverMetrics metrics) {
        List<Future<String>> deployed = new ArrayList<>();
        for (Shard shard : shards) {
            shard.attachEvents(backend.keyspaceEvents()); // after recovery: replaying the log fires nothing
            if (cluster != null) {
                shard.attachSlotView(cluster::slotView);
            }
            shard.attachLimits(backend.encodingLimits());
            shardPools.add(vertx.createSharedWorkerExecutor(shardPoolName(shard.index()), 1));
            metrics.shardKeyGauge(shard.index(), shard::publishedKeyCount);
            metrics.gauge("quiver.shard.pending", "Operations sent to a shard and not yet done (its queue)",
                    () -> load.pending(shard.index()), "shard", Integer.toString(shard.index()));
            deployed.add(vertx.deployVerticle(new ShardVerticle(shard, load), new DeploymentOptions()
                    .setThreadingModel(ThreadingModel.WORKER)
                    .setWorkerPoolName(shardPoolName(shard.index()))
                    .setWorkerPoolSize(1)).onSuccess(shardDeployments::add));
        }
        return Future.all(deployed).mapEmpty();
    }

    private static String shardPoolName(int shard) {
        return "quiver-shard-" + shard;
    }

    /**
     * Deploys {@code instances} of a front end in one deployment on the configured port; Vert.x
     * shares one listening socket among them. Port 0 ("any free port") becomes {@code sharedRandomPort},
     * a negative number: Vert.x gives servers that ask for the same negative port one shared random
     * port, where port 0 would give each instance a port of its own. Each front end needs its own
     * negative number, or they would share one socket. The instances' ports are checked to agree.
     */
    private static <V extends Deployable> Future<Integer> deployFrontEnd(Vertx vertx, int instances, int configuredPort,
                                                                         int sharedRandomPort, IntFunction<V> make,
                                                                         ToIntFunction<V> portOf) {
        List<V> deployed = java.util.Collections.synchronizedList(new ArrayList<>());
        int port = configuredPort == 0 ? sharedRandomPort : configuredPort;
        return vertx.deployVerticle(() -> {
            V v = make.apply(port);
            deployed.add(v);
            return v;
        }, new DeploymentOptions().setInstances(instances)).compose(id -> {
            Set<Integer> ports = new java.util.TreeSet<>();
            for (V v : deployed) {
                ports.add(portOf.applyAsInt(v));
            }
            return ports.size() == 1 ? Future.succeededFuture(ports.iterator().next())
                    : Future.failedFuture(new IllegalStateException("front-end instances listen on different ports " + ports));
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

    /** The shards' queue and memory figures (for tests and diagnostics). */
    public ShardLoad load() {
        return load;
    }

    /** Null when persistence is off. */
    public Persistence persistence() {
        return persistence;
    }

    /** Whether {@link #close} has been called. */
    public synchronized boolean closeStarted() {
        return closed != null;
    }

    /**
     * Graceful shutdown; calling it again returns the same future.
     * <ol>
     *   <li>front ends stop accepting; requests in flight are answered (up to a grace period);</li>
     *   <li>every shard is snapshotted, unless {@code snapshot-on-shutdown} is false;</li>
     *   <li>the shards stop; every log is written, fsynced and closed; the data directory is unlocked;</li>
     *   <li>Vert.x stops.</li>
     * </ol>
     */
    public synchronized Future<Void> close() {
        if (closed == null) {
            closed = shutdown();
        }
        return closed;
    }

    /** As {@link #close}, snapshotting the shards ({@code true}) or not ({@code false}) whatever snapshot-on-shutdown says. */
    public synchronized Future<Void> close(Boolean snapshot) {
        if (closed == null) {
            snapshotAtClose = snapshot;
        }
        return close();
    }

    /** Completes once a SHUTDOWN command has stopped the server; fails if that shutdown did not finish cleanly. */
    public Future<Void> shutDownByCommand() {
        return shutDownByCommand.future();
    }

    private Future<Void> shutdown() {
        long t0 = System.nanoTime();
        List<Future<Void>> frontEnds = new ArrayList<>();
        for (String id : vertx.deploymentIDs()) {
            if (!shardDeployments.contains(id)) {
                frontEnds.add(vertx.undeploy(id));
            }
        }
        return Future.join(frontEnds).transform(ar -> snapshotAtShutdown())
                .transform(ar -> {
                    List<Future<Void>> undeployed = new ArrayList<>();
                    for (String id : shardDeployments) {
                        undeployed.add(vertx.undeploy(id));
                    }
                    return Future.join(undeployed);
                })
                .transform(ar -> vertx.executeBlocking(() -> {
                    closePersistence();
                    return null;
                }))
                .transform(ar -> {
                    shardPools.forEach(WorkerExecutor::close);
                    return vertx.close();
                })
                .onComplete(ar -> log.info("shut down in {} ms", (System.nanoTime() - t0) / 1_000_000));
    }

    private Future<Void> snapshotAtShutdown() {
        Boolean wanted = snapshotAtClose;
        if (persistence == null || !(wanted != null ? wanted : config.get(ConfigKeys.SNAPSHOT_ON_SHUTDOWN))) {
            return Future.succeededFuture();
        }
        long t0 = System.nanoTime();
        return localShards.open(vertx.getOrCreateContext(), Admission.COUNTED, TimeUnit.MINUTES.toMillis(10))
                .broadcast(new AdminOp.Snapshot(true)).transform(ar -> {
            if (ar.succeeded()) {
                long keys = 0, points = 0, longestCopyMicros = 0;
                for (SnapshotInfo info : ar.result()) {
                    keys += info.keys();
                    points += info.points();
                    longestCopyMicros = Math.max(longestCopyMicros, info.copyMicros());
                }
                log.info("snapshot at shutdown: {} keys, {} points in {} ms (shards held for the copy step at most {} us)",
                        keys, points, (System.nanoTime() - t0) / 1_000_000, longestCopyMicros);
            } else {
                log.error("snapshot at shutdown failed ({}); the logs still hold every change", ar.cause().getMessage());
            }
            return Future.succeededFuture();
        });
    }

    private void closePersistence() {
        if (persistence != null) {
            try {
                persistence.close();
            } catch (Exception e) {
                log.error("closing the data directory failed: {}", e.toString());
            }
        }
    }
}
