package io.quiver.service;

import io.quiver.client.cluster.ClusterSettings;
import io.quiver.client.cluster.ShardDirectory;
import io.quiver.client.cluster.SlotTable;
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
    public record Status(String name, List<Node> nodes, int shards, int coordinator, long checkedMillis, long epoch,
                         List<Migration> migrations) {
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

    /**
     * Slots {@code [first, last]} moving from node {@code from} to node {@code to} since {@code startedMillis};
     * {@code keysMoved} so far when this node drives it, else -1.
     */
    public record Migration(int first, int last, int from, int to, long startedMillis, long keysMoved) {
        public int slots() {
            return last - first + 1;
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
        SlotTable table = directory.table();
        List<Node> nodes = new ArrayList<>();
        for (int n = 0; n < table.nodes().size(); n++) {
            int first = n * s.shards();
            List<int[]> own = new ArrayList<>();
            int slots = 0;
            for (SlotTable.Range r : table.ranges()) {
                if (r.primary() == n) {
                    own.add(new int[]{r.first(), r.last()});
                    slots += r.size();
                }
            }
            int[] ports = directory.endpointsOf(n);
            String address = table.nodes().get(n);
            nodes.add(new Node(n, idOf(address), address, n == directory.selfNode(), directory.nodeReachable(n), first,
                    first + s.shards() - 1, slots, own, ports == null ? 0 : ports[0], ports == null ? 0 : ports[1]));
        }
        List<Migration> migrations = new ArrayList<>();
        for (SlotTable.Migration m : table.migrations()) {
            migrations.add(new Migration(m.first(), m.last(), m.from(), m.to(), m.startedMillis(),
                    progress == null ? -1 : progress.applyAsLong(m.first())));
        }
        return new Status(s.name(), nodes, table.nodes().size() * s.shards(), directory.coordinatorNode(),
                directory.lastRepairMillis(), table.epoch(), migrations);
    }

    private java.util.function.IntToLongFunction progress;

    /** Where this node's migrations stand: keys moved so far for the migration starting at a slot, -1 if not driven here. */
    public void reportProgress(java.util.function.IntToLongFunction keysMovedFrom) {
        this.progress = keysMovedFrom;
    }

    private volatile java.util.function.Supplier<java.util.concurrent.CompletableFuture<String>> leave;

    /** What {@link #leave} runs: the node's hand-over of its slots, then its stop (set by the bootstrap). */
    public void onLeave(java.util.function.Supplier<java.util.concurrent.CompletableFuture<String>> handOver) {
        this.leave = handOver;
    }

    /**
     * A planned leave of this node: its slots and keys handed over to the other nodes, then the
     * node stops. Completes (on the caller's context) with what was handed over once it has been,
     * before the node stops; fails, changing nothing that was not handed over, when it cannot.
     */
    public io.vertx.core.Future<String> leave() {
        var handOver = leave;
        if (directory == null || handOver == null) {
            return io.vertx.core.Future.failedFuture(new io.quiver.error.QuiverException(
                    io.quiver.error.ErrorCode.BAD_REQUEST, "this server is not a cluster node"));
        }
        io.vertx.core.Context context = io.vertx.core.Vertx.currentContext();
        io.vertx.core.Promise<String> p = io.vertx.core.Promise.promise();
        handOver.get().whenComplete((r, e) -> context.runOnContext(v -> {
            if (e != null) {
                p.fail(e);
            } else {
                p.complete(r);
            }
        }));
        return p.future();
    }

    /** The node that holds global shard {@code g}; 0 on a single server (it holds every shard). */
    public int nodeOfShard(int g) {
        return directory == null ? 0 : directory.nodeOf(g);
    }

    /** The address of node {@code node}, for errors that name it. */
    public String addressOf(int node) {
        return directory == null ? "this server" : directory.address(node);
    }

    private static String idOf(String address) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-1").digest(address.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
