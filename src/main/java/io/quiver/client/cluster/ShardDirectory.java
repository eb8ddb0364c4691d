package io.quiver.client.cluster;

import com.hazelcast.cluster.Member;
import com.hazelcast.cluster.MembershipEvent;
import com.hazelcast.cluster.MembershipListener;
import com.hazelcast.core.EntryEvent;
import com.hazelcast.core.EntryListener;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.IMap;
import com.hazelcast.map.MapEvent;
import com.hazelcast.map.listener.EntryAddedListener;
import com.hazelcast.map.listener.EntryUpdatedListener;
import com.hazelcast.replicatedmap.ReplicatedMap;
import io.quiver.error.ErrorCode;
import io.quiver.error.QuiverException;
import io.quiver.shard.KeyHash;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;

/**
 * The cluster's slot table, and who is alive: the one place that says where a key lives.
 *
 * <p>The table ({@link SlotTable}: the nodes by number, the owner of each of Redis Cluster's
 * 16,384 hash slots, the migrations under way, an epoch) is kept in a Hazelcast {@code IMap} entry
 * and changed only by compare-and-set ({@link #update}); every node mirrors it through an entry
 * listener into an array the request path reads (no network per request), and re-reads it once a
 * second. A new cluster's first table splits the slots in {@code cluster-members} order
 * ({@link SlotLayout}); a node that joins ({@code cluster-join}) is appended, and takes a share
 * through migrations ({@link SlotMigrator}).
 *
 * <p>Within its node a slot's keys live on shard {@code slot mod shards}, the single-node rule, so a
 * node's data directory is read as it always is; global shard {@code g} is shard {@code g mod shards}
 * of node {@code g / shards}. Which Hazelcast member is each node now is kept in a
 * {@link ReplicatedMap} (every member holds a full copy), filled by each node for itself.
 *
 * <p>A shard is reachable when its node is a current Hazelcast member ({@link MembershipListener}:
 * the cluster manager's own node listener is left alone). Senders register {@link #onNodeLost} to
 * fail their in-flight requests to a node the moment it leaves, instead of letting them time out.
 */
public final class ShardDirectory {
    private static final Logger log = LoggerFactory.getLogger(ShardDirectory.class);
    static final String TABLE_MAP = "quiver.cluster";
    static final String TABLE_KEY = "slot-table";
    static final String MEMBERS_MAP = "quiver.node-members";
    static final String NODES_MAP = "quiver.nodes";
    static final String ENDPOINTS_MAP = "quiver.node-endpoints";

    private final ClusterSettings settings;
    private final HazelcastInstance hz;
    private volatile String selfUuid;
    private volatile boolean claimed;
    private final IMap<String, byte[]> tableMap;
    /** Node number → the Hazelcast member UUID serving it now. */
    private final ReplicatedMap<Integer, String> members;
    private final ReplicatedMap<Integer, Integer> nodeShards;
    /** Node → its front ends as {@code respPort,httpPort} (CLUSTER NODES/SLOTS hand clients these). */
    private final ReplicatedMap<Integer, String> endpoints;
    private volatile String ownEndpoints;
    private volatile long lastRepairMillis = System.currentTimeMillis();
    private volatile SlotTable table;
    /** Where this node keeps its last table (its data directory), or null. */
    private final KeptTable kept;

    /** A place a node keeps its last slot table in (the app gives one in the data directory). */
    public interface KeptTable {
        /** The table's bytes, or null when none was kept. */
        byte[] load() throws java.io.IOException;

        /** Replaces the kept table, durably. */
        void save(byte[] table) throws java.io.IOException;

        /** Where it is, for the log. */
        String where();
    }
    /** The table's epoch and owners, with its active shards, in one reference: a read over every shard is sent by it. */
    private volatile Routing routing;

    /** One table's view for the shards and the shards a read over all of them goes to. */
    public record Routing(io.quiver.shard.SlotView view, int[] activeShards) {
    }
    /** {@code table}'s owner of each slot (what every request reads). */
    private volatile short[] owner;
    /** Global shards of the nodes that own slots, for commands over every shard; per table. */
    private volatile int[] activeShards;
    private final int selfNode;
    private final Map<Integer, String> memberOf = new ConcurrentHashMap<>();
    private final Set<String> live = ConcurrentHashMap.newKeySet();
    private final List<Consumer<String>> lostListeners = new CopyOnWriteArrayList<>();
    private final List<Consumer<SlotTable>> tableListeners = new CopyOnWriteArrayList<>();

    /**
     * Reads (or, for the first node of a new cluster, writes) the slot table and finds this node's
     * number in it: a joining node enters it. Blocking (Hazelcast calls).
     */
    public ShardDirectory(ClusterSettings settings, HazelcastInstance hz) {
        this(settings, hz, null);
    }

    /**
     * As above, keeping the table in {@code kept} too (null: nowhere; the node's data directory): every newer table this node
     * mirrors is written there, and when the cluster manager holds no table (every node was stopped),
     * the newest table any starting node kept is the cluster's again, not the first layout: keys and
     * points moved by a join or leave are still found after a restart of the whole cluster.
     */
    public ShardDirectory(ClusterSettings settings, HazelcastInstance hz, KeptTable kept) {
        this.kept = kept;
        this.settings = settings;
        this.hz = hz;
        this.selfUuid = hz.getCluster().getLocalMember().getUuid().toString();
        this.tableMap = hz.getMap(TABLE_MAP);
        this.members = hz.getReplicatedMap(MEMBERS_MAP);
        this.nodeShards = hz.getReplicatedMap(NODES_MAP);
        this.endpoints = hz.getReplicatedMap(ENDPOINTS_MAP);
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
        tableMap.addEntryListener((EntryAddedListener<String, byte[]>) e -> mirror(e.getValue()), TABLE_KEY, true);
        tableMap.addEntryListener((EntryUpdatedListener<String, byte[]>) e -> mirror(e.getValue()), TABLE_KEY, true);
        members.addEntryListener(new EntryListener<>() {
            @Override
            public void entryAdded(EntryEvent<Integer, String> e) {
                memberOf.put(e.getKey(), e.getValue());
            }

            @Override
            public void entryUpdated(EntryEvent<Integer, String> e) {
                memberOf.put(e.getKey(), e.getValue());
            }

            @Override
            public void entryRemoved(EntryEvent<Integer, String> e) {
                memberOf.remove(e.getKey());
            }

            @Override
            public void entryEvicted(EntryEvent<Integer, String> e) {
                memberOf.remove(e.getKey());
            }

            @Override
            public void entryExpired(EntryEvent<Integer, String> e) {
                memberOf.remove(e.getKey());
            }

            @Override
            public void mapCleared(MapEvent e) {
            }

            @Override
            public void mapEvicted(MapEvent e) {
            }
        });
        members.forEach(memberOf::put);

        String me = settings.selfAddress();
        restoreKept();
        byte[] current = tableMap.get(TABLE_KEY);
        if (current == null) {
            if (settings.join()) {
                throw new QuiverException(ErrorCode.BAD_REQUEST, "cluster-join: no running cluster '" + settings.name()
                        + "' was found through cluster-members " + settings.members() + " (start a node of it first)");
            }
            SlotTable first = SlotTable.initial(settings.members());
            tableMap.putIfAbsent(TABLE_KEY, first.toBytes());
            current = tableMap.get(TABLE_KEY);
        }
        mirror(current);
        if (table.nodeIndex(me) < 0) {
            if (!settings.join()) {
                throw new QuiverException(ErrorCode.BAD_REQUEST, "this node, " + me + ", is not in the running cluster's "
                        + "slot table (nodes " + table.nodes() + "): start it with --cluster-join to join it as a new node");
            }
            update(t -> t.withNode(me));
        }
        this.selfNode = table.nodeIndex(me);
        synchronized (this) { // the mirrors before this line made their views without the node's number
            routing = new Routing(new io.quiver.shard.SlotView(table.epoch(), table.owners(), selfNode), activeShards);
        }
    }

    /**
     * The table this node kept, put into the cluster manager when it holds none or an older one
     * (the nodes of a cluster restarted together each offer theirs: the newest stays). Migrations
     * under way when it was kept are left out: they ended with the processes.
     */
    private void restoreKept() {
        SlotTable saved;
        try {
            byte[] b = kept == null ? null : kept.load();
            if (b == null) {
                return;
            }
            SlotTable t = SlotTable.fromBytes(b);
            saved = new SlotTable(t.epoch(), t.nodes(), t.ranges(), List.of());
        } catch (Exception e) {
            log.warn("cluster: the slot table kept in {} is unreadable ({}); not used", kept.where(), e.toString());
            return;
        }
        byte[] bytes = saved.toBytes();
        for (int attempt = 0; attempt < 1000; attempt++) {
            byte[] current = tableMap.get(TABLE_KEY);
            if (current == null) {
                if (tableMap.putIfAbsent(TABLE_KEY, bytes) == null) {
                    log.info("cluster: the slot table is this node's kept copy (epoch {}, {} nodes) from {}", saved.epoch(),
                            saved.nodes().size(), kept.where());
                    return;
                }
            } else if (SlotTable.fromBytes(current).epoch() >= saved.epoch()) {
                return;
            } else if (tableMap.replace(TABLE_KEY, current, bytes)) {
                log.info("cluster: the slot table is this node's kept copy (epoch {}), newer than the one found", saved.epoch());
                return;
            }
        }
    }

    /** Writes {@code bytes} (the table just mirrored) to this node's data directory, replacing the last. */
    private void keep(byte[] bytes) {
        if (kept == null) {
            return;
        }
        try {
            kept.save(bytes);
        } catch (java.io.IOException e) {
            log.error("cluster: the slot table could not be kept in {}: {}", kept.where(), e.toString());
        }
    }

    /** Takes {@code bytes} as the table if its epoch is newer than the mirror's. */
    private synchronized void mirror(byte[] bytes) {
        if (bytes == null) {
            return;
        }
        SlotTable t = SlotTable.fromBytes(bytes);
        SlotTable old = table;
        if (old != null && t.epoch() <= old.epoch()) {
            return;
        }
        owner = t.owners();
        int[] nodes = t.activeNodes();
        int[] shards = new int[nodes.length * settings.shards()];
        for (int i = 0; i < shards.length; i++) {
            shards[i] = nodes[i / settings.shards()] * settings.shards() + i % settings.shards();
        }
        activeShards = shards;
        routing = new Routing(new io.quiver.shard.SlotView(t.epoch(), owner, selfNode), shards);
        table = t;
        keep(bytes);
        if (old != null) {
            log.info("cluster: slot table epoch {} ({} nodes, {} migrations)", t.epoch(), t.nodes().size(), t.migrations().size());
        }
        for (Consumer<SlotTable> l : tableListeners) {
            l.accept(t);
        }
    }

    /**
     * Changes the table: {@code change} applied to the newest one, put with compare-and-set (so a
     * change made meanwhile by another node is never overwritten: the change is applied again to
     * it), and mirrored here at once. Blocking. Returns the table written.
     */
    public SlotTable update(UnaryOperator<SlotTable> change) {
        for (int attempt = 0; ; attempt++) {
            byte[] old = tableMap.get(TABLE_KEY);
            SlotTable next = change.apply(SlotTable.fromBytes(old));
            byte[] bytes = next.toBytes();
            if (java.util.Arrays.equals(old, bytes) || tableMap.replace(TABLE_KEY, old, bytes)) {
                mirror(bytes);
                return next;
            }
            if (attempt > 1000) {
                throw new IllegalStateException("the slot table kept changing under this node");
            }
        }
    }

    /** Called (on a Hazelcast thread, or the updater's) with every newer table. */
    public void onTable(Consumer<SlotTable> listener) {
        tableListeners.add(listener);
    }

    /** This node's table as its shards see it (see {@link io.quiver.shard.SlotView}). */
    public io.quiver.shard.SlotView slotView() {
        return routing.view();
    }

    /** The table's view and active shards, of one table. */
    public Routing routing() {
        return routing;
    }

    public SlotTable table() {
        return table;
    }

    /**
     * Once a second, on a thread of its own: the mirror is read again from the table map and
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
        Set<String> current = new java.util.HashSet<>();
        for (Member m : hz.getCluster().getMembers()) {
            current.add(m.getUuid().toString());
        }
        live.addAll(current);
        live.retainAll(current);
        selfUuid = hz.getCluster().getLocalMember().getUuid().toString();
        byte[] t = tableMap.get(TABLE_KEY);
        if (t == null && table != null) {
            // every member that held it left at once (a merge, a restart of all): this node's copy is the newest known
            tableMap.putIfAbsent(TABLE_KEY, table.toBytes());
        } else {
            mirror(t);
        }
        if (claimed) {
            if (!selfUuid.equals(members.get(selfNode))) {
                log.info("cluster: claiming node {} again (the table had member {})", selfNode, members.get(selfNode));
                members.put(selfNode, selfUuid);
            }
            if (!Integer.valueOf(settings.shards()).equals(nodeShards.get(selfNode))) {
                nodeShards.put(selfNode, settings.shards());
            }
            String own = ownEndpoints;
            if (own != null && !own.equals(endpoints.get(selfNode))) {
                endpoints.put(selfNode, own);
            }
        }
        members.forEach(memberOf::put);
    }

    /**
     * Checks that the nodes already known run as many shards as this one (the slot rule needs it),
     * then claims this node's number: from now on other nodes send to its shards. Blocking (Hazelcast calls).
     */
    public void claimOwnShards() {
        nodeShards.forEach((node, shards) -> {
            if (node != selfNode && shards != settings.shards()) {
                throw new QuiverException(ErrorCode.BAD_REQUEST, "node " + address(node) + " runs " + shards
                        + " shards and this one " + settings.shards() + ": every node of a cluster needs the same 'shards'");
            }
        });
        nodeShards.put(selfNode, settings.shards());
        members.put(selfNode, selfUuid);
        memberOf.put(selfNode, selfUuid);
        claimed = true;
    }

    public ClusterSettings settings() {
        return settings;
    }

    /** This node's number in the slot table. */
    public int selfNode() {
        return selfNode;
    }

    /** Shards per node. */
    public int shardsPerNode() {
        return settings.shards();
    }

    /** The global shard numbers so far: every node of the table's shards (a node that joins adds some). */
    public int globalShards() {
        return table.nodes().size() * settings.shards();
    }

    /** Global shards of the nodes that own slots now (what a command over every shard asks). */
    public int[] activeShards() {
        return activeShards;
    }

    /** The first global shard of this node. */
    public int firstLocalShard() {
        return selfNode * settings.shards();
    }

    /** Node {@code node}'s Hazelcast address. */
    public String address(int node) {
        List<String> nodes = table.nodes();
        return node >= 0 && node < nodes.size() ? nodes.get(node) : "node " + node;
    }

    /**
     * Publishes this node's front-end ports for CLUSTER NODES/SLOTS/SHARDS (once they listen). Blocking
     * (a Hazelcast call); the repair loop puts it again where a merge lost it.
     */
    public void publishEndpoints(int respPort, int httpPort) {
        ownEndpoints = respPort + "," + httpPort;
        endpoints.put(selfNode, ownEndpoints);
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
        return owner[slot] * settings.shards() + slot % settings.shards();
    }

    /** The node that owns {@code slot} in the slot table. */
    public int nodeOfSlot(int slot) {
        return owner[slot];
    }

    /** This node's shard for global shard {@code g}, or -1 when another node owns it. */
    public int localIndex(int g) {
        return g / settings.shards() == selfNode ? g % settings.shards() : -1;
    }

    public int nodeOf(int g) {
        return g / settings.shards();
    }

    /** The member serving {@code g} if it is alive; else null. */
    public String liveOwner(int g) {
        String uuid = memberOf.get(g / settings.shards());
        return uuid != null && live.contains(uuid) ? uuid : null;
    }

    public boolean reachable(int g) {
        return localIndex(g) >= 0 || liveOwner(g) != null;
    }

    /** Whether node {@code node} is reachable now. */
    public boolean nodeReachable(int node) {
        return reachable(node * settings.shards());
    }

    /** The nodes that own slots and serve none now (not started, or gone), comma-separated; null when none. */
    public String missingNodes() {
        StringBuilder sb = new StringBuilder();
        for (int node : table.activeNodes()) {
            if (!nodeReachable(node)) {
                sb.append(sb.isEmpty() ? "" : ", ").append(address(node));
            }
        }
        return sb.isEmpty() ? null : sb.toString();
    }

    /** The slot migrations under way, as {@code first-last from->to} comma-separated; null when none. */
    public String migrationsUnderWay() {
        List<SlotTable.Migration> ms = table.migrations();
        if (ms.isEmpty()) {
            return null;
        }
        StringBuilder sb = new StringBuilder();
        for (SlotTable.Migration m : ms) {
            sb.append(sb.isEmpty() ? "" : ", ").append("slots ").append(m.first()).append('-').append(m.last())
                    .append(' ').append(address(m.from())).append("->").append(address(m.to()));
        }
        return sb.toString();
    }

    /** The error for a request that needs global shard {@code g} while its node is away. */
    public QuiverException down(int g) {
        int node = nodeOf(g);
        int first = node * settings.shards();
        return new QuiverException(ErrorCode.CLUSTER_DOWN, "The cluster is down: node " + address(node)
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
     * member is none of the table's nodes.
     */
    public int coordinatorNode() {
        for (Member m : hz.getCluster().getMembers()) {
            return table.nodeIndex(m.getAddress().getHost() + ":" + m.getAddress().getPort());
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
