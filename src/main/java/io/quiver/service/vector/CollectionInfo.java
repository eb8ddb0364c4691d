package io.quiver.service.vector;

import io.quiver.vector.CollectionConfig;
import io.quiver.vector.CollectionShardInfo;

import java.util.List;

/** A collection as collection info shows it: config, every shard's part, and the latest import. */
public record CollectionInfo(CollectionConfig config, List<CollectionShardInfo> shards, ImportStatus lastImport) {
    public long points() {
        return shards.stream().mapToLong(CollectionShardInfo::points).sum();
    }

    public long indexedVectors() {
        return shards.stream().mapToLong(CollectionShardInfo::indexedVectors).sum();
    }

    /** Heap the parts take (estimate). */
    public long memoryBytes() {
        return shards.stream().mapToLong(CollectionShardInfo::memoryBytes).sum();
    }

    /** float32 vectors held off the heap in memory-mapped files ({@code on_disk}). */
    public long mappedBytes() {
        return shards.stream().mapToLong(CollectionShardInfo::mappedBytes).sum();
    }
}
