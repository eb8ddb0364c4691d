package io.quiver.bench;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/**
 * A minimal blocking HTTP/1.1 keep-alive client for load generation: one socket, one request at a
 * time, the response read by its Content-Length. The JDK's HttpClient hands every request across
 * several threads, which on a 2-core machine costs the server the CPU it is being measured on.
 */
final class RawHttpClient implements AutoCloseable {
    private final Socket socket;
    private final OutputStream out;
    private final InputStream in;
    private final String host;
    private String serverTiming;

    RawHttpClient(String host, int port) throws IOException {
        this.socket = new Socket(host, port);
        socket.setTcpNoDelay(true);
        this.out = socket.getOutputStream();
        this.in = new BufferedInputStream(socket.getInputStream(), 1 << 16);
        this.host = host + ":" + port;
    }

    /** Prepares a POST request (headers and body) once, to be sent many times. */
    byte[] post(String path, String json) {
        byte[] body = json.getBytes(StandardCharsets.UTF_8);
        byte[] head = ("POST " + path + " HTTP/1.1\r\nHost: " + host + "\r\nContent-Type: application/json\r\nContent-Length: "
                + body.length + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII);
        byte[] all = new byte[head.length + body.length];
        System.arraycopy(head, 0, all, 0, head.length);
        System.arraycopy(body, 0, all, head.length, body.length);
        return all;
    }

    /** The last response's Server-Timing header, or null. */
    String serverTiming() {
        return serverTiming;
    }

    /** Sends a prepared request and returns the response body; throws unless the status is 200. */
    String send(byte[] request) throws IOException {
        out.write(request);
        out.flush();
        String status = line();
        int length = -1;
        serverTiming = null;
        for (String h; !(h = line()).isEmpty(); ) {
            int colon = h.indexOf(':');
            String name = colon > 0 ? h.substring(0, colon).trim() : "";
            if (name.equalsIgnoreCase("content-length")) {
                length = Integer.parseInt(h.substring(colon + 1).trim());
            } else if (name.equalsIgnoreCase("server-timing")) {
                serverTiming = h.substring(colon + 1).trim();
            }
        }
        if (length < 0) {
            throw new IOException("response without Content-Length: " + status);
        }
        byte[] body = in.readNBytes(length);
        if (body.length < length) {
            throw new EOFException("truncated response");
        }
        String text = new String(body, StandardCharsets.UTF_8);
        if (!status.contains(" 200 ")) {
            throw new IOException(status + " " + text);
        }
        return text;
    }

    private String line() throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream(64);
        int c;
        while ((c = in.read()) != '\n') {
            if (c < 0) {
                throw new EOFException("connection closed");
            }
            if (c != '\r') {
                b.write(c);
            }
        }
        return b.toString(StandardCharsets.US_ASCII);
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
