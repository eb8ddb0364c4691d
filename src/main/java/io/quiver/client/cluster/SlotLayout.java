package io.quiver.client.cluster;

import io.quiver.shard.KeyHash;

import java.util.ArrayList;
import java.util.List;

/**
 * Which node owns each of Redis Cluster's 16,384 hash slots. The first layout of a cluster gives
 * node {@code n} of {@code N} the contiguous range {@code [n*16384/N, (n+1)*16384/N)}, as
 * {@code redis-cli --cluster create} does, so CLUSTER SLOTS shows one range per node.
 */
public final class SlotLayout {
    private final short[] owner;

    private SlotLayout(short[] owner) {
        this.owner = owner;
    }

    /** {@code nodes} nodes, each with one contiguous range of about {@code 16384 / nodes} slots. */
    public static SlotLayout even(int nodes) {
        short[] owner = new short[KeyHash.SLOTS];
        for (int slot = 0; slot < owner.length; slot++) {
            owner[slot] = (short) evenOwner(slot, nodes);
        }
        return new SlotLayout(owner);
    }

    /** The owner of {@code slot} in the even layout of {@code nodes} nodes. */
    public static int evenOwner(int slot, int nodes) {
        int n = (int) ((long) slot * nodes / KeyHash.SLOTS);
        // n*16384/nodes <= slot is what the range rule says; integer division can land one too high
        while (n > 0 && (long) n * KeyHash.SLOTS / nodes > slot) {
            n--;
        }
        while ((long) (n + 1) * KeyHash.SLOTS / nodes <= slot) {
            n++;
        }
        return n;
    }

    public int nodeOf(int slot) {
        return owner[slot];
    }

    /** A range of slots {@code [first, last]} owned by one node. */
    public record Range(int first, int last, int node) {
        public int size() {
            return last - first + 1;
        }
    }

    /** The table as ranges of consecutive slots with one owner, in slot order. */
    public List<Range> ranges() {
        List<Range> out = new ArrayList<>();
        int start = 0;
        for (int slot = 1; slot <= owner.length; slot++) {
            if (slot == owner.length || owner[slot] != owner[start]) {
                out.add(new Range(start, slot - 1, owner[start]));
                start = slot;
            }
        }
        return out;
    }

    /** How many slots {@code node} owns. */
    public int slotsOf(int node) {
        int n = 0;
        for (short o : owner) {
            if (o == node) {
                n++;
            }
        }
        return n;
    }
}
