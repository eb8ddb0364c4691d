package io.quiver.resp;

import io.quiver.kv.StringNumbers;

/** Expiry arguments as Redis reads them: units, relative or absolute, and the "invalid expire time" rule. */
final class Expiry {
    /** An expiry option word and what its number means. */
    enum Option {
        EX(1000, false), PX(1, false), EXAT(1000, true), PXAT(1, true), KEEP(0, false);

        final long millisPerUnit;
        final boolean absolute;

        Option(long millisPerUnit, boolean absolute) {
            this.millisPerUnit = millisPerUnit;
            this.absolute = absolute;
        }
    }

    private Expiry() {
    }

    /** The option named by argument {@code i} (EX, PX, EXAT, PXAT), or null. */
    static Option unitOf(Call call, int i) {
        if (call.argIs(i, "ex")) {
            return Option.EX;
        }
        if (call.argIs(i, "px")) {
            return Option.PX;
        }
        if (call.argIs(i, "exat")) {
            return Option.EXAT;
        }
        if (call.argIs(i, "pxat")) {
            return Option.PXAT;
        }
        return null;
    }

    /**
     * The absolute expiry (Unix ms) for a SET-style option: the number must be a positive integer
     * whose time in ms fits; otherwise the call gets Redis's error and -1 comes back.
     */
    static long absolute(Call call, Option unit, byte[] number, String command) {
        Long n = StringNumbers.parseLong(number);
        if (n == null) {
            call.reply(RespReply.NOT_AN_INTEGER);
            return -1;
        }
        long now = System.currentTimeMillis();
        if (n <= 0 || n > Long.MAX_VALUE / unit.millisPerUnit
                || (!unit.absolute && n * unit.millisPerUnit > Long.MAX_VALUE - now)) {
            call.error("ERR invalid expire time in '" + command + "' command");
            return -1;
        }
        long ms = n * unit.millisPerUnit;
        return unit.absolute ? ms : now + ms;
    }
}
