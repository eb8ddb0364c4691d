package io.quiver.service;

import io.quiver.client.cluster.ClusterSettings;
import io.quiver.client.cluster.ShardDirectory;
import io.quiver.shard.KeyHash;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * What the cluster looks like from this node: its nodes, which are reachable, which shards and how
 * many of Redis's hash slots each serves (CLUSTER INFO, {@code GET /cluster}). Off (one node, no
 * cluster) when the server was not started with {@code --cluster}.
 */
public final class ClusterService {
    /** No cluster: a single server. */
    public static final ClusterService OFF = new ClusterService(null);

    /**
     * One node of the cluster.
     *
     * @param id        a stable id (40 hex digits, as Redis's node ids): SHA-1 of its address
     * @param reachable whether its shards answer now
     * @param slots     Redis hash slots whose keys live on its shards
     */
    public record Node(int index, String id, String address, boolean self, boolean reachable, int firstShard,
                       int lastShard, int slots) {
    }

    /** The cluster now; {@code ok} when every node is reachable (every slot served). */
    public record Status(String name, List<Node> nodes, int shards) {
        public boolean ok() {
            return slotsServed() == KeyHash.SLOTS;
        }

        public int slotsServed() {
            return nodes.stream().filter(Node::reachable).mapToInt(Node::slots).sum();
        }

        public Node self() {
            return nodes.stream().filter(Node::self).findFirst().orElseThrow();
        }
    }

    /** Redis Cluster's hash slots. */
    public static final int SLOTS = KeyHash.SLOTS;

    private final ShardDirectory directory;

    /** The hash slot of a key (CLUSTER KEYSLOT): Redis Cluster's rule, hash tags included. */
    public static int slotOf(byte[] key) {
        return KeyHash.slot(key);
    }

    public ClusterService(ShardDirectory directory) {
        this.directory = directory;
    }

    public boolean enabled() {
        return directory != null;
    }

    /** The cluster's status; only when {@link #enabled}. */
    public Status status() {
        ClusterSettings s = directory.settings();
        int global = s.globalShards();
        int[] slots = new int[s.members().size()];
        for (int slot = 0; slot < KeyHash.SLOTS; slot++) {
            slots[directory.nodeOf(slot % global)]++;
        }
        List<Node> nodes = new ArrayList<>();
        for (int n = 0; n < s.members().size(); n++) {
            int first = s.firstShardOf(n);
            nodes.add(new Node(n, idOf(s.address(n)), s.address(n), n == s.self(), directory.reachable(first), first,
                    first + s.shards() - 1, slots[n]));
        }
        return new Status(s.name(), nodes, global);
    }

    private static String idOf(String address) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-1").digest(address.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
