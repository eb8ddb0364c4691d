package io.quiver.service;

import java.util.function.ToIntFunction;

/**
 * The keys of a multi-key request grouped by owning shard, remembering each key's position so the
 * answers can be put back in the order asked.
 */
final class KeyGroups {
    private final int[] shards;          // the shards that own at least one key, ascending
    private final int[][] positions;     // per shard index: positions of its keys in the request
    private final byte[][] keys;

    private KeyGroups(int[] shards, int[][] positions, byte[][] keys) {
        this.shards = shards;
        this.positions = positions;
        this.keys = keys;
    }

    static KeyGroups of(byte[][] keys, ToIntFunction<byte[]> shardOf) {
        int maxShard = 0;
        int[] owner = new int[keys.length];
        for (int i = 0; i < keys.length; i++) {
            owner[i] = shardOf.applyAsInt(keys[i]);
            maxShard = Math.max(maxShard, owner[i]);
        }
        int[] counts = new int[maxShard + 1];
        for (int o : owner) {
            counts[o]++;
        }
        int used = 0;
        for (int c : counts) {
            used += c > 0 ? 1 : 0;
        }
        int[] shards = new int[used];
        int[][] positions = new int[maxShard + 1][];
        for (int s = 0, u = 0; s <= maxShard; s++) {
            if (counts[s] > 0) {
                shards[u++] = s;
                positions[s] = new int[counts[s]];
            }
        }
        int[] fill = new int[maxShard + 1];
        for (int i = 0; i < keys.length; i++) {
            positions[owner[i]][fill[owner[i]]++] = i;
        }
        return new KeyGroups(shards, positions, keys);
    }

    int[] shards() {
        return shards;
    }

    int[] positions(int shard) {
        return positions[shard];
    }

    byte[][] keys(int shard) {
        return pick(shard, keys);
    }

    /** The items at this shard's positions, from an array parallel to the keys. */
    byte[][] pick(int shard, byte[][] parallel) {
        int[] pos = positions[shard];
        byte[][] out = new byte[pos.length][];
        for (int i = 0; i < pos.length; i++) {
            out[i] = parallel[pos[i]];
        }
        return out;
    }
}
