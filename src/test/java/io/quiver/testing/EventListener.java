package io.quiver.testing;

import io.quiver.cli.RespClient;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * A RESP connection subscribed to patterns (keyspace notifications, say) and to a marker channel
 * of its own, for tests of what is published: {@link #next} reads the next message as text, and
 * {@link #nothingMoreBefore(RespClient)} publishes the marker and checks that it comes first, so
 * "no message" is asserted without waiting for a timeout.
 */
public final class EventListener implements AutoCloseable {
    private final RespClient connection;
    private final String marker;

    private EventListener(RespClient connection, String marker) {
        this.connection = connection;
        this.marker = marker;
    }

    /** Subscribes a new connection of {@code server} to {@code patterns} and to a marker channel, acknowledgements read. */
    public static EventListener on(TestServer server, String... patterns) throws IOException {
        RespClient c = server.resp();
        String marker = "marker:" + System.nanoTime();
        EventListener l = new EventListener(c, marker);
        l.send("SUBSCRIBE", marker);
        c.read();
        for (String p : patterns) {
            l.send("PSUBSCRIBE", p);
            c.read();
        }
        return l;
    }

    private void send(String... argv) throws IOException {
        List<byte[]> a = new ArrayList<>();
        for (String s : argv) {
            a.add(s.getBytes(StandardCharsets.UTF_8));
        }
        connection.send(a);
    }

    /** The next message, as text: {@code [pmessage, pattern, channel, payload]} or {@code [message, channel, payload]}. */
    public List<String> next() throws IOException {
        Object reply = connection.read();
        List<String> out = new ArrayList<>();
        if (reply instanceof List<?> items) {
            for (Object o : items) {
                out.add(o instanceof byte[] b ? new String(b, StandardCharsets.UTF_8) : String.valueOf(o));
            }
            return out;
        }
        throw new IOException("not a message: " + reply);
    }

    /** The channel and payload of the next message: {@code "channel payload"}. */
    public String nextEvent() throws IOException {
        List<String> m = next();
        return m.get(m.size() - 2) + " " + m.get(m.size() - 1);
    }

    /** Publishes the marker through {@code publisher} and fails unless it is the next message (nothing came before it). */
    public void nothingMoreBefore(RespClient publisher) throws IOException {
        publisher.call("PUBLISH", marker, "end");
        List<String> m = next();
        if (!m.equals(List.of("message", marker, "end"))) {
            throw new AssertionError("expected no more messages, got " + m);
        }
    }

    @Override
    public void close() throws IOException {
        connection.close();
    }
}
