package io.quiver.service;

import io.quiver.client.cluster.ClusterSettings;
import io.quiver.client.cluster.ShardDirectory;
import io.quiver.client.cluster.SlotLayout;
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
     * @param address   its Hazelcast member address ({@code cluster-host:cluster-port})
     * @param reachable whether its shards answer now
     * @param slots     Redis hash slots whose keys live on its shards
     * @param ranges    those slots as ranges {@code [first, last]}, in slot order
     * @param respPort  its RESP port, or 0 while it has not said (it is not up)
     * @param httpPort  its HTTP port, or 0 likewise
     */
    public record Node(int index, String id, String address, boolean self, boolean reachable, int firstShard,
                       int lastShard, int slots, List<int[]> ranges, int respPort, int httpPort) {
        public String host() {
            return address.substring(0, address.lastIndexOf(':'));
        }

        public int clusterPort() {
            return Integer.parseInt(address.substring(address.lastIndexOf(':') + 1));
        }
    }

    /**
     * The cluster now; {@code ok} when every node is reachable (every slot served).
     *
     * @param coordinator the node coordinating the cluster (Hazelcast's oldest member), -1 if unknown
     * @param checkedMillis when this node last checked the slot table against the membership
     */
    public record Status(String name, List<Node> nodes, int shards, int coordinator, long checkedMillis) {
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
        SlotLayout layout = directory.layout();
        List<SlotLayout.Range> ranges = layout.ranges();
        List<Node> nodes = new ArrayList<>();
        for (int n = 0; n < s.members().size(); n++) {
            int first = s.firstShardOf(n);
            List<int[]> own = new ArrayList<>();
            int slots = 0;
            for (SlotLayout.Range r : ranges) {
                if (r.node() == n) {
                    own.add(new int[]{r.first(), r.last()});
                    slots += r.size();
                }
            }
            int[] ports = directory.endpointsOf(n);
            nodes.add(new Node(n, idOf(s.address(n)), s.address(n), n == s.self(), directory.reachable(first), first,
                    first + s.shards() - 1, slots, own, ports == null ? 0 : ports[0], ports == null ? 0 : ports[1]));
        }
        return new Status(s.name(), nodes, global, directory.coordinatorNode(), directory.lastRepairMillis());
    }

    /** The node that holds global shard {@code g}; 0 on a single server (it holds every shard). */
    public int nodeOfShard(int g) {
        return directory == null ? 0 : directory.nodeOf(g);
    }

    /** The address of node {@code node}, for errors that name it. */
    public String addressOf(int node) {
        return directory == null ? "this server" : directory.settings().address(node);
    }

    private static String idOf(String address) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-1").digest(address.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
