package io.quiver.router;

import io.quiver.vector.CollectionConfig;
import io.vertx.core.Vertx;
import io.vertx.core.shareddata.LocalMap;

import java.util.ArrayList;
import java.util.List;

/**
 * Which collections exist, with their config: the one authority every front end consults before
 * sending vector work to the shards. Creating a collection claims its name here atomically, so two
 * front ends racing to create one agree on a single config, which is then broadcast to every shard.
 * Backed by a Vert.x local map (a concurrent map shared by the verticles of one Vert.x instance).
 */
public final class VectorCatalog {
    private static final String MAP = "quiver.vector.catalog";
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

    /** Claims a name; returns the entry that won: the given one, or the one that was there. */
    CatalogEntry claim(CollectionConfig config) {
        CatalogEntry fresh = new CatalogEntry(config, null);
        CatalogEntry old = entries.putIfAbsent(config.name(), fresh);
        return old == null ? fresh : old;
    }

    boolean remove(String name) {
        return entries.remove(name) != null;
    }

    void clear() {
        entries.clear();
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
