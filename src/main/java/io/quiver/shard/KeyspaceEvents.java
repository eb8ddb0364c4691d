package io.quiver.shard;

import io.quiver.config.KeyspaceEventFlags;

import java.nio.charset.StandardCharsets;

/**
 * Redis's keyspace notifications: the classes switched on ({@code notify-keyspace-events}, shared
 * by every shard of the node and changed by CONFIG SET on any event loop) and where the messages go.
 * A shard calls {@link #fire} right after a change, on its own thread, so the messages of one key
 * come in the order its changes were made; with no class on, a call is one read of the flags.
 */
public final class KeyspaceEvents {
    /** Where the messages go: the pub/sub layer, which publishes them as PUBLISH does. */
    public interface Sink {
        void publish(byte[] channel, byte[] message);
    }

    /** No events, ever: shards made outside a server (tests, recovery) until one is attached. */
    public static final KeyspaceEvents OFF = new KeyspaceEvents(0, (channel, message) -> {
    }, () -> false);

    private static final int CHANNELS = KeyspaceEventFlags.KEYSPACE | KeyspaceEventFlags.KEYEVENT;

    private final Sink sink;
    private final java.util.function.BooleanSupplier listening;
    private volatile int flags;

    public KeyspaceEvents(int flags, Sink sink) {
        this(flags, sink, () -> true);
    }

    /** @param listening false when no one could receive a message now (then nothing is built or published) */
    public KeyspaceEvents(int flags, Sink sink, java.util.function.BooleanSupplier listening) {
        this.flags = flags;
        this.sink = sink;
        this.listening = listening;
    }

    /** The classes on, as {@link KeyspaceEventFlags} bits. */
    public int flags() {
        return flags;
    }

    public void setFlags(int flags) {
        if (this == OFF) {
            throw new IllegalStateException("the shards' events are not attached to a server");
        }
        this.flags = flags;
    }

    /** Whether an event of class {@code type} would be published (for events whose detection costs a lookup). */
    boolean wants(int type) {
        int f = flags;
        return (f & type) != 0 && (f & CHANNELS) != 0 && listening.getAsBoolean();
    }

    /** Publishes event {@code event} of class {@code type} on {@code key} of database {@code db}, if that class is on. */
    public void fire(int type, String event, int db, byte[] key) {
        int f = flags;
        if ((f & type) == 0 || (f & CHANNELS) == 0 || !listening.getAsBoolean()) {
            return;
        }
        byte[] name = event.getBytes(StandardCharsets.US_ASCII);
        if ((f & KeyspaceEventFlags.KEYSPACE) != 0) {
            byte[] prefix = ("__keyspace@" + db + "__:").getBytes(StandardCharsets.US_ASCII);
            byte[] channel = java.util.Arrays.copyOf(prefix, prefix.length + key.length);
            System.arraycopy(key, 0, channel, prefix.length, key.length);
            sink.publish(channel, name);
        }
        if ((f & KeyspaceEventFlags.KEYEVENT) != 0) {
            sink.publish(("__keyevent@" + db + "__:" + event).getBytes(StandardCharsets.US_ASCII), key);
        }
    }
}
