package io.quiver.client.cluster;

import io.quiver.error.ErrorCode;
import io.quiver.error.QuiverException;
import io.quiver.shard.KeyHash;
import io.quiver.shard.MigrationChunk;
import io.quiver.shard.MigrationOp;
import io.quiver.shard.PointsChunk;
import io.quiver.shard.ShardLoad;
import io.quiver.shard.ShardOp;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.DeliveryOptions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Drives slot migrations, on a thread of its own (each step waits for the one before): for each
 * planned {@link SlotTable.Move}, the range's pairs are copied from the old owner's shards to the
 * new owner's while the cluster serves, the writes made meanwhile are sent again until few are
 * left, then the old owner fences the range (refuses its keys from then on) with the last of
 * them, the new owner takes it, and the table's owner switches (epoch + 1). Afterwards the old
 * owner purges the keys. See {@link MigrationOp} for the shard side. Shard {@code i} of one node
 * sends to shard {@code i} of the other: a slot's shard is {@code slot mod shards} on every node.
 */
public final class SlotMigrator {
    private static final Logger log = LoggerFactory.getLogger(SlotMigrator.class);
    /** Table buckets per copy step: a few thousand pairs per message at most. */
    private static final int STEP = 4096;
    /** Drain rounds stop once fewer keys than this were written meanwhile; the fence sends the rest. */
    private static final int FEW = 512;
    /**
     * Most slots moved at once: a plan's moves are cut into pieces of this size, so each switch holds
     * fewer writes, a leave cut short by its deadline keeps what it handed over, and progress shows.
     */
    static final int PIECE = 1024;

    private final Vertx vertx;
    private final ShardDirectory directory;
    private final ShardLoad load;
    private final int shards;
    /** Keys moved so far, by the first slot of the migration (for CLUSTER INFO). */
    private final Map<Integer, AtomicLong> moved = new ConcurrentHashMap<>();

    public SlotMigrator(Vertx vertx, ShardDirectory directory, ShardLoad load) {
        this.vertx = vertx;
        this.directory = directory;
        this.load = load;
        this.shards = directory.shardsPerNode();
    }

    /** Keys moved so far by the migration starting at {@code firstSlot} that this node drives, or -1. */
    public long keysMoved(int firstSlot) {
        AtomicLong n = moved.get(firstSlot);
        return n == null ? -1 : n.get();
    }

    /**
     * Makes this node's shards own exactly its slots in the table (at start, before any traffic).
     * Blocking.
     */
    public void ownTableSlots() {
        SlotTable t = directory.table();
        for (int li = 0; li < shards; li++) {
            await(SlotMigrationService.run(vertx, load, li, new MigrationOp.Own(0, KeyHash.SLOTS - 1, false)));
            for (SlotTable.Range r : t.ranges()) {
                if (r.primary() == directory.selfNode()) {
                    await(SlotMigrationService.run(vertx, load, li, new MigrationOp.Own(r.first(), r.last(), true)));
                }
            }
        }
    }

    /** This node's even share, taken from the others (a join); blocking, returns keys moved. */
    public long join() {
        long n = 0;
        for (SlotTable.Move m : pieces(directory.table().planJoin(directory.selfNode()))) {
            n += move(m, Long.MAX_VALUE);
        }
        return n;
    }

    /**
     * What a leave handed over: slots and keys moved to the other nodes, slots still this node's (a
     * move failed, or the deadline passed first) and why.
     */
    public record HandOver(int slotsHanded, long keysMoved, int slotsLeft, String stoppedBy) {
        public boolean complete() {
            return slotsLeft == 0;
        }
    }

    /**
     * Hands every slot of this node, with its keys, to the other nodes that own slots (evenly, see
     * {@link SlotTable#planLeave}), piece by piece, until {@code deadlineNanos} ({@link System#nanoTime}):
     * a piece whose switch has not begun by then is given up (its slots stay here) and no more are
     * started. Blocking.
     */
    public HandOver leave(long deadlineNanos) {
        int handed = 0;
        long keys = 0;
        for (SlotTable.Move m : pieces(directory.table().planLeave(directory.selfNode()))) {
            if (System.nanoTime() > deadlineNanos) {
                return new HandOver(handed, keys, directory.table().slotsOf(directory.selfNode()),
                        "cluster-leave-timeout passed");
            }
            try {
                keys += move(m, deadlineNanos);
                handed += m.last() - m.first() + 1;
            } catch (RuntimeException e) {
                return new HandOver(handed, keys, directory.table().slotsOf(directory.selfNode()), e.getMessage());
            }
        }
        return new HandOver(handed, keys, directory.table().slotsOf(directory.selfNode()), null);
    }

    /** {@code moves} cut into moves of at most {@link #PIECE} slots, in order. */
    static List<SlotTable.Move> pieces(List<SlotTable.Move> moves) {
        List<SlotTable.Move> out = new java.util.ArrayList<>();
        for (SlotTable.Move m : moves) {
            for (int first = m.first(); first <= m.last(); first += PIECE) {
                out.add(new SlotTable.Move(first, Math.min(m.last(), first + PIECE - 1), m.from(), m.to()));
            }
        }
        return out;
    }

    /**
     * Moves {@code m}'s slots with their keys; blocking. Returns the keys moved. Given up (the old
     * owner keeps them) when {@code deadlineNanos} passes before the switch begins.
     */
    public long move(SlotTable.Move m, long deadlineNanos) {
        long t0 = System.nanoTime();
        AtomicLong count = moved.computeIfAbsent(m.first(), k -> new AtomicLong());
        log.info("cluster: moving slots {}-{} from {} to {}", m.first(), m.last(), directory.address(m.from()),
                directory.address(m.to()));
        directory.update(t -> t.withMigration(new SlotTable.Migration(m.first(), m.last(), m.from(), m.to(),
                System.currentTimeMillis())));
        boolean fenced = false;
        long points = 0;
        try {
            for (int li = 0; li < shards; li++) {
                exec(m.from(), li, new MigrationOp.Track(m.first(), m.last()));
            }
            for (int li = 0; li < shards; li++) {
                int db = 0;
                long cursor = 0;
                while (db >= 0) {
                    MigrationChunk c = exec(m.from(), li, new MigrationOp.Copy(m.first(), m.last(), db, cursor, STEP));
                    if (c.size() > 0) {
                        exec(m.to(), li, new MigrationOp.Apply(c));
                        count.addAndGet(c.size());
                    }
                    cursor = c.cursor();
                    if (cursor == 0) {
                        db = c.nextDb();
                    }
                    checkDeadline(deadlineNanos);
                }
            }
            // collection points: frozen while the range is tracked (their writes answer TRYAGAIN), so one copy is exact
            long tp = System.nanoTime();
            for (int li = 0; li < shards; li++) {
                String after = null;
                while (true) {
                    PointsChunk c = exec(m.from(), li, new MigrationOp.CopyPoints(m.first(), m.last(), after));
                    if (c.collection() == null) {
                        break;
                    }
                    points += exec(m.to(), li, new MigrationOp.ApplyPoints(m.first(), m.last(), c.ops()));
                    after = c.collection();
                    checkDeadline(deadlineNanos);
                }
            }
            long pointsMillis = (System.nanoTime() - tp) / 1_000_000;
            for (int round = 0; round < 8; round++) {
                int written = 0;
                for (int li = 0; li < shards; li++) {
                    MigrationChunk c = exec(m.from(), li, new MigrationOp.Drain(m.first(), m.last(), false));
                    if (c.size() > 0) {
                        exec(m.to(), li, new MigrationOp.Apply(c));
                    }
                    written += c.size();
                }
                if (written < FEW) {
                    break;
                }
            }
            checkDeadline(deadlineNanos);
            long tf = System.nanoTime();
            for (int li = 0; li < shards; li++) {
                MigrationChunk c = exec(m.from(), li, new MigrationOp.Drain(m.first(), m.last(), true));
                fenced = true;
                if (c.size() > 0) {
                    exec(m.to(), li, new MigrationOp.Apply(c));
                }
                exec(m.to(), li, new MigrationOp.Own(m.first(), m.last(), true));
            }
            directory.update(t -> t.withOwner(m.first(), m.last(), m.to()));
            long fenceMicros = (System.nanoTime() - tf) / 1000;
            for (int li = 0; li < shards; li++) {
                purge(m.from(), li, m.first(), m.last());
            }
            long tw = System.nanoTime();
            for (int li = 0; li < shards; li++) {
                purgePoints(m.from(), li, m.first(), m.last());
            }
            log.info("cluster: slots {}-{} moved to {}: {} keys and {} points in {} ms (points copied in {} ms; writes "
                            + "to the keys held {} us at the switch, reads over every shard {} ms at the purge)",
                    m.first(), m.last(), directory.address(m.to()), count.get(), points, (System.nanoTime() - t0) / 1_000_000,
                    pointsMillis, fenceMicros, (System.nanoTime() - tw) / 1_000_000);
            return count.get();
        } catch (RuntimeException e) {
            if (fenced) {
                log.error("cluster: the move of slots {}-{} failed after its switch began ({}); they answer TRYAGAIN "
                        + "until it is run again", m.first(), m.last(), e.toString());
                throw e;
            }
            log.warn("cluster: the move of slots {}-{} was given up ({}); {} keeps them", m.first(), m.last(),
                    e.toString(), directory.address(m.from()));
            for (int li = 0; li < shards; li++) {
                try {
                    // the copies go before the points may change again where they stay
                    purgePoints(m.to(), li, m.first(), m.last());
                    exec(m.from(), li, new MigrationOp.Untrack(m.first(), m.last()));
                    purge(m.to(), li, m.first(), m.last());
                } catch (RuntimeException ignored) {
                    // the node is gone: nothing of the move is left there to undo
                }
            }
            directory.update(t -> t.withoutMigration(m.first(), m.last()));
            throw e;
        } finally {
            moved.remove(m.first());
        }
    }

    private static void checkDeadline(long deadlineNanos) {
        if (System.nanoTime() > deadlineNanos) {
            throw new QuiverException(ErrorCode.TIMEOUT, "cluster-leave-timeout passed before the move's switch");
        }
    }

    /**
     * Removes node {@code node}'s points of slots {@code [first, last]} it does not own, once its
     * table no longer gives it any of them (asked again every few ms until then; reads over every
     * shard wait meanwhile on the old owner).
     */
    private void purgePoints(int node, int li, int first, int last) {
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (exec(node, li, new MigrationOp.PurgePoints(first, last)) < 0) {
            if (System.nanoTime() > until) {
                throw new QuiverException(ErrorCode.INTERNAL, "node " + directory.address(node)
                        + " did not see the slot table switch slots " + first + "-" + last + " within 60 s");
            }
            try {
                Thread.sleep(3);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new QuiverException(ErrorCode.INTERNAL, "interrupted");
            }
        }
    }

    private void purge(int node, int li, int first, int last) {
        int db = 0;
        long cursor = 0;
        while (db >= 0) {
            MigrationChunk c = exec(node, li, new MigrationOp.Purge(first, last, db, cursor, STEP));
            cursor = c.cursor();
            if (cursor == 0) {
                db = c.nextDb();
            }
        }
    }

    /** Runs {@code op} on shard {@code li} of node {@code node}: here in-process, elsewhere over the clustered bus. */
    @SuppressWarnings("unchecked")
    private <R> R exec(int node, int li, MigrationOp<R> op) {
        if (node == directory.selfNode()) {
            return await(SlotMigrationService.run(vertx, load, li, (ShardOp<R>) op));
        }
        if (!directory.nodeReachable(node)) {
            throw directory.down(node * shards);
        }
        Buffer reply = await(vertx.eventBus().<Buffer>request(SlotMigrationService.address(node),
                MigrationWire.request(li, op), new DeliveryOptions().setSendTimeout(120_000)).map(msg -> msg.body()));
        return (R) MigrationWire.reply(reply);
    }

    private static <T> T await(Future<T> f) {
        try {
            return f.toCompletionStage().toCompletableFuture().get(5, TimeUnit.MINUTES);
        } catch (java.util.concurrent.ExecutionException e) {
            throw QuiverException.of(e.getCause());
        } catch (Exception e) {
            throw new QuiverException(ErrorCode.INTERNAL, "slot migration step failed: " + e);
        }
    }

    /** Whether the table gives every node that owns slots an even share (within one slot). */
    public static boolean balanced(SlotTable t) {
        return t.balancedOver(t.activeNodes());
    }

}
