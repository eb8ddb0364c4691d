package io.quiver.client.cluster;

import io.quiver.shard.KeyHash;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/**
 * The cluster's slot table as of one epoch: its nodes (a node's number is its place here, for
 * good), the owner of each of Redis Cluster's 16,384 hash slots, and the slot migrations under
 * way. Immutable: a change makes a new table with the next epoch, put in the cluster manager with
 * compare-and-set ({@link ShardDirectory#update}), so two nodes changing it at once cannot both win.
 *
 * <p>Each slot range has a primary and a list of replicas (always empty for now: the form the
 * next issue, replicas and failover, fills in), in the wire form too, so a later build reads
 * this one's tables.
 *
 * @param epoch      grows by one with every change (Redis's config epoch, for the whole table)
 * @param nodes      every node that ever joined, by number: its Hazelcast address
 * @param ranges     slot ranges in slot order, covering 0..16383 without gaps
 * @param migrations ranges moving from one node to another now
 */
public record SlotTable(long epoch, List<String> nodes, List<Range> ranges, List<Migration> migrations) {
    private static final int FORMAT = 1;

    /** Slots {@code [first, last]}, served by {@code primary}, copied to {@code replicas} (none yet). */
    public record Range(int first, int last, int primary, int[] replicas) {
        public int size() {
            return last - first + 1;
        }
    }

    /** Slots {@code [first, last]} moving from node {@code from} to node {@code to}, since {@code startedMillis}. */
    public record Migration(int first, int last, int from, int to, long startedMillis) {
        public int size() {
            return last - first + 1;
        }
    }

    /** A move the rebalancing plans: slots {@code [first, last]} from node {@code from} to node {@code to}. */
    public record Move(int first, int last, int from, int to) {
    }

    public SlotTable {
        nodes = List.copyOf(nodes);
        ranges = List.copyOf(ranges);
        migrations = List.copyOf(migrations);
    }

    /** A new cluster's table: {@code members} in order, each with one contiguous range ({@link SlotLayout#even}). */
    public static SlotTable initial(List<String> members) {
        return new SlotTable(1, members, fromOwners(SlotLayout.even(members.size())::nodeOf), List.of());
    }

    private static List<Range> fromOwners(java.util.function.IntUnaryOperator ownerOf) {
        List<Range> out = new ArrayList<>();
        int start = 0;
        for (int slot = 1; slot <= KeyHash.SLOTS; slot++) {
            if (slot == KeyHash.SLOTS || ownerOf.applyAsInt(slot) != ownerOf.applyAsInt(start)) {
                out.add(new Range(start, slot - 1, ownerOf.applyAsInt(start), new int[0]));
                start = slot;
            }
        }
        return out;
    }

    /** The owner of every slot, as an array (what the request path reads). */
    public short[] owners() {
        short[] owner = new short[KeyHash.SLOTS];
        for (Range r : ranges) {
            java.util.Arrays.fill(owner, r.first(), r.last() + 1, (short) r.primary());
        }
        return owner;
    }

    /** The number of {@code address}, or -1 when it is not in the table. */
    public int nodeIndex(String address) {
        return nodes.indexOf(address);
    }

    /** This table with {@code address} as a node (owning nothing yet); this one if it is there already. */
    public SlotTable withNode(String address) {
        if (nodes.contains(address)) {
            return this;
        }
        List<String> n = new ArrayList<>(nodes);
        n.add(address);
        return new SlotTable(epoch + 1, n, ranges, migrations);
    }

    /** This table with a migration under way. */
    public SlotTable withMigration(Migration m) {
        List<Migration> ms = new ArrayList<>(migrations);
        ms.add(m);
        return new SlotTable(epoch + 1, nodes, ranges, ms);
    }

    /** This table without the migration of {@code [first, last]} (abandoned). */
    public SlotTable withoutMigration(int first, int last) {
        List<Migration> ms = new ArrayList<>(migrations);
        ms.removeIf(m -> m.first() == first && m.last() == last);
        return new SlotTable(epoch + 1, nodes, ranges, ms);
    }

    /** The switch of ownership: {@code [first, last]} belongs to {@code node} now, and its migration is over. */
    public SlotTable withOwner(int first, int last, int node) {
        short[] owner = owners();
        java.util.Arrays.fill(owner, first, last + 1, (short) node);
        List<Migration> ms = new ArrayList<>(migrations);
        ms.removeIf(m -> m.first() == first && m.last() == last);
        return new SlotTable(epoch + 1, nodes, fromOwners(s -> owner[s]), ms);
    }

    /** How many slots {@code node} owns. */
    public int slotsOf(int node) {
        int n = 0;
        for (Range r : ranges) {
            if (r.primary() == node) {
                n += r.size();
            }
        }
        return n;
    }

    /** Nodes that own at least one slot, ascending: the ones a command over every shard asks. */
    public int[] activeNodes() {
        return java.util.stream.IntStream.range(0, nodes.size()).filter(n -> slotsOf(n) > 0).toArray();
    }

    /** Whether every node of {@code members} owns within one slot of its even share (16,384 / nodes). */
    public boolean balancedOver(int[] members) {
        int min = Integer.MAX_VALUE, max = 0;
        for (int n : members) {
            min = Math.min(min, slotsOf(n));
            max = Math.max(max, slotsOf(n));
        }
        return members.length > 0 && max - min <= 1;
    }

    /**
     * The moves that give {@code newcomer} its share: each node above its even share gives the
     * excess from the top of its slots (so ranges stay contiguous), as {@code redis-cli --cluster
     * rebalance} takes from the richest. One move per giving node.
     */
    public List<Move> planJoin(int newcomer) {
        int[] members = java.util.stream.IntStream.concat(java.util.Arrays.stream(activeNodes()),
                java.util.stream.IntStream.of(newcomer)).distinct().sorted().toArray();
        int[] target = evenShares(members);
        short[] owner = owners();
        List<Move> moves = new ArrayList<>();
        int need = target[indexOf(members, newcomer)] - slotsOf(newcomer);
        for (int i = 0; i < members.length && need > 0; i++) {
            int giver = members[i];
            if (giver == newcomer) {
                continue;
            }
            int excess = Math.min(need, slotsOf(giver) - target[i]);
            if (excess <= 0) {
                continue;
            }
            // the giver's top `excess` slots; contiguous when its slots are one range (the usual case)
            int last = -1, taken = 0, first = -1;
            for (int s = KeyHash.SLOTS - 1; s >= 0 && taken < excess; s--) {
                if (owner[s] == giver) {
                    if (last < 0) {
                        last = s;
                    } else if (s != first - 1) {
                        moves.add(new Move(first, last, giver, newcomer));
                        last = s;
                    }
                    first = s;
                    taken++;
                }
            }
            if (last >= 0) {
                moves.add(new Move(first, last, giver, newcomer));
            }
            need -= taken;
        }
        return moves;
    }

    /**
     * The moves that empty {@code leaver}: its slots go, lowest first, to the other active nodes
     * that are below their even share over the nodes that stay, until each has it.
     */
    public List<Move> planLeave(int leaver) {
        int[] members = java.util.Arrays.stream(activeNodes()).filter(n -> n != leaver).toArray();
        if (members.length == 0) {
            return List.of();
        }
        int[] target = evenShares(members);
        int[] need = new int[members.length];
        for (int i = 0; i < members.length; i++) {
            need[i] = Math.max(0, target[i] - slotsOf(members[i]));
        }
        short[] owner = owners();
        List<Move> moves = new ArrayList<>();
        int receiver = 0, first = -1, prev = -2, openTo = -1;
        for (int s = 0; s < KeyHash.SLOTS; s++) {
            if (owner[s] != leaver) {
                continue;
            }
            while (receiver < members.length - 1 && need[receiver] <= 0) {
                receiver++;
            }
            if (first >= 0 && (s != prev + 1 || openTo != members[receiver])) {
                moves.add(new Move(first, prev, leaver, openTo));
                first = -1;
            }
            if (first < 0) {
                first = s;
                openTo = members[receiver];
            }
            prev = s;
            need[receiver]--;
        }
        if (first >= 0) {
            moves.add(new Move(first, prev, leaver, openTo));
        }
        return moves;
    }

    /** Even shares of the 16,384 slots over {@code members} (ascending): the first {@code 16384 % n} get one more. */
    private static int[] evenShares(int[] members) {
        int[] t = new int[members.length];
        for (int i = 0; i < t.length; i++) {
            t[i] = KeyHash.SLOTS / t.length + (i < KeyHash.SLOTS % t.length ? 1 : 0);
        }
        return t;
    }

    private static int indexOf(int[] a, int v) {
        for (int i = 0; i < a.length; i++) {
            if (a[i] == v) {
                return i;
            }
        }
        return -1;
    }

    // ---- the form kept in the cluster manager ----

    public byte[] toBytes() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeByte(FORMAT);
            out.writeLong(epoch);
            out.writeShort(nodes.size());
            for (String n : nodes) {
                out.writeUTF(n);
            }
            out.writeShort(ranges.size());
            for (Range r : ranges) {
                out.writeShort(r.first());
                out.writeShort(r.last());
                out.writeShort(r.primary());
                out.writeByte(r.replicas().length);
                for (int rep : r.replicas()) {
                    out.writeShort(rep);
                }
            }
            out.writeShort(migrations.size());
            for (Migration m : migrations) {
                out.writeShort(m.first());
                out.writeShort(m.last());
                out.writeShort(m.from());
                out.writeShort(m.to());
                out.writeLong(m.startedMillis());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    public static SlotTable fromBytes(byte[] b) {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(b))) {
            int format = in.readUnsignedByte();
            if (format != FORMAT) {
                throw new IllegalStateException("slot table format " + format + " is not known to this build");
            }
            long epoch = in.readLong();
            List<String> nodes = new ArrayList<>();
            for (int i = in.readUnsignedShort(); i > 0; i--) {
                nodes.add(in.readUTF());
            }
            List<Range> ranges = new ArrayList<>();
            for (int i = in.readUnsignedShort(); i > 0; i--) {
                int first = in.readUnsignedShort(), last = in.readUnsignedShort(), primary = in.readUnsignedShort();
                int[] replicas = new int[in.readUnsignedByte()];
                for (int k = 0; k < replicas.length; k++) {
                    replicas[k] = in.readUnsignedShort();
                }
                ranges.add(new Range(first, last, primary, replicas));
            }
            List<Migration> migrations = new ArrayList<>();
            for (int i = in.readUnsignedShort(); i > 0; i--) {
                migrations.add(new Migration(in.readUnsignedShort(), in.readUnsignedShort(), in.readUnsignedShort(),
                        in.readUnsignedShort(), in.readLong()));
            }
            return new SlotTable(epoch, nodes, ranges, migrations);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
