package io.quiver.resp;

import io.quiver.service.Services;
import io.vertx.core.Future;

import java.nio.charset.StandardCharsets;
import java.util.function.Function;

/**
 * One command in flight on a connection: its arguments, and the slot its reply goes into. Replies
 * leave the connection in the order commands arrived, whatever order they complete in.
 */
public final class Call {
    private final RespConnection connection;
    private final CommandSpec spec;
    private final byte[][] argv;
    private final long startNanos;
    private RespReply reply;
    private boolean closeAfterReply;
    /** CLIENT REPLY OFF or SKIP: the reply is not written (unless it is a pub/sub push). */
    private boolean silenced;
    /** A pub/sub acknowledgement: written even when replies are silenced, as Redis 7.2 pushes them. */
    private boolean push;
    private boolean unrecorded;
    /** Inside EXEC: the transaction's services, and where the reply goes instead of the connection. */
    private final Services services;
    private final java.util.function.Consumer<Call> sink;

    Call(RespConnection connection, CommandSpec spec, byte[][] argv, long startNanos) {
        this(connection, spec, argv, startNanos, null, null);
    }

    /** A queued command run by EXEC: against the transaction's {@code services}, its reply to {@code sink}. */
    Call(RespConnection connection, CommandSpec spec, byte[][] argv, long startNanos, Services services,
         java.util.function.Consumer<Call> sink) {
        this.connection = connection;
        this.spec = spec;
        this.argv = argv;
        this.startNanos = startNanos;
        this.services = services;
        this.sink = sink;
    }

    // ---- arguments ----

    public int argc() {
        return argv.length;
    }

    public byte[] arg(int i) {
        return argv[i];
    }

    public String argString(int i) {
        return new String(argv[i], StandardCharsets.UTF_8);
    }

    /** Whether argument {@code i} equals {@code word}, ignoring ASCII case. */
    public boolean argIs(int i, String word) {
        byte[] a = argv[i];
        if (a.length != word.length()) {
            return false;
        }
        for (int k = 0; k < a.length; k++) {
            if ((a[k] | 0x20) != (word.charAt(k) | 0x20)) {
                return false;
            }
        }
        return true;
    }

    /** Arguments {@code from..argc-1} (with {@code step}), such as the keys of DEL. */
    public byte[][] args(int from, int step) {
        byte[][] out = new byte[(argv.length - from + step - 1) / step][];
        for (int i = 0; i < out.length; i++) {
            out[i] = argv[from + i * step];
        }
        return out;
    }

    /** Argument {@code i} as a long, or throws with Redis's wording. */
    public long argLong(int i) {
        long v = RespDecoder.parseLong(argv[i], 0, argv[i].length);
        if (v == Long.MIN_VALUE) {
            throw io.quiver.error.QuiverException.badRequest("value is not an integer or out of range");
        }
        return v;
    }

    public CommandSpec spec() {
        return spec;
    }

    /** The service layer, as this connection's event loop sees it. */
    public Services services() {
        return services != null ? services : connection.frontEnd().services();
    }

    /** Strings, in the database this connection has selected. */
    public io.quiver.service.KeyValueService kv() {
        io.quiver.service.KeyValueService kv = services().kv();
        return connection.db == 0 ? kv : kv.inDb(connection.db);
    }

    /** Hashes, in the database this connection has selected. */
    public io.quiver.service.HashService hashes() {
        io.quiver.service.HashService h = services().hashes();
        return connection.db == 0 ? h : h.inDb(connection.db);
    }

    /** Lists, in the database this connection has selected. */
    public io.quiver.service.ListService lists() {
        io.quiver.service.ListService l = services().lists();
        return connection.db == 0 ? l : l.inDb(connection.db);
    }

    /**
     * Whether the key at argument {@code position} may be used by a string, hash or list command: a
     * vector set's name answers WRONGTYPE (and false) here.
     */
    public boolean notVectorSet(int position) {
        try {
            keyspace().requireNotVectorSet(arg(position));
            return true;
        } catch (RuntimeException e) {
            fail(e);
            return false;
        }
    }

    /** Keys of every type, in the database this connection has selected. */
    public io.quiver.service.KeyspaceService keyspace() {
        io.quiver.service.KeyspaceService k = services().keyspace();
        return connection.db == 0 ? k : k.inDb(connection.db);
    }

    /** Vector sets, which live in database 0: refused by name in the others. */
    public io.quiver.service.vector.VectorService vectors() {
        if (connection.db != 0) {
            throw io.quiver.error.QuiverException.badRequest("vector sets live in database 0 only (SELECT 0 to use them)");
        }
        return services().vectors();
    }

    public RespFrontEnd frontEnd() {
        return connection.frontEnd();
    }

    public RespConnection connection() {
        return connection;
    }

    // ---- replying ----

    public void reply(RespReply r) {
        if (reply != null) {
            throw new IllegalStateException("second reply to " + spec.name());
        }
        reply = r;
        if (sink != null) {
            sink.accept(this);
        } else {
            connection.completed(this);
        }
    }

    public void error(String message) {
        reply(RespReply.error(message));
    }

    public void fail(Throwable t) {
        reply(RespErrors.of(t));
    }

    /** Replies with {@code map(result)} when {@code f} succeeds, with an error when it fails. */
    public <T> void replyWith(Future<T> f, Function<T, RespReply> map) {
        f.onComplete(ar -> {
            if (ar.succeeded()) {
                RespReply r;
                try {
                    r = map.apply(ar.result());
                } catch (RuntimeException e) {
                    fail(e);
                    return;
                }
                reply(r);
            } else {
                fail(ar.cause());
            }
        });
    }

    /**
     * A pub/sub (un)subscription acknowledgement: written even under CLIENT REPLY OFF/SKIP, as Redis
     * writes its pushes (a client that silenced its replies still learns its subscriptions).
     */
    public void replyPush(RespReply r) {
        push = true;
        reply(r);
    }

    /** CLIENT REPLY OFF/SKIP (or one in force): this command's reply is not written. */
    void silence(boolean silenced) {
        this.silenced = silenced;
    }

    /** Whether the reply goes out on the connection: not when silenced, except for pushes. */
    boolean written() {
        return !silenced || push;
    }

    /** Replies, then closes the connection once the reply is written (QUIT, fatal protocol errors). */
    public void replyAndClose(RespReply r) {
        closeAfterReply = true;
        reply(r);
    }

    boolean done() {
        return reply != null;
    }

    RespReply replyValue() {
        return reply;
    }

    /** Its latency is not recorded (a queued command's +QUEUED: it is recorded when EXEC runs it). */
    void unrecorded() {
        unrecorded = true;
    }

    boolean recorded() {
        return !unrecorded;
    }

    boolean closeAfterReply() {
        return closeAfterReply;
    }

    long startNanos() {
        return startNanos;
    }
}
