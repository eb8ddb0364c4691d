package io.quiver.service;

import io.quiver.catalog.Catalog;
import io.quiver.client.OpTiming;
import io.quiver.client.ShardClient;
import io.quiver.service.ingest.IngestService;
import io.quiver.service.vector.ImportRegistry;
import io.quiver.service.vector.VectorLimits;
import io.quiver.service.vector.VectorService;

/**
 * The service layer as one front-end event loop sees it: the domain rules, once for both
 * protocols. A front end parses its protocol, calls a service, and formats the answer; the services
 * check, route and merge, and reach the shards only through their {@link ShardClient}.
 * Used on that client's event loop only.
 */
public final class Services {
    private final ShardClient shards;
    private final Catalog catalog;
    private final Limits limits;
    private final ImportRegistry imports;
    private final IngestService ingest;
    private final KeyValueService kv;
    private final HashService hashes;
    private final ListService lists;
    private final KeyspaceService keyspace;
    private final VectorService vectors;
    private final AdminService admin;
    private final ClusterService cluster;
    private final TransactionService transactions;
    private final io.quiver.service.pubsub.PubSubHub pubsub;
    private final io.quiver.service.snapshot.SnapshotStore snapshotStore;
    private final io.quiver.service.snapshot.CollectionSnapshots snapshots;

    /** The limits every service reads, from the configuration. */
    record Limits(long maxKeySize, long maxValueSize, int databases, VectorLimits vectors, io.quiver.kv.EncodingLimits encodings) {
    }

    /** Where the node's hashes and lists leave their compact form: shared with its shards, changed by CONFIG SET. */
    public io.quiver.kv.EncodingLimits encodings() {
        return limits.encodings();
    }

    Services(ShardClient shards, Catalog catalog, Limits limits, ImportRegistry imports, IngestService ingest,
             ClusterService cluster, io.quiver.service.pubsub.PubSubHub pubsub,
             io.quiver.service.snapshot.SnapshotStore snapshotStore) {
        this(shards, catalog, limits, imports, ingest, cluster, pubsub, snapshotStore, null, null, null, null, null);
    }

    /**
     * @param ownClients  makes shard clients of their own for transactions (null: these services run none)
     * @param longClients the same with the deadline of the server's own work, for the transactions that
     *                    snapshots and their recoveries run (a large recovery outlasts {@code request-timeout})
     */
    Services(ShardClient shards, Catalog catalog, Limits limits, ImportRegistry imports, IngestService ingest,
             ClusterService cluster, io.quiver.service.pubsub.PubSubHub pubsub,
             io.quiver.service.snapshot.SnapshotStore snapshotStore,
             java.util.function.Supplier<ShardClient> ownClients, java.util.function.Supplier<ShardClient> longClients,
             java.util.concurrent.atomic.AtomicLong transactionIds) {
        this(shards, catalog, limits, imports, ingest, cluster, pubsub, snapshotStore, ownClients, longClients, transactionIds,
                null, null);
    }

    /**
     * @param sharedTransactions the transactions of the services these are a timed view of (else null)
     * @param sharedSnapshots    the snapshots of the services these are a timed view of (else null)
     */
    private Services(ShardClient shards, Catalog catalog, Limits limits, ImportRegistry imports, IngestService ingest,
                     ClusterService cluster, io.quiver.service.pubsub.PubSubHub pubsub,
                     io.quiver.service.snapshot.SnapshotStore snapshotStore,
                     java.util.function.Supplier<ShardClient> ownClients, java.util.function.Supplier<ShardClient> longClients,
                     java.util.concurrent.atomic.AtomicLong transactionIds,
                     TransactionService sharedTransactions, io.quiver.service.snapshot.CollectionSnapshots sharedSnapshots) {
        this.snapshotStore = snapshotStore;
        this.shards = shards;
        this.pubsub = pubsub;
        this.cluster = cluster;
        this.catalog = catalog;
        this.limits = limits;
        this.imports = imports;
        this.ingest = ingest;
        this.kv = new KeyValueService(shards, limits.maxKeySize(), limits.maxValueSize(), limits.databases(),
                pubsub == null ? io.quiver.shard.KeyspaceEvents.OFF : pubsub.keyspaceEvents());
        this.hashes = new HashService(shards, limits.maxKeySize(), limits.maxValueSize(), limits.databases());
        this.lists = new ListService(shards, limits.maxKeySize(), limits.maxValueSize(), limits.databases());
        this.vectors = new VectorService(shards, catalog, limits.vectors(), imports);
        this.keyspace = new KeyspaceService(kv, vectors);
        this.admin = new AdminService(shards, vectors);
        this.transactions = sharedTransactions != null ? sharedTransactions : ownClients == null ? null
                : new TransactionService(shards, ownClients,
                c -> new Services(c, catalog, limits, imports, ingest, cluster, pubsub, snapshotStore), transactionIds, cluster);
        if (sharedSnapshots != null) {
            this.snapshots = sharedSnapshots;
        } else {
            int[] every = java.util.stream.IntStream.range(0, shards.shardCount()).toArray();
            TransactionService locks = longClients == null ? null : new TransactionService(shards, longClients,
                    c -> new Services(c, catalog, limits, imports, ingest, cluster, pubsub, snapshotStore), transactionIds, cluster);
            this.snapshots = new io.quiver.service.snapshot.CollectionSnapshots(shards, catalog, snapshotStore,
                    body -> locks == null ? io.vertx.core.Future.failedFuture(new IllegalStateException("these services take no snapshots"))
                            : locks.run(every, false, 0, java.util.List.of(), s -> body.apply(s.snapshots)));
        }
    }

    /** Qdrant's collection and full snapshots, and their recovery. */
    public io.quiver.service.snapshot.CollectionSnapshots snapshots() {
        return snapshots;
    }

    /** MULTI/EXEC and WATCH, on this event loop. */
    public TransactionService transactions() {
        if (transactions == null) {
            throw new IllegalStateException("these services run no transactions");
        }
        return transactions;
    }

    /** Pub/sub as this event loop sees it: its subscribers, and the node's PUBLISH and PUBSUB. */
    public io.quiver.service.pubsub.PubSubHub pubsub() {
        if (pubsub == null) {
            throw new IllegalStateException("these services have no pub/sub");
        }
        return pubsub;
    }

    public KeyValueService kv() {
        return kv;
    }

    /** Hashes (HSET and kin). */
    public HashService hashes() {
        return hashes;
    }

    /** Lists (LPUSH and kin). */
    public ListService lists() {
        return lists;
    }

    /** Keys of every type: strings and vector sets. */
    public KeyspaceService keyspace() {
        return keyspace;
    }

    public VectorService vectors() {
        return vectors;
    }

    /**
     * Redis's vector-set rules over {@link #vectors()}: a set emptied by VREM is counted and dropped
     * with every shard held by a transaction's locks, so no VADD is lost between the two.
     */
    public io.quiver.service.vector.VectorSets vectorSets() {
        return new io.quiver.service.vector.VectorSets(vectors, this::holdingEveryShard);
    }

    /**
     * Runs {@code body} with every shard locked against other clients (see {@code shard.ShardTransactions}).
     * Inside a transaction (these services send through its client) the shards are held already: a
     * transaction with vector-set commands locks them all. Where no lock spans the shards (a cluster
     * whose shards live on several nodes), the body does not run and the future holds false.
     */
    private io.vertx.core.Future<Boolean> holdingEveryShard(
            java.util.function.Function<VectorService, io.vertx.core.Future<Boolean>> body) {
        if (shards instanceof io.quiver.client.TransactionClient) {
            return body.apply(vectors);
        }
        int[] every = java.util.stream.IntStream.range(0, shards.shardCount()).toArray();
        TransactionService tx = transactions();
        if (tx.crossNodes(every) != null) {
            return io.vertx.core.Future.succeededFuture(false);
        }
        return tx.run(every, false, 0, java.util.List.of(), held -> body.apply(held.vectors()));
    }

    public AdminService admin() {
        return admin;
    }

    /** The cluster as this node sees it (off on a single server). */
    public ClusterService cluster() {
        return cluster;
    }

    /** The server's ingestion (one for every event loop: it runs on threads of its own). */
    public IngestService ingest() {
        return ingest;
    }

    /**
     * These services for one request whose shard operations are timed ({@code Server-Timing}):
     * everything they send, in every round, reports to {@code timing}.
     */
    public Services timed(OpTiming timing) {
        return new Services(shards.timed(timing), catalog, limits, imports, ingest, cluster, pubsub, snapshotStore, null, null,
                null, transactions, snapshots);
    }

    /**
     * These services for one request with a deadline of its own ({@link System#nanoTime()} clock,
     * e.g. Qdrant's {@code ?timeout=}): every shard operation they send, in every round, is due by
     * then (see {@link ShardClient#withDeadline}); {@code request-timeout} still bounds each one.
     */
    public Services withDeadline(long deadlineNanos) {
        return new Services(shards.withDeadline(deadlineNanos), catalog, limits, imports, ingest, cluster, pubsub, snapshotStore,
                null, null, null, transactions, snapshots);
    }
}
