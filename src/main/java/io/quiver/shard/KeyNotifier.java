package io.quiver.shard;

import io.quiver.config.KeyspaceEventFlags;
import io.quiver.kv.KvEntry;

/**
 * A database's side of {@link KeyspaceEvents}: its number (which SWAPDB changes) and the node's
 * events, for the executors of that database to fire Redis's events with.
 */
final class KeyNotifier {
    KeyspaceEvents events = KeyspaceEvents.OFF;
    int db;

    KeyNotifier(int db) {
        this.db = db;
    }

    void fire(int type, String event, byte[] key) {
        events.fire(type, event, db, key);
    }

    /** Whether a new-key event would be published: the caller then looks whether the key exists first. */
    boolean wantsNew() {
        return events.wants(KeyspaceEventFlags.NEW);
    }

    void fireNew(byte[] key) {
        events.fire(KeyspaceEventFlags.NEW, "new", db, key);
    }

    /** A read found no {@code key} (Redis's {@code keymiss}, class m); {@code entry} is what the store gave. */
    void missIfAbsent(Object entry, byte[] key) {
        if (entry == null) {
            events.fire(KeyspaceEventFlags.KEY_MISS, "keymiss", db, key);
        }
    }

    /** The store's expiry listener: Redis's {@code expired} event. */
    void expired(byte[] entry) {
        if (events.wants(KeyspaceEventFlags.EXPIRED)) {
            events.fire(KeyspaceEventFlags.EXPIRED, "expired", db, KvEntry.key(entry));
        }
    }
}
