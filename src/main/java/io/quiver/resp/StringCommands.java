package io.quiver.resp;

import io.quiver.config.ConfigKeys;
import io.quiver.kv.CommonSubsequence;
import io.quiver.kv.SetCondition;
import io.quiver.kv.StringNumbers;
import io.quiver.kv.Value;
import io.quiver.service.KeyValueService;
import io.vertx.core.Future;
import io.vertx.core.Vertx;

import java.util.ArrayList;
import java.util.List;

/**
 * Strings and counters: GET, SET (every option), SETNX, SETEX, PSETEX, GETEX, GETDEL, GETSET, MGET,
 * MSET, MSETNX, INCR/DECR/INCRBY/DECRBY/INCRBYFLOAT, APPEND, STRLEN, GETRANGE/SUBSTR, SETRANGE, LCS.
 * Arguments are checked here with Redis's words; a command on a vector set's name is WRONGTYPE.
 */
final class StringCommands {
    private StringCommands() {
    }

    private static KeyValueService kv(Call call) {
        return call.kv();
    }

    static void get(Call call) {
        if (!call.notVectorSet(1)) {
            return;
        }
        RespServerState state = call.frontEnd().state();
        call.replyWith(kv(call).get(call.arg(1)), value -> {
            (value == null ? state.keyspaceMisses : state.keyspaceHits).increment();
            return RespReply.bulk(value);
        });
    }

    /** SET key value [NX|XX] [GET] [EX s|PX ms|EXAT t|PXAT t|KEEPTTL]. */
    static void set(Call call) {
        SetCondition condition = SetCondition.ALWAYS;
        boolean get = false;
        Expiry.Option expiry = null;
        byte[] expiryNumber = null;
        for (int i = 3; i < call.argc(); i++) {
            boolean next = i + 1 < call.argc();
            if (call.argIs(i, "nx") && condition == SetCondition.ALWAYS) {
                condition = SetCondition.IF_ABSENT;
            } else if (call.argIs(i, "xx") && condition == SetCondition.ALWAYS) {
                condition = SetCondition.IF_PRESENT;
            } else if (call.argIs(i, "get") && !get) {
                get = true;
            } else if (call.argIs(i, "keepttl") && expiry == null) {
                expiry = Expiry.Option.KEEP;
            } else if (expiry == null && next && Expiry.unitOf(call, i) != null) {
                expiry = Expiry.unitOf(call, i);
                expiryNumber = call.arg(++i);
            } else {
                call.reply(RespReply.SYNTAX_ERROR);
                return;
            }
        }
        long at = 0;
        if (expiry != null && expiry != Expiry.Option.KEEP) {
            at = Expiry.absolute(call, expiry, expiryNumber, "set");
            if (at < 0) {
                return;
            }
        }
        boolean keep = expiry == Expiry.Option.KEEP;
        byte[] key = call.arg(1), value = call.arg(2);
        SetCondition c = condition;
        long expireAt = at;
        if (get && !call.notVectorSet(1)) {
            return;
        }
        boolean withGet = get;
        if (call.keyspace().isVectorSet(key)) { // SET replaces a key of any type
            call.keyspace().replaceIfVectorSet(key).onComplete(ar -> {
                if (ar.failed()) {
                    call.fail(ar.cause());
                } else {
                    write(call, key, value, c, expireAt, keep, withGet);
                }
            });
            return;
        }
        write(call, key, value, c, expireAt, keep, withGet);
    }

    private static void write(Call call, byte[] key, byte[] value, SetCondition c, long expireAt, boolean keep, boolean get) {
        if (get) {
            call.replyWith(kv(call).setAndGet(key, value, c, expireAt, keep), RespReply::bulk);
        } else {
            call.replyWith(kv(call).set(key, value, c, expireAt, keep), stored -> stored ? RespReply.OK : RespReply.NULL_BULK);
        }
    }

    static void setnx(Call call) {
        if (!call.notVectorSet(1)) {
            return;
        }
        call.replyWith(kv(call).set(call.arg(1), call.arg(2), SetCondition.IF_ABSENT),
                stored -> stored ? RespReply.ONE : RespReply.ZERO);
    }

    /** SETEX key seconds value, PSETEX key milliseconds value. */
    static void setex(Call call) {
        setWithTtl(call, Expiry.Option.EX, "setex");
    }

    static void psetex(Call call) {
        setWithTtl(call, Expiry.Option.PX, "psetex");
    }

    private static void setWithTtl(Call call, Expiry.Option unit, String command) {
        long at = Expiry.absolute(call, unit, call.arg(2), command);
        if (at < 0) {
            return;
        }
        byte[] key = call.arg(1), value = call.arg(3);
        call.replyWith(call.keyspace().replaceIfVectorSet(key)
                .compose(v -> kv(call).set(key, value, SetCondition.ALWAYS, at, false)), stored -> RespReply.OK);
    }

    /** GETEX key [EX s|PX ms|EXAT t|PXAT t|PERSIST]. */
    static void getex(Call call) {
        if (!call.notVectorSet(1)) {
            return;
        }
        long at = 0;
        boolean persist = false;
        if (call.argc() == 3 && call.argIs(2, "persist")) {
            persist = true;
        } else if (call.argc() == 4 && Expiry.unitOf(call, 2) != null) {
            at = Expiry.absolute(call, Expiry.unitOf(call, 2), call.arg(3), "getex");
            if (at < 0) {
                return;
            }
        } else if (call.argc() != 2) {
            call.reply(RespReply.SYNTAX_ERROR);
            return;
        }
        call.replyWith(kv(call).getAndExpire(call.arg(1), at, persist), RespReply::bulk);
    }

    static void getdel(Call call) {
        if (call.notVectorSet(1)) {
            call.replyWith(kv(call).getAndDelete(call.arg(1)), RespReply::bulk);
        }
    }

    static void getset(Call call) {
        if (call.notVectorSet(1)) {
            call.replyWith(kv(call).setAndGet(call.arg(1), call.arg(2), SetCondition.ALWAYS, 0, false), RespReply::bulk);
        }
    }

    static void mget(Call call) {
        call.replyWith(kv(call).multiGet(call.args(1, 1)), values -> {
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
        call.replyWith(kv(call).multiSet(call.args(1, 2), call.args(2, 2)), v -> RespReply.OK);
    }

    static void msetnx(Call call) {
        if (call.argc() % 2 == 0) {
            call.error(RespErrors.wrongArity("msetnx"));
            return;
        }
        call.replyWith(kv(call).multiSetIfAbsent(call.args(1, 2), call.args(2, 2)), set -> set ? RespReply.ONE : RespReply.ZERO);
    }

    static void incr(Call call) {
        increment(call, 1);
    }

    static void decr(Call call) {
        increment(call, -1);
    }

    static void incrby(Call call) {
        Long delta = StringNumbers.parseLong(call.arg(2));
        if (delta == null) {
            call.reply(RespReply.NOT_AN_INTEGER);
            return;
        }
        increment(call, delta);
    }

    static void decrby(Call call) {
        Long delta = StringNumbers.parseLong(call.arg(2));
        if (delta == null) {
            call.reply(RespReply.NOT_AN_INTEGER);
            return;
        }
        if (delta == Long.MIN_VALUE) {
            call.error("ERR decrement would overflow");
            return;
        }
        increment(call, -delta);
    }

    private static void increment(Call call, long delta) {
        if (call.notVectorSet(1)) {
            call.replyWith(kv(call).incrementBy(call.arg(1), delta), RespReply::integer);
        }
    }

    static void incrbyfloat(Call call) {
        Double delta = StringNumbers.parseDouble(call.arg(2));
        if (delta == null) {
            call.error("ERR value is not a valid float");
            return;
        }
        if (call.notVectorSet(1)) {
            call.replyWith(kv(call).incrementByFloat(call.arg(1), delta), RespReply::bulk);
        }
    }

    static void append(Call call) {
        if (call.notVectorSet(1)) {
            call.replyWith(kv(call).append(call.arg(1), call.arg(2)), RespReply::integer);
        }
    }

    static void strlen(Call call) {
        if (call.notVectorSet(1)) {
            call.replyWith(kv(call).stringLength(call.arg(1)), RespReply::integer);
        }
    }

    /** SETBIT key offset 0|1: offsets up to 2^32 - 1, as in Redis. */
    static void setbit(Call call) {
        Long offset = bitOffset(call);
        if (offset == null) {
            return;
        }
        Long bit = StringNumbers.parseLong(call.arg(3));
        if (bit == null || (bit != 0 && bit != 1)) {
            call.error("ERR bit is not an integer or out of range");
            return;
        }
        if (call.notVectorSet(1)) {
            call.replyWith(kv(call).setBit(call.arg(1), offset, bit == 1), RespReply::integer);
        }
    }

    static void getbit(Call call) {
        Long offset = bitOffset(call);
        if (offset != null && call.notVectorSet(1)) {
            call.replyWith(kv(call).getBit(call.arg(1), offset), RespReply::integer);
        }
    }

    private static Long bitOffset(Call call) {
        Long offset = StringNumbers.parseLong(call.arg(2));
        if (offset == null || offset < 0 || offset >= 1L << 32) {
            call.error("ERR bit offset is not an integer or out of range");
            return null;
        }
        return offset;
    }

    /** BITCOUNT key [start end [BYTE|BIT]]. */
    static void bitcount(Call call) {
        boolean range = call.argc() >= 4, bits = false;
        long start = 0, end = -1;
        if (call.argc() == 3 || call.argc() > 5) {
            call.reply(RespReply.SYNTAX_ERROR);
            return;
        }
        if (range) {
            Long s = StringNumbers.parseLong(call.arg(2)), e = StringNumbers.parseLong(call.arg(3));
            if (s == null || e == null) {
                call.reply(RespReply.NOT_AN_INTEGER);
                return;
            }
            start = s;
            end = e;
            if (call.argc() == 5) {
                if (call.argIs(4, "bit")) {
                    bits = true;
                } else if (!call.argIs(4, "byte")) {
                    call.reply(RespReply.SYNTAX_ERROR);
                    return;
                }
            }
        }
        if (call.notVectorSet(1)) {
            call.replyWith(kv(call).bitCount(call.arg(1), range, start, end, bits), RespReply::integer);
        }
    }

    /** GETRANGE key start end (and SUBSTR, its old name). */
    static void getrange(Call call) {
        Long start = StringNumbers.parseLong(call.arg(2)), end = StringNumbers.parseLong(call.arg(3));
        if (start == null || end == null) {
            call.reply(RespReply.NOT_AN_INTEGER);
            return;
        }
        if (call.notVectorSet(1)) {
            call.replyWith(kv(call).getRange(call.arg(1), start, end), RespReply::bulk);
        }
    }

    static void setrange(Call call) {
        Long offset = StringNumbers.parseLong(call.arg(2));
        if (offset == null) {
            call.reply(RespReply.NOT_AN_INTEGER);
            return;
        }
        if (offset < 0) {
            call.error("ERR offset is out of range");
            return;
        }
        if (call.notVectorSet(1)) {
            call.replyWith(kv(call).setRange(call.arg(1), offset, call.arg(3)), RespReply::integer);
        }
    }

    /** Tables up to this many bytes are filled on the event loop; bigger ones on a worker thread. */
    private static final long LCS_INLINE_TABLE_BYTES = 1 << 20;

    /** LCS key1 key2 [LEN] [IDX] [MINMATCHLEN len] [WITHMATCHLEN]; a missing key is an empty string. */
    static void lcs(Call call) {
        boolean len = false, idx = false, withMatchLength = false;
        long minMatch = 0;
        for (int i = 3; i < call.argc(); i++) {
            if (call.argIs(i, "idx")) {
                idx = true;
            } else if (call.argIs(i, "len")) {
                len = true;
            } else if (call.argIs(i, "withmatchlen")) {
                withMatchLength = true;
            } else if (call.argIs(i, "minmatchlen") && i + 1 < call.argc()) {
                Long n = StringNumbers.parseLong(call.arg(++i));
                if (n == null) {
                    call.reply(RespReply.NOT_AN_INTEGER);
                    return;
                }
                minMatch = Math.max(0, Math.min(n, Integer.MAX_VALUE));
            } else {
                call.reply(RespReply.SYNTAX_ERROR);
                return;
            }
        }
        if (len && idx) {
            call.error("ERR If you want both the length and indexes, please just use IDX.");
            return;
        }
        if (call.keyspace().isVectorSet(call.arg(1)) || call.keyspace().isVectorSet(call.arg(2))) {
            call.error("ERR The specified keys must contain string values");
            return;
        }
        long maxTable = call.frontEnd().state().config.get(ConfigKeys.MAX_BULK_LENGTH);
        int minMatchLength = (int) minMatch;
        boolean lengthOnly = len, ranges = idx, matchLengths = withMatchLength;
        Future<CommonSubsequence.Result> result = kv(call).multiGet(new byte[][]{call.arg(1), call.arg(2)}).compose(values -> {
            byte[] a = values[0] == null ? new byte[0] : values[0].bytes();
            byte[] b = values[1] == null ? new byte[0] : values[1].bytes();
            long table = CommonSubsequence.tableBytes(a.length, b.length);
            if (table > maxTable) {
                return Future.failedFuture(io.quiver.error.QuiverException.badRequest(
                        "Insufficient memory, transient memory for LCS exceeds proto-max-bulk-len"));
            }
            if (table <= LCS_INLINE_TABLE_BYTES) {
                return Future.succeededFuture(CommonSubsequence.of(a, b, minMatchLength));
            }
            return Vertx.currentContext().owner().executeBlocking(() -> CommonSubsequence.of(a, b, minMatchLength), false);
        });
        call.replyWith(result, r -> {
            if (lengthOnly) {
                return RespReply.integer(r.length());
            }
            if (!ranges) {
                return RespReply.bulk(r.subsequence());
            }
            List<RespReply> matches = new ArrayList<>(r.matches().size());
            for (CommonSubsequence.Match m : r.matches()) {
                List<RespReply> match = new ArrayList<>(3);
                match.add(RespReply.array(List.of(RespReply.integer(m.aStart()), RespReply.integer(m.aEnd()))));
                match.add(RespReply.array(List.of(RespReply.integer(m.bStart()), RespReply.integer(m.bEnd()))));
                if (matchLengths) {
                    match.add(RespReply.integer(m.length()));
                }
                matches.add(RespReply.array(match));
            }
            return RespReply.map(List.of(RespReply.bulk("matches"), RespReply.array(matches),
                    RespReply.bulk("len"), RespReply.integer(r.length())));
        });
    }
}
