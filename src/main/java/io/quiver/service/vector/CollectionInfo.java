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

    public long memoryBytes() {
        return shards.stream().mapToLong(CollectionShardInfo::memoryBytes).sum();
    }
}
