package io.quiver.shard;

/** Event-bus addresses of the shards: {@code quiver.shard.0}, {@code quiver.shard.1}, ... */
public final class ShardAddress {
    private static final String PREFIX = "quiver.shard.";

    private ShardAddress() {
    }

    public static String of(int shard) {
        return PREFIX + shard;
    }
}
