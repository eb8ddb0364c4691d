package io.quiver.resp;

import io.vertx.core.Context;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.net.NetSocket;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayDeque;

/**
 * One client connection: decodes its bytes into commands, dispatches them, and writes the replies
 * back in order. All of it on the connection's event loop.
 *
 * <p>Replies produced while a read is being processed go out in one write at its end; replies that
 * complete later (shard answers) are gathered until the end of the event-loop turn. Reading pauses
 * while the socket's write queue is full or too many commands are in flight (backpressure).
 */
public final class RespConnection implements RespDecoder.Sink {
    private static final Logger log = LoggerFactory.getLogger(RespConnection.class);
    private static final int MAX_IN_FLIGHT = 64 * 1024;
    private static final int OUT_BUFFER_SIZE = 512;

    private final NetSocket socket;
    private final RespFrontEnd frontEnd;
    private final Context context;
    private final RespDecoder decoder;
    private final ArrayDeque<Call> inFlight = new ArrayDeque<>();
    private final long id;
    private Buffer out = Buffer.buffer(OUT_BUFFER_SIZE);
    private boolean reading;
    private boolean flushScheduled;
    private boolean closing;   // we close once the replies written so far are sent
    private boolean closed;    // the socket is closed
    /** The server is shutting down: read nothing more, answer what is in flight, then close. */
    private boolean draining;
    private boolean pausedForOutput;
    private boolean pausedForInFlight;

    /** Whether commands other than the NO_AUTH ones may run: AUTH sets it; true from the start when no password is set. */
    private boolean authenticated;
    /** The protocol HELLO chose: 2 (the default) or 3. */
    int protocol = 2;

    /** The database SELECT chose; the commands that follow it on this connection work there. */
    int db;

    /** MULTI and WATCH state; null until the first MULTI or WATCH. */
    TransactionState transaction;

    /** Pub/sub subscriptions; null until the first (P|S)SUBSCRIBE or (P|S)UNSUBSCRIBE. */
    PubSubState pubsub;
    /** Bytes handed to the socket and not yet written out (counted while subscribed: the output limit). */
    private long unsent;
    /** When the output first stayed above the soft limit (0: it is below). */
    private long overSoftSinceNanos;
    /** The output limit was passed: the connection is being dropped, its output discarded. */
    private boolean overLimit;

    /** CLIENT REPLY OFF: replies are not written until CLIENT REPLY ON (pub/sub pushes still are). */
    boolean repliesOff;
    /** CLIENT REPLY SKIP: the next command's reply is not written. */
    boolean skipNextReply;

    /** CLIENT SETNAME / SETINFO state. */
    String name = "";
    String libName = "";
    String libVersion = "";

    RespConnection(NetSocket socket, RespFrontEnd frontEnd, Context context, long id) {
        this.socket = socket;
        this.frontEnd = frontEnd;
        this.context = context;
        this.id = id;
        this.decoder = new RespDecoder(this, frontEnd.decoderLimits());
        this.authenticated = !frontEnd.state().password.isSet();
        decoder.setAuthenticated(authenticated);
    }

    boolean authenticated() {
        return authenticated;
    }

    /** AUTH or HELLO ... AUTH succeeded: the full command set, and the configured request limits. */
    void authenticate() {
        authenticated = true;
        decoder.setAuthenticated(true);
    }

    void start() {
        socket.handler(this::onData);
        socket.closeHandler(v -> onClosed());
        // a client resetting its connection is routine, not an error worth a stack trace
        socket.exceptionHandler(e -> log.debug("connection {} failed: {}", id, e.getMessage()));
        socket.drainHandler(v -> {
            pausedForOutput = false;
            resumeIfAllowed();
        });
        socket.shutdownHandler(v -> {
            draining = true;
            socket.pause();
            closeIfDrained();
        });
    }

    /** While draining: once every command in flight has its reply queued, write it and close. */
    private void closeIfDrained() {
        if (draining && !closing && inFlight.isEmpty()) {
            closing = true;
            decoder.stop();
            if (!flushScheduled) {
                flushScheduled = true;
                context.runOnContext(v -> flush());
            }
        }
    }

    public long id() {
        return id;
    }

    RespFrontEnd frontEnd() {
        return frontEnd;
    }

    NetSocket socket() {
        return socket;
    }

    /** The socket is gone: replies still in flight are dropped when they complete. */
    private void onClosed() {
        closed = true;
        decoder.stop();
        if (transaction != null) {
            transaction.connectionClosed();
        }
        if (pubsub != null) {
            pubsub.closeAll();
        }
        frontEnd.state().connectedClients.decrementAndGet();
    }

    /** Whether the client is on this machine (a loopback address or a Unix socket). */
    boolean isLocal() {
        io.vertx.core.net.SocketAddress a = socket.remoteAddress();
        if (a == null || !a.isInetSocket()) {
            return true;
        }
        try {
            return java.net.InetAddress.getByName(a.hostAddress()).isLoopbackAddress(); // a literal: no lookup
        } catch (java.net.UnknownHostException e) {
            return false;
        }
    }

    private void onData(Buffer data) {
        if (closing || draining) {
            return;
        }
        reading = true;
        try {
            decoder.feed(data);
        } finally {
            reading = false;
        }
        flush();
    }

    @Override
    public void onCommand(byte[][] argv) {
        frontEnd.dispatch(this, argv);
        if (inFlight.size() >= MAX_IN_FLIGHT && !pausedForInFlight) {
            pausedForInFlight = true;
            socket.pause();
        }
    }

    @Override
    public void onProtocolError(String message, boolean fatal) {
        frontEnd.countProtocolError();
        Call call = new Call(this, null, null, System.nanoTime());
        enqueue(call);
        if (fatal) {
            call.replyAndClose(RespReply.error("ERR " + message));
        } else {
            call.error("ERR " + message);
        }
    }

    /**
     * A command from the client enters the queue: under CLIENT REPLY OFF, or right after CLIENT
     * REPLY SKIP, its reply will not be written (CLIENT REPLY itself decides for its own call).
     */
    void enqueueCommand(Call call) {
        if (repliesOff) {
            call.silence(true);
        } else if (skipNextReply) {
            skipNextReply = false;
            call.silence(true);
        }
        enqueue(call);
    }

    /**
     * RESET: the connection as new (Redis's clearClientConnectionState): no transaction or watches,
     * no subscriptions, RESP2, database 0, no name, replies on, and not authenticated if a
     * password is set.
     */
    void reset() {
        if (transaction != null) {
            transaction.connectionClosed();
            transaction = null;
        }
        if (pubsub != null) {
            pubsub.closeAll();
        }
        protocol = 2;
        db = 0;
        name = "";
        repliesOff = false;
        skipNextReply = false;
        authenticated = !frontEnd.state().password.isSet();
        decoder.setAuthenticated(authenticated);
    }

    void enqueue(Call call) {
        inFlight.addLast(call);
    }

    /** A call got its reply: send every finished reply at the head of the queue, in order. */
    void completed(Call call) {
        if (inFlight.peekFirst() != call) {
            return; // an earlier command is still running; its completion drains this one too
        }
        Call c;
        while ((c = inFlight.peekFirst()) != null && c.done()) {
            inFlight.pollFirst();
            if (closing || closed) {
                continue;
            }
            if (c.written()) {
                c.replyValue().writeTo(out, protocol == 3);
            }
            frontEnd.recordLatency(c);
            if (c.closeAfterReply()) {
                closing = true;
                decoder.stop();
            }
        }
        if (pausedForInFlight && inFlight.size() < MAX_IN_FLIGHT / 2) {
            pausedForInFlight = false;
            resumeIfAllowed();
        }
        if (!reading && !flushScheduled) {
            flushScheduled = true;
            context.runOnContext(v -> flush());
        }
        closeIfDrained();
    }

    /**
     * A pub/sub message: written after the replies of every command received before it (at once
     * when none is in flight), in the same output as they are. A client that does not read is
     * bounded as Redis's {@code client-output-buffer-limit pubsub} bounds it: past the hard limit,
     * or above the soft one for its time, the connection is closed and what it had not read dropped.
     */
    void push(RespReply message) {
        if (closed || closing) {
            return;
        }
        if (inFlight.isEmpty()) {
            message.writeTo(out, protocol == 3);
            if (!reading && !flushScheduled) {
                flushScheduled = true;
                context.runOnContext(v -> flush());
            }
        } else {
            Call c = new Call(this, null, null, System.nanoTime());
            enqueue(c);
            c.reply(message);
        }
        checkOutputLimit();
    }

    private void checkOutputLimit() {
        OutputLimit limit = frontEnd.pubsubOutputLimit();
        long pending = unsent + out.length();
        boolean over = limit.hard() > 0 && pending > limit.hard();
        if (!over && limit.soft() > 0 && pending > limit.soft()) {
            long now = System.nanoTime();
            if (overSoftSinceNanos == 0) {
                overSoftSinceNanos = now;
            } else {
                over = now - overSoftSinceNanos > limit.softNanos();
            }
        } else if (!over) {
            overSoftSinceNanos = 0;
        }
        if (over) {
            log.warn("connection {} closed for passing the pub/sub output limit ({} bytes not read; limits: hard {}, "
                    + "soft {} for {} s)", id, pending, limit.hard(), limit.soft(), limit.softNanos() / 1_000_000_000L);
            overLimit = true;
            closing = true;
            decoder.stop();
            out = Buffer.buffer(0);
            // later, from a task of its own: this runs inside a delivery, which must not change subscriptions
            context.runOnContext(v -> {
                pubsub.closeAll();
                socket.close();
            });
        }
    }

    /** The pub/sub output limits: hard and soft bytes (0: none), and how long the soft one may be passed. */
    record OutputLimit(long hard, long soft, long softNanos) {
    }

    private void flush() {
        flushScheduled = false;
        if (closed || overLimit) {
            return;
        }
        if (out.length() == 0) {
            if (closing) {
                socket.close();
            }
            return;
        }
        Buffer toSend = out;
        out = Buffer.buffer(OUT_BUFFER_SIZE);
        if (closing) {
            socket.end(toSend);
            return;
        }
        if (pubsub != null && pubsub.subscribed()) {
            int length = toSend.length();
            unsent += length;
            socket.write(toSend).onComplete(ar -> unsent -= length);
        } else {
            socket.write(toSend);
        }
        if (socket.writeQueueFull() && !pausedForOutput) {
            pausedForOutput = true;
            socket.pause();
        }
    }

    private void resumeIfAllowed() {
        if (!pausedForOutput && !pausedForInFlight && !closing && !draining) {
            socket.resume();
        }
    }
}
