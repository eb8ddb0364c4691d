package io.quiver.vector;

/**
 * One shard's part of a collection, for collection info.
 *
 * @param shard          the shard's index
 * @param points         live points
 * @param indexedVectors live points reachable through the graph (0 while the part is flat)
 * @param indexState     {@code flat} or {@code graph}
 * @param deletedPending deleted graph nodes not yet removed by jvector's cleanup
 * @param memoryBytes    estimated heap used by vectors (those on the heap), codes, ids, payloads and the graph
 * @param graphOrigin    {@code loaded} (the graph came from a snapshot, not rebuilt), {@code built}
 *                       (built by inserting, in this run: new, replayed from the log, or re-sharded)
 *                       or {@code none}
 * @param mappedBytes    float32 vectors held off the heap in memory-mapped files ({@code on_disk}); 0 otherwise
 */
public record CollectionShardInfo(int shard, long points, long indexedVectors, String indexState,
                                  long deletedPending, long memoryBytes, String graphOrigin, long mappedBytes) {
}
