package io.quiver.router;

import io.quiver.vector.CollectionConfig;
import io.vertx.core.Vertx;
import io.vertx.core.shareddata.LocalMap;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Which collections exist, with their config: the one authority every front end consults before
 * sending vector work to the shards. Creating a collection claims its name here atomically, so two
 * front ends racing to create one agree on a single config, which is then broadcast to every shard.
 * Backed by a Vert.x local map (a concurrent map shared by the verticles of one Vert.x instance).
 */
public final class VectorCatalog {
    private static final String MAP = "quiver.vector.catalog";
    /** Numbers every creation (see {@link CollectionConfig#epoch}); increasing for the JVM's life. */
    private static final AtomicLong EPOCHS = new AtomicLong();
    private final LocalMap<String, CatalogEntry> entries;

    private VectorCatalog(LocalMap<String, CatalogEntry> entries) {
        this.entries = entries;
    }

    public static VectorCatalog of(Vertx vertx) {
        return new VectorCatalog(vertx.sharedData().getLocalMap(MAP));
    }

    /** The entry for a name, or null. */
    public CatalogEntry get(String name) {
        return entries.get(name);
    }

    /** Creates the collection with a new epoch; null when the name is taken. */
    CatalogEntry create(CollectionConfig config) {
        CatalogEntry fresh = new CatalogEntry(config.withEpoch(EPOCHS.incrementAndGet()), null);
        return entries.putIfAbsent(config.name(), fresh) == null ? fresh : null;
    }

    /** An entry, and whether this call created it. */
    record Claimed(CatalogEntry entry, boolean created) {
    }

    /** The entry for the config's name, created (with a new epoch) if there is none. */
    Claimed getOrCreate(CollectionConfig config) {
        CatalogEntry e = entries.get(config.name());
        if (e != null) {
            return new Claimed(e, false);
        }
        CatalogEntry fresh = new CatalogEntry(config.withEpoch(EPOCHS.incrementAndGet()), null);
        CatalogEntry old = entries.putIfAbsent(config.name(), fresh);
        return old == null ? new Claimed(fresh, true) : new Claimed(old, false);
    }

    /** Removes a collection; returns its entry (whose epoch the shards are told), or null. */
    CatalogEntry remove(String name) {
        return entries.remove(name);
    }

    /**
     * Removes every collection, one entry at a time, and returns what it removed: a collection
     * created meanwhile is either in the list (and dropped on the shards) or stays, never half.
     */
    List<CatalogEntry> clear() {
        List<CatalogEntry> removed = new ArrayList<>();
        for (String name : new ArrayList<>(entries.keySet())) {
            CatalogEntry e = entries.remove(name);
            if (e != null) {
                removed.add(e);
            }
        }
        return removed;
    }

    /**
     * At start, after recovery: the collections the shards hold, and epochs that continue above
     * every epoch the data directory has seen (parts, drops), so a new creation never reuses one.
     */
    public void restore(List<CollectionConfig> configs, long highestEpochSeen) {
        EPOCHS.accumulateAndGet(highestEpochSeen, Math::max);
        for (CollectionConfig c : configs) {
            EPOCHS.accumulateAndGet(c.epoch(), Math::max);
            entries.put(c.name(), new CatalogEntry(c, null));
        }
    }

    /** Records an import's status on the entry, if the collection still exists. */
    void recordImport(String name, ImportStatus status) {
        entries.computeIfPresent(name, (k, e) -> e.withImport(status));
    }

    public List<String> names() {
        List<String> names = new ArrayList<>(entries.keySet());
        names.sort(null);
        return names;
    }
}
