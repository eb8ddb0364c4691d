package io.quiver.client.cluster;

import com.hazelcast.cluster.Member;
import com.hazelcast.cluster.MembershipEvent;
import com.hazelcast.cluster.MembershipListener;
import com.hazelcast.core.EntryEvent;
import com.hazelcast.core.EntryListener;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.MapEvent;
import com.hazelcast.replicatedmap.ReplicatedMap;
import io.quiver.error.ErrorCode;
import io.quiver.error.QuiverException;
import io.quiver.shard.KeyHash;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.function.Consumer;

/**
 * The cluster's slot table, and who is alive: the one place that says where a key lives.
 *
 * <p>Redis Cluster's 16,384 hash slots are split among the nodes in contiguous ranges, in the
 * configured member order, as {@code redis-cli --cluster create} splits them ({@link SlotLayout});
 * within its node a slot's keys live on shard {@code slot mod shards}, the single-node rule, so a
 * node's data directory is read as it always is. Global shard {@code g} is shard {@code g mod shards}
 * of node {@code g / shards}. Which Hazelcast member serves each
 * global shard is kept in a {@link ReplicatedMap} (every member holds a full copy: reads are local,
 * no network) that each node fills for its own shards once their consumers are registered, and it is
 * mirrored into an array on every change, as the request path reads it per operation.
 *
 * <p>A shard is reachable when its owner is a current Hazelcast member ({@link MembershipListener}:
 * the cluster manager's own node listener is left alone). Senders register {@link #onNodeLost} to
 * fail their in-flight requests to a node the moment it leaves, instead of letting them time out.
 */
public final class ShardDirectory {
    private static final Logger log = LoggerFactory.getLogger(ShardDirectory.class);
    static final String OWNERS_MAP = "quiver.shard-owners";
    static final String NODES_MAP = "quiver.nodes";
    static final String ENDPOINTS_MAP = "quiver.node-endpoints";

    private final ClusterSettings settings;
    private final HazelcastInstance hz;
    private volatile String selfUuid;
    private volatile boolean claimed;
    private final ReplicatedMap<Integer, String> owners;
    private final ReplicatedMap<Integer, Integer> nodeShards;
    /** Node → its front ends as {@code respPort,httpPort} (CLUSTER NODES/SLOTS hand clients these). */
    private final ReplicatedMap<Integer, String> endpoints;
    private volatile String ownEndpoints;
    private volatile long lastRepairMillis = System.currentTimeMillis();
    private final SlotLayout layout;
    /** Global shard → owning member's UUID, or null while no live node has claimed it. */
    private final AtomicReferenceArray<String> ownerOf;
    private final Set<String> live = ConcurrentHashMap.newKeySet();
    private final List<Consumer<String>> lostListeners = new CopyOnWriteArrayList<>();

    public ShardDirectory(ClusterSettings settings, HazelcastInstance hz) {
        this.settings = settings;
        this.hz = hz;
        this.selfUuid = hz.getCluster().getLocalMember().getUuid().toString();
        this.ownerOf = new AtomicReferenceArray<>(settings.globalShards());
        this.owners = hz.getReplicatedMap(OWNERS_MAP);
        this.nodeShards = hz.getReplicatedMap(NODES_MAP);
        this.endpoints = hz.getReplicatedMap(ENDPOINTS_MAP);
        this.layout = SlotLayout.even(settings.members().size());
        hz.getCluster().addMembershipListener(new MembershipListener() {
            @Override
            public void memberAdded(MembershipEvent e) {
                live.add(e.getMember().getUuid().toString());
                log.info("cluster: node {} joined ({} members)", e.getMember().getAddress(), e.getMembers().size());
            }

            @Override
            public void memberRemoved(MembershipEvent e) {
                String uuid = e.getMember().getUuid().toString();
                live.remove(uuid);
                log.warn("cluster: node {} left ({} members); its shards answer CLUSTERDOWN until it is back",
                        e.getMember().getAddress(), e.getMembers().size());
                for (Consumer<String> l : lostListeners) {
                    l.accept(uuid);
                }
            }
        });
        for (Member m : hz.getCluster().getMembers()) {
            live.add(m.getUuid().toString());
        }
        owners.addEntryListener(new EntryListener<>() {
            @Override
            public void entryAdded(EntryEvent<Integer, String> e) {
                set(e.getKey(), e.getValue());
            }

            @Override
            public void entryUpdated(EntryEvent<Integer, String> e) {
                set(e.getKey(), e.getValue());
            }

            @Override
            public void entryRemoved(EntryEvent<Integer, String> e) {
                set(e.getKey(), null);
            }

            @Override
            public void entryEvicted(EntryEvent<Integer, String> e) {
                set(e.getKey(), null);
            }

            @Override
            public void entryExpired(EntryEvent<Integer, String> e) {
                set(e.getKey(), null);
            }

            @Override
            public void mapCleared(MapEvent e) {
            }

            @Override
            public void mapEvicted(MapEvent e) {
            }
        });
        owners.forEach(this::set);
    }

    private void set(Integer shard, String uuid) {
        if (shard != null && shard >= 0 && shard < ownerOf.length()) {
            ownerOf.set(shard, uuid);
        }
    }

    /**
     * Once a second, on a thread of its own: the mirror is read again from the replicated map and
     * the membership, and this node's claim is put again where it is missing or stale. That heals
     * what events alone leave wrong: after a split-brain merge this member has a new UUID, and the
     * merged map may hold another side's older entries.
     */
    public void startRepair() {
        java.util.concurrent.ScheduledExecutorService timer = java.util.concurrent.Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "quiver-slot-table");
            t.setDaemon(true);
            return t;
        });
        timer.scheduleWithFixedDelay(() -> {
            try {
                repair();
            } catch (RuntimeException e) {
                log.debug("slot table repair skipped: {}", e.toString()); // Hazelcast shutting down, or merging
            }
        }, 1, 1, java.util.concurrent.TimeUnit.SECONDS);
    }

    private void repair() {
        if (!hz.getLifecycleService().isRunning()) {
            return;
        }
        lastRepairMillis = System.currentTimeMillis();
        Set<String> members = new java.util.HashSet<>();
        for (Member m : hz.getCluster().getMembers()) {
            members.add(m.getUuid().toString());
        }
        live.addAll(members);
        live.retainAll(members);
        selfUuid = hz.getCluster().getLocalMember().getUuid().toString();
        if (claimed) {
            int first = settings.firstShardOf(settings.self());
            for (int i = 0; i < settings.shards(); i++) {
                if (!selfUuid.equals(owners.get(first + i))) {
                    log.info("cluster: claiming shard {} again (the slot table had {})", first + i, owners.get(first + i));
                    owners.put(first + i, selfUuid);
                }
            }
            if (!Integer.valueOf(settings.shards()).equals(nodeShards.get(settings.self()))) {
                nodeShards.put(settings.self(), settings.shards());
            }
            String own = ownEndpoints;
            if (own != null && !own.equals(endpoints.get(settings.self()))) {
                endpoints.put(settings.self(), own);
            }
        }
        for (int g = 0; g < ownerOf.length(); g++) {
            ownerOf.set(g, owners.get(g));
        }
    }

    /**
     * Checks that the nodes already known run as many shards as this one (the slot rule needs it),
     * then claims this node's shards: from now on other nodes send to them. Blocking (Hazelcast calls).
     */
    public void claimOwnShards() {
        nodeShards.forEach((node, shards) -> {
            if (node != settings.self() && shards != settings.shards()) {
                throw new QuiverException(ErrorCode.BAD_REQUEST, "node " + settings.address(node) + " runs " + shards
                        + " shards and this one " + settings.shards() + ": every node of a cluster needs the same 'shards'");
            }
        });
        nodeShards.put(settings.self(), settings.shards());
        int first = settings.firstShardOf(settings.self());
        for (int i = 0; i < settings.shards(); i++) {
            owners.put(first + i, selfUuid);
            set(first + i, selfUuid);
        }
        claimed = true;
    }

    public ClusterSettings settings() {
        return settings;
    }

    public int globalShards() {
        return ownerOf.length();
    }

    /**
     * Publishes this node's front-end ports for CLUSTER NODES/SLOTS/SHARDS (once they listen). Blocking
     * (a Hazelcast call); the repair loop puts it again where a merge lost it.
     */
    public void publishEndpoints(int respPort, int httpPort) {
        ownEndpoints = respPort + "," + httpPort;
        endpoints.put(settings.self(), ownEndpoints);
    }

    /** Node {@code node}'s RESP and HTTP ports, or null while it has not published them (not started yet). */
    public int[] endpointsOf(int node) {
        String e = endpoints.get(node);
        if (e == null) {
            return null;
        }
        int comma = e.indexOf(',');
        return new int[]{Integer.parseInt(e.substring(0, comma)), Integer.parseInt(e.substring(comma + 1))};
    }

    /** The global shard of a key (or a point id's bytes): its slot's node, and its slot's shard there. */
    public int shardOf(byte[] key) {
        int slot = KeyHash.slot(key);
        return layout.nodeOf(slot) * settings.shards() + slot % settings.shards();
    }

    /** The node that owns {@code slot} in the slot table. */
    public int nodeOfSlot(int slot) {
        return layout.nodeOf(slot);
    }

    public SlotLayout layout() {
        return layout;
    }

    /** This node's shard for global shard {@code g}, or -1 when another node owns it. */
    public int localIndex(int g) {
        int first = settings.firstShardOf(settings.self());
        return g >= first && g < first + settings.shards() ? g - first : -1;
    }

    public int nodeOf(int g) {
        return g / settings.shards();
    }

    /** The member serving {@code g} if it is alive; else null. */
    public String liveOwner(int g) {
        String uuid = ownerOf.get(g);
        return uuid != null && live.contains(uuid) ? uuid : null;
    }

    public boolean reachable(int g) {
        return localIndex(g) >= 0 || liveOwner(g) != null;
    }

    /** The configured nodes that serve no shard now (not started, or gone), comma-separated; null when none. */
    public String missingNodes() {
        StringBuilder sb = new StringBuilder();
        for (int node = 0; node < settings.members().size(); node++) {
            if (!reachable(settings.firstShardOf(node))) {
                sb.append(sb.isEmpty() ? "" : ", ").append(settings.address(node));
            }
        }
        return sb.isEmpty() ? null : sb.toString();
    }

    /** The error for a request that needs global shard {@code g} while its node is away. */
    public QuiverException down(int g) {
        int node = nodeOf(g);
        int first = settings.firstShardOf(node);
        return new QuiverException(ErrorCode.CLUSTER_DOWN, "The cluster is down: node " + settings.address(node)
                + " (shards " + first + "-" + (first + settings.shards() - 1) + " of " + globalShards()
                + ") is unreachable, shard " + g + " is one of them");
    }

    /** Called, on a Hazelcast thread, with the UUID of every member that leaves. */
    public void onNodeLost(Consumer<String> listener) {
        lostListeners.add(listener);
    }

    /** Event-bus address of global shard {@code g} across the cluster (a clustered consumer on its owner). */
    public static String remoteAddress(int g) {
        return "quiver.cluster.shard." + g;
    }

    /** When the slot table was last checked against the membership (once a second while all is well). */
    public long lastRepairMillis() {
        return lastRepairMillis;
    }

    /**
     * The node that coordinates the cluster: Hazelcast's oldest member (its master), or -1 when that
     * member is none of the configured nodes.
     */
    public int coordinatorNode() {
        for (Member m : hz.getCluster().getMembers()) {
            return settings.members().indexOf(m.getAddress().getHost() + ":" + m.getAddress().getPort());
        }
        return -1;
    }

    public String selfUuid() {
        return selfUuid;
    }

    public HazelcastInstance hazelcast() {
        return hz;
    }
}
