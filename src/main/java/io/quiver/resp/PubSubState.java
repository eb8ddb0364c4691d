package io.quiver.resp;

import io.quiver.service.pubsub.ChannelName;
import io.quiver.service.pubsub.PubSubHub;
import io.quiver.service.pubsub.PubSubHub.Kind;
import io.quiver.service.pubsub.PubSubMessage;
import io.vertx.core.buffer.Buffer;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One connection's subscriptions (channels, patterns, shard channels, in the order they were made)
 * and its side of delivery: a message becomes a push written on the connection's event loop
 * (RESP3 {@code >}, an array in RESP2), after the replies of the commands before it.
 */
final class PubSubState implements PubSubHub.Subscriber {
    private static final byte[] MESSAGE = bytes("message"), PMESSAGE = bytes("pmessage"), SMESSAGE = bytes("smessage");

    private final RespConnection connection;
    private final PubSubHub hub;
    private final Map<ChannelName, byte[]> channels = new LinkedHashMap<>();
    private final Map<ChannelName, byte[]> patterns = new LinkedHashMap<>();
    private final Map<ChannelName, byte[]> shardChannels = new LinkedHashMap<>();

    PubSubState(RespConnection connection, PubSubHub hub) {
        this.connection = connection;
        this.hub = hub;
    }

    private Map<ChannelName, byte[]> of(Kind kind) {
        return switch (kind) {
            case CHANNEL -> channels;
            case PATTERN -> patterns;
            case SHARD_CHANNEL -> shardChannels;
        };
    }

    /** Subscribes unless already subscribed; answers whether it is new. */
    boolean add(Kind kind, byte[] name) {
        ChannelName n = new ChannelName(name);
        if (of(kind).putIfAbsent(n, name) != null) {
            return false;
        }
        hub.add(kind, n, this);
        return true;
    }

    /** Unsubscribes if subscribed; answers whether it was. */
    boolean remove(Kind kind, byte[] name) {
        ChannelName n = new ChannelName(name);
        if (of(kind).remove(n) == null) {
            return false;
        }
        hub.remove(kind, n, this);
        return true;
    }

    /** The names subscribed to, in order. */
    List<byte[]> names(Kind kind) {
        return new ArrayList<>(of(kind).values());
    }

    /** The count an acknowledgement carries: channels and patterns (Redis's), or shard channels (for the S- commands). */
    int count(Kind kind) {
        return kind == Kind.SHARD_CHANNEL ? shardChannels.size() : channels.size() + patterns.size();
    }

    /** Whether any subscription is left: a RESP2 connection is then in subscribed mode. */
    boolean subscribed() {
        return !channels.isEmpty() || !patterns.isEmpty() || !shardChannels.isEmpty();
    }

    @Override
    public void message(PubSubMessage m) {
        byte[] kind = m.sharded() ? SMESSAGE : MESSAGE;
        connection.push((out, resp3) -> {
            header(out, resp3, 3);
            RespWire.appendBulk(out, kind, 0, kind.length);
            RespWire.appendBulk(out, m.channel(), 0, m.channel().length);
            RespWire.appendBulk(out, m.message(), 0, m.message().length);
        });
    }

    @Override
    public void pmessage(byte[] pattern, PubSubMessage m) {
        connection.push((out, resp3) -> {
            header(out, resp3, 4);
            RespWire.appendBulk(out, PMESSAGE, 0, PMESSAGE.length);
            RespWire.appendBulk(out, pattern, 0, pattern.length);
            RespWire.appendBulk(out, m.channel(), 0, m.channel().length);
            RespWire.appendBulk(out, m.message(), 0, m.message().length);
        });
    }

    private static void header(Buffer out, boolean resp3, int items) {
        out.appendByte((byte) (resp3 ? '>' : '*'));
        RespWire.appendLong(out, items);
        out.appendBytes(RespWire.CRLF);
    }

    /** The connection is gone: every subscription ends. */
    void closeAll() {
        for (Kind kind : Kind.values()) {
            for (byte[] name : names(kind)) {
                remove(kind, name);
            }
        }
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }
}
