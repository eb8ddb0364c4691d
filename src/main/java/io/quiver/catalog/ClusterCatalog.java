package io.quiver.catalog;

import com.hazelcast.core.EntryEvent;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.EntryProcessor;
import com.hazelcast.map.IMap;
import com.hazelcast.map.listener.EntryAddedListener;
import com.hazelcast.map.listener.EntryRemovedListener;
import com.hazelcast.map.listener.EntryUpdatedListener;
import io.quiver.error.ErrorCode;
import io.quiver.error.QuiverException;
import io.quiver.vector.CollectionConfig;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.function.Supplier;

/**
 * The catalog of a cluster: one Hazelcast {@link IMap} of every collection, changed only by entry
 * processors (run on the key's partition owner, one at a time per key, so two nodes racing for a
 * name agree on one config) and mirrored on every node into a local map by an entry listener, so
 * reads ({@link #get}, on every vector request's path) never leave the JVM. Epochs come from a
 * cluster-wide counter (an entry processor on one key), above every epoch any node's data has seen.
 *
 * <p>Creating or dropping a collection needs every node: each holds a part of it. While a node is
 * away ({@code missingNodes} names it) such changes are refused with CLUSTERDOWN before anything
 * changes, never half done.
 *
 * <p>Configs are stored in the binary form of the shard ops (the {@link Codec} the server gives),
 * so the map holds plain byte arrays and no class of ours but the two processors crosses the wire.
 */
public final class ClusterCatalog implements Catalog {
    static final String MAP = "quiver.catalog";
    static final String EPOCHS = "quiver.catalog-epochs";
    private static final String EPOCH_KEY = "epoch";

    /** How a config travels (the server's wire form of a collection's config). */
    public interface Codec {
        byte[] encode(CollectionConfig config);

        CollectionConfig decode(byte[] bytes);
    }

    private final IMap<String, byte[]> map;
    private final IMap<String, Long> epochs;
    private final Codec codec;
    private final Supplier<String> missingNodes;
    private final Supplier<String> slotsMoving;
    private final ConcurrentMap<String, CollectionConfig> mirror = new ConcurrentHashMap<>();

    /**
     * @param missingNodes the configured nodes that are not members now (for the refusal), or null
     *                     when every node is there
     * @param slotsMoving  the slot migrations under way (a collection created then would leave its
     *                     points of the moving slots behind: they do not move), or null when none
     */
    public ClusterCatalog(HazelcastInstance hz, Codec codec, Supplier<String> missingNodes, Supplier<String> slotsMoving) {
        this.slotsMoving = slotsMoving;
        this.map = hz.getMap(MAP);
        this.epochs = hz.getMap(EPOCHS);
        this.codec = codec;
        this.missingNodes = missingNodes;
        map.addEntryListener(new Mirror(), true);
        for (Map.Entry<String, byte[]> e : map.entrySet()) {
            mirror.put(e.getKey(), codec.decode(e.getValue()));
        }
    }

    private final class Mirror implements EntryAddedListener<String, byte[]>, EntryUpdatedListener<String, byte[]>,
            EntryRemovedListener<String, byte[]> {
        @Override
        public void entryAdded(EntryEvent<String, byte[]> e) {
            mirror.put(e.getKey(), codec.decode(e.getValue()));
        }

        @Override
        public void entryUpdated(EntryEvent<String, byte[]> e) {
            mirror.put(e.getKey(), codec.decode(e.getValue()));
        }

        @Override
        public void entryRemoved(EntryEvent<String, byte[]> e) {
            mirror.remove(e.getKey());
        }
    }

    @Override
    public CollectionConfig get(String name) {
        return mirror.get(name);
    }

    @Override
    public boolean isEmpty() {
        return mirror.isEmpty();
    }

    @Override
    public List<String> names() {
        List<String> names = new ArrayList<>(mirror.keySet());
        names.sort(null);
        return names;
    }

    @Override
    public Future<Claim> claim(CollectionConfig config) {
        CollectionConfig existing = mirror.get(config.name());
        if (existing != null) {
            return Future.succeededFuture(new Claim(existing, false));
        }
        QuiverException away = refusalWhileAway("created");
        if (away != null) {
            return Future.failedFuture(away);
        }
        String moving = slotsMoving.get();
        if (moving != null) {
            return Future.failedFuture(new QuiverException(ErrorCode.TRY_AGAIN, "collections cannot be created while slots "
                    + "move between nodes (" + moving + "): their points would not move with them; retry when CLUSTER INFO "
                    + "shows no migration"));
        }
        Context context = Vertx.currentContext();
        return on(context, epochs.submitToKey(EPOCH_KEY, new NextEpoch(0))).compose(epoch -> {
            CollectionConfig fresh = config.withEpoch(epoch);
            return on(context, map.submitToKey(config.name(), new PutIfAbsent(codec.encode(fresh)))).map(raced -> {
                CollectionConfig winner = raced == null ? fresh : codec.decode(raced);
                mirror.put(winner.name(), winner);
                return new Claim(winner, raced == null);
            });
        });
    }

    @Override
    public Future<CollectionConfig> update(String name, java.util.function.UnaryOperator<CollectionConfig> change) {
        CollectionConfig current = mirror.get(name);
        if (current == null) {
            return Future.succeededFuture(null);
        }
        CollectionConfig next;
        try {
            next = change.apply(current);
        } catch (RuntimeException e) {
            return Future.failedFuture(e);
        }
        byte[] expected = codec.encode(current), replacement = codec.encode(next);
        return on(Vertx.currentContext(), map.submitToKey(name, new ReplaceIf(expected, replacement))).compose(done -> {
            if (!done) {
                return Future.failedFuture(new QuiverException(ErrorCode.TRY_AGAIN,
                        "collection " + name + " was changed by another request meanwhile; retry"));
            }
            mirror.put(name, next);
            return Future.succeededFuture(next);
        });
    }

    @Override
    public Future<CollectionConfig> remove(String name) {
        if (!mirror.containsKey(name)) {
            return Future.succeededFuture(null);
        }
        QuiverException away = refusalWhileAway("dropped");
        if (away != null) {
            return Future.failedFuture(away);
        }
        return on(Vertx.currentContext(), map.removeAsync(name)).map(bytes -> {
            mirror.remove(name);
            return bytes == null ? null : codec.decode(bytes);
        });
    }

    @Override
    public Future<List<CollectionConfig>> clear() {
        if (mirror.isEmpty()) {
            return Future.succeededFuture(List.of());
        }
        QuiverException away = refusalWhileAway("dropped");
        if (away != null) {
            return Future.failedFuture(away);
        }
        List<Future<CollectionConfig>> removed = new ArrayList<>();
        for (String name : new ArrayList<>(mirror.keySet())) {
            removed.add(remove(name));
        }
        return Future.all(removed).map(cf -> {
            List<CollectionConfig> out = new ArrayList<>();
            for (int i = 0; i < cf.size(); i++) {
                CollectionConfig c = cf.resultAt(i);
                if (c != null) {
                    out.add(c);
                }
            }
            return out;
        });
    }

    /**
     * This node's collections (from its data directory) join the cluster's: a name the cluster
     * does not know yet is added, one it knows keeps the cluster's config; epochs continue above
     * the highest this node has seen. Blocking (Hazelcast calls), at start.
     */
    @Override
    public void restore(List<CollectionConfig> configs, long highestEpochSeen) {
        long highest = highestEpochSeen;
        for (CollectionConfig c : configs) {
            highest = Math.max(highest, c.epoch());
        }
        epochs.executeOnKey(EPOCH_KEY, new NextEpoch(highest));
        for (CollectionConfig c : configs) {
            byte[] raced = map.executeOnKey(c.name(), new PutIfAbsent(codec.encode(c)));
            mirror.put(c.name(), raced == null ? c : codec.decode(raced));
        }
    }

    private QuiverException refusalWhileAway(String what) {
        String missing = missingNodes.get();
        return missing == null ? null : new QuiverException(ErrorCode.CLUSTER_DOWN,
                "The cluster is down: collections cannot be " + what + " while node " + missing
                        + " is away (every node holds a part of each collection)");
    }

    private static <T> Future<T> on(Context context, CompletionStage<T> stage) {
        return context == null ? Future.fromCompletionStage(stage) : Future.fromCompletionStage(stage, context);
    }

    /**
     * The collections (and vector sets) the cluster holds, read from the cluster manager directly: for
     * a node deciding whether it may join, before it has a catalog of its own.
     */
    public static java.util.Set<String> namesIn(HazelcastInstance hz) {
        return new java.util.TreeSet<>(hz.<String, byte[]>getMap(MAP).keySet());
    }

    /** Sets the value if there is none; returns the value that was there (null: this one was set). */
    static final class PutIfAbsent implements EntryProcessor<String, byte[], byte[]>, Serializable {
        private static final long serialVersionUID = 1L;
        private final byte[] value;

        PutIfAbsent(byte[] value) {
            this.value = value;
        }

        @Override
        public byte[] process(Map.Entry<String, byte[]> entry) {
            byte[] existing = entry.getValue();
            if (existing != null) {
                return existing;
            }
            entry.setValue(value);
            return null;
        }
    }

    /** Sets the value if it is still {@code expected}; returns whether it did. */
    static final class ReplaceIf implements EntryProcessor<String, byte[], Boolean>, Serializable {
        private static final long serialVersionUID = 1L;
        private final byte[] expected;
        private final byte[] value;

        ReplaceIf(byte[] expected, byte[] value) {
            this.expected = expected;
            this.value = value;
        }

        @Override
        public Boolean process(Map.Entry<String, byte[]> entry) {
            if (entry.getValue() == null || !java.util.Arrays.equals(entry.getValue(), expected)) {
                return false;
            }
            entry.setValue(value);
            return true;
        }
    }

    /** The counter becomes at least {@code floor}, then one more; returns the new value. */
    static final class NextEpoch implements EntryProcessor<String, Long, Long>, Serializable {
        private static final long serialVersionUID = 1L;
        private final long floor;

        NextEpoch(long floor) {
            this.floor = floor;
        }

        @Override
        public Long process(Map.Entry<String, Long> entry) {
            long next = Math.max(entry.getValue() == null ? 0 : entry.getValue(), floor) + 1;
            entry.setValue(next);
            return next;
        }
    }
}
