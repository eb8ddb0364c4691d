package io.quiver.shard;

import io.vertx.core.eventbus.EventBus;

/** Registers the local codecs of every shard message type on an event bus, once per Vert.x instance. */
public final class ShardCodecs {
    private ShardCodecs() {
    }

    public static void register(EventBus bus) {
        bus.registerDefaultCodec(ShardBatch.class, new LocalCodec<>(ShardBatch.class));
        bus.registerDefaultCodec(ShardResults.class, new LocalCodec<>(ShardResults.class));
    }
}
