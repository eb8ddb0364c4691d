package io.quiver.cli;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * A small blocking RESP2 client: sends a command as a multibulk array and reads one reply.
 * Replies are Java values: {@link Status}, {@link Error}, {@code Long}, {@code byte[]} (bulk),
 * {@code null} (nil), {@code List<Object>} (array).
 */
public final class RespClient implements AutoCloseable {
    public record Status(String text) {
    }

    public record Error(String text) {
    }

    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;

    public RespClient(String host, int port, int timeoutMillis) throws IOException {
        socket = new Socket();
        socket.connect(new InetSocketAddress(host, port), timeoutMillis);
        socket.setTcpNoDelay(true);
        in = new BufferedInputStream(socket.getInputStream());
        out = new BufferedOutputStream(socket.getOutputStream());
    }

    public Object call(List<byte[]> argv) throws IOException {
        send(argv);
        return read();
    }

    public Object call(String... argv) throws IOException {
        List<byte[]> a = new ArrayList<>();
        for (String s : argv) {
            a.add(s.getBytes(StandardCharsets.UTF_8));
        }
        return call(a);
    }

    public void send(List<byte[]> argv) throws IOException {
        out.write(("*" + argv.size() + "\r\n").getBytes(StandardCharsets.US_ASCII));
        for (byte[] a : argv) {
            out.write(("$" + a.length + "\r\n").getBytes(StandardCharsets.US_ASCII));
            out.write(a);
            out.write('\r');
            out.write('\n');
        }
        out.flush();
    }

    public Object read() throws IOException {
        int type = in.read();
        if (type < 0) {
            throw new EOFException("connection closed by server");
        }
        String line = readLine();
        return switch (type) {
            case '+' -> new Status(line);
            case '-' -> new Error(line);
            case ':' -> Long.parseLong(line);
            case '$' -> {
                int len = Integer.parseInt(line);
                if (len < 0) {
                    yield null;
                }
                byte[] b = in.readNBytes(len);
                if (b.length < len || in.read() != '\r' || in.read() != '\n') {
                    throw new EOFException("truncated bulk reply");
                }
                yield b;
            }
            case '*' -> {
                int n = Integer.parseInt(line);
                if (n < 0) {
                    yield null;
                }
                List<Object> items = new ArrayList<>(n);
                for (int i = 0; i < n; i++) {
                    items.add(read());
                }
                yield items;
            }
            default -> throw new IOException("unexpected reply type byte '" + (char) type + "'");
        };
    }

    private String readLine() throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        int c;
        while ((c = in.read()) != '\r') {
            if (c < 0) {
                throw new EOFException("connection closed by server");
            }
            b.write(c);
        }
        if (in.read() != '\n') {
            throw new IOException("reply line not ended by CRLF");
        }
        return b.toString(StandardCharsets.UTF_8);
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
