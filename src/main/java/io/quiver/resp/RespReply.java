package io.quiver.resp;

import io.quiver.kv.Value;
import io.vertx.core.buffer.Buffer;

import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * A RESP2 reply, encoded straight into a connection's output buffer. Common replies are shared
 * constants, built once.
 */
public interface RespReply {

    void writeTo(Buffer out);

    RespReply OK = raw("+OK\r\n");
    RespReply PONG = raw("+PONG\r\n");
    RespReply NULL_BULK = raw("$-1\r\n");
    RespReply NULL_ARRAY = raw("*-1\r\n");
    RespReply EMPTY_ARRAY = raw("*0\r\n");
    RespReply ZERO = raw(":0\r\n");
    RespReply ONE = raw(":1\r\n");
    RespReply SYNTAX_ERROR = error("ERR syntax error");
    RespReply NOT_AN_INTEGER = error("ERR value is not an integer or out of range");

    static RespReply raw(String wire) {
        byte[] bytes = wire.getBytes(StandardCharsets.UTF_8);
        return out -> out.appendBytes(bytes);
    }

    static RespReply simple(String s) {
        return out -> {
            out.appendByte((byte) '+');
            out.appendString(s);
            out.appendBytes(RespWire.CRLF);
        };
    }

    /** An error; {@code message} starts with its code word, {@code ERR ...}, {@code BUSY ...}. */
    static RespReply error(String message) {
        String oneLine = message.replace('\r', ' ').replace('\n', ' ');
        return out -> {
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
        return out -> {
            out.appendByte((byte) ':');
            RespWire.appendLong(out, n);
            out.appendBytes(RespWire.CRLF);
        };
    }

    static RespReply bulk(byte[] b) {
        return b == null ? NULL_BULK : out -> RespWire.appendBulk(out, b, 0, b.length);
    }

    static RespReply bulk(String s) {
        return s == null ? NULL_BULK : bulk(s.getBytes(StandardCharsets.UTF_8));
    }

    /** A stored value, sent without copying; null is a nil reply. */
    static RespReply bulk(Value v) {
        return v == null ? NULL_BULK : out -> RespWire.appendBulk(out, v.array(), v.offset(), v.length());
    }

    static RespReply array(List<? extends RespReply> items) {
        if (items == null) {
            return NULL_ARRAY;
        }
        return out -> {
            out.appendByte((byte) '*');
            RespWire.appendLong(out, items.size());
            out.appendBytes(RespWire.CRLF);
            for (RespReply r : items) {
                r.writeTo(out);
            }
        };
    }

    static RespReply bulkStrings(List<String> items) {
        return array(items.stream().map(RespReply::bulk).toList());
    }
}
