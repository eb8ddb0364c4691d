package io.quiver.status;

/**
 * A shard's figures at one moment, for INFO, /health and metrics.
 *
 * @param collectionParts vector collection parts the shard holds
 * @param points          live points over those parts
 * @param vectorMemoryBytes estimated heap of those parts (points and graphs)
 * @param volatileKeys    keys that have an expiry
 * @param expiredKeys     keys removed so far because they expired
 * @param averageTtlMillis mean remaining time to live of the volatile keys
 */
public record ShardStats(int shard, long keys, long kvMemoryBytes, long opsExecuted, int collectionParts,
                         long points, long vectorMemoryBytes, long volatileKeys, long expiredKeys,
                         long averageTtlMillis) {
}
