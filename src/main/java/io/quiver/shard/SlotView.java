package io.quiver.shard;

/**
 * A cluster node's slot table as one of its shards sees it at one moment: the table's epoch and
 * the node that owns each slot. A vector read that spans every shard ({@link VectorOp.AtEpoch})
 * carries the epoch of the table its router read; a shard answers it only from a table of that
 * same epoch, and only for the points of slots that table gives its node, so every point is
 * answered exactly once across the cluster even while slots move (see {@link MigrationOp}).
 *
 * @param epoch  the table's epoch
 * @param owners the owning node of each of the 16,384 slots (not to be changed)
 * @param self   this node's number
 */
public record SlotView(long epoch, short[] owners, int self) {
    public boolean owns(int slot) {
        return owners[slot] == self;
    }
}
