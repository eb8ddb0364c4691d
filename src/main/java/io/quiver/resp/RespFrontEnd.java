package io.quiver.resp;

import io.micrometer.core.instrument.Timer;
import io.quiver.config.ConfigKeys;
import io.quiver.metrics.QuiverMetrics;
import io.quiver.error.QuiverException;
import io.quiver.service.AdminService;
import io.quiver.service.Services;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.IdentityHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * What one RESP verticle instance's connections share: the service layer, the command table
 * and the dispatcher that checks a command against its row before running it (as Redis's
 * {@code processCommand} does, in its order: existence, arity, authentication, memory), and the
 * per-command latency timers.
 */
public final class RespFrontEnd {
    private static final Logger log = LoggerFactory.getLogger(RespFrontEnd.class);

    private final Services services;
    private final AdminService admin;
    private final RespServerState state;
    private final CommandTable table;
    private final RespDecoder.Limits limits;
    private final Map<CommandSpec, Timer> timers = new IdentityHashMap<>();
    private final RespConnection.OutputLimit pubsubOutputLimit;

    RespFrontEnd(Services services, RespServerState state, CommandTable table, QuiverMetrics metrics) {
        this.services = services;
        this.admin = services.admin();
        this.state = state;
        this.table = table;
        this.limits = new RespDecoder.Limits(state.config.get(ConfigKeys.MAX_INLINE_LINE),
                state.config.get(ConfigKeys.MAX_BULK_LENGTH), state.config.get(ConfigKeys.MAX_MULTIBULK_COUNT));
        this.pubsubOutputLimit = new RespConnection.OutputLimit(state.config.get(ConfigKeys.PUBSUB_OUTPUT_LIMIT),
                state.config.get(ConfigKeys.PUBSUB_OUTPUT_SOFT_LIMIT),
                TimeUnit.MILLISECONDS.toNanos(state.config.get(ConfigKeys.PUBSUB_OUTPUT_SOFT_TIME)));
        for (CommandSpec spec : table.all()) {
            timers.put(spec, metrics.commandTimer("resp", spec.name()));
        }
    }

    void dispatch(RespConnection connection, byte[][] argv) {
        state.commandsProcessed.increment();
        CommandSpec spec = table.lookup(argv[0]);
        Call call = new Call(connection, spec, argv, System.nanoTime());
        connection.enqueueCommand(call);
        if (spec == null && CrossProtocolGuard.isHttp(argv[0])) {
            CrossProtocolGuard.refuse(call);
            return;
        }
        TransactionState tx = connection.transaction;
        boolean queuing = tx != null && tx.inMulti();
        // as Redis's processCommand: a command refused while queuing makes EXEC fail (EXECABORT)
        if (spec == null) {
            rejectQueued(tx, queuing);
            call.error(RespErrors.unknownCommand(argv));
            return;
        }
        if (!spec.arityAccepts(argv.length)) {
            rejectQueued(tx, queuing);
            call.error(RespErrors.wrongArity(spec.name()));
            return;
        }
        if (!connection.authenticated() && !spec.has(CommandFlag.NO_AUTH)) {
            rejectQueued(tx, queuing);
            call.reply(RespErrors.NOAUTH);
            return;
        }
        if (state.minReplicasToWrite > 0 && spec.has(CommandFlag.WRITE)) {
            rejectQueued(tx, queuing);
            call.error(TransactionCommands.NOREPLICAS);
            return;
        }
        if (PubSubCommands.refusedInSubscribedMode(connection, spec)) {
            rejectQueued(tx, queuing);
            call.error(PubSubCommands.subscribedModeError(spec));
            return;
        }
        if (queuing && spec.has(CommandFlag.NO_MULTI)) {
            rejectQueued(tx, true);
            call.error("ERR Command not allowed inside a transaction");
            return;
        }
        if (spec.has(CommandFlag.DENY_OOM) && admin.memoryLimited()) {
            try {
                admin.checkMemory();
            } catch (QuiverException e) {
                rejectQueued(tx, queuing);
                call.fail(e);
                return;
            }
        }
        if (queuing && !TransactionCommands.runsAtOnce(spec)) {
            QuiverException cross = tx.crossNodes(spec, argv);
            if (cross != null) {
                rejectQueued(tx, true); // as Redis Cluster: the command gets CROSSSLOT, EXEC then EXECABORT
                call.fail(cross);
                return;
            }
            tx.queue(spec, argv);
            call.unrecorded(); // as Redis's commandstats: a queued command counts when EXEC runs it, not at +QUEUED
            call.reply(TransactionCommands.QUEUED);
            return;
        }
        run(spec, call);
    }

    private static void rejectQueued(TransactionState tx, boolean queuing) {
        if (queuing) {
            tx.abort();
        }
    }

    /** Runs a checked command: now, or (a queued one) as part of EXEC. */
    void run(CommandSpec spec, Call call) {
        try {
            spec.handler().handle(call);
        } catch (RuntimeException e) {
            if (call.done()) {
                log.error("{} failed after replying", spec.name(), e);
            } else {
                if (!(e instanceof QuiverException)) {
                    log.error("{} failed", spec.name(), e);
                }
                call.fail(e);
            }
        }
    }

    void recordLatency(Call call) {
        if (call.spec() != null && call.recorded()) {
            timers.get(call.spec()).record(System.nanoTime() - call.startNanos(), TimeUnit.NANOSECONDS);
        }
    }

    RespConnection.OutputLimit pubsubOutputLimit() {
        return pubsubOutputLimit;
    }

    void countProtocolError() {
        state.protocolErrors.increment();
    }

    public Services services() {
        return services;
    }

    public RespServerState state() {
        return state;
    }

    public CommandTable table() {
        return table;
    }

    RespDecoder.Limits decoderLimits() {
        return limits;
    }
}
