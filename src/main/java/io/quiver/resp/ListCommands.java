package io.quiver.resp;

import io.quiver.kv.StringNumbers;
import io.quiver.kv.Value;

import java.util.ArrayList;
import java.util.List;

/**
 * Lists: LPUSH, RPUSH, LPUSHX, RPUSHX, LPOP, RPOP (with a count), LLEN, LRANGE, LINDEX, LSET, LREM,
 * LTRIM, with Redis's replies and words. A list command on a vector set's name is WRONGTYPE, as on a
 * string or a hash (the shard answers those). No blocking forms (BLPOP and kin are unknown commands).
 */
final class ListCommands {
    private ListCommands() {
    }

    /** Argument {@code i} as a long; null after answering Redis's error. */
    private static Long integer(Call call, int i) {
        Long v = StringNumbers.parseLong(call.arg(i));
        if (v == null) {
            call.reply(RespReply.NOT_AN_INTEGER);
        }
        return v;
    }

    static void lpush(Call call) {
        push(call, true, false);
    }

    static void rpush(Call call) {
        push(call, false, false);
    }

    static void lpushx(Call call) {
        push(call, true, true);
    }

    static void rpushx(Call call) {
        push(call, false, true);
    }

    private static void push(Call call, boolean left, boolean onlyIfExists) {
        if (call.notVectorSet(1)) {
            call.replyWith(call.lists().push(call.arg(1), call.args(2, 1), left, onlyIfExists), RespReply::integer);
        }
    }

    static void lpop(Call call) {
        pop(call, "lpop", true);
    }

    static void rpop(Call call) {
        pop(call, "rpop", false);
    }

    private static void pop(Call call, String name, boolean left) {
        if (call.argc() > 3) {
            call.error(RespErrors.wrongArity(name));
            return;
        }
        long count = -1;
        if (call.argc() == 3) {
            Long n = integer(call, 2);
            if (n == null) {
                return;
            }
            if (n < 0) {
                call.error("ERR value is out of range, must be positive");
                return;
            }
            count = n;
        }
        if (!call.notVectorSet(1)) {
            return;
        }
        boolean single = count < 0;
        call.replyWith(call.lists().pop(call.arg(1), left, count), vs -> vs == null
                ? (single ? RespReply.NULL_BULK : RespReply.NULL_ARRAY)
                : single ? RespReply.bulk(vs[0]) : bulks(vs));
    }

    static void llen(Call call) {
        if (call.notVectorSet(1)) {
            call.replyWith(call.lists().length(call.arg(1)), RespReply::integer);
        }
    }

    static void lrange(Call call) {
        Long start = integer(call, 2);
        Long stop = start == null ? null : integer(call, 3);
        if (stop != null && call.notVectorSet(1)) {
            call.replyWith(call.lists().range(call.arg(1), start, stop), ListCommands::bulks);
        }
    }

    static void lindex(Call call) {
        Long index = integer(call, 2);
        if (index != null && call.notVectorSet(1)) {
            call.replyWith(call.lists().index(call.arg(1), index), RespReply::bulk);
        }
    }

    static void lset(Call call) {
        Long index = integer(call, 2);
        if (index != null && call.notVectorSet(1)) {
            call.replyWith(call.lists().set(call.arg(1), index, call.arg(3)), ok -> RespReply.OK);
        }
    }

    static void lrem(Call call) {
        Long count = integer(call, 2);
        if (count != null && call.notVectorSet(1)) {
            call.replyWith(call.lists().remove(call.arg(1), count, call.arg(3)), RespReply::integer);
        }
    }

    static void ltrim(Call call) {
        Long start = integer(call, 2);
        Long stop = start == null ? null : integer(call, 3);
        if (stop != null && call.notVectorSet(1)) {
            call.replyWith(call.lists().trim(call.arg(1), start, stop), ok -> RespReply.OK);
        }
    }

    private static RespReply bulks(Value[] vs) {
        List<RespReply> items = new ArrayList<>(vs.length);
        for (Value v : vs) {
            items.add(RespReply.bulk(v));
        }
        return RespReply.array(items);
    }
}
