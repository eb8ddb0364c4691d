package io.quiver.shard;

import io.quiver.error.ErrorCode;
import io.quiver.error.QuiverException;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * What a cluster node's shard knows of the slot table: the hash slots it owns (an operation on a
 * key of any other slot is refused with {@link ErrorCode#SLOT_MOVED} before it runs: it was
 * routed by a table older than the switch, and its router sends it on), and the slots being
 * copied away, whose written keys it notes for the next {@link MigrationOp.Drain}. On the shard's
 * thread only. A shard of a single server has none: it owns everything.
 */
final class SlotGuard {
    private final BitSet owned = new BitSet(KeyHash.SLOTS);
    private final BitSet tracked = new BitSet(KeyHash.SLOTS);
    /**
     * Slots whose collection points this shard holds without owning them, two ways: copied in by a
     * move still under way ({@code incoming}: reads answer without them), and fenced away but not
     * yet purged ({@code stale}: reads over the whole shard wait, see {@link VectorOp.AtEpoch}).
     */
    private final BitSet incoming = new BitSet(KeyHash.SLOTS);
    private final BitSet stale = new BitSet(KeyHash.SLOTS);
    /** Keys written in tracked slots since the last drain, with their database. */
    private final Set<Noted> noted = new LinkedHashSet<>();

    record Noted(int db, ByteBuffer key) {
    }

    /** Refuses {@code op} if it names a key of a slot not owned here; notes its keys in tracked slots if it writes. */
    void admit(ShardOp<?> op) {
        if (!tracked.isEmpty() && (op instanceof AdminOp.FlushAll || op instanceof AdminOp.SwapDb
                || op instanceof KvOp.FlushDb || op instanceof KvOp.InDb<?> d && d.op() instanceof KvOp.FlushDb)) {
            throw new QuiverException(ErrorCode.TRY_AGAIN,
                    "a FLUSHALL, FLUSHDB or SWAPDB cannot run while slots migrate away from this node; retry when CLUSTER INFO shows none");
        }
        if (op instanceof VectorOp<?> v) {
            admitVector(v);
            return;
        }
        byte[][] keys = OpKeys.of(op);
        if (keys.length == 0) {
            return;
        }
        for (byte[] k : keys) {
            int slot = KeyHash.slot(k);
            if (!owned.get(slot)) {
                throw new QuiverException(ErrorCode.SLOT_MOVED, "slot " + slot + " is not served by this node (moved)");
            }
        }
        if (op.writes() && !tracked.isEmpty()) {
            if (op instanceof AdminOp.MoveKey m) {
                note(m.from(), m.key());
                note(m.to(), m.key());
                return;
            }
            int db = OpKeys.dbOf(op);
            for (byte[] k : keys) {
                note(db, k);
            }
        }
    }

    /**
     * A vector operation: one naming points of slots not owned here is refused as moved (its router
     * sends it on); a write to points of slots being copied away is refused with TRYAGAIN (their
     * points are copied as they are, so they must not change until the switch), as is a write over
     * a whole part (by filter, a payload index, a part's restore) while any slot is being copied.
     * Creating, reconfiguring and dropping a collection go on: every shard gets them.
     */
    private void admitVector(VectorOp<?> op) {
        byte[][] keys = OpKeys.pointKeys(op);
        for (byte[] k : keys) {
            int slot = KeyHash.slot(k);
            if (!owned.get(slot)) {
                throw new QuiverException(ErrorCode.SLOT_MOVED, "slot " + slot + " is not served by this node (moved)");
            }
        }
        if (!op.writes() || tracked.isEmpty()) {
            return;
        }
        if (keys.length == 0) {
            if (!(op instanceof VectorOp.CreateCollection || op instanceof VectorOp.Reconfigure
                    || op instanceof VectorOp.DropCollection || op instanceof VectorOp.DropAll)) {
                throw new QuiverException(ErrorCode.TRY_AGAIN, "points are moving between cluster nodes: a write over a "
                        + "whole collection waits until the move ends; retry when CLUSTER INFO shows no migration");
            }
            return;
        }
        for (byte[] k : keys) {
            int slot = KeyHash.slot(k);
            if (tracked.get(slot)) {
                throw new QuiverException(ErrorCode.TRY_AGAIN, "the points of slot " + slot
                        + " are moving between cluster nodes; retry when CLUSTER INFO shows no migration");
            }
        }
    }

    void incoming(int first, int last, boolean on) {
        incoming.set(first, last + 1, on);
    }

    void stale(int first, int last, boolean on) {
        stale.set(first, last + 1, on);
    }

    /** Whether this shard holds points of slots it gave away and has not purged yet. */
    boolean holdsStale() {
        return !stale.isEmpty();
    }

    /**
     * Whether this shard may hold points of slots {@code view} does not give its node (copied in by a
     * move); slots {@code view} gives it are forgotten here (the move switched them).
     */
    boolean holdsForeign(SlotView view) {
        for (int s = incoming.nextSetBit(0); s >= 0; s = incoming.nextSetBit(s + 1)) {
            if (view.owns(s)) {
                incoming.clear(s);
            }
        }
        return !incoming.isEmpty();
    }

    private void note(int db, byte[] key) {
        if (tracked.get(KeyHash.slot(key))) {
            noted.add(new Noted(db, ByteBuffer.wrap(key)));
        }
    }

    void own(int first, int last, boolean on) {
        owned.set(first, last + 1, on);
    }

    boolean owns(int slot) {
        return owned.get(slot);
    }

    void track(int first, int last, boolean on) {
        tracked.set(first, last + 1, on);
        if (!on) {
            noted.removeIf(n -> slotOf(n) >= first && slotOf(n) <= last);
        }
    }

    /** The noted keys of slots {@code [first, last]}, forgotten here. */
    List<Noted> drain(int first, int last) {
        List<Noted> out = new ArrayList<>();
        for (var it = noted.iterator(); it.hasNext(); ) {
            Noted n = it.next();
            int slot = slotOf(n);
            if (slot >= first && slot <= last) {
                out.add(n);
                it.remove();
            }
        }
        return out;
    }

    private static int slotOf(Noted n) {
        return KeyHash.slot(n.key().array());
    }
}
