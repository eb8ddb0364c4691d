package io.quiver.testing;

import io.quiver.cli.RespClient;

import java.nio.charset.StandardCharsets;

/** Reading replies of {@link RespClient} in assertions: bulk text, status text, error text. */
public final class RespReplies {
    private RespReplies() {
    }

    public static String str(Object bulk) {
        return bulk instanceof byte[] b ? new String(b, StandardCharsets.UTF_8) : "not a bulk: " + bulk;
    }

    public static String status(Object reply) {
        return reply instanceof RespClient.Status s ? s.text() : "not a status: " + reply;
    }

    public static String error(Object reply) {
        return reply instanceof RespClient.Error e ? e.text() : "not an error: " + reply;
    }
}
