package io.quiver.shard;

import io.quiver.error.ErrorCode;
import io.quiver.error.QuiverException;
import io.quiver.status.PersistenceStats;
import io.quiver.status.SnapshotInfo;

import java.util.function.Consumer;

/**
 * What a {@link Shard} tells its persistence: every change it made, in order, in canonical form
 * (as Redis's handlers propagate a deterministic command rather than the request), and the
 * requests it gets for snapshots. Every method is called on the shard's own thread.
 *
 * <p>The shard decides what a change is (a SET NX that stored nothing is no change; a SET NX that
 * stored is logged as a plain SET); the journal decides how it becomes durable. Replaying the
 * logged ops through {@link Shard#execute} rebuilds the same state. {@link #NONE} keeps nothing:
 * persistence off, recovery replay, tests of the shard alone.
 */
public interface ShardJournal {

    /** Throws when a write could not be made durable (the log failed), before the shard applies it. */
    void checkWritable();

    /** Records one change the shard has just applied. */
    void append(ShardOp<?> change);

    /**
     * Ends a batch: hands its changes to the log, then calls {@code reply} once the fsync policy
     * allows (at once, or after the fsync that covers them for {@code appendfsync always}).
     */
    void commit(ShardResults results, Consumer<ShardResults> reply);

    /**
     * {@link AdminOp.Snapshot}: takes the copy now; returns what the copy holds, or, when
     * {@code waitUntilWritten}, a {@link PendingReply} that {@link #commit} resolves to the written
     * snapshot's {@link SnapshotInfo}.
     */
    Object snapshot(Shard shard, boolean waitUntilWritten);

    /** Called about once a second on the shard's thread: time- and size-based snapshots. */
    void tick(Shard shard);

    PersistenceStats stats();

    /** The sequence number the next logged record gets (0 when nothing is logged): transactions name it. */
    default long nextSeq() {
        return 0;
    }

    ShardJournal NONE = new ShardJournal() {
        @Override
        public void checkWritable() {
        }

        @Override
        public void append(ShardOp<?> change) {
        }

        @Override
        public void commit(ShardResults results, Consumer<ShardResults> reply) {
            reply.accept(results);
        }

        @Override
        public Object snapshot(Shard shard, boolean waitUntilWritten) {
            throw new QuiverException(ErrorCode.CONFLICT, "persistence is off (configuration key 'persistence')");
        }

        @Override
        public void tick(Shard shard) {
        }

        @Override
        public PersistenceStats stats() {
            return PersistenceStats.OFF;
        }
    };
}
