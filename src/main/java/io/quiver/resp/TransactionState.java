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
        List<Queued> q = List.copyOf(queue);
        queue.clear();
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
