package io.quiver.service;

import io.quiver.catalog.Catalog;
import io.quiver.client.Admission;
import io.quiver.client.ShardClient;
import io.quiver.client.ShardClientFactory;
import io.quiver.config.ConfigKeys;
import io.quiver.config.QuiverConfig;
import io.quiver.service.ingest.IngestService;
import io.quiver.service.vector.ImportRegistry;
import io.quiver.service.vector.VectorLimits;
import io.quiver.service.vector.VectorService;
import io.vertx.core.Context;
import io.vertx.core.Vertx;

import java.util.concurrent.TimeUnit;

/**
 * The service layer's entry point for the whole server: what every event loop shares (the catalog,
 * the import registry, ingestion, the limits) and the shard clients it makes. A front-end event loop
 * gets its {@link Services} from {@link #open}; work that belongs to no request (the bulk load,
 * imports, the snapshot at shutdown) goes through {@link #background}.
 */
public final class Backend {
    /** How long background work (a batch of an import, a shutdown snapshot) may take. */
    private static final long BACKGROUND_TIMEOUT_MILLIS = TimeUnit.MINUTES.toMillis(10);

    private final QuiverConfig config;
    private final ShardClientFactory clients;
    private final Catalog catalog;
    private final Services.Limits limits;
    private final ImportRegistry imports = new ImportRegistry();
    private final Services background;
    private final ClusterService cluster;
    private final java.util.concurrent.atomic.AtomicLong transactionIds = TransactionService.newIds();
    private final io.quiver.service.pubsub.PubSubService pubsub;
    private final io.quiver.service.snapshot.SnapshotStore snapshotStore;

    /**
     * Called outside any Vert.x thread (the server's start), so the background client gets a
     * context of its own.
     */
    public Backend(Vertx vertx, QuiverConfig config, ShardClientFactory clients, Catalog catalog) {
        this(vertx, config, clients, catalog, ClusterService.OFF);
    }

    /** A node of a cluster: {@code clients} reach every node's shards. */
    public Backend(Vertx vertx, QuiverConfig config, ShardClientFactory clients, Catalog catalog, ClusterService cluster) {
        this.config = config;
        this.cluster = cluster;
        this.clients = clients;
        this.catalog = catalog;
        this.limits = new Services.Limits(config.get(ConfigKeys.MAX_KEY_SIZE), config.get(ConfigKeys.MAX_VALUE_SIZE),
                config.get(ConfigKeys.DATABASES),
                VectorLimits.of(config), new io.quiver.kv.EncodingLimits(config.get(ConfigKeys.HASH_MAX_LISTPACK_ENTRIES),
                config.get(ConfigKeys.HASH_MAX_LISTPACK_VALUE)));
        this.pubsub = new io.quiver.service.pubsub.PubSubService(vertx,
                io.quiver.config.KeyspaceEventFlags.parse(config.get(ConfigKeys.NOTIFY_KEYSPACE_EVENTS)));
        String snapshotsDir = config.get(ConfigKeys.SNAPSHOTS_DIR);
        this.snapshotStore = new io.quiver.service.snapshot.SnapshotStore(snapshotsDir.isEmpty()
                ? java.nio.file.Path.of(config.get(ConfigKeys.DATA_DIR), "snapshots") : java.nio.file.Path.of(snapshotsDir));
        ShardClient shards = clients.open(vertx.getOrCreateContext(), Admission.COUNTED, BACKGROUND_TIMEOUT_MILLIS);
        IngestService ingest = new IngestService(shards, new VectorService(shards, catalog, limits.vectors(), imports), config);
        this.background = new Services(shards, catalog, limits, imports, ingest, cluster, pubsub.hub(), snapshotStore);
    }

    /** The services of one front-end event loop: bounded by {@code shard-queue}, deadline {@code request-timeout}. */
    public Services open(Context eventLoop) {
        long timeout = config.get(ConfigKeys.REQUEST_TIMEOUT);
        ShardClient shards = clients.open(eventLoop, Admission.BOUNDED, timeout);
        return new Services(shards, catalog, limits, imports, background.ingest(), cluster, pubsub.hub(), snapshotStore,
                () -> clients.open(eventLoop, Admission.BOUNDED, timeout),
                () -> clients.open(eventLoop, Admission.COUNTED, BACKGROUND_TIMEOUT_MILLIS), transactionIds);
    }

    /** The services for work of the server's own: counted in the shards' queues, never refused. */
    public Services background() {
        return background;
    }

    /** The node's keyspace notifications, which its shards fire (attached to them at start). */
    /** Where the node's hashes and lists turn large; its shards share it (see {@link io.quiver.kv.EncodingLimits}). */
    public io.quiver.kv.EncodingLimits encodingLimits() {
        return limits.encodings();
    }

    public io.quiver.shard.KeyspaceEvents keyspaceEvents() {
        return pubsub.keyspaceEvents();
    }

    public Catalog catalog() {
        return catalog;
    }
}
