package io.quiver.service.vector;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * The latest import into each collection, for collection info; shared by every event loop. An
 * import belongs to one incarnation of its collection (its epoch): a collection dropped and made
 * again shows no import it did not have.
 */
public final class ImportRegistry {
    private record Entry(long epoch, ImportStatus status) {
    }

    private final ConcurrentMap<String, Entry> latest = new ConcurrentHashMap<>();

    public void record(String collection, long epoch, ImportStatus status) {
        latest.put(collection, new Entry(epoch, status));
    }

    /** The latest import into that incarnation of the collection, or null. */
    public ImportStatus latest(String collection, long epoch) {
        Entry e = latest.get(collection);
        return e != null && e.epoch() == epoch ? e.status() : null;
    }
}
