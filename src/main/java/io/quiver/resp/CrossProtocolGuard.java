package io.quiver.resp;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Redis's defence against cross-protocol scripting: a browser tricked into posting to the RESP
 * port sends {@code POST ...} and {@code Host: ...} lines, which would otherwise run as inline
 * commands. Such a connection is closed without a reply, and the attempt is logged.
 */
final class CrossProtocolGuard {
    private static final Logger log = LoggerFactory.getLogger(CrossProtocolGuard.class);

    private CrossProtocolGuard() {
    }

    static boolean isHttp(byte[] name) {
        return is(name, "post") || is(name, "host:");
    }

    static void refuse(Call call) {
        log.warn("Possible SECURITY ATTACK detected: a client at {} sent an HTTP request to the RESP port "
                + "(a cross-protocol scripting attempt?); connection closed", call.connection().socket().remoteAddress());
        call.replyAndClose((out, resp3) -> { });
    }

    private static boolean is(byte[] a, String lower) {
        if (a.length != lower.length()) {
            return false;
        }
        for (int i = 0; i < a.length; i++) {
            if ((a[i] | 0x20) != lower.charAt(i) && a[i] != lower.charAt(i)) {
                return false;
            }
        }
        return true;
    }
}
