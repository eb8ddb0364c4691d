package io.quiver.shard;

import java.util.List;

/**
 * One collection's points of a slot range on one shard, moving to the range's new owner
 * ({@link MigrationOp.CopyPoints}): the operations that put them into that shard's part as they
 * are stored here (the part's creation, its points in chunks, its payload indexes; see
 * {@link PartCapture#opsOfSlots}).
 *
 * @param collection the collection's name; null when no collection is left after the one asked about
 * @param points     how many points {@code ops} put
 */
public record PointsChunk(String collection, int points, List<VectorOp<?>> ops) {
}
