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
 * @param databases       the figures of each database that holds keys, ascending (the others sum them)
 */
public record ShardStats(int shard, long keys, long kvMemoryBytes, long opsExecuted, int collectionParts,
                         long points, long vectorMemoryBytes, long volatileKeys, long expiredKeys,
                         long averageTtlMillis, java.util.List<DbKeys> databases) {

    public ShardStats {
        databases = java.util.List.copyOf(databases);
    }

    /** A shard whose keys are all in database 0. */
    public ShardStats(int shard, long keys, long kvMemoryBytes, long opsExecuted, int collectionParts,
                      long points, long vectorMemoryBytes, long volatileKeys, long expiredKeys, long averageTtlMillis) {
        this(shard, keys, kvMemoryBytes, opsExecuted, collectionParts, points, vectorMemoryBytes, volatileKeys,
                expiredKeys, averageTtlMillis,
                keys > 0 ? java.util.List.of(new DbKeys(0, keys, volatileKeys, averageTtlMillis)) : java.util.List.of());
    }

    /** One database's keys on one shard (INFO keyspace's {@code dbN:keys=..,expires=..,avg_ttl=..}). */
    public record DbKeys(int db, long keys, long volatileKeys, long averageTtlMillis) {
    }
}
