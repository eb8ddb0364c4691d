package io.quiver.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;

/** A plain TCP connection for byte-level protocol tests: write any bytes, read what comes back. */
public final class RawConnection implements AutoCloseable {
    private final Socket socket;
    private final InputStream in;

    public RawConnection(int port) throws IOException {
        socket = new Socket();
        socket.connect(new InetSocketAddress("127.0.0.1", port), 5000);
        socket.setSoTimeout(5000);
        in = socket.getInputStream();
    }

    /** How long reads wait for the server before giving up (5 s by default). */
    public RawConnection readTimeout(int millis) throws IOException {
        socket.setSoTimeout(millis);
        return this;
    }

    public RawConnection write(String s) throws IOException {
        return write(s.getBytes(StandardCharsets.ISO_8859_1));
    }

    public RawConnection write(byte[] b) throws IOException {
        socket.getOutputStream().write(b);
        socket.getOutputStream().flush();
        return this;
    }

    /** Reads until {@code expected} bytes have arrived (or the peer closes / 5 s pass). */
    public String read(int expected) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buf = new byte[8192];
        try {
            while (out.size() < expected) {
                int n = in.read(buf);
                if (n < 0) {
                    break;
                }
                out.write(buf, 0, n);
            }
        } catch (SocketTimeoutException e) {
            // return what arrived; the assertion shows the difference
        }
        return out.toString(StandardCharsets.ISO_8859_1);
    }

    /** Reads until a line ends (CRLF). */
    public String readLine() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int prev = -1, c;
        while ((c = in.read()) >= 0) {
            out.write(c);
            if (prev == '\r' && c == '\n') {
                break;
            }
            prev = c;
        }
        return out.toString(StandardCharsets.ISO_8859_1);
    }

    /** Bytes that have arrived and not been read yet, without waiting for more. */
    public int available() throws IOException {
        return in.available();
    }

    /** Whether the server closed the connection (reads EOF within 5 s). */
    public boolean closedByPeer() throws IOException {
        try {
            while (true) {
                if (in.read() < 0) {
                    return true;
                }
            }
        } catch (SocketTimeoutException e) {
            return false;
        } catch (IOException e) {
            return true; // reset
        }
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
