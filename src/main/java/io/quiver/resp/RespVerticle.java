package io.quiver.resp;

import io.quiver.config.ConfigKeys;
import io.quiver.config.QuiverConfig;
import io.quiver.metrics.QuiverMetrics;
import io.quiver.security.Tls;
import io.quiver.service.Backend;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.net.NetServer;
import io.vertx.core.net.NetServerOptions;
import io.vertx.core.net.NetSocket;

/**
 * The Redis-protocol front end: a TCP server on an event loop. Several instances share one port
 * (Vert.x spreads connections over them), each with the services of its own event loop.
 */
public final class RespVerticle extends VerticleBase {
    private final QuiverConfig config;
    private final RespServerState state;
    private final QuiverMetrics metrics;
    private final Backend backend;
    private final int port;
    private final long shutdownGraceSeconds;
    private RespFrontEnd frontEnd;
    private NetServer server;

    /** @param shutdownGraceSeconds longest a shutdown waits for in-flight commands before closing connections */
    public RespVerticle(QuiverConfig config, RespServerState state, QuiverMetrics metrics, Backend backend, int port,
                        long shutdownGraceSeconds) {
        this.config = config;
        this.state = state;
        this.metrics = metrics;
        this.backend = backend;
        this.port = port;
        this.shutdownGraceSeconds = shutdownGraceSeconds;
    }

    @Override
    public Future<?> start() {
        frontEnd = new RespFrontEnd(backend.open(context), state, CommandTable.standard(), metrics);
        server = vertx.createNetServer(Tls.apply(config, new NetServerOptions()
                .setHost(config.get(ConfigKeys.BIND))
                .setPort(port)
                .setTcpNoDelay(true)
                .setTcpKeepAlive(true)));
        server.connectHandler(this::accept);
        return server.listen().onSuccess(s -> state.port = s.actualPort());
    }

    private void accept(NetSocket socket) {
        state.connectionsReceived.increment();
        if (state.connectedClients.incrementAndGet() > config.get(ConfigKeys.MAX_CONNECTIONS)) {
            state.connectedClients.decrementAndGet();
            state.rejectedConnections.increment();
            socket.end(Buffer.buffer("-ERR max number of clients reached\r\n"));
            return;
        }
        new RespConnection(socket, frontEnd, context, state.nextClientId.getAndIncrement()).start();
    }

    /** Graceful: stop accepting, let each connection answer what it has in flight, then close it. */
    @Override
    public Future<?> stop() {
        return server.shutdown(shutdownGraceSeconds, java.util.concurrent.TimeUnit.SECONDS);
    }

    public int actualPort() {
        return server.actualPort();
    }
}
