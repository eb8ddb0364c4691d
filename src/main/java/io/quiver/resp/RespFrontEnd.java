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
    private final boolean memoryLimited;
    private final Map<CommandSpec, Timer> timers = new IdentityHashMap<>();

    RespFrontEnd(Services services, RespServerState state, CommandTable table, QuiverMetrics metrics) {
        this.services = services;
        this.admin = services.admin();
        this.state = state;
        this.table = table;
        this.memoryLimited = admin.memoryLimited();
        this.limits = new RespDecoder.Limits(state.config.get(ConfigKeys.MAX_INLINE_LINE),
                state.config.get(ConfigKeys.MAX_BULK_LENGTH), state.config.get(ConfigKeys.MAX_MULTIBULK_COUNT));
        for (CommandSpec spec : table.all()) {
            timers.put(spec, metrics.commandTimer("resp", spec.name()));
        }
    }

    void dispatch(RespConnection connection, byte[][] argv) {
        state.commandsProcessed.increment();
        CommandSpec spec = table.lookup(argv[0]);
        Call call = new Call(connection, spec, argv, System.nanoTime());
        connection.enqueue(call);
        if (spec == null && CrossProtocolGuard.isHttp(argv[0])) {
            CrossProtocolGuard.refuse(call);
            return;
        }
        if (spec == null) {
            call.error(RespErrors.unknownCommand(argv));
            return;
        }
        if (!spec.arityAccepts(argv.length)) {
            call.error(RespErrors.wrongArity(spec.name()));
            return;
        }
        if (!connection.authenticated() && !spec.has(CommandFlag.NO_AUTH)) {
            call.reply(RespErrors.NOAUTH);
            return;
        }
        if (memoryLimited && spec.has(CommandFlag.DENY_OOM)) {
            try {
                admin.checkMemory();
            } catch (QuiverException e) {
                call.fail(e);
                return;
            }
        }
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
        if (call.spec() != null) {
            timers.get(call.spec()).record(System.nanoTime() - call.startNanos(), TimeUnit.NANOSECONDS);
        }
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
