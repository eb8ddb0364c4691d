package io.quiver.resp;

import io.quiver.service.pubsub.PubSubHub.Kind;
import io.quiver.service.pubsub.PubSubService;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * SUBSCRIBE, UNSUBSCRIBE, PSUBSCRIBE, PUNSUBSCRIBE, SSUBSCRIBE, SUNSUBSCRIBE, PUBLISH, SPUBLISH and
 * PUBSUB, as Redis has them: each (un)subscription is acknowledged by a push
 * {@code [kind, name, subscriptions left]}; a RESP2 connection with subscriptions may run only these,
 * PING (answered {@code [pong, arg]}) and QUIT; a RESP3 one may run anything, the messages
 * interleaving with the replies. Delivery: {@link io.quiver.service.pubsub.PubSubService}.
 */
final class PubSubCommands {
    private PubSubCommands() {
    }

    /** What a RESP2 connection in subscribed mode may still run (Redis's list, less RESET, which Quiver lacks). */
    private static final Set<String> IN_SUBSCRIBED_MODE = Set.of("subscribe", "unsubscribe", "psubscribe", "punsubscribe",
            "ssubscribe", "sunsubscribe", "ping", "quit", "reset");

    /** Whether {@code spec} is refused because the connection is in RESP2's subscribed mode. */
    static boolean refusedInSubscribedMode(RespConnection c, CommandSpec spec) {
        return c.protocol == 2 && subscribed(c) && !IN_SUBSCRIBED_MODE.contains(spec.name());
    }

    static String subscribedModeError(CommandSpec spec) {
        return "ERR Can't execute '" + spec.name() + "': only (P|S)SUBSCRIBE / (P|S)UNSUBSCRIBE / PING / QUIT / RESET "
                + "are allowed in this context";
    }

    static boolean subscribed(RespConnection c) {
        return c.pubsub != null && c.pubsub.subscribed();
    }

    private static PubSubState state(Call call) {
        RespConnection c = call.connection();
        if (c.pubsub == null) {
            c.pubsub = new PubSubState(c, call.services().pubsub());
        }
        return c.pubsub;
    }

    private static final RespReply SUBSCRIBE = RespReply.bulk("subscribe"), UNSUBSCRIBE = RespReply.bulk("unsubscribe"),
            PSUBSCRIBE = RespReply.bulk("psubscribe"), PUNSUBSCRIBE = RespReply.bulk("punsubscribe"),
            SSUBSCRIBE = RespReply.bulk("ssubscribe"), SUNSUBSCRIBE = RespReply.bulk("sunsubscribe");

    private static RespReply ack(RespReply kind, byte[] name, int count) {
        return RespReply.push(List.of(kind, RespReply.bulk(name), RespReply.integer(count)));
    }

    /** Several acknowledgements one after another: the command's reply, as Redis writes them. */
    private static RespReply all(List<RespReply> replies) {
        return (out, resp3) -> {
            for (RespReply r : replies) {
                r.writeTo(out, resp3);
            }
        };
    }

    static void subscribe(Call call) {
        subscribe(call, Kind.CHANNEL, SUBSCRIBE);
    }

    static void psubscribe(Call call) {
        subscribe(call, Kind.PATTERN, PSUBSCRIBE);
    }

    static void ssubscribe(Call call) {
        subscribe(call, Kind.SHARD_CHANNEL, SSUBSCRIBE);
    }

    private static void subscribe(Call call, Kind kind, RespReply word) {
        PubSubState s = state(call);
        List<RespReply> acks = new ArrayList<>(call.argc() - 1);
        for (int i = 1; i < call.argc(); i++) {
            s.add(kind, call.arg(i));
            acks.add(ack(word, call.arg(i), s.count(kind)));
        }
        call.replyPush(all(acks));
    }

    static void unsubscribe(Call call) {
        unsubscribe(call, Kind.CHANNEL, UNSUBSCRIBE);
    }

    static void punsubscribe(Call call) {
        unsubscribe(call, Kind.PATTERN, PUNSUBSCRIBE);
    }

    static void sunsubscribe(Call call) {
        unsubscribe(call, Kind.SHARD_CHANNEL, SUNSUBSCRIBE);
    }

    /** Without arguments: every subscription of the kind, or one acknowledgement with a nil name when there is none. */
    private static void unsubscribe(Call call, Kind kind, RespReply word) {
        PubSubState s = state(call);
        List<byte[]> names = new ArrayList<>();
        if (call.argc() == 1) {
            names.addAll(s.names(kind));
        } else {
            for (int i = 1; i < call.argc(); i++) {
                names.add(call.arg(i));
            }
        }
        List<RespReply> acks = new ArrayList<>(Math.max(1, names.size()));
        for (byte[] name : names) {
            s.remove(kind, name);
            acks.add(ack(word, name, s.count(kind)));
        }
        if (acks.isEmpty()) {
            acks.add(ack(word, null, s.count(kind)));
        }
        call.replyPush(all(acks));
    }

    static void publish(Call call) {
        call.reply(RespReply.integer(call.services().pubsub().service().publish(call.arg(1), call.arg(2))));
    }

    static void spublish(Call call) {
        call.reply(RespReply.integer(call.services().pubsub().service().spublish(call.arg(1), call.arg(2))));
    }

    /** PUBSUB CHANNELS [pattern] | NUMSUB [channel ...] | NUMPAT | SHARDCHANNELS [pattern] | SHARDNUMSUB [channel ...] | HELP. */
    static void pubsub(Call call) {
        PubSubService service = call.services().pubsub().service();
        boolean shard = call.argIs(1, "shardchannels") || call.argIs(1, "shardnumsub");
        if ((call.argIs(1, "channels") || call.argIs(1, "shardchannels")) && call.argc() <= 3) {
            List<RespReply> out = new ArrayList<>();
            for (byte[] c : service.channels(shard, call.argc() == 3 ? call.arg(2) : null)) {
                out.add(RespReply.bulk(c));
            }
            call.reply(RespReply.array(out));
        } else if (call.argIs(1, "numsub") || call.argIs(1, "shardnumsub")) {
            List<RespReply> out = new ArrayList<>();
            for (int i = 2; i < call.argc(); i++) {
                out.add(RespReply.bulk(call.arg(i)));
                out.add(RespReply.integer(service.subscribers(shard, call.arg(i))));
            }
            call.reply(RespReply.map(out));
        } else if (call.argIs(1, "numpat") && call.argc() == 2) {
            call.reply(RespReply.integer(service.patterns()));
        } else if (call.argIs(1, "help") && call.argc() == 2) {
            call.reply(RespReply.bulkStrings(List.of(
                    "PUBSUB <subcommand> [<arg> [value] [opt] ...]. Subcommands are:",
                    "CHANNELS [<pattern>]",
                    "    Return the currently active channels matching a <pattern> (default: '*').",
                    "NUMPAT",
                    "    Return number of subscriptions to patterns.",
                    "NUMSUB [<channel> ...]",
                    "    Return the number of subscribers for the specified channels, excluding",
                    "    pattern subscriptions(default: no channels).",
                    "SHARDCHANNELS [<pattern>]",
                    "    Return the currently active shard level channels matching a <pattern> (default: '*').",
                    "SHARDNUMSUB [<shardchannel> ...]",
                    "    Return the number of subscribers for the specified shard level channel(s)",
                    "HELP",
                    "    Print this help.")));
        } else if (call.argIs(1, "channels") || call.argIs(1, "shardchannels") || call.argIs(1, "numpat")
                || call.argIs(1, "help")) {
            call.error("ERR wrong number of arguments for 'pubsub|" + call.argString(1).toLowerCase() + "' command");
        } else {
            call.error(RespErrors.unknownSubcommand("pubsub", call.arg(1)));
        }
    }
}
