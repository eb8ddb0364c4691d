package io.quiver.service.pubsub;

import io.quiver.kv.GlobPattern;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.MessageConsumer;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/**
 * One event loop's side of pub/sub: which of its connections listen to what, and the delivery of
 * the bus's messages to them. Used on that event loop only, so a message is written to a
 * connection on the connection's own thread, and delivery never waits for anyone. Its bus
 * consumer is registered at the first subscription (an event loop nobody subscribes on costs
 * nothing per message).
 */
public final class PubSubHub {
    /**
     * Someone who gets messages: a connection. Called on the hub's event loop; must not block, and
     * must not add or remove subscriptions from inside these calls (a connection that gives up on
     * a slow client closes it later, from a task of its own).
     */
    public interface Subscriber {
        /** {@code m} on a channel this subscriber subscribed to (SUBSCRIBE, or SSUBSCRIBE for a shard channel). */
        void message(PubSubMessage m);

        /** {@code m} on a channel matching {@code pattern}, one of this subscriber's patterns. */
        void pmessage(byte[] pattern, PubSubMessage m);
    }

    /** What a subscription is to: a channel, a pattern, or a shard channel. */
    public enum Kind {
        CHANNEL, PATTERN, SHARD_CHANNEL
    }

    private static final Subscriber[] NONE = new Subscriber[0];

    private final PubSubService service;
    private final Vertx vertx;
    /** Copied on change: delivery iterates a snapshot that a subscriber leaving meanwhile cannot disturb. */
    private final Map<ChannelName, Subscriber[]> channels = new HashMap<>();
    private final Map<ChannelName, Subscriber[]> shardChannels = new HashMap<>();
    private final Map<ChannelName, LocalPattern> patterns = new HashMap<>();
    private MessageConsumer<PubSubMessage> consumer;

    private record LocalPattern(GlobPattern glob, Subscriber[] subscribers) {
    }

    PubSubHub(PubSubService service, Vertx vertx) {
        this.service = service;
        this.vertx = vertx;
    }

    /** The node's keyspace notifications (which the shards fire). */
    public io.quiver.shard.KeyspaceEvents keyspaceEvents() {
        return service.keyspaceEvents();
    }

    /** notify-keyspace-events as Redis spells it (CONFIG GET). */
    public String keyspaceEventFlags() {
        return io.quiver.config.KeyspaceEventFlags.format(service.keyspaceEvents().flags());
    }

    /**
     * CONFIG SET notify-keyspace-events: the classes every shard of this node publishes from now on.
     * IllegalArgumentException with Redis's words for a letter it does not know (nothing changes).
     */
    public void setKeyspaceEventFlags(String letters) {
        service.keyspaceEvents().setFlags(io.quiver.config.KeyspaceEventFlags.parse(letters));
    }

    /** Adds a subscription the subscriber did not have (the caller keeps its own set, and checks). */
    public void add(Kind kind, ChannelName name, Subscriber s) {
        if (consumer == null) {
            consumer = vertx.eventBus().consumer(PubSubService.ADDRESS, m -> deliver(m.body()));
        }
        if (kind == Kind.PATTERN) {
            LocalPattern p = patterns.get(name);
            patterns.put(name, new LocalPattern(p == null ? GlobPattern.of(name.bytes()) : p.glob,
                    with(p == null ? NONE : p.subscribers, s)));
        } else {
            Map<ChannelName, Subscriber[]> map = kind == Kind.CHANNEL ? channels : shardChannels;
            map.put(name, with(map.getOrDefault(name, NONE), s));
        }
        service.counted(kind, name, 1);
    }

    /** Removes a subscription the subscriber had. */
    public void remove(Kind kind, ChannelName name, Subscriber s) {
        if (kind == Kind.PATTERN) {
            LocalPattern p = patterns.get(name);
            if (p == null) {
                return;
            }
            Subscriber[] left = without(p.subscribers, s);
            if (left.length == 0) {
                patterns.remove(name);
            } else {
                patterns.put(name, new LocalPattern(p.glob, left));
            }
        } else {
            Map<ChannelName, Subscriber[]> map = kind == Kind.CHANNEL ? channels : shardChannels;
            Subscriber[] had = map.get(name);
            if (had == null) {
                return;
            }
            Subscriber[] left = without(had, s);
            if (left.length == 0) {
                map.remove(name);
            } else {
                map.put(name, left);
            }
        }
        service.counted(kind, name, -1);
    }

    private void deliver(PubSubMessage m) {
        ChannelName name = new ChannelName(m.channel());
        if (m.sharded()) {
            for (Subscriber s : shardChannels.getOrDefault(name, NONE)) {
                s.message(m);
            }
            return;
        }
        for (Subscriber s : channels.getOrDefault(name, NONE)) {
            s.message(m);
        }
        if (!patterns.isEmpty()) {
            for (Map.Entry<ChannelName, LocalPattern> e : patterns.entrySet()) {
                LocalPattern p = e.getValue();
                if (p.glob.matches(m.channel())) {
                    for (Subscriber s : p.subscribers) {
                        s.pmessage(e.getKey().bytes(), m);
                    }
                }
            }
        }
    }

    /** The node's pub/sub, for PUBLISH and PUBSUB. */
    public PubSubService service() {
        return service;
    }

    private static Subscriber[] with(Subscriber[] a, Subscriber s) {
        Subscriber[] b = Arrays.copyOf(a, a.length + 1);
        b[a.length] = s;
        return b;
    }

    private static Subscriber[] without(Subscriber[] a, Subscriber s) {
        for (int i = 0; i < a.length; i++) {
            if (a[i] == s) {
                Subscriber[] b = new Subscriber[a.length - 1];
                System.arraycopy(a, 0, b, 0, i);
                System.arraycopy(a, i + 1, b, i, a.length - i - 1);
                return b;
            }
        }
        return a;
    }
}
