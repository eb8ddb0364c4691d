package io.quiver.service;

import io.quiver.client.ShardClient;
import io.quiver.error.QuiverException;
import io.quiver.service.vector.VectorService;
import io.quiver.shard.AdminOp;
import io.quiver.status.PersistenceStats;
import io.quiver.status.QueueStats;
import io.quiver.status.ShardStats;
import io.quiver.status.SnapshotInfo;
import io.vertx.core.Future;

import java.util.List;

/**
 * The server as a whole, as both front ends offer it: flushing everything, the shards' figures,
 * snapshots, and the overload protection's state. Used on its client's event loop only.
 */
public final class AdminService {
    private final ShardClient shards;
    private final VectorService vectors;

    AdminService(ShardClient shards, VectorService vectors) {
        this.shards = shards;
        this.vectors = vectors;
    }

    /** Removes every key and every collection (FLUSHALL; Quiver has one database). */
    public Future<Void> flushAll() {
        return shards.broadcast(new AdminOp.FlushAll()).compose(v -> vectors.dropAll());
    }

    /** Every shard's figures, in shard order; fails when a shard does not answer. */
    public Future<List<ShardStats>> stats() {
        return shards.broadcast(new AdminOp.Stats());
    }

    /**
     * Every shard's figures, in shard order, each on its own: a shard that does not answer (its
     * cluster node is down, its queue is full) is its failure, and the others are still there. For
     * a view of the server that must stay up while part of it is not (the console).
     */
    public Future<List<Answer<ShardStats>>> statsOfEach() {
        return each(new AdminOp.Stats());
    }

    /** Every shard's persistence figures, each on its own, as {@link #statsOfEach}. */
    public Future<List<Answer<PersistenceStats>>> persistenceStatsOfEach() {
        return each(new AdminOp.PersistenceInfo());
    }

    /** One shard's answer: its reply, or why there is none. */
    public record Answer<R>(R reply, Throwable failure) {
        public boolean answered() {
            return failure == null;
        }
    }

    private <R> Future<List<Answer<R>>> each(io.quiver.shard.ShardOp<R> op) {
        List<Future<R>> replies = new java.util.ArrayList<>();
        for (int s = 0; s < shards.shardCount(); s++) {
            replies.add(shards.send(s, op));
        }
        return Future.join(replies).transform(done -> Future.succeededFuture(replies.stream()
                .map(f -> f.succeeded() ? new Answer<>(f.result(), null) : new Answer<R>(null, f.cause())).toList()));
    }

    /** DEBUG SLEEP: every shard does nothing for {@code millis}, in parallel. */
    /** DEBUG SET-ACTIVE-EXPIRE: whether the shards reclaim expired keys nobody touches (tests turn it off). */
    public Future<Void> setActiveExpire(boolean on) {
        return shards.broadcast(new AdminOp.SetActiveExpire(on)).mapEmpty();
    }

    public Future<Void> sleep(long millis) {
        return shards.broadcast(new AdminOp.Sleep(millis)).mapEmpty();
    }

    /**
     * Snapshots every shard; with {@code waitUntilWritten} the future completes once every file is
     * on disk, else once every shard has taken its copy. CONFLICT when persistence is off.
     */
    public Future<List<SnapshotInfo>> snapshot(boolean waitUntilWritten) {
        return shards.broadcast(new AdminOp.Snapshot(waitUntilWritten));
    }

    public Future<List<PersistenceStats>> persistenceStats() {
        return shards.broadcast(new AdminOp.PersistenceInfo());
    }

    /** The overload protection's figures now. */
    public QueueStats queues() {
        return shards.load().stats();
    }

    /** Whether a memory limit is set at all (so a front end can skip the check when not). */
    public boolean memoryLimited() {
        return shards.load().maxMemory() > 0;
    }

    /** CONFIG SET maxmemory: the limit every shard client checks from now on (0: none); not written back to the configuration. */
    public void setMaxMemory(long bytes) {
        shards.load().setMaxMemory(bytes);
    }

    /** Throws Redis's OOM refusal, counted, when the data is over {@code max-memory}. */
    public void checkMemory() {
        shards.load().checkMemory();
    }

    /** The OOM refusal, counted (for a front end that found the data over its limit). */
    public QuiverException outOfMemory() {
        return shards.load().outOfMemory();
    }
}
