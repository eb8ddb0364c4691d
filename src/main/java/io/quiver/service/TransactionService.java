package io.quiver.service;

import io.quiver.client.ExecClient;
import io.quiver.client.ShardClient;
import io.quiver.client.TransactionClient;
import io.quiver.error.ErrorCode;
import io.quiver.error.QuiverException;
import io.quiver.shard.TxOp;
import io.vertx.core.Future;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Transactions (MULTI/EXEC) and WATCH over the shards, for one event loop. A transaction's
 * commands run against {@link Services} whose shard client tags every operation with the
 * transaction ({@link TransactionClient}); the shards it involves are locked for it
 * ({@code shard.ShardTransactions} describes the scheme):
 * <ul>
 *   <li><b>one batch</b>: one shard, every command a single operation: the commands' operations
 *       are gathered ({@link ExecClient}) and travel as one {@link TxOp.Exec}, which checks the
 *       watched keys, runs them in order and logs them as one unit in one step on the shard, in the
 *       event loop's shared batch of the turn, beside other connections' operations and other such
 *       transactions (a shard held by a locked transaction makes the whole batch wait there, as any
 *       batch waits). So single-shard transactions cost what the same commands pipelined without
 *       MULTI cost: one event-bus message per shard and turn, not one each, and one operation;</li>
 *   <li><b>locked</b>: otherwise the shards are locked one at a time in ascending order (no
 *       deadlock), the commands run one after another, then each shard's part is logged
 *       ({@link TxOp.Prepare}) and every lock released.</li>
 * </ul>
 * Either way a watched key that changed since its WATCH makes the transaction run nothing: its
 * future completes with null.
 */
public final class TransactionService {
    private final ShardClient shards;
    private final Supplier<ShardClient> ownClients;
    private final Function<ShardClient, Services> servicesOver;
    private final AtomicLong ids;
    private final ClusterService cluster;
    private final ArrayDeque<Session> idle = new ArrayDeque<>();

    /** A key being watched: where it lives and its stamp when WATCH ran. */
    public record Watched(int shard, int db, byte[] key, long stamp) {
    }

    /**
     * One transaction's clients: {@code client} over a shard client of its own (locked transactions:
     * while it holds a shard, only its own batches may run there), {@code batched} gathering a
     * one-batch transaction's operations for its {@link TxOp.Exec}.
     */
    private record Session(TransactionClient client, Services services, ExecClient batched, Services batchedServices) {
    }

    TransactionService(ShardClient shards, Supplier<ShardClient> ownClients, Function<ShardClient, Services> servicesOver,
                       AtomicLong ids, ClusterService cluster) {
        this.shards = shards;
        this.cluster = cluster;
        this.ownClients = ownClients;
        this.servicesOver = servicesOver;
        this.ids = ids;
    }

    public int shardOf(byte[] key) {
        return shards.shardOf(key);
    }

    public int shardCount() {
        return shards.shardCount();
    }

    /** Whether the shards may live on several nodes (cluster mode): only then must a transaction's keys be checked for it. */
    public boolean clustered() {
        return cluster.enabled();
    }

    /**
     * In cluster mode, a transaction runs on one node's shards only (it locks them; locks across
     * nodes would leave a node's keys locked by a peer that died): the refusal for keys of
     * {@code shards} that live on more than one node, naming two of them; null when they share a node.
     */
    public QuiverException crossNodes(int[] shards) {
        if (!cluster.enabled() || shards.length < 2) {
            return null;
        }
        int first = cluster.nodeOfShard(shards[0]);
        for (int s : shards) {
            int node = cluster.nodeOfShard(s);
            if (node != first) {
                return new QuiverException(ErrorCode.CROSS_SLOT, "Keys in request don't hash to the same slot: they live on "
                        + "different nodes (" + cluster.addressOf(first) + " and " + cluster.addressOf(node)
                        + "), and a transaction runs on one node's shards");
            }
        }
        return null;
    }

    /** WATCH of one key in database {@code db}. */
    public Future<Watched> watch(int db, byte[] key) {
        int s = shards.shardOf(key);
        return shards.send(s, new TxOp.Watch(0, db, key)).map(stamp -> new Watched(s, db, key, stamp));
    }

    /** Ends the watches (each shard forgets them); nothing waits for it. */
    public void unwatch(List<Watched> watches) {
        for (int s : shardsOf(watches)) {
            List<Watched> mine = watches.stream().filter(w -> w.shard() == s).toList();
            shards.send(s, new TxOp.Unwatch(0, mine.stream().mapToInt(Watched::db).toArray(),
                    mine.stream().map(Watched::key).toArray(byte[][]::new)));
        }
    }

    /**
     * Runs {@code body} as one transaction over {@code involved} (and the shards of the watched
     * keys). {@code oneBatch}: every operation {@code body} sends is sent before it returns, one per
     * command (the caller knows its commands), {@code operations} of them at most. Completes with
     * {@code body}'s result, or with null when a watched key changed (then nothing ran).
     */
    public <T> Future<T> run(int[] involved, boolean oneBatch, int operations, List<Watched> watches,
                             Function<Services, Future<T>> body) {
        int[] order = watches.isEmpty() && sortedDistinct(involved) ? involved : orderOf(involved, watches);
        QuiverException cross = crossNodes(order);
        if (cross != null) {
            return Future.failedFuture(cross);
        }
        Session session = idle.isEmpty() ? open() : idle.pop();
        long id = ids.incrementAndGet();
        session.client().begin(id);
        Future<T> done = order.length == 0 ? call(body, session.services())
                : oneBatch && order.length == 1 ? inOneBatch(session, id, order[0], operations, watches, body)
                : locked(session, id, order, watches, body);
        return done.onComplete(ar -> idle.push(session));
    }

    private static boolean sortedDistinct(int[] shards) {
        for (int i = 1; i < shards.length; i++) {
            if (shards[i] <= shards[i - 1]) {
                return false;
            }
        }
        return true;
    }

    /** The shards to lock, in ascending order: {@code involved} and the watched keys' shards. */
    private static int[] orderOf(int[] involved, List<Watched> watches) {
        TreeSet<Integer> set = new TreeSet<>();
        for (int s : involved) {
            set.add(s);
        }
        set.addAll(shardsOf(watches));
        int[] order = new int[set.size()];
        int i = 0;
        for (int s : set) {
            order[i++] = s;
        }
        return order;
    }

    private Session open() {
        TransactionClient client = new TransactionClient(ownClients.get());
        ExecClient batched = new ExecClient(shards);
        return new Session(client, servicesOver.apply(client), batched, servicesOver.apply(batched));
    }

    private <T> Future<T> inOneBatch(Session session, long id, int shard, int expected, List<Watched> watches,
                                     Function<Services, Future<T>> body) {
        ExecClient tx = session.batched();
        tx.begin(shard, expected);
        Future<T> result = call(body, session.batchedServices()); // every operation is gathered by now
        WatchedOn w = WatchedOn.of(shard, watches);
        // the commands' futures complete from the Exec's reply before it does: result is known then
        return tx.exec(id, w.dbs(), w.keys(), w.stamps())
                .compose(ran -> ran ? result : Future.succeededFuture(null));
    }

    private <T> Future<T> locked(Session session, long id, int[] order, List<Watched> watches,
                                 Function<Services, Future<T>> body) {
        TransactionClient tx = session.client();
        long[] seqs = new long[order.length];
        return lockFrom(tx, id, order, 0, seqs, watches).compose(granted -> {
            if (!granted) {
                return releaseAll(tx, id, order).map(v -> (T) null);
            }
            Future<T> result = call(body, session.services());
            return result.transform(ar -> {
                Future<?> end = order.length == 1 ? tx.send(order[0], new TxOp.Commit(id))
                        : prepareAll(tx, id, order, seqs).eventually(() -> releaseAll(tx, id, order));
                return end.transform(e -> e.failed() ? Future.failedFuture(e.cause()) : result);
            });
        }, failure -> releaseAll(tx, id, order).transform(v -> Future.failedFuture(failure)));
    }

    /** Locks {@code order[i..]} one after another; false (and the locks taken released) when a watched key changed. */
    private Future<Boolean> lockFrom(TransactionClient tx, long id, int[] order, int i, long[] seqs, List<Watched> watches) {
        if (i == order.length) {
            return Future.succeededFuture(true);
        }
        return tx.send(order[i], lockOp(id, order[i], watches)).compose(seq -> {
            if (seq < 0) {
                return Future.succeededFuture(false);
            }
            seqs[i] = seq;
            return lockFrom(tx, id, order, i + 1, seqs, watches);
        });
    }

    private static Future<Void> prepareAll(TransactionClient tx, long id, int[] order, long[] seqs) {
        List<Future<Boolean>> parts = new ArrayList<>();
        for (int s : order) {
            parts.add(tx.send(s, new TxOp.Prepare(id, order, seqs)));
        }
        return Future.all(parts).mapEmpty();
    }

    /** Releases every shard of the transaction (one it never got cancels its waiting batches). */
    private static Future<Void> releaseAll(TransactionClient tx, long id, int[] order) {
        List<Future<Boolean>> parts = new ArrayList<>();
        for (int s : order) {
            parts.add(tx.send(s, new TxOp.Release(id)));
        }
        return Future.join(parts).transform(ar -> Future.succeededFuture());
    }

    private static final int[] NO_DBS = new int[0];
    private static final byte[][] NO_KEYS = new byte[0][];
    private static final long[] NO_STAMPS = new long[0];

    /** The watched keys that live on one shard, as a lock or an Exec carries them. */
    private record WatchedOn(int[] dbs, byte[][] keys, long[] stamps) {
        static final WatchedOn NONE = new WatchedOn(NO_DBS, NO_KEYS, NO_STAMPS);

        static WatchedOn of(int shard, List<Watched> watches) {
            int n = 0;
            for (Watched w : watches) {
                n += w.shard() == shard ? 1 : 0;
            }
            if (n == 0) {
                return NONE;
            }
            int[] dbs = new int[n];
            byte[][] keys = new byte[n][];
            long[] stamps = new long[n];
            int i = 0;
            for (Watched w : watches) {
                if (w.shard() == shard) {
                    dbs[i] = w.db();
                    keys[i] = w.key();
                    stamps[i++] = w.stamp();
                }
            }
            return new WatchedOn(dbs, keys, stamps);
        }
    }

    private static TxOp.Lock lockOp(long id, int shard, List<Watched> watches) {
        WatchedOn w = WatchedOn.of(shard, watches);
        return new TxOp.Lock(id, false, w.dbs(), w.keys(), w.stamps());
    }

    private static <T> Future<T> call(Function<Services, Future<T>> body, Services services) {
        try {
            return body.apply(services);
        } catch (RuntimeException e) {
            return Future.failedFuture(e);
        }
    }

    private static TreeSet<Integer> shardsOf(List<Watched> watches) {
        TreeSet<Integer> set = new TreeSet<>();
        for (Watched w : watches) {
            set.add(w.shard());
        }
        return set;
    }

    static AtomicLong newIds() {
        // random high bits: transaction ids of different servers sharing shards do not meet
        return new AtomicLong((java.util.concurrent.ThreadLocalRandom.current().nextLong() & 0x7fff_ffffL) << 32);
    }

    @SuppressWarnings("unused")
    private static String describe(int[] order) {
        return Arrays.toString(order);
    }
}
