package io.quiver.config;

import java.util.List;

/**
 * Every configuration key Quiver knows, in one table. The README's configuration section lists the
 * same keys (a test keeps the two in step). Adding a key: one line here, one row in the README.
 */
public final class ConfigKeys {
    private ConfigKeys() {
    }

    private static final long KB = 1024, MB = 1024 * KB, GB = 1024 * MB;

    // ---- network ----
    public static final ConfigKey<String> BIND = ConfigKey.text("bind", "127.0.0.1",
            "Address both front ends listen on; 0.0.0.0 opens them to the network.");
    public static final ConfigKey<Integer> HTTP_PORT = ConfigKey.port("http-port", 6333,
            "HTTP/JSON front end (Qdrant's default port, so Qdrant clients find it).");
    public static final ConfigKey<Integer> RESP_PORT = ConfigKey.port("resp-port", 6379,
            "Redis-protocol (RESP2) front end (Redis's default port).");
    public static final ConfigKey<Integer> MAX_CONNECTIONS = ConfigKey.integer("max-connections", 10000, 1, 1_000_000,
            "Open connections allowed per front end; one more is refused with an error and closed.");

    // ---- security ----
    public static final ConfigKey<String> PASSWORD = ConfigKey.secretText("password",
            "The one secret of both front ends: RESP clients send AUTH <password>, HTTP clients "
                    + "'Authorization: Bearer <password>'. Empty: no authentication.");
    public static final ConfigKey<Boolean> HEALTH_OPEN = ConfigKey.flag("health-open", true,
            "GET /health and the Kubernetes probes /healthz, /livez, /readyz answer without credentials even when a password is set (load balancers, container health checks).");
    public static final ConfigKey<String> TLS_CERT_FILE = ConfigKey.text("tls-cert-file", "",
            "PEM certificate (chain); with tls-key-file, both front ends speak only TLS. Empty: plain TCP.");
    public static final ConfigKey<String> TLS_KEY_FILE = ConfigKey.text("tls-key-file", "",
            "PEM private key (PKCS#8 or PKCS#1, not encrypted) of tls-cert-file.");
    public static final ConfigKey<String> ENABLE_DEBUG_COMMAND = ConfigKey.choice("enable-debug-command", "no",
            List.of("no", "yes", "local"),
            "Whether DEBUG (DEBUG SLEEP) may run: no, yes, or local (only from loopback connections), as in Redis 7.");

    // ---- overload ----
    public static final ConfigKey<Integer> SHARD_QUEUE = ConfigKey.integer("shard-queue", 65536, 0, 1 << 30,
            "Operations pending per shard (sent to it, not yet done), counted across all front ends; past it new "
                    + "requests are refused at once with -BUSY / 503 + Retry-After. 0: no bound.");
    public static final ConfigKey<Long> REQUEST_TIMEOUT = ConfigKey.duration("request-timeout", 5000, 1, 86_400_000,
            "Deadline of a request at the shards; past it the client gets -TIMEOUT / 504 and shards skip the work "
                    + "if they have not started it.");
    public static final ConfigKey<Long> MAX_MEMORY = ConfigKey.size("max-memory", 0, 0, Long.MAX_VALUE,
            "Memory for stored data (the shards' own estimate); above it writes are refused with -OOM / 507 and "
                    + "reads go on (Redis's noeviction). 0: no limit.");

    public static final ConfigKey<Long> PUBSUB_OUTPUT_LIMIT = ConfigKey.size("pubsub-output-limit", 32L << 20, 0,
            Long.MAX_VALUE, "Pub/sub output a subscriber may leave unread; past it the connection is closed (Redis's "
                    + "client-output-buffer-limit pubsub hard limit). 0: no limit.");
    public static final ConfigKey<Long> PUBSUB_OUTPUT_SOFT_LIMIT = ConfigKey.size("pubsub-output-soft-limit", 8L << 20, 0,
            Long.MAX_VALUE, "Pub/sub output a subscriber may leave unread for pubsub-output-soft-time; longer and the "
                    + "connection is closed (Redis's soft limit). 0: no soft limit.");
    public static final ConfigKey<Long> PUBSUB_OUTPUT_SOFT_TIME = ConfigKey.duration("pubsub-output-soft-time", 60_000, 0,
            86_400_000, "How long a subscriber's unread output may stay above pubsub-output-soft-limit.");

    public static final ConfigKey<Integer> MIN_REPLICAS_TO_WRITE = ConfigKey.integer("min-replicas-to-write", 0, 0,
            Integer.MAX_VALUE, "Redis's min-replicas-to-write: writes need this many replicas. Quiver has none, so any "
                    + "value above 0 refuses RESP writes (and EXECs with writes) with NOREPLICAS, as Redis does "
                    + "without enough replicas; CONFIG SET changes it at run time.");
    public static final ConfigKey<String> NOTIFY_KEYSPACE_EVENTS = new ConfigKey<>("notify-keyspace-events",
            "Redis's event class letters", "", "Redis's keyspace notifications: which events the shards publish as "
                    + "__keyspace@<db>__:<key> (K) and __keyevent@<db>__:<event> (E) messages; classes g (generic), "
                    + "$ (string), h (hash), x (expired), e (evicted), n (new key), m (key miss), A (all but n and m); "
                    + "l s z t d are taken (Quiver has no such types). Empty: none, at no cost. CONFIG SET changes it at run time.",
            raw -> KeyspaceEventFlags.canonical("notify-keyspace-events", raw), false);

    // ---- hashes ----
    public static final ConfigKey<Integer> HASH_MAX_LISTPACK_ENTRIES = ConfigKey.integer("hash-max-listpack-entries", 128,
            0, Integer.MAX_VALUE, "Redis's threshold: a hash written with more fields becomes a hashtable, for good "
                    + "(alias hash-max-ziplist-entries); CONFIG SET changes it at run time.");
    public static final ConfigKey<Integer> HASH_MAX_LISTPACK_VALUE = ConfigKey.integer("hash-max-listpack-value", 64,
            0, Integer.MAX_VALUE, "Redis's threshold: a hash written with a longer field or value becomes a "
                    + "hashtable (alias hash-max-ziplist-value); CONFIG SET changes it at run time.");

    // ---- process layout ----
    public static final ConfigKey<Integer> SHARDS = ConfigKey.integer("shards", 0, 0, 1024,
            "Shard worker verticles; 0 means one per available processor.");
    public static final ConfigKey<Integer> EVENT_LOOPS = ConfigKey.integer("event-loops", 0, 0, 1024,
            "Front-end event-loop threads (HTTP and RESP verticle instances each); 0 means half the processors (at least 1).");

    // ---- bulk load ----
    public static final ConfigKey<String> LOAD = ConfigKey.text("load", "",
            "Key-value file loaded at start (one pair per line: key, a space or tab, value to end of line).");

    // ---- persistence ----
    public static final ConfigKey<Boolean> PERSISTENCE = ConfigKey.flag("persistence", true,
            "Keep data on disk (append log and snapshots) and load it at start; false keeps everything in memory only.");
    public static final ConfigKey<String> DATA_DIR = ConfigKey.text("data-dir", "./data",
            "Directory of the append logs and snapshots (relative to the working directory); created if missing.");
    public static final ConfigKey<String> SNAPSHOTS_DIR = ConfigKey.text("snapshots-dir", "",
            "Directory of Qdrant-style collection and full snapshots (POST /collections/{c}/snapshots, POST /snapshots) and the only one file:// recoveries may read; empty: <data-dir>/snapshots.");
    public static final ConfigKey<String> APPENDFSYNC = ConfigKey.choice("appendfsync", "everysec",
            List.of("always", "everysec", "no"),
            "When the append log is fsynced: before each reply (always), once a second (everysec), or when the OS decides (no).");
    public static final ConfigKey<Integer> SNAPSHOT_INTERVAL = ConfigKey.integer("snapshot-interval", 300, 0, 1_000_000,
            "Seconds after which a shard with changes is snapshotted (and its log truncated); 0 = not by time.");
    public static final ConfigKey<Long> SNAPSHOT_LOG_SIZE = ConfigKey.size("snapshot-log-size", 64 * MB, 0, 1024 * GB,
            "A shard whose log has grown by this much since its last snapshot is snapshotted; 0 = not by size.");
    public static final ConfigKey<Boolean> SNAPSHOT_ON_SHUTDOWN = ConfigKey.flag("snapshot-on-shutdown", true,
            "Snapshot every shard at a clean shutdown (SIGTERM, SIGINT), so the next start replays no log.");
    public static final ConfigKey<Boolean> SKIP_CORRUPT_DATA = ConfigKey.flag("skip-corrupt-data", false,
            "Start even when a log or snapshot is corrupt: keep what precedes the damage, copy the damaged file aside; "
                    + "false stops the start naming the file and offset.");

    // ---- limits ----
    public static final ConfigKey<Long> MAX_INLINE_LINE = ConfigKey.size("max-inline-line", 64 * KB, 16, 512 * MB,
            "Longest inline (telnet-style) RESP command line, and longest multibulk header line.");
    public static final ConfigKey<Long> MAX_BULK_LENGTH = ConfigKey.size("max-bulk-length", 64 * MB, 1, 2 * GB - 1,
            "Largest single RESP bulk string (one argument).");
    public static final ConfigKey<Integer> MAX_MULTIBULK_COUNT = ConfigKey.integer("max-multibulk-count", 1024 * 1024,
            1, Integer.MAX_VALUE, "Most arguments in one RESP command.");
    public static final ConfigKey<Long> MAX_HTTP_BODY = ConfigKey.size("max-http-body", 64 * MB, 1, 2 * GB - 1,
            "Largest HTTP request body; a larger one gets 413.");
    public static final ConfigKey<Long> MAX_KEY_SIZE = ConfigKey.size("max-key-size", 64 * KB, 1, 256 * MB - 1,
            "Largest key, in bytes (at most 256 MB - 1: the length field of a stored pair).");
    public static final ConfigKey<Long> MAX_VALUE_SIZE = ConfigKey.size("max-value-size", 16 * MB, 0, 2 * GB - 1,
            "Largest value, in bytes.");
    /** The most {@link #DATABASES} may be (a shard's limit). */
    public static final int MAX_DATABASES = 1 << 16;
    public static final ConfigKey<Integer> DATABASES = ConfigKey.integer("databases", 16, 1, MAX_DATABASES,
            "Numbered databases for SELECT, 0 to databases-1, as Redis's; vector sets and collections live in database 0.");

    // ---- vector collections ----
    public static final ConfigKey<String> VECTOR_INDEX = ConfigKey.choice("vector-index", "auto",
            List.of("auto", "flat", "graph"),
            "Index kind of a new collection unless it names one: flat (exact), graph (jvector) or auto.");
    public static final ConfigKey<Integer> VECTOR_AUTO_THRESHOLD = ConfigKey.integer("vector-auto-threshold", 1024, 0,
            Integer.MAX_VALUE, "Live points in one shard's part at which an auto collection switches from exact search to a graph.");
    public static final ConfigKey<Integer> VECTOR_GRAPH_M = ConfigKey.integer("vector-graph-m", 32, 2, 512,
            "Default graph max degree (neighbours per node on the base layer).");
    public static final ConfigKey<Integer> VECTOR_GRAPH_EF_CONSTRUCT = ConfigKey.integer("vector-graph-ef-construct", 100,
            1, 4096, "Default graph construction beam width.");
    public static final ConfigKey<Integer> VECTOR_GRAPH_EF = ConfigKey.integer("vector-graph-ef", 100, 1, 65536,
            "Default graph search beam (rerank depth); a query may override it (hnsw_ef, EF).");
    public static final ConfigKey<Integer> VECTOR_MAX_DIMENSION = ConfigKey.integer("vector-max-dimension", 65536, 1,
            65536, "Largest vector dimension a collection may have (Qdrant's limit, 65536, by default).");
    public static final ConfigKey<Integer> VECTOR_MAX_LIMIT = ConfigKey.integer("vector-max-limit", 1000, 1, 1_000_000,
            "Most results one search may ask for (limit + offset, COUNT).");
    public static final ConfigKey<Integer> VECTOR_MAX_EF = ConfigKey.integer("vector-max-ef", 4096, 1, 65536,
            "Largest search beam a query may ask for (hnsw_ef, EF).");
    public static final ConfigKey<Integer> VECTOR_MAX_SEARCH_BATCH = ConfigKey.integer("vector-max-search-batch", 256, 1,
            100_000, "Most queries in one batch search.");
    public static final ConfigKey<Integer> VECTOR_MAX_UPSERT_BATCH = ConfigKey.integer("vector-max-upsert-batch", 10_000,
            1, 10_000_000, "Most points in one upsert, delete or retrieve request.");
    public static final ConfigKey<Long> VECTOR_MAX_PAYLOAD = ConfigKey.size("vector-max-payload", 64 * KB, 0, 512 * MB,
            "Largest payload (JSON text) of one point.");
    public static final ConfigKey<String> IMPORT_DIR = ConfigKey.text("import-dir", "",
            "Directory that local import paths must lie in (POST /collections/{c}/import, vector-import); empty refuses local paths.");
    public static final ConfigKey<Boolean> IMPORT_URLS = ConfigKey.flag("import-urls", true,
            "Whether imports may read http(s) URLs; the server itself fetches them, so turn this off where clients must not make it reach other hosts.");
    public static final ConfigKey<String> VECTOR_IMPORT = ConfigKey.text("vector-import", "",
            "Collections to load at start: comma-separated NAME:DISTANCE:SOURCE (SOURCE a path in import-dir or an http(s) URL of .fvecs/.npy/.jsonl).");
    public static final ConfigKey<String> JVECTOR_PROVIDER = ConfigKey.choice("jvector-provider", "panama",
            List.of("panama", "native", "default"),
            "jvector's SIMD provider: panama (Java Vector API, measured fastest here), native (bundled C library) or default (scalar).");

    // ---- cluster (see README "Cluster") ----
    public static final ConfigKey<Boolean> CLUSTER = ConfigKey.flag("cluster", false,
            "Run as one node of a cluster (Vert.x clustered event bus over Hazelcast); false starts no Hazelcast at all.");
    public static final ConfigKey<String> CLUSTER_MEMBERS = ConfigKey.text("cluster-members", "",
            "Every node of the cluster as host:port (its cluster-host and cluster-port), comma-separated, the same list "
                    + "in the same order on every node: a new cluster's first slot table splits the slots in this order. "
                    + "A node joining later (cluster-join) lists some live nodes and itself.");
    public static final ConfigKey<Boolean> CLUSTER_JOIN = ConfigKey.flag("cluster-join", false,
            "Join a running cluster as a new node (as redis-cli --cluster add-node, then rebalance): reach it through "
                    + "cluster-members (one live node is enough, and this node), enter its slot table, then take an even "
                    + "share of the slots, their keys copied from their owners while the cluster serves.");
    public static final ConfigKey<String> CLUSTER_HOST = ConfigKey.text("cluster-host", "127.0.0.1",
            "Address this node's Hazelcast member and clustered event bus bind to and are reached at (no wildcard).");
    public static final ConfigKey<Integer> CLUSTER_PORT = ConfigKey.port("cluster-port", 5701,
            "Hazelcast member port of this node; with cluster-host it must be one of cluster-members.");
    public static final ConfigKey<Integer> CLUSTER_BUS_PORT = ConfigKey.port("cluster-bus-port", 0,
            "Port of this node's clustered event bus (shard traffic between nodes); 0 picks a free port.");
    public static final ConfigKey<String> CLUSTER_NAME = ConfigKey.text("cluster-name", "quiver",
            "Hazelcast cluster name: nodes with another name never join this cluster.");
    public static final ConfigKey<Long> CLUSTER_HEARTBEAT = ConfigKey.duration("cluster-heartbeat", 1000, 1000, 60_000,
            "Interval of Hazelcast's member heartbeats (whole seconds).");
    public static final ConfigKey<Long> CLUSTER_NODE_TIMEOUT = ConfigKey.duration("cluster-node-timeout", 5000, 2000,
            600_000, "A node silent this long is taken out of the cluster, and its shards answer CLUSTERDOWN (Hazelcast's "
                    + "default, 60 s, left a hung node's requests waiting a minute); whole seconds.");
    public static final ConfigKey<Long> CLUSTER_MERGE_DELAY = ConfigKey.duration("cluster-merge-delay", 5000, 1000,
            3_600_000, "How soon, and how often, split clusters look for each other to merge again after a partition "
                    + "or pause (Hazelcast's default: 300 s first, then 120 s); whole seconds.");
    public static final ConfigKey<Long> CLUSTER_JOIN_WAIT = ConfigKey.duration("cluster-join-wait", 1000, 1000, 60_000,
            "How long a starting node waits for the other members before it forms or joins the cluster "
                    + "(Hazelcast's wait.seconds.before.join, default 5 s); whole seconds.");
    public static final ConfigKey<Long> CLUSTER_LEAVE_TIMEOUT = ConfigKey.duration("cluster-leave-timeout", 120_000, 0,
            86_400_000, "Longest a planned leave (bin/quiver cluster leave, CLUSTER LEAVE, POST /cluster/leave, SIGTERM of a "
                    + "cluster node) spends handing this node's slots and keys over to the other nodes before it stops; "
                    + "slots not handed over by then stay this node's (their keys answer CLUSTERDOWN until it is back). "
                    + "0: SIGTERM stops without handing anything over.");

    // ---- process ----
    public static final ConfigKey<Boolean> EXIT_WITH_PARENT = ConfigKey.flag("exit-with-parent", false,
            "Shut down (as on SIGTERM, without a cluster hand-over) when the process that started this one exits "
                    + "(halting if that has not finished 20 s later): for supervisors and test harnesses that may die "
                    + "without stopping it.");

    // ---- observability ----
    public static final ConfigKey<Boolean> METRICS = ConfigKey.flag("metrics", true,
            "Collect Vert.x and Quiver metrics and serve them on GET /metrics.");

    public static final List<ConfigKey<?>> ALL = List.of(
            BIND, HTTP_PORT, RESP_PORT, MAX_CONNECTIONS,
            PASSWORD, HEALTH_OPEN, TLS_CERT_FILE, TLS_KEY_FILE, ENABLE_DEBUG_COMMAND,
            SHARD_QUEUE, REQUEST_TIMEOUT, MAX_MEMORY, PUBSUB_OUTPUT_LIMIT, PUBSUB_OUTPUT_SOFT_LIMIT, PUBSUB_OUTPUT_SOFT_TIME,
            NOTIFY_KEYSPACE_EVENTS,
            MIN_REPLICAS_TO_WRITE, HASH_MAX_LISTPACK_ENTRIES, HASH_MAX_LISTPACK_VALUE,
            SHARDS, EVENT_LOOPS,
            LOAD,
            PERSISTENCE, DATA_DIR, SNAPSHOTS_DIR, APPENDFSYNC, SNAPSHOT_INTERVAL, SNAPSHOT_LOG_SIZE, SNAPSHOT_ON_SHUTDOWN, SKIP_CORRUPT_DATA,
            MAX_INLINE_LINE, MAX_BULK_LENGTH, MAX_MULTIBULK_COUNT, MAX_HTTP_BODY, MAX_KEY_SIZE, MAX_VALUE_SIZE, DATABASES,
            VECTOR_INDEX, VECTOR_AUTO_THRESHOLD, VECTOR_GRAPH_M, VECTOR_GRAPH_EF_CONSTRUCT, VECTOR_GRAPH_EF,
            VECTOR_MAX_DIMENSION, VECTOR_MAX_LIMIT, VECTOR_MAX_EF, VECTOR_MAX_SEARCH_BATCH, VECTOR_MAX_UPSERT_BATCH,
            VECTOR_MAX_PAYLOAD, IMPORT_DIR, IMPORT_URLS, VECTOR_IMPORT, JVECTOR_PROVIDER,
            CLUSTER, CLUSTER_MEMBERS, CLUSTER_JOIN, CLUSTER_HOST, CLUSTER_PORT, CLUSTER_BUS_PORT, CLUSTER_NAME, CLUSTER_HEARTBEAT,
            CLUSTER_NODE_TIMEOUT, CLUSTER_MERGE_DELAY, CLUSTER_JOIN_WAIT, CLUSTER_LEAVE_TIMEOUT, EXIT_WITH_PARENT,
            METRICS);

    public static ConfigKey<?> byName(String name) {
        for (ConfigKey<?> k : ALL) {
            if (k.name().equals(name)) {
                return k;
            }
        }
        return null;
    }
}
