package io.quiver.resp;

import io.vertx.core.buffer.Buffer;

import java.nio.charset.StandardCharsets;

/** Byte-level helpers for writing RESP: cached number strings, bulk framing. */
final class RespWire {
    static final byte[] CRLF = {'\r', '\n'};
    private static final byte[][] SMALL_NUMBERS = new byte[4096][];

    static {
        for (int i = 0; i < SMALL_NUMBERS.length; i++) {
            SMALL_NUMBERS[i] = Integer.toString(i).getBytes(StandardCharsets.US_ASCII);
        }
    }

    private RespWire() {
    }

    static void appendLong(Buffer out, long n) {
        if (n >= 0 && n < SMALL_NUMBERS.length) {
            out.appendBytes(SMALL_NUMBERS[(int) n]);
        } else {
            out.appendString(Long.toString(n));
        }
    }

    static void appendBulk(Buffer out, byte[] b, int off, int len) {
        out.appendByte((byte) '$');
        appendLong(out, len);
        out.appendBytes(CRLF);
        out.appendBytes(b, off, len);
        out.appendBytes(CRLF);
    }
}
