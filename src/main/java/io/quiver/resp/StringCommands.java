package io.quiver.resp;

import io.quiver.kv.SetCondition;
import io.quiver.kv.Value;

import java.util.ArrayList;
import java.util.List;

/** GET, SET, SETNX, MGET, MSET. */
final class StringCommands {
    private StringCommands() {
    }

    static void get(Call call) {
        RespServerState state = call.frontEnd().state();
        call.replyWith(call.services().kv().get(call.arg(1)), value -> {
            (value == null ? state.keyspaceMisses : state.keyspaceHits).increment();
            return RespReply.bulk(value);
        });
    }

    /** SET key value [NX|XX]. Keys never expire in Quiver, so EX/PX/KEEPTTL are refused by name. */
    static void set(Call call) {
        SetCondition condition = SetCondition.ALWAYS;
        for (int i = 3; i < call.argc(); i++) {
            if (call.argIs(i, "nx") && condition != SetCondition.IF_PRESENT) {
                condition = SetCondition.IF_ABSENT;
            } else if (call.argIs(i, "xx") && condition != SetCondition.IF_ABSENT) {
                condition = SetCondition.IF_PRESENT;
            } else if (call.argIs(i, "ex") || call.argIs(i, "px") || call.argIs(i, "exat") || call.argIs(i, "pxat")
                    || call.argIs(i, "keepttl") || call.argIs(i, "get")) {
                call.error("ERR SET option '" + call.argString(i).toUpperCase() + "' is not supported: Quiver keys do not expire");
                return;
            } else {
                call.reply(RespReply.SYNTAX_ERROR);
                return;
            }
        }
        call.replyWith(call.services().kv().set(call.arg(1), call.arg(2), condition),
                stored -> stored ? RespReply.OK : RespReply.NULL_BULK);
    }

    static void setnx(Call call) {
        call.replyWith(call.services().kv().set(call.arg(1), call.arg(2), SetCondition.IF_ABSENT),
                stored -> stored ? RespReply.ONE : RespReply.ZERO);
    }

    static void mget(Call call) {
        call.replyWith(call.services().kv().multiGet(call.args(1, 1)), values -> {
            List<RespReply> items = new ArrayList<>(values.length);
            for (Value v : values) {
                items.add(RespReply.bulk(v));
            }
            return RespReply.array(items);
        });
    }

    static void mset(Call call) {
        if (call.argc() % 2 == 0) {
            call.error(RespErrors.wrongArity("mset"));
            return;
        }
        call.replyWith(call.services().kv().multiSet(call.args(1, 2), call.args(2, 2)), v -> RespReply.OK);
    }
}
