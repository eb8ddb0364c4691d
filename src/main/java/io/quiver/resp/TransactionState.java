package io.quiver.resp;

import io.quiver.service.TransactionService;
import io.vertx.core.Future;

import java.util.ArrayList;
import java.util.List;

/** One connection's MULTI queue and WATCHed keys. On the connection's event loop. */
final class TransactionState {
    /** A command queued by MULTI, checked (name, arity) when it was queued. */
    record Queued(CommandSpec spec, byte[][] argv) {
    }

    private final TransactionService service;
    private boolean multi;
    private boolean aborted;
    private final List<Queued> queue = new ArrayList<>();
    /** The shards of the queued commands' keys (cluster mode checks they share a node). */
    private final java.util.TreeSet<Integer> keyShards = new java.util.TreeSet<>();
    private final List<Future<TransactionService.Watched>> watches = new ArrayList<>();

    TransactionState(TransactionService service) {
        this.service = service;
    }

    boolean inMulti() {
        return multi;
    }

    boolean aborted() {
        return aborted;
    }

    void begin() {
        multi = true;
        aborted = false;
        queue.clear();
        keyShards.clear();
    }

    /**
     * The CROSSSLOT refusal when {@code argv}'s keys would make the queued transaction span nodes of
     * the cluster; null otherwise (always on a single server).
     */
    io.quiver.error.QuiverException crossNodes(CommandSpec spec, byte[][] argv) {
        if (!service.clustered() || spec.firstKey() <= 0 || spec.handler() == null) {
            return null; // a single server's shards are all on it: nothing to check, nothing to keep per command
        }
        java.util.TreeSet<Integer> with = new java.util.TreeSet<>(keyShards);
        int last = spec.lastKey() >= 0 ? spec.lastKey() : argv.length + spec.lastKey();
        for (int i = spec.firstKey(); i <= last && i < argv.length; i += Math.max(1, spec.keyStep())) {
            with.add(service.shardOf(argv[i]));
        }
        io.quiver.error.QuiverException cross = service.crossNodes(with.stream().mapToInt(Integer::intValue).toArray());
        if (cross == null) {
            keyShards.addAll(with);
        }
        return cross;
    }

    void queue(CommandSpec spec, byte[][] argv) {
        queue.add(new Queued(spec, argv));
    }

    /** A command was refused while queuing: EXEC will answer EXECABORT. */
    void abort() {
        aborted = true;
    }

    /** Leaves MULTI, handing over what was queued. */
    List<Queued> takeQueue() {
        List<Queued> q = queue.isEmpty() ? List.of() : new ArrayList<>(queue);
        queue.clear();
        keyShards.clear();
        multi = false;
        aborted = false;
        return q;
    }

    void watch(Future<TransactionService.Watched> w) {
        watches.add(w);
    }

    boolean watching() {
        return !watches.isEmpty();
    }

    /** The watches, which end here (EXEC, DISCARD, UNWATCH): the shards forget them once they are known. */
    List<Future<TransactionService.Watched>> takeWatches() {
        if (watches.isEmpty()) {
            return List.of();
        }
        List<Future<TransactionService.Watched>> w = List.copyOf(watches);
        watches.clear();
        return w;
    }

    /** Forgets the watches on the shards (once each WATCH has been answered). */
    void unwatch(List<Future<TransactionService.Watched>> ws) {
        if (ws.isEmpty()) {
            return;
        }
        Future.join(ws).onComplete(ar -> service.unwatch(ws.stream().filter(Future::succeeded).map(Future::result).toList()));
    }

    void connectionClosed() {
        unwatch(takeWatches());
        takeQueue();
    }
}
