package io.quiver.resp;

import io.quiver.kv.Value;
import io.vertx.core.buffer.Buffer;

import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * A reply, encoded straight into a connection's output buffer in the protocol the connection
 * speaks: RESP2, or RESP3 after {@code HELLO 3}. Replies whose RESP3 form differs (nulls, maps,
 * sets, doubles, booleans, verbatim text, pushes) encode both; the rest are the same bytes in both.
 * Common replies are shared constants, built once.
 */
public interface RespReply {

    /** Appends this reply; {@code resp3} when the connection has chosen protocol 3. */
    void writeTo(Buffer out, boolean resp3);

    RespReply OK = raw("+OK\r\n");
    RespReply PONG = raw("+PONG\r\n");
    RespReply NULL_BULK = both("$-1\r\n", "_\r\n");
    RespReply NULL_ARRAY = both("*-1\r\n", "_\r\n");
    RespReply EMPTY_ARRAY = raw("*0\r\n");
    RespReply ZERO = raw(":0\r\n");
    RespReply ONE = raw(":1\r\n");
    RespReply SYNTAX_ERROR = error("ERR syntax error");
    RespReply NOT_AN_INTEGER = error("ERR value is not an integer or out of range");

    static RespReply raw(String wire) {
        byte[] bytes = wire.getBytes(StandardCharsets.UTF_8);
        return (out, resp3) -> out.appendBytes(bytes);
    }

    /** A reply whose bytes differ by protocol, both fixed. */
    static RespReply both(String resp2, String resp3) {
        byte[] two = resp2.getBytes(StandardCharsets.UTF_8), three = resp3.getBytes(StandardCharsets.UTF_8);
        return (out, r3) -> out.appendBytes(r3 ? three : two);
    }

    static RespReply simple(String s) {
        return (out, resp3) -> {
            out.appendByte((byte) '+');
            out.appendString(s);
            out.appendBytes(RespWire.CRLF);
        };
    }

    /** An error; {@code message} starts with its code word, {@code ERR ...}, {@code BUSY ...}. */
    static RespReply error(String message) {
        String oneLine = message.replace('\r', ' ').replace('\n', ' ');
        return (out, resp3) -> {
            out.appendByte((byte) '-');
            out.appendString(oneLine);
            out.appendBytes(RespWire.CRLF);
        };
    }

    static RespReply integer(long n) {
        if (n == 0) {
            return ZERO;
        }
        if (n == 1) {
            return ONE;
        }
        return (out, resp3) -> {
            out.appendByte((byte) ':');
            RespWire.appendLong(out, n);
            out.appendBytes(RespWire.CRLF);
        };
    }

    /** RESP3's boolean; RESP2 has none and gets 1 or 0, as Redis sends it. */
    static RespReply bool(boolean b) {
        return b ? TRUE : FALSE;
    }

    RespReply TRUE = both(":1\r\n", "#t\r\n");
    RespReply FALSE = both(":0\r\n", "#f\r\n");

    /** A double: RESP3's {@code ,} type; a bulk string in RESP2, as Redis sends ZSCORE's. */
    static RespReply dbl(double d) {
        String text = io.quiver.kv.StringNumbers.formatDouble(d);
        byte[] bytes = text.getBytes(StandardCharsets.US_ASCII);
        return (out, resp3) -> {
            if (resp3) {
                out.appendByte((byte) ',').appendBytes(bytes).appendBytes(RespWire.CRLF);
            } else {
                RespWire.appendBulk(out, bytes, 0, bytes.length);
            }
        };
    }

    static RespReply bulk(byte[] b) {
        return b == null ? NULL_BULK : (out, resp3) -> RespWire.appendBulk(out, b, 0, b.length);
    }

    static RespReply bulk(String s) {
        return s == null ? NULL_BULK : bulk(s.getBytes(StandardCharsets.UTF_8));
    }

    /** A stored value, sent without copying; null is a nil reply. */
    static RespReply bulk(Value v) {
        return v == null ? NULL_BULK : (out, resp3) -> RespWire.appendBulk(out, v.array(), v.offset(), v.length());
    }

    /** Text for people (INFO, CLIENT INFO): RESP3's verbatim string of format {@code txt}, a bulk in RESP2. */
    static RespReply verbatim(String text) {
        byte[] b = text.getBytes(StandardCharsets.UTF_8);
        return (out, resp3) -> {
            if (resp3) {
                out.appendByte((byte) '=');
                RespWire.appendLong(out, b.length + 4);
                out.appendBytes(RespWire.CRLF).appendString("txt:").appendBytes(b).appendBytes(RespWire.CRLF);
            } else {
                RespWire.appendBulk(out, b, 0, b.length);
            }
        };
    }

    static RespReply array(List<? extends RespReply> items) {
        return items == null ? NULL_ARRAY : aggregate('*', '*', items, 1);
    }

    /** A set (RESP3 {@code ~}); an array in RESP2. */
    static RespReply set(List<? extends RespReply> items) {
        return aggregate('~', '*', items, 1);
    }

    /** A map of alternating keys and values (RESP3 {@code %}); a flat array in RESP2. */
    static RespReply map(List<? extends RespReply> keysAndValues) {
        if (keysAndValues.size() % 2 != 0) {
            throw new IllegalArgumentException("a map needs key-value pairs, got " + keysAndValues.size() + " items");
        }
        return aggregate('%', '*', keysAndValues, 2);
    }

    /** An out-of-band message (RESP3 {@code >}, pub/sub); an array in RESP2. */
    static RespReply push(List<? extends RespReply> items) {
        return aggregate('>', '*', items, 1);
    }

    private static RespReply aggregate(char resp3Type, char resp2Type, List<? extends RespReply> items, int perEntry) {
        return (out, resp3) -> {
            out.appendByte((byte) (resp3 ? resp3Type : resp2Type));
            RespWire.appendLong(out, resp3 ? items.size() / perEntry : items.size());
            out.appendBytes(RespWire.CRLF);
            for (RespReply r : items) {
                r.writeTo(out, resp3);
            }
        };
    }

    static RespReply bulkStrings(List<String> items) {
        return array(items.stream().map(RespReply::bulk).toList());
    }
}
