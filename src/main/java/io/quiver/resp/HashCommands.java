package io.quiver.resp;

import io.quiver.kv.ScanPage;
import io.quiver.kv.StringNumbers;
import io.quiver.kv.Value;

import java.util.ArrayList;
import java.util.List;

/**
 * Hashes: HSET, HMSET, HSETNX, HGET, HMGET, HGETALL, HKEYS, HVALS, HDEL, HEXISTS, HLEN, HSTRLEN,
 * HINCRBY, HINCRBYFLOAT, HSCAN, HRANDFIELD, with Redis's replies (HGETALL a map in RESP3) and words.
 * A hash command on a vector set's name is WRONGTYPE, as on a string (the shard answers that one).
 */
final class HashCommands {
    private HashCommands() {
    }

    private static byte[][] pairs(Call call, int from, int step, int offset) {
        byte[][] out = new byte[(call.argc() - from) / 2][];
        for (int i = 0; i < out.length; i++) {
            out[i] = call.arg(from + i * step + offset);
        }
        return out;
    }

    static void hset(Call call) {
        set(call, "hset", n -> RespReply.integer(n));
    }

    static void hmset(Call call) {
        set(call, "hmset", n -> RespReply.OK);
    }

    private static void set(Call call, String name, java.util.function.Function<Long, RespReply> reply) {
        if (call.argc() % 2 != 0) {
            call.error(RespErrors.wrongArity(name));
            return;
        }
        if (!call.notVectorSet(1)) {
            return;
        }
        call.replyWith(call.hashes().set(call.arg(1), pairs(call, 2, 2, 0), pairs(call, 2, 2, 1)), reply);
    }

    static void hsetnx(Call call) {
        if (call.notVectorSet(1)) {
            call.replyWith(call.hashes().setIfAbsent(call.arg(1), call.arg(2), call.arg(3)), RespReply::integer);
        }
    }

    static void hget(Call call) {
        if (call.notVectorSet(1)) {
            call.replyWith(call.hashes().get(call.arg(1), call.arg(2)), RespReply::bulk);
        }
    }

    static void hmget(Call call) {
        if (call.notVectorSet(1)) {
            call.replyWith(call.hashes().multiGet(call.arg(1), call.args(2, 1)), HashCommands::bulks);
        }
    }

    static void hgetall(Call call) {
        if (call.notVectorSet(1)) {
            call.replyWith(call.hashes().getAll(call.arg(1), io.quiver.service.HashService.PAIRS), vs -> {
                List<RespReply> items = new ArrayList<>(vs.length);
                for (Value v : vs) {
                    items.add(RespReply.bulk(v));
                }
                return RespReply.map(items);
            });
        }
    }

    static void hkeys(Call call) {
        if (call.notVectorSet(1)) {
            call.replyWith(call.hashes().getAll(call.arg(1), io.quiver.service.HashService.FIELDS), HashCommands::bulks);
        }
    }

    static void hvals(Call call) {
        if (call.notVectorSet(1)) {
            call.replyWith(call.hashes().getAll(call.arg(1), io.quiver.service.HashService.VALUES), HashCommands::bulks);
        }
    }

    static void hdel(Call call) {
        if (call.notVectorSet(1)) {
            call.replyWith(call.hashes().delete(call.arg(1), call.args(2, 1)), RespReply::integer);
        }
    }

    static void hexists(Call call) {
        if (call.notVectorSet(1)) {
            call.replyWith(call.hashes().exists(call.arg(1), call.arg(2)), RespReply::integer);
        }
    }

    static void hlen(Call call) {
        if (call.notVectorSet(1)) {
            call.replyWith(call.hashes().length(call.arg(1)), RespReply::integer);
        }
    }

    static void hstrlen(Call call) {
        if (call.notVectorSet(1)) {
            call.replyWith(call.hashes().stringLength(call.arg(1), call.arg(2)), RespReply::integer);
        }
    }

    static void hincrby(Call call) {
        Long delta = StringNumbers.parseLong(call.arg(3));
        if (delta == null) {
            call.reply(RespReply.NOT_AN_INTEGER);
            return;
        }
        if (call.notVectorSet(1)) {
            call.replyWith(call.hashes().incrementBy(call.arg(1), call.arg(2), delta), RespReply::integer);
        }
    }

    static void hincrbyfloat(Call call) {
        Double delta = StringNumbers.parseDouble(call.arg(3));
        if (delta == null) {
            call.error("ERR value is not a valid float");
            return;
        }
        if (delta.isNaN() || delta.isInfinite()) {
            call.error("ERR value is NaN or Infinity");
            return;
        }
        if (call.notVectorSet(1)) {
            call.replyWith(call.hashes().incrementByFloat(call.arg(1), call.arg(2), delta), RespReply::bulk);
        }
    }

    /** HSCAN key cursor [MATCH pattern] [COUNT count] [NOVALUES]. */
    static void hscan(Call call) {
        Long cursor = StringNumbers.parseLong(call.arg(2));
        if (cursor == null) {
            call.error("ERR invalid cursor");
            return;
        }
        byte[] pattern = null;
        int count = 10;
        boolean noValues = false;
        for (int i = 3; i < call.argc(); i++) {
            if (call.argIs(i, "match") && i + 1 < call.argc()) {
                pattern = call.arg(++i);
            } else if (call.argIs(i, "count") && i + 1 < call.argc()) {
                Long n = StringNumbers.parseLong(call.arg(++i));
                if (n == null) {
                    call.reply(RespReply.NOT_AN_INTEGER);
                    return;
                }
                if (n < 1) {
                    call.reply(RespReply.SYNTAX_ERROR);
                    return;
                }
                count = (int) Math.min(n, Integer.MAX_VALUE);
            } else if (call.argIs(i, "novalues")) {
                noValues = true;
            } else {
                call.reply(RespReply.SYNTAX_ERROR);
                return;
            }
        }
        if (pattern != null && pattern.length == 1 && pattern[0] == '*') {
            pattern = null;
        }
        if (!call.notVectorSet(1)) {
            return;
        }
        call.replyWith(call.hashes().scan(call.arg(1), cursor, count, pattern, noValues), (ScanPage page) -> {
            List<RespReply> items = new ArrayList<>(page.keys().length);
            for (byte[] k : page.keys()) {
                items.add(RespReply.bulk(k));
            }
            return RespReply.array(List.of(RespReply.bulk(Long.toUnsignedString(page.cursor())), RespReply.array(items)));
        });
    }

    /** HRANDFIELD key [count [WITHVALUES]]. */
    static void hrandfield(Call call) {
        if (call.argc() > 4 || (call.argc() == 4 && !call.argIs(3, "withvalues"))) {
            call.reply(RespReply.SYNTAX_ERROR);
            return;
        }
        boolean single = call.argc() == 2;
        boolean withValues = call.argc() == 4;
        long count = 0;
        if (!single) {
            Long n = StringNumbers.parseLong(call.arg(2));
            if (n == null) {
                call.reply(RespReply.NOT_AN_INTEGER);
                return;
            }
            if (n == Long.MIN_VALUE || (withValues && n < -Long.MAX_VALUE / 2)) {
                call.error("ERR value is out of range");
                return;
            }
            count = n;
        }
        if (!call.notVectorSet(1)) {
            return;
        }
        long asked = count;
        call.replyWith(call.hashes().randomField(call.arg(1), count, single, withValues), vs -> {
            if (single) {
                return vs == null || vs.length == 0 ? RespReply.NULL_BULK : RespReply.bulk(vs[0]);
            }
            if (asked == 0) {
                return RespReply.EMPTY_ARRAY;
            }
            if (!withValues) {
                return bulks(vs);
            }
            List<RespReply> pairs = new ArrayList<>(vs.length / 2);
            for (int i = 0; i + 1 < vs.length; i += 2) {
                pairs.add(RespReply.bulk(vs[i]));
                pairs.add(RespReply.bulk(vs[i + 1]));
            }
            return pairsReply(pairs);
        });
    }

    /** Field-value pairs: flat in RESP2, an array of two-element arrays in RESP3 (as Redis's HRANDFIELD ... WITHVALUES). */
    private static RespReply pairsReply(List<RespReply> flat) {
        RespReply two = RespReply.array(flat);
        List<RespReply> nested = new ArrayList<>(flat.size() / 2);
        for (int i = 0; i + 1 < flat.size(); i += 2) {
            nested.add(RespReply.array(List.of(flat.get(i), flat.get(i + 1))));
        }
        RespReply three = RespReply.array(nested);
        return (out, resp3) -> (resp3 ? three : two).writeTo(out, resp3);
    }

    private static RespReply bulks(Value[] vs) {
        List<RespReply> items = new ArrayList<>(vs.length);
        for (Value v : vs) {
            items.add(RespReply.bulk(v));
        }
        return RespReply.array(items);
    }
}
