package io.quiver.resp;

import io.quiver.kv.ExpireCondition;
import io.quiver.kv.StringNumbers;

/** EXPIRE, PEXPIRE, EXPIREAT, PEXPIREAT, TTL, PTTL, EXPIRETIME, PEXPIRETIME, PERSIST. */
final class ExpireCommands {
    private ExpireCommands() {
    }

    static void expire(Call call) {
        expire(call, Expiry.Option.EX, "expire");
    }

    static void pexpire(Call call) {
        expire(call, Expiry.Option.PX, "pexpire");
    }

    static void expireat(Call call) {
        expire(call, Expiry.Option.EXAT, "expireat");
    }

    static void pexpireat(Call call) {
        expire(call, Expiry.Option.PXAT, "pexpireat");
    }

    /** KEY number [NX|XX|GT|LT]: a time not in the future deletes the key, as in Redis. */
    private static void expire(Call call, Expiry.Option unit, String command) {
        Long n = StringNumbers.parseLong(call.arg(2));
        if (n == null) {
            call.reply(RespReply.NOT_AN_INTEGER);
            return;
        }
        boolean nx = false, xx = false, gt = false, lt = false;
        for (int i = 3; i < call.argc(); i++) {
            if (call.argIs(i, "nx")) {
                nx = true;
            } else if (call.argIs(i, "xx")) {
                xx = true;
            } else if (call.argIs(i, "gt")) {
                gt = true;
            } else if (call.argIs(i, "lt")) {
                lt = true;
            } else {
                call.error("ERR Unsupported option " + call.argString(i));
                return;
            }
        }
        if (nx && (xx || gt || lt)) {
            call.error("ERR NX and XX, GT or LT options at the same time are not compatible");
            return;
        }
        if (gt && lt) {
            call.error("ERR GT and LT options at the same time are not compatible");
            return;
        }
        ExpireCondition condition = nx ? ExpireCondition.IF_NO_TTL : xx && !gt && !lt ? ExpireCondition.IF_TTL
                : gt ? ExpireCondition.IF_LATER : lt ? (xx ? ExpireCondition.IF_EARLIER_WITH_TTL : ExpireCondition.IF_EARLIER)
                : ExpireCondition.ALWAYS;
        long at;
        try {
            long ms = Math.multiplyExact(n, unit.millisPerUnit);
            at = unit.absolute ? ms : Math.addExact(ms, System.currentTimeMillis());
        } catch (ArithmeticException e) {
            call.error("ERR invalid expire time in '" + command + "' command");
            return;
        }
        if (refuseVectorSet(call, command)) {
            return;
        }
        // 0 means "no expiry" below this layer: a time at or before the epoch is simply in the past
        long expireAt = at <= 0 ? 1 : at;
        call.replyWith(call.kv().expire(call.arg(1), expireAt, condition), set -> set ? RespReply.ONE : RespReply.ZERO);
    }

    private static boolean refuseVectorSet(Call call, String command) {
        if (call.keyspace().isVectorSet(call.arg(1))) {
            call.error("ERR " + command.toUpperCase() + " of a vector set is not supported by Quiver yet");
            return true;
        }
        return false;
    }

    static void ttl(Call call) {
        ttl(call, false, false);
    }

    static void pttl(Call call) {
        ttl(call, true, false);
    }

    static void expiretime(Call call) {
        ttl(call, false, true);
    }

    static void pexpiretime(Call call) {
        ttl(call, true, true);
    }

    /** -2 no key, -1 no expiry, else the time left (or the expiry), in ms or rounded to seconds. */
    private static void ttl(Call call, boolean millis, boolean absolute) {
        if (call.keyspace().isVectorSet(call.arg(1))) {
            call.reply(RespReply.integer(-1));
            return;
        }
        call.replyWith(call.kv().expireTime(call.arg(1)), at -> {
            if (at < 0) {
                return RespReply.integer(at);
            }
            long t = Math.max(0, absolute ? at : at - System.currentTimeMillis());
            return RespReply.integer(millis ? t : (t + 500) / 1000);
        });
    }

    static void persist(Call call) {
        call.replyWith(call.kv().persist(call.arg(1)), done -> done ? RespReply.ONE : RespReply.ZERO);
    }
}
