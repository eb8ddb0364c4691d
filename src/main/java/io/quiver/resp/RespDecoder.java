package io.quiver.resp;

import io.vertx.core.buffer.Buffer;

import java.util.Arrays;

/**
 * Incremental RESP2 request parser. Bytes arrive in arbitrary pieces ({@link #feed}); every complete
 * command found is handed to the {@link Sink} as its argument vector, in order. Both request forms
 * are understood: multibulk ({@code *2\r\n$3\r\nGET\r\n$1\r\nk\r\n}) and inline ({@code GET k\r\n}).
 *
 * <p>Limits are enforced before memory is committed. Errors a stream cannot recover from (a bad
 * multibulk or bulk header, an over-long line) are fatal: the sink is told once and parsing stops,
 * as Redis closes such connections. An inline line with unbalanced quotes is complete and can be
 * skipped, so that error is not fatal.
 */
public final class RespDecoder {

    public interface Sink {
        void onCommand(byte[][] argv);

        void onProtocolError(String message, boolean fatal);
    }

    /** Limits, from configuration. */
    public record Limits(long maxInlineLine, long maxBulkLength, int maxMultibulkCount) {
    }

    private static final int PREALLOCATED_ARGS = 1024;

    private final Sink sink;
    private final Limits limits;

    private byte[] buf = new byte[1024];
    private int start;               // first unparsed byte
    private int end;                 // one past the last received byte
    private byte[][] argv;           // the multibulk command being read, or null
    private int argCount;
    private int argIndex;
    private long bulkLength = -1;    // length of the bulk being read, or -1 before its header
    private boolean stopped;
    /** Before AUTH, Redis's small limits apply whatever is configured, so a stranger cannot make the server buffer much. */
    private boolean authenticated = true;

    /** Largest multibulk count and bulk length accepted before AUTH (Redis's own figures). */
    static final int UNAUTHENTICATED_MULTIBULK = 10;
    static final int UNAUTHENTICATED_BULK = 16384;

    public RespDecoder(Sink sink, Limits limits) {
        this.sink = sink;
        this.limits = limits;
    }

    public void feed(Buffer data) {
        int n = data.length();
        reserve(n);
        data.getBytes(0, n, buf, end);
        end += n;
        parse();
    }

    public void feed(byte[] data) {
        reserve(data.length);
        System.arraycopy(data, 0, buf, end, data.length);
        end += data.length;
        parse();
    }

    public void setAuthenticated(boolean authenticated) {
        this.authenticated = authenticated;
    }

    /** Stops parsing for good (after QUIT or a fatal error); later bytes are ignored. */
    public void stop() {
        stopped = true;
    }

    /** Bytes received but not yet part of a complete command. */
    public int buffered() {
        return end - start;
    }

    private void parse() {
        while (!stopped && start < end) {
            if (argv == null) {
                boolean progressed = buf[start] == '*' ? readMultibulkHeader() : readInline();
                if (!progressed) {
                    break;
                }
                if (argv == null) {
                    continue; // an inline command, an empty line or an empty multibulk
                }
            }
            if (!readBulks()) {
                break;
            }
            byte[][] command = argv.length == argCount ? argv : Arrays.copyOf(argv, argCount);
            argv = null;
            sink.onCommand(command);
        }
        compact();
    }

    private boolean readInline() {
        int nl = indexOf((byte) '\n', start, end);
        if (nl < 0) {
            if (end - start > limits.maxInlineLine()) {
                fail("Protocol error: too big inline request");
            }
            return false;
        }
        if (nl - start > limits.maxInlineLine()) {
            fail("Protocol error: too big inline request");
            return false;
        }
        int lineEnd = nl > start && buf[nl - 1] == '\r' ? nl - 1 : nl;
        byte[][] args = InlineSplitter.split(buf, start, lineEnd);
        start = nl + 1;
        if (args == null) {
            sink.onProtocolError("Protocol error: unbalanced quotes in request", false);
        } else if (args.length > limits.maxMultibulkCount()) {
            sink.onProtocolError("Protocol error: too many arguments in inline request", false);
        } else if (args.length > 0) {
            sink.onCommand(args);
        }
        return true;
    }

    private boolean readMultibulkHeader() {
        int cr = indexOf((byte) '\r', start + 1, end);
        if (cr < 0) {
            if (end - start > limits.maxInlineLine()) {
                fail("Protocol error: too big mbulk count string");
            }
            return false;
        }
        if (cr + 1 >= end) {
            return false; // wait for the '\n'
        }
        long n = parseLong(buf, start + 1, cr);
        if (!authenticated && n > UNAUTHENTICATED_MULTIBULK) {
            fail("Protocol error: unauthenticated multibulk length");
            return false;
        }
        if (n == Long.MIN_VALUE || n > limits.maxMultibulkCount() || buf[cr + 1] != '\n') {
            fail("Protocol error: invalid multibulk length");
            return false;
        }
        start = cr + 2;
        if (n > 0) {
            argCount = (int) n;
            argv = new byte[Math.min(argCount, PREALLOCATED_ARGS)][];
            argIndex = 0;
            bulkLength = -1;
        }
        return true;
    }

    private boolean readBulks() {
        while (argIndex < argCount) {
            if (bulkLength < 0) {
                if (start >= end) {
                    return false;
                }
                if (buf[start] != '$') {
                    fail("Protocol error: expected '$', got '" + printable(buf[start]) + "'");
                    return false;
                }
                int cr = indexOf((byte) '\r', start + 1, end);
                if (cr < 0) {
                    if (end - start > limits.maxInlineLine()) {
                        fail("Protocol error: too big bulk count string");
                    }
                    return false;
                }
                if (cr + 1 >= end) {
                    return false;
                }
                long len = parseLong(buf, start + 1, cr);
                if (!authenticated && len > UNAUTHENTICATED_BULK) {
                    fail("Protocol error: unauthenticated bulk length");
                    return false;
                }
                if (len < 0 || len > limits.maxBulkLength() || buf[cr + 1] != '\n') {
                    fail("Protocol error: invalid bulk length");
                    return false;
                }
                start = cr + 2;
                bulkLength = len;
            }
            if (end - start < bulkLength + 2) {
                reserve((int) (bulkLength + 2 - (end - start)));
                return false;
            }
            if (argIndex == argv.length) {
                argv = Arrays.copyOf(argv, Math.min(argCount, argv.length * 2));
            }
            argv[argIndex++] = Arrays.copyOfRange(buf, start, start + (int) bulkLength);
            start += (int) bulkLength + 2; // the CRLF after a bulk is skipped unread, as Redis does
            bulkLength = -1;
        }
        return true;
    }

    private void fail(String message) {
        stopped = true;
        sink.onProtocolError(message, true);
    }

    /** Room for {@code more} bytes after {@code end}, moving unparsed bytes to the front first. */
    private void reserve(int more) {
        if (end + more <= buf.length) {
            return;
        }
        int live = end - start;
        if (live + more <= buf.length && start > 0) {
            System.arraycopy(buf, start, buf, 0, live);
        } else {
            byte[] bigger = new byte[Math.max(buf.length * 2, live + more)];
            System.arraycopy(buf, start, bigger, 0, live);
            buf = bigger;
        }
        start = 0;
        end = live;
    }

    private void compact() {
        if (start == end) {
            start = end = 0;
            if (buf.length > 64 * 1024) {
                buf = new byte[1024]; // do not keep a large bulk's buffer for an idle connection
            }
        }
    }

    private int indexOf(byte b, int from, int to) {
        byte[] in = buf;
        for (int i = from; i < to; i++) {
            if (in[i] == b) {
                return i;
            }
        }
        return -1;
    }

    /** A decimal integer as Redis's {@code string2ll} accepts it, or Long.MIN_VALUE. */
    static long parseLong(byte[] b, int from, int to) {
        boolean negative = from < to && b[from] == '-';
        int i = negative ? from + 1 : from;
        if (i >= to || to - i > 18 || (b[i] == '0' && to - i > 1)) {
            return Long.MIN_VALUE;
        }
        long v = 0;
        for (; i < to; i++) {
            int d = b[i] - '0';
            if (d < 0 || d > 9) {
                return Long.MIN_VALUE;
            }
            v = v * 10 + d;
        }
        return negative ? -v : v;
    }

    private static String printable(byte b) {
        return b >= 32 && b < 127 ? String.valueOf((char) b) : String.format("\\x%02x", b & 0xFF);
    }
}
