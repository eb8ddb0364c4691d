package io.quiver.service.pubsub;

import io.quiver.config.KeyspaceEventFlags;
import io.quiver.kv.GlobPattern;
import io.quiver.shard.KeyspaceEvents;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Publish/subscribe for the whole node (PUBLISH, SUBSCRIBE, PSUBSCRIBE, SPUBLISH, SSUBSCRIBE, PUBSUB).
 *
 * <p>A message travels on the Vert.x event bus: {@link #publish} sends it to {@link #ADDRESS}
 * (published, not local-only), where the {@link PubSubHub} of every event loop that has subscribers
 * takes it and writes it to its own connections, on its own thread. On a clustered event bus the
 * hubs of every node are consumers of the same address, so a message published on one node reaches
 * the subscribers of all of them with nothing else to do.
 *
 * <p>This object keeps the node's counts (who listens to what, across its event loops): PUBLISH
 * answers the subscriptions on this node that receive the message, and PUBSUB CHANNELS / NUMSUB /
 * NUMPAT describe this node, as a Redis Cluster node answers for itself.
 */
public final class PubSubService {
    /** Where messages are published on the event bus. */
    public static final String ADDRESS = "quiver.pubsub";

    private final Vertx vertx;
    private final DeliveryOptions delivery;
    private final Map<ChannelName, AtomicInteger> channels = new ConcurrentHashMap<>();
    private final Map<ChannelName, AtomicInteger> shardChannels = new ConcurrentHashMap<>();
    private final Map<ChannelName, Pattern> patterns = new ConcurrentHashMap<>();
    private final KeyspaceEvents keyspaceEvents;

    private record Pattern(GlobPattern glob, AtomicInteger subscribers) {
    }

    public PubSubService(Vertx vertx) {
        this(vertx, 0);
    }

    /** @param keyspaceEventFlags the classes of keyspace events on at start ({@link KeyspaceEventFlags}) */
    public PubSubService(Vertx vertx, int keyspaceEventFlags) {
        this.vertx = vertx;
        PubSubMessage.Codec codec = new PubSubMessage.Codec();
        vertx.eventBus().registerCodec(codec);
        this.delivery = new DeliveryOptions().setCodecName(codec.name());
        this.keyspaceEvents = new KeyspaceEvents(keyspaceEventFlags, this::publishEvent, this::mayHaveListeners);
    }

    /** The node's keyspace notifications (notify-keyspace-events): the shards fire them, this publishes them. */
    public KeyspaceEvents keyspaceEvents() {
        return keyspaceEvents;
    }

    /**
     * Whether a keyspace event could reach anyone: on a single node, only while it has a channel or
     * pattern subscription (events on a node nobody listens to cost no message); on a cluster always,
     * since the subscribers of other nodes are not counted here.
     */
    private boolean mayHaveListeners() {
        return vertx.isClustered() || !channels.isEmpty() || !patterns.isEmpty();
    }

    /** A keyspace event as a message on a channel: published as PUBLISH publishes, from the shard's thread. */
    private void publishEvent(byte[] channel, byte[] message) {
        vertx.eventBus().publish(ADDRESS, new PubSubMessage(false, channel, message), delivery);
    }

    /** The hub of the event loop the caller runs on; one per event loop (per {@code Services}). */
    public PubSubHub hub() {
        return new PubSubHub(this, vertx);
    }

    // ---- the counts, kept by the hubs ----

    void counted(PubSubHub.Kind kind, ChannelName name, int delta) {
        if (kind == PubSubHub.Kind.PATTERN) {
            Pattern p = patterns.computeIfAbsent(name, n -> new Pattern(GlobPattern.of(n.bytes()), new AtomicInteger()));
            if (p.subscribers.addAndGet(delta) <= 0) {
                patterns.computeIfPresent(name, (n, q) -> q.subscribers.get() <= 0 ? null : q);
            }
            return;
        }
        Map<ChannelName, AtomicInteger> map = kind == PubSubHub.Kind.CHANNEL ? channels : shardChannels;
        AtomicInteger n = map.computeIfAbsent(name, c -> new AtomicInteger());
        if (n.addAndGet(delta) <= 0) {
            map.computeIfPresent(name, (c, m) -> m.get() <= 0 ? null : m);
        }
    }

    // ---- publishing ----

    /** PUBLISH: hands the message to the bus; answers how many subscriptions on this node receive it. */
    public long publish(byte[] channel, byte[] message) {
        long receivers = count(channels, channel);
        for (Pattern p : patterns.values()) {
            if (p.glob.matches(channel)) {
                receivers += Math.max(0, p.subscribers.get());
            }
        }
        vertx.eventBus().publish(ADDRESS, new PubSubMessage(false, channel, message), delivery);
        return receivers;
    }

    /** SPUBLISH: the same for a shard channel (which patterns do not see). */
    public long spublish(byte[] channel, byte[] message) {
        long receivers = count(shardChannels, channel);
        vertx.eventBus().publish(ADDRESS, new PubSubMessage(true, channel, message), delivery);
        return receivers;
    }

    private static long count(Map<ChannelName, AtomicInteger> map, byte[] channel) {
        AtomicInteger n = map.get(new ChannelName(channel));
        return n == null ? 0 : Math.max(0, n.get());
    }

    // ---- PUBSUB ----

    /** PUBSUB CHANNELS / SHARDCHANNELS: channels with at least one subscriber, matching {@code pattern} (null: all). */
    public List<byte[]> channels(boolean sharded, byte[] pattern) {
        GlobPattern g = pattern == null ? null : GlobPattern.of(pattern);
        List<byte[]> out = new ArrayList<>();
        (sharded ? shardChannels : channels).forEach((name, n) -> {
            if (n.get() > 0 && (g == null || g.matches(name.bytes()))) {
                out.add(name.bytes());
            }
        });
        return out;
    }

    /** PUBSUB NUMSUB / SHARDNUMSUB: subscribers of {@code channel} (pattern subscriptions not counted). */
    public long subscribers(boolean sharded, byte[] channel) {
        return count(sharded ? shardChannels : channels, channel);
    }

    /** PUBSUB NUMPAT: distinct patterns with a subscriber. */
    public long patterns() {
        return patterns.size();
    }
}
