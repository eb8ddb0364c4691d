package io.quiver.resp;

import io.quiver.config.ConfigKeys;
import io.quiver.config.QuiverConfig;
import io.quiver.security.Secret;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * What every RESP verticle instance shares: the configuration, facts about the process for INFO,
 * and the counters INFO reports. Thread-safe (instances run on different event loops).
 */
public final class RespServerState {
    final QuiverConfig config;
    /** The password AUTH checks; when none is set every connection starts authenticated. */
    final Secret password;
    final long startMillis = System.currentTimeMillis();
    final String transport;
    final String version;
    volatile int port;

    final AtomicInteger connectedClients = new AtomicInteger();
    final AtomicLong nextClientId = new AtomicLong(1);
    final LongAdder connectionsReceived = new LongAdder();
    final LongAdder rejectedConnections = new LongAdder();
    final LongAdder commandsProcessed = new LongAdder();
    final LongAdder keyspaceHits = new LongAdder();
    final LongAdder keyspaceMisses = new LongAdder();
    final LongAdder protocolErrors = new LongAdder();
    /** maxmemory as CONFIG SET last set it, or -1 (the configured value holds). */
    volatile long maxMemoryOverride = -1;
    /** min-replicas-to-write, hash-max-listpack-entries and -value: configured, and changed by CONFIG SET. */
    volatile int minReplicasToWrite;
    volatile int hashMaxListpackEntries;
    volatile int hashMaxListpackValue;

    /**
     * Stops the whole server (SHUTDOWN), set by the application: true snapshots every shard first,
     * false does not, null leaves it to snapshot-on-shutdown. Null until the server has started.
     */
    private volatile java.util.function.Function<Boolean, io.vertx.core.Future<Void>> shutdown;

    public void onShutdown(java.util.function.Function<Boolean, io.vertx.core.Future<Void>> shutdown) {
        this.shutdown = shutdown;
    }

    java.util.function.Function<Boolean, io.vertx.core.Future<Void>> shutdown() {
        return shutdown;
    }

    public RespServerState(QuiverConfig config, String transport, String version) {
        this.config = config;
        this.password = Secret.of(config.get(ConfigKeys.PASSWORD));
        this.minReplicasToWrite = config.get(ConfigKeys.MIN_REPLICAS_TO_WRITE);
        this.hashMaxListpackEntries = config.get(ConfigKeys.HASH_MAX_LISTPACK_ENTRIES);
        this.hashMaxListpackValue = config.get(ConfigKeys.HASH_MAX_LISTPACK_VALUE);
        this.transport = transport;
        this.version = version;
    }

    /** {@code epoll} or {@code nio}. */
    public String transport() {
        return transport;
    }

    public int connectedClients() {
        return connectedClients.get();
    }

    public long commandsProcessed() {
        return commandsProcessed.sum();
    }
}
