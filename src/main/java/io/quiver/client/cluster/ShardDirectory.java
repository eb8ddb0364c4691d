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
 * <p>Redis Cluster's 16,384 hash slots map to global shards ({@code slot mod globalShards}); global
 * shard {@code g} is shard {@code g mod shards} of node {@code g / shards}, in the configured member
 * order. So a node's local shard {@code i} holds exactly keys with {@code slot mod shards == i}, the
 * single-node rule: its data directory is read as it always is. Which Hazelcast member serves each
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

    private final ClusterSettings settings;
    private final HazelcastInstance hz;
    private volatile String selfUuid;
    private volatile boolean claimed;
    private final ReplicatedMap<Integer, String> owners;
    private final ReplicatedMap<Integer, Integer> nodeShards;
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

    /** The global shard of a key (or a point id's bytes): its Redis slot, modulo every shard of the cluster. */
    public int shardOf(byte[] key) {
        return KeyHash.slot(key) % ownerOf.length();
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

    public String selfUuid() {
        return selfUuid;
    }

    public HazelcastInstance hazelcast() {
        return hz;
    }
}
