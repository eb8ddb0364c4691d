package io.quiver.client.cluster;

import io.quiver.client.OpTiming;
import io.quiver.client.ShardClient;
import io.quiver.client.ShardClientFactory;
import io.quiver.error.ErrorCode;
import io.quiver.error.QuiverException;
import io.quiver.shard.ShardBatch;
import io.quiver.shard.ShardFailure;
import io.quiver.shard.ShardLoad;
import io.quiver.shard.ShardOp;
import io.quiver.shard.ShardResults;
import io.quiver.shard.VectorOp;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.eventbus.ReplyFailure;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.IntFunction;

/**
 * The shard client of a cluster node: the shards of the whole cluster, numbered globally (see
 * {@link ShardDirectory}). An operation for one of this node's shards goes to the local client
 * unchanged (today's in-process path: objects by reference, nothing serialized); one for another
 * node's shard joins that shard's batch of this event-loop turn, which leaves as one message over
 * the clustered event bus (in binary form) to the owner's {@link ShardGateway}.
 *
 * <p>A shard whose node is not a live member fails at once with CLUSTERDOWN (no message sent), and
 * a batch in flight to a node that leaves fails the moment the membership says so, not at its
 * deadline. A scatter (search, SCAN, DBSIZE) needs every shard it names: if one is unreachable
 * nothing is sent. Queue places ({@code shard-queue}) of remote shards are taken by their gateway.
 */
public final class RoutingShardClient implements ShardClient {
    private final Context context;
    private final EventBus bus;
    private final ShardDirectory directory;
    private final ShardClient local;
    private final int shardsPerNode;
    private final int firstLocal;
    private final long timeoutMillis;
    private final long budgetNanos;
    private final DeliveryOptions delivery;
    /** By global shard; grows when a node joins. Null for this node's own shards. */
    private RemoteBatch[] pending = new RemoteBatch[0];
    /** Remote batches of requests with a deadline of their own ({@link #withDeadline}), by deadline then global shard. */
    private final Map<Long, Map<Integer, RemoteBatch>> byDeadline = new HashMap<>();
    /** Batches sent and not answered, by request id; confined to the context. */
    private final Map<Long, InFlight> inFlight = new HashMap<>();
    private long nextRequest;
    private boolean flushScheduled;

    private RoutingShardClient(Vertx vertx, Context context, ShardDirectory directory, ShardClient local, long timeoutMillis) {
        this.context = context;
        this.bus = vertx.eventBus();
        this.directory = directory;
        this.local = local;
        this.shardsPerNode = directory.shardsPerNode();
        this.firstLocal = directory.firstLocalShard();
        this.timeoutMillis = timeoutMillis;
        this.budgetNanos = TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
        this.delivery = new DeliveryOptions().setSendTimeout(timeoutMillis);
        directory.onNodeLost(uuid -> context.runOnContext(v -> failInFlight(uuid)));
    }

    /** Clients over the cluster's shards; {@code localShards} makes the clients of this node's own. */
    public static ShardClientFactory factory(Vertx vertx, ShardDirectory directory, ShardClientFactory localShards) {
        return (context, admission, timeoutMillis) -> new RoutingShardClient(vertx, context, directory,
                localShards.open(context, admission, timeoutMillis), timeoutMillis);
    }

    @Override
    public int shardCount() {
        return directory.globalShards();
    }

    @Override
    public int shardOf(byte[] key) {
        return directory.shardOf(key);
    }

    /** This node's queue and memory figures (each node bounds its own shards). */
    @Override
    public ShardLoad load() {
        return local.load();
    }

    @Override
    public <R> Future<R> send(int shard, ShardOp<R> op) {
        return send(shard, op, local, null, NO_DEADLINE);
    }

    @Override
    public <R> Future<List<R>> scatter(int[] shards, IntFunction<? extends ShardOp<R>> opFor) {
        return scatter(shards, opFor, local, null, NO_DEADLINE);
    }

    @Override
    public <R> Future<List<R>> broadcast(ShardOp<R> op) {
        return broadcast(op, local, null, NO_DEADLINE);
    }

    @Override
    public ShardClient timed(OpTiming timing) {
        return new View(timing, NO_DEADLINE, local.timed(timing));
    }

    @Override
    public ShardClient withDeadline(long deadlineNanos) {
        return new View(null, deadlineNanos, local.withDeadline(deadlineNanos));
    }

    private static final long NO_DEADLINE = Long.MAX_VALUE;

    private <R> Future<R> send(int shard, ShardOp<R> op, ShardClient localView, OpTiming timing, long deadline) {
        if (Vertx.currentContext() != context) {
            Promise<R> p = Promise.promise();
            context.runOnContext(v -> send(shard, op, localView, timing, deadline).onComplete(p));
            return p.future();
        }
        return sendOnce(shard, op, localView, timing, deadline)
                .recover(e -> movedOn(shard, op, localView, timing, deadline, e, 0));
    }

    private <R> Future<R> sendOnce(int shard, ShardOp<R> op, ShardClient localView, OpTiming timing, long deadline) {
        int li = directory.localIndex(shard);
        if (li >= 0) {
            return localView.send(li, op);
        }
        if (directory.liveOwner(shard) == null) {
            return Future.failedFuture(directory.down(shard));
        }
        return queue(shard, op, timing, deadline);
    }

    /**
     * {@code failure} of {@code op} sent to {@code shard}: when it is SLOT_MOVED (the node's shard no
     * longer owns a key's slot: a migration switched it after this node routed), waits until this
     * node's table names the new owner, then sends it there (the same shard number within the node:
     * {@code slot mod shards}). An operation whose keys now live on two nodes answers TRYAGAIN, as
     * Redis Cluster's multi-key commands do during a resharding. Within {@code request-timeout}.
     */
    private <R> Future<R> movedOn(int shard, ShardOp<R> op, ShardClient localView, OpTiming timing, long ownDeadline,
                                  Throwable failure, int hops) {
        if (!(failure instanceof QuiverException q) || q.code() != ErrorCode.SLOT_MOVED) {
            return Future.failedFuture(failure);
        }
        byte[][] keys = io.quiver.shard.OpKeys.of(op);
        if (keys.length == 0 || hops >= 8) {
            return Future.failedFuture(new QuiverException(ErrorCode.TRY_AGAIN, q.getMessage()));
        }
        int[] slots = new int[keys.length];
        for (int i = 0; i < keys.length; i++) {
            slots[i] = io.quiver.shard.KeyHash.slot(keys[i]);
        }
        int from = directory.nodeOf(shard);
        long deadline = Math.min(System.nanoTime() + budgetNanos, ownDeadline);
        Promise<R> result = Promise.promise();
        waitForSwitch(slots, from, deadline, () -> {
            int to = directory.nodeOfSlot(slots[0]);
            for (int s : slots) {
                if (directory.nodeOfSlot(s) != to) {
                    result.fail(new QuiverException(ErrorCode.TRY_AGAIN,
                            "Multiple keys request during rehashing of slot " + s + " (its keys now live on two nodes)"));
                    return;
                }
            }
            int next = to * shardsPerNode + shard % shardsPerNode;
            sendOnce(next, op, localView, timing, ownDeadline)
                    .recover(e -> movedOn(next, op, localView, timing, ownDeadline, e, hops + 1))
                    .onComplete(result);
        }, result);
        return result.future();
    }

    /** Runs {@code then} on the context once no slot of {@code slots} is {@code from}'s in the table. */
    private void waitForSwitch(int[] slots, int from, long deadline, Runnable then, Promise<?> orFail) {
        for (int s : slots) {
            if (directory.nodeOfSlot(s) == from) {
                if (System.nanoTime() > deadline) {
                    orFail.fail(new QuiverException(ErrorCode.TRY_AGAIN, "slot " + s
                            + " is moving between nodes and its new owner was not known within request-timeout"));
                    return;
                }
                context.owner().setTimer(2, id -> waitForSwitch(slots, from, deadline, then, orFail));
                return;
            }
        }
        then.run();
    }

    /**
     * {@code op} to every active shard. A vector read over every shard (a search, count, scroll...)
     * goes as a read at this node's table epoch ({@link VectorOp.AtEpoch}): each shard answers it
     * only from a table of that epoch and for its node's slots, so a point moving between nodes is
     * answered once. When a shard answers TRYAGAIN (its table is another, or it is purging points it
     * handed over) the whole read is sent again a moment later, by the newest table, within
     * {@code request-timeout}; past it the read answers TRYAGAIN.
     */
    private <R> Future<List<R>> broadcast(ShardOp<R> op, ShardClient localView, OpTiming timing, long deadline) {
        if (!(op instanceof VectorOp<R> read) || read.writes() || read instanceof VectorOp.AtEpoch<?>
                || io.quiver.shard.OpKeys.pointKeys(read).length > 0) {
            return scatter(directory.activeShards(), s -> op, localView, timing, deadline);
        }
        if (Vertx.currentContext() != context) {
            Promise<List<R>> p = Promise.promise();
            context.runOnContext(v -> broadcast(op, localView, timing, deadline).onComplete(p));
            return p.future();
        }
        return readAtEpoch(read, localView, timing, deadline, Math.min(System.nanoTime() + budgetNanos, deadline));
    }

    private <R> Future<List<R>> readAtEpoch(VectorOp<R> read, ShardClient localView, OpTiming timing, long deadline,
                                            long until) {
        ShardDirectory.Routing routing = directory.routing();
        VectorOp<R> at = new VectorOp.AtEpoch<>(routing.view().epoch(), read);
        return scatter(routing.activeShards(), s -> at, localView, timing, deadline).recover(e -> {
            if (!(e instanceof QuiverException q) || q.code() != ErrorCode.TRY_AGAIN) {
                return Future.failedFuture(e);
            }
            if (System.nanoTime() > until) {
                return Future.failedFuture(new QuiverException(ErrorCode.TRY_AGAIN, "slots are moving between cluster "
                        + "nodes, and this read over every shard found no one slot table on all of them within "
                        + "request-timeout (" + q.getMessage() + ")"));
            }
            Promise<List<R>> again = Promise.promise();
            context.owner().setTimer(2, id -> readAtEpoch(read, localView, timing, deadline, until).onComplete(again));
            return again.future();
        });
    }

    @SuppressWarnings("unchecked")
    private <R> Future<List<R>> scatter(int[] shards, IntFunction<? extends ShardOp<R>> opFor, ShardClient localView,
                                        OpTiming timing, long deadline) {
        if (Vertx.currentContext() != context) {
            Promise<List<R>> p = Promise.promise();
            context.runOnContext(v -> scatter(shards, opFor, localView, timing, deadline).onComplete(p));
            return p.future();
        }
        int localCount = 0;
        for (int s : shards) {
            if (directory.localIndex(s) >= 0) {
                localCount++;
            } else if (directory.liveOwner(s) == null) {
                return Future.failedFuture(directory.down(s));
            }
        }
        int[] localShards = new int[localCount];
        int[] localPositions = new int[localCount];
        for (int i = 0, k = 0; i < shards.length; i++) {
            int li = directory.localIndex(shards[i]);
            if (li >= 0) {
                localShards[k] = li;
                localPositions[k++] = i;
            }
        }
        Future<List<R>> localPart = localCount == 0 ? Future.succeededFuture(List.of())
                : localView.scatter(localShards, li -> opFor.apply(li + firstLocal));
        if (localPart.failed()) {
            return localPart; // BUSY: all or none, so nothing goes to the other nodes either
        }
        localPart = localPart.recover(e -> {
            // a part refused as moved: each local part again, one by one, each sent on where its slot went
            if (!(e instanceof QuiverException q) || q.code() != ErrorCode.SLOT_MOVED) {
                return Future.failedFuture(e);
            }
            List<Future<R>> again = new ArrayList<>();
            for (int li : localShards) {
                again.add(send(li + firstLocal, opFor.apply(li + firstLocal), localView, timing, deadline));
            }
            return Future.all(again).map(cf -> {
                List<R> l = new ArrayList<>();
                for (Future<R> f : again) {
                    l.add(f.result());
                }
                return l;
            });
        });
        Object[] out = new Object[shards.length];
        List<Future<?>> parts = new ArrayList<>(shards.length - localCount + 1);
        parts.add(localPart.onSuccess(list -> {
            for (int k = 0; k < localPositions.length; k++) {
                out[localPositions[k]] = list.get(k);
            }
        }));
        for (int i = 0; i < shards.length; i++) {
            if (directory.localIndex(shards[i]) < 0) {
                int position = i;
                int g = shards[i];
                ShardOp<R> op = opFor.apply(g);
                parts.add(queue(g, op, timing, deadline).recover(e -> movedOn(g, op, localView, timing, deadline, e, 0))
                        .onSuccess(r -> out[position] = r));
            }
        }
        return Future.all(parts).map(cf -> {
            List<R> list = new ArrayList<>(out.length);
            for (Object o : out) {
                list.add((R) o);
            }
            return list;
        });
    }

    @SuppressWarnings("unchecked")
    private <R> Future<R> queue(int shard, ShardOp<R> op, OpTiming timing, long deadline) {
        if (deadline == NO_DEADLINE && shard >= pending.length) {
            RemoteBatch[] grown = java.util.Arrays.copyOf(pending, Math.max(shard + 1, directory.globalShards()));
            for (int g = pending.length; g < grown.length; g++) {
                grown[g] = directory.localIndex(g) >= 0 ? null : new RemoteBatch();
            }
            pending = grown;
        }
        Promise<Object> promise = Promise.promise();
        long now = timing == null ? 0 : System.nanoTime();
        RemoteBatch batch = deadline == NO_DEADLINE ? pending[shard]
                : byDeadline.computeIfAbsent(deadline, d -> new HashMap<>()).computeIfAbsent(shard, g -> new RemoteBatch());
        batch.add(op, promise, timing, now);
        if (timing != null) {
            timing.opSent(now);
        }
        if (!flushScheduled) {
            flushScheduled = true;
            context.runOnContext(v -> flush());
        }
        return (Future<R>) promise.future();
    }

    private void flush() {
        flushScheduled = false;
        long sentNanos = System.nanoTime();
        for (int shard = 0; shard < pending.length; shard++) {
            send(shard, pending[shard], budgetNanos, delivery, sentNanos, false);
        }
        if (!byDeadline.isEmpty()) {
            for (var e : byDeadline.entrySet()) {
                // what is left of the request's deadline; a spent one still travels, and the shard skips it
                long budget = Math.max(1, Math.min(budgetNanos, e.getKey() - sentNanos));
                DeliveryOptions options = new DeliveryOptions().setSendTimeout(Math.max(1, TimeUnit.NANOSECONDS.toMillis(budget)));
                for (var b : e.getValue().entrySet()) {
                    send(b.getKey(), b.getValue(), budget, options, sentNanos, true);
                }
            }
            byDeadline.clear();
        }
    }

    private void send(int g, RemoteBatch batch, long budget, DeliveryOptions options, long sentNanos, boolean own) {
        if (batch == null || batch.ops.isEmpty()) {
            return;
        }
        InFlight sent = new InFlight(g, directory.liveOwner(g), batch.takePromises(), batch.takeTimings(), sentNanos);
        ShardOp<?>[] ops = batch.ops.toArray(new ShardOp<?>[0]);
        batch.ops.clear();
        if (sent.owner == null) {
            sent.fail(directory.down(g));
            return;
        }
        long id = nextRequest++;
        inFlight.put(id, sent);
        bus.<ShardResults>request(ShardDirectory.remoteAddress(g), new ShardBatch(ops, budget, sentNanos), options)
                .onComplete(ar -> {
                    InFlight f = inFlight.remove(id);
                    if (f != null) {
                        if (ar.succeeded()) {
                            f.complete(ar.result());
                        } else {
                            f.fail(failure(g, ar.cause(), own));
                        }
                    }
                });
    }

    private QuiverException failure(int g, Throwable cause, boolean ownDeadline) {
        if (cause instanceof ReplyException re) {
            if (re.failureType() == ReplyFailure.TIMEOUT) {
                return new QuiverException(ErrorCode.TIMEOUT, ownDeadline ? "request did not finish within its own deadline"
                        : "request did not finish within request-timeout (" + timeoutMillis + " ms)");
            }
            if (re.failureType() == ReplyFailure.NO_HANDLERS) {
                return directory.down(g);
            }
            return new QuiverException(ErrorCode.INTERNAL, "shard " + g + " failed: " + re.getMessage());
        }
        return directory.down(g); // the connection to its node broke
    }

    /** A node left: every batch in flight to it fails now, with CLUSTERDOWN. */
    private void failInFlight(String uuid) {
        for (Iterator<InFlight> it = inFlight.values().iterator(); it.hasNext(); ) {
            InFlight f = it.next();
            if (uuid.equals(f.owner)) {
                it.remove();
                f.fail(directory.down(f.shard));
            }
        }
    }

    /** This client for one request: every operation reported to its timing (or null), due by its deadline (or none). */
    private final class View implements ShardClient {
        private final OpTiming timing;
        private final long deadline;
        private final ShardClient localTimed;

        View(OpTiming timing, long deadline, ShardClient localTimed) {
            this.timing = timing;
            this.deadline = deadline;
            this.localTimed = localTimed;
        }

        @Override
        public int shardCount() {
            return directory.globalShards();
        }

        @Override
        public int shardOf(byte[] key) {
            return directory.shardOf(key);
        }

        @Override
        public <R> Future<R> send(int shard, ShardOp<R> op) {
            return RoutingShardClient.this.send(shard, op, localTimed, timing, deadline);
        }

        @Override
        public <R> Future<List<R>> scatter(int[] shards, IntFunction<? extends ShardOp<R>> opFor) {
            return RoutingShardClient.this.scatter(shards, opFor, localTimed, timing, deadline);
        }

        @Override
        public <R> Future<List<R>> broadcast(ShardOp<R> op) {
            return RoutingShardClient.this.broadcast(op, localTimed, timing, deadline);
        }

        @Override
        public ShardClient timed(OpTiming other) {
            return new View(other, deadline, localTimed.timed(other));
        }

        @Override
        public ShardClient withDeadline(long deadlineNanos) {
            long d = Math.min(deadline, deadlineNanos);
            return new View(timing, d, localTimed.withDeadline(d));
        }

        @Override
        public ShardLoad load() {
            return local.load();
        }
    }

    /** The operations gathered for one remote shard in this turn. */
    private static final class RemoteBatch {
        final List<ShardOp<?>> ops = new ArrayList<>();
        private List<Promise<Object>> promises = new ArrayList<>();
        private List<OpTiming> timings;
        private long[] queued;

        void add(ShardOp<?> op, Promise<Object> p, OpTiming timing, long queuedNanos) {
            if (timing != null) {
                if (timings == null) {
                    timings = new ArrayList<>();
                    queued = new long[8];
                }
                while (timings.size() < ops.size()) {
                    timings.add(null);
                }
                timings.add(timing);
                if (ops.size() >= queued.length) {
                    queued = java.util.Arrays.copyOf(queued, queued.length * 2);
                }
                queued[ops.size()] = queuedNanos;
            }
            ops.add(op);
            promises.add(p);
        }

        List<Promise<Object>> takePromises() {
            List<Promise<Object>> p = promises;
            promises = new ArrayList<>();
            return p;
        }

        /** Null when no operation of the batch was timed. */
        Timings takeTimings() {
            if (timings == null) {
                return null;
            }
            Timings t = new Timings(timings, queued);
            timings = null;
            queued = null;
            return t;
        }
    }

    private record Timings(List<OpTiming> requests, long[] queued) {
        OpTiming of(int i) {
            return i < requests.size() ? requests.get(i) : null;
        }
    }

    /** One batch sent to a remote shard, waiting for its results. */
    private static final class InFlight {
        final int shard;
        final String owner;
        final List<Promise<Object>> promises;
        final Timings timings;
        final long sentNanos;

        InFlight(int shard, String owner, List<Promise<Object>> promises, Timings timings, long sentNanos) {
            this.shard = shard;
            this.owner = owner;
            this.promises = promises;
            this.timings = timings;
            this.sentNanos = sentNanos;
        }

        void complete(Message<ShardResults> reply) {
            long now = timings == null ? 0 : System.nanoTime();
            Object[] results = reply.body().results();
            long[] clock = reply.body().clock();
            for (int i = 0; i < promises.size(); i++) {
                if (timings != null && timings.of(i) != null) {
                    // the shard's clock is offsets from the batch's arrival there: placed from our send, the
                    // network's time shows after the shard's (between its finish and the answer)
                    timings.of(i).opAnswered(timings.queued()[i], sentNanos + clock[i], sentNanos + clock[i + 1], now);
                }
                Object r = i < results.length ? results[i] : new ShardFailure(ErrorCode.INTERNAL, "no reply for operation " + i);
                if (r instanceof ShardFailure f) {
                    promises.get(i).fail(f.toException());
                } else {
                    promises.get(i).complete(r);
                }
            }
        }

        void fail(Throwable failure) {
            long now = timings == null ? 0 : System.nanoTime();
            for (int i = 0; i < promises.size(); i++) {
                if (timings != null && timings.of(i) != null) {
                    timings.of(i).opFailed(now);
                }
                promises.get(i).fail(failure);
            }
        }
    }
}
