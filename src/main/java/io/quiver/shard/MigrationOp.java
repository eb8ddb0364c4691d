package io.quiver.shard;

/**
 * Moving a range of hash slots between nodes (a node joining or leaving the cluster): the steps
 * the old owner's shard and the new owner's shard take, in the shard's order with its other
 * operations, which is what makes the switch exact. Never logged themselves: {@link Apply} and
 * {@link Purge} log the plain changes they make ({@link KvOp.Restore}, {@link KvOp.Delete}), so
 * recovery needs nothing new. They travel only in-process (the migration service turns its own
 * wire messages into them).
 *
 * <p>On the old owner: {@link Track} (from now on writes to keys of the range are noted), then
 * {@link Copy} step by step (the range's pairs), then {@link Drain} (the noted keys as they are
 * now) until few are left, then {@link Drain} with {@code fence}: the last noted keys, and from
 * that operation on the shard refuses the range's keys ({@link io.quiver.error.ErrorCode#SLOT_MOVED}),
 * so nothing is written there that the new owner has not got. On the new owner, each answer is
 * {@link Apply}ed, and {@link Own} makes the range its own before the slot table says so.
 * Afterwards the old owner {@link Purge}s the keys it no longer owns.
 *
 * <p>Collection points move with their slots: after the keys' copy, {@link CopyPoints} on the old
 * owner gives each collection's points of the range ({@link PointsChunk}) and {@link ApplyPoints}
 * puts them into the new owner's parts (its graph built there). While the range is tracked its
 * points do not change (a vector write to them answers TRYAGAIN, see {@link SlotGuard}), so no drain
 * is needed for them. Reads over every shard ({@link VectorOp.AtEpoch}) answer only for the points
 * of slots their table gives the shard's node, so the copies are not seen before the switch, and
 * wait while the old owner holds points it fenced away; {@link PurgePoints} removes those, once its
 * node's table has switched.
 */
public sealed interface MigrationOp<R> extends ShardOp<R> {

    /** Starts noting writes to keys of slots {@code [first, last]}. Reply: {@code true}. */
    record Track(int first, int last) implements MigrationOp<Boolean> {
        public boolean writes() { return false; }
    }

    /** Ends noting them and forgets what was noted (a migration given up). Reply: {@code true}. */
    record Untrack(int first, int last) implements MigrationOp<Boolean> {
        public boolean writes() { return false; }
    }

    /**
     * One step over database {@code db}'s table ({@code count} buckets from {@code cursor}): the live
     * pairs whose slot is in {@code [first, last]}. Reply: them, and where to go on from.
     */
    record Copy(int first, int last, int db, long cursor, int count) implements MigrationOp<MigrationChunk> {
        public boolean writes() { return false; }
    }

    /**
     * The keys noted since the last drain, as they are now (a pair, or gone); with {@code fence}
     * the range is this shard's no more: its keys are refused from this operation on, and noting ends.
     */
    record Drain(int first, int last, boolean fence) implements MigrationOp<MigrationChunk> {
        public boolean writes() { return false; }
    }

    /** Stores a chunk's pairs (replacing) and removes its gone keys, logging both. Reply: pairs stored + keys removed. */
    record Apply(MigrationChunk chunk) implements MigrationOp<Long> {
        public boolean writes() { return true; }
    }

    /** Slots {@code [first, last]} are this shard's ({@code owned}) or not. Reply: {@code true}. */
    record Own(int first, int last, boolean owned) implements MigrationOp<Boolean> {
        public boolean writes() { return false; }
    }

    /**
     * One step over database {@code db}'s table removing the pairs of slots {@code [first, last]}
     * that this shard does not own (the old owner after a switch, or the new one after a migration
     * given up), logged as deletes. Reply: the chunk's cursor and next database (no pairs).
     */
    record Purge(int first, int last, int db, long cursor, int count) implements MigrationOp<MigrationChunk> {
        public boolean writes() { return true; }
    }

    /**
     * The points of slots {@code [first, last]} of the first collection (by name) after {@code after}
     * (null: the first of all). Reply: them as operations, or no collection when none is left.
     */
    record CopyPoints(int first, int last, String after) implements MigrationOp<PointsChunk> {
        public boolean writes() { return false; }
    }

    /**
     * Puts a {@link PointsChunk}'s points into this shard's part (creating it when the shard has
     * none; skipped when the collection was dropped meanwhile), logged as they apply. The slots'
     * points are foreign here until the table gives them to this node. Reply: points put.
     */
    record ApplyPoints(int first, int last, java.util.List<VectorOp<?>> ops) implements MigrationOp<Long> {
        public boolean writes() { return true; }
    }

    /**
     * Deletes every collection's points of slots {@code [first, last]} this shard does not own
     * (logged as deletes): the old owner's after the switch, or the new owner's copies of a move
     * given up. Reply: points deleted, or -1 (nothing done) while this node's table still gives it
     * one of the slots (the switch has not reached its mirror yet: the driver asks again).
     */
    record PurgePoints(int first, int last) implements MigrationOp<Long> {
        public boolean writes() { return true; }
    }
}
