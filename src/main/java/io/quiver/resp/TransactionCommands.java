package io.quiver.resp;

import io.quiver.service.Services;
import io.quiver.service.TransactionService;
import io.vertx.core.Future;
import io.vertx.core.Promise;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;

/**
 * MULTI, EXEC, DISCARD, WATCH, UNWATCH with Redis's semantics, atomic and isolated across shards
 * ({@link io.quiver.service.TransactionService}). While a connection is in MULTI the dispatcher
 * checks each command (name, arity, authentication, NO_MULTI, memory) and queues it with
 * {@code +QUEUED}; a refused one makes EXEC answer EXECABORT.
 */
final class TransactionCommands {
    static final RespReply QUEUED = RespReply.raw("+QUEUED\r\n");
    /** Redis's refusal of a write while fewer than min-replicas-to-write replicas are connected (Quiver has none). */
    static final String NOREPLICAS = "NOREPLICAS Not enough good replicas to write.";

    /** Commands that run at once even inside MULTI (as in Redis's processCommand). */
    private static final Set<String> AT_ONCE = Set.of("exec", "discard", "multi", "watch", "quit", "reset");

    /** Commands that need no shard. */
    private static final Set<String> NO_SHARD = Set.of("ping", "echo", "select", "time", "hello", "auth", "client",
            "command", "lastsave", "unwatch", "quit", "config", "subscribe", "unsubscribe", "psubscribe", "punsubscribe",
            "ssubscribe", "sunsubscribe", "publish", "spublish", "pubsub");

    /** Commands that send exactly one operation, at once, when all their keys are on one shard and none is a vector set. */
    private static final Set<String> ONE_OPERATION = Set.of("get", "set", "setnx", "setex", "psetex", "getex", "getdel",
            "getset", "mget", "mset", "msetnx", "incr", "decr", "incrby", "decrby", "incrbyfloat", "append", "strlen",
            "getrange", "substr", "setrange", "setbit", "getbit", "bitcount", "expire", "pexpire", "expireat",
            "pexpireat", "ttl", "pttl", "expiretime", "pexpiretime", "persist", "del", "unlink", "exists", "touch",
            "type", "rename", "renamenx", "ping", "echo", "time", "select", "unwatch",
            "hset", "hsetnx", "hget", "hmget", "hmset", "hgetall", "hdel", "hexists", "hlen", "hstrlen", "hkeys",
            "hvals", "hincrby", "hincrbyfloat", "hrandfield",
            "lpush", "rpush", "lpushx", "rpushx", "lpop", "rpop", "llen", "lrange", "lindex", "lset", "lrem", "ltrim",
            "subscribe", "unsubscribe", "psubscribe", "punsubscribe", "ssubscribe", "sunsubscribe", "publish", "spublish",
            "pubsub");

    private TransactionCommands() {
    }

    static boolean runsAtOnce(CommandSpec spec) {
        return AT_ONCE.contains(spec.name());
    }

    private static TransactionState state(Call call) {
        RespConnection c = call.connection();
        if (c.transaction == null) {
            c.transaction = new TransactionState(call.services().transactions());
        }
        return c.transaction;
    }

    static void multi(Call call) {
        TransactionState tx = state(call);
        if (tx.inMulti()) {
            call.error("ERR MULTI calls can not be nested");
            return;
        }
        tx.begin();
        call.reply(RespReply.OK);
    }

    static void discard(Call call) {
        TransactionState tx = state(call);
        if (!tx.inMulti()) {
            call.error("ERR DISCARD without MULTI");
            return;
        }
        tx.takeQueue();
        tx.unwatch(tx.takeWatches());
        call.reply(RespReply.OK);
    }

    static void watch(Call call) {
        TransactionState tx = state(call);
        if (tx.inMulti()) {
            call.error("ERR WATCH inside MULTI is not allowed");
            return;
        }
        TransactionService service = call.services().transactions();
        int db = call.connection().db;
        List<Future<TransactionService.Watched>> added = new ArrayList<>();
        for (int i = 1; i < call.argc(); i++) {
            Future<TransactionService.Watched> w = service.watch(db, call.arg(i));
            tx.watch(w);
            added.add(w);
        }
        call.replyWith(Future.all(added), all -> RespReply.OK);
    }

    static void unwatch(Call call) {
        RespConnection c = call.connection();
        if (c.transaction != null) {
            c.transaction.unwatch(c.transaction.takeWatches());
        }
        call.reply(RespReply.OK);
    }

    static void exec(Call call) {
        TransactionState tx = state(call);
        if (!tx.inMulti()) {
            call.error("ERR EXEC without MULTI");
            return;
        }
        boolean aborted = tx.aborted();
        List<TransactionState.Queued> queued = tx.takeQueue();
        List<Future<TransactionService.Watched>> watches = tx.takeWatches();
        if (aborted) {
            tx.unwatch(watches);
            call.error("EXECABORT Transaction discarded because of previous errors.");
            return;
        }
        if (call.frontEnd().state().minReplicasToWrite > 0 && anyHas(queued, CommandFlag.WRITE)) {
            tx.unwatch(watches); // as Redis: the replicas are checked again at EXEC, for the writes it queued
            call.error("EXECABORT Transaction discarded because of: " + NOREPLICAS);
            return;
        }
        if (call.services().admin().memoryLimited() && anyHas(queued, CommandFlag.DENY_OOM)) {
            try {
                call.services().admin().checkMemory(); // as Redis: a transaction that may add data is refused whole when over maxmemory
            } catch (io.quiver.error.QuiverException e) {
                tx.unwatch(watches);
                call.error("EXECABORT Transaction discarded because of: OOM " + e.getMessage());
                return;
            }
        }
        TransactionService service = call.services().transactions();
        Plan plan = plan(call, service, queued);
        java.util.function.Function<Services, Future<List<RespReply>>> body =
                services -> plan.atOnce() ? runAtOnce(call, services, queued) : runInTurn(call, services, queued);
        Future<List<RespReply>> done;
        if (watches.isEmpty()) {
            done = service.run(plan.shards(), plan.oneBatch(), queued.size(), List.of(), body); // the common case: no future to wait for first
        } else {
            done = Future.all(watches).compose(all -> {
                List<TransactionService.Watched> ws = new ArrayList<>(watches.size());
                for (Future<TransactionService.Watched> w : watches) {
                    ws.add(w.result());
                }
                return service.run(plan.shards(), plan.oneBatch(), queued.size(), ws, body);
            });
            done.onComplete(ar -> tx.unwatch(watches));
        }
        call.replyWith(done, replies -> replies == null ? RespReply.NULL_ARRAY : RespReply.array(replies));
    }

    private static boolean anyHas(List<TransactionState.Queued> queued, CommandFlag flag) {
        for (TransactionState.Queued q : queued) {
            if (q.spec().has(flag)) {
                return true;
            }
        }
        return false;
    }

    /**
     * Which shards the queued commands involve; {@code atOnce}: each command is one operation on one
     * shard, so once the shards are locked every command may be sent at once (a shard runs its part
     * in order, and no command's result depends on another shard's); {@code oneBatch}: moreover all
     * on one shard, so lock, commands and end go in one batch.
     */
    private record Plan(int[] shards, boolean oneBatch, boolean atOnce) {
    }

    private static Plan plan(Call call, TransactionService service, List<TransactionState.Queued> queued) {
        int[] shards = new int[4]; // the distinct shards of the keys, usually one or two
        int count = 0;
        boolean every = false;
        boolean oneOp = true;
        boolean oneShardEach = true;
        io.quiver.service.KeyspaceService keyspace = call.services().keyspace();
        for (TransactionState.Queued q : queued) {
            CommandSpec spec = q.spec();
            byte[][] argv = q.argv();
            oneOp &= ONE_OPERATION.contains(spec.name());
            if (NO_SHARD.contains(spec.name())) {
                continue;
            }
            if (spec.firstKey() == 0 || spec.handler() == null) {
                every = true;
                continue;
            }
            if (spec.name().startsWith("v") && VECTOR_COMMANDS.contains(spec.name())) {
                every = true;
                oneOp = false;
                continue;
            }
            int last = spec.lastKey() >= 0 ? spec.lastKey() : argv.length + spec.lastKey();
            int commandShard = -1;
            for (int i = spec.firstKey(); i <= last && i < argv.length; i += Math.max(1, spec.keyStep())) {
                if (keyspace.isVectorSet(argv[i])) {
                    every = true; // a vector set's points are on every shard
                    oneOp = false;
                }
                int shard = service.shardOf(argv[i]);
                // a command over keys of several shards (MSETNX, RENAME, ...) may take steps: in turn
                oneShardEach &= commandShard < 0 || commandShard == shard;
                commandShard = shard;
                if (!contains(shards, count, shard)) {
                    if (count == shards.length) {
                        shards = Arrays.copyOf(shards, count * 2);
                    }
                    shards[count++] = shard;
                }
            }
        }
        int[] involved;
        if (every) {
            involved = new int[service.shardCount()];
            for (int s = 0; s < involved.length; s++) {
                involved[s] = s;
            }
        } else {
            involved = Arrays.copyOf(shards, count);
            if (count > 1) {
                Arrays.sort(involved);
            }
        }
        return new Plan(involved, oneOp && involved.length <= 1, oneOp && (oneShardEach || involved.length <= 1));
    }

    private static boolean contains(int[] values, int count, int value) {
        for (int i = 0; i < count; i++) {
            if (values[i] == value) {
                return true;
            }
        }
        return false;
    }

    private static final Set<String> VECTOR_COMMANDS = Set.of("vadd", "vsim", "vrem", "vcard", "vdim", "vemb", "vinfo",
            "vsetattr", "vgetattr", "vismember");

    /** Every command started now, so their operations leave in one batch; replies in order. */
    private static Future<List<RespReply>> runAtOnce(Call exec, Services services, List<TransactionState.Queued> queued) {
        RespReply[] replies = new RespReply[queued.size()];
        Promise<List<RespReply>> all = Promise.promise();
        int[] left = {queued.size()};
        if (queued.isEmpty()) {
            return Future.succeededFuture(List.of());
        }
        for (int i = 0; i < queued.size(); i++) {
            int at = i;
            TransactionState.Queued q = queued.get(i);
            Call c = new Call(exec.connection(), q.spec(), q.argv(), System.nanoTime(), services, done -> {
                replies[at] = done.replyValue();
                exec.frontEnd().recordLatency(done);
                if (--left[0] == 0) {
                    all.complete(Arrays.asList(replies));
                }
            });
            exec.frontEnd().run(q.spec(), c);
        }
        return all.future();
    }

    /** One command after another, each once the one before has its reply. */
    private static Future<List<RespReply>> runInTurn(Call exec, Services services, List<TransactionState.Queued> queued) {
        List<RespReply> replies = new ArrayList<>(queued.size());
        Promise<List<RespReply>> all = Promise.promise();
        next(exec, services, queued, replies, all);
        return all.future();
    }

    private static void next(Call exec, Services services, List<TransactionState.Queued> queued, List<RespReply> replies,
                             Promise<List<RespReply>> all) {
        if (replies.size() == queued.size()) {
            all.complete(replies);
            return;
        }
        TransactionState.Queued q = queued.get(replies.size());
        Call c = new Call(exec.connection(), q.spec(), q.argv(), System.nanoTime(), services, done -> {
            replies.add(done.replyValue());
            exec.frontEnd().recordLatency(done);
            next(exec, services, queued, replies, all);
        });
        exec.frontEnd().run(q.spec(), c);
    }
}
