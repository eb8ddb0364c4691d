package io.quiver.shard;

import java.util.List;

/**
 * Pairs moving to a slot range's new owner: each as the store's own entry bytes (key, type,
 * value, expiry: {@link io.quiver.kv.KvEntry}), with the database it is in; and keys that are
 * gone since they were copied. For a step over a table, where to go on from.
 *
 * @param cursor  the table cursor to go on from in {@code db}; 0 when {@code db} is done
 * @param nextDb  the database to go on with when {@code cursor} is 0; -1 when every one is done
 */
public record MigrationChunk(int db, long cursor, int nextDb, List<Pair> pairs, List<Pair> gone) {
    /** An entry (or, in {@code gone}, a key) in database {@code db}. */
    public record Pair(int db, byte[] bytes) {
    }

    public int size() {
        return pairs.size() + gone.size();
    }
}
