package io.quiver.cli;

import java.nio.charset.StandardCharsets;
import java.util.List;

/** Prints replies as redis-cli does: the human form on a terminal, the raw form otherwise. */
public final class ReplyFormatter {
    private ReplyFormatter() {
    }

    /** redis-cli's terminal form: {@code "value"}, {@code (integer) 1}, {@code (nil)}, numbered arrays. */
    public static String human(Object reply) {
        return human(reply, "");
    }

    private static String human(Object r, String prefix) {
        if (r instanceof RespClient.Error e) {
            return "(error) " + e.text() + "\n";
        }
        if (r instanceof RespClient.Status s) {
            return s.text() + "\n";
        }
        if (r instanceof Long n) {
            return "(integer) " + n + "\n";
        }
        if (r instanceof byte[] b) {
            return quoted(b) + "\n";
        }
        if (r == null) {
            return "(nil)\n";
        }
        List<?> items = (List<?>) r;
        if (items.isEmpty()) {
            return "(empty array)\n";
        }
        int width = Integer.toString(items.size()).length();
        String nested = prefix + " ".repeat(width + 2);
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < items.size(); i++) {
            sb.append(i == 0 ? "" : prefix).append(String.format("%" + width + "d) ", i + 1));
            sb.append(human(items.get(i), nested));
        }
        return sb.toString();
    }

    /** redis-cli's {@code --raw} form: values as they are, one per line. */
    public static String raw(Object r) {
        if (r instanceof RespClient.Error e) {
            return e.text();
        }
        if (r instanceof RespClient.Status s) {
            return s.text();
        }
        if (r instanceof Long n) {
            return n.toString();
        }
        if (r instanceof byte[] b) {
            return new String(b, StandardCharsets.UTF_8);
        }
        if (r == null) {
            return "";
        }
        StringBuilder sb = new StringBuilder();
        List<?> items = (List<?>) r;
        for (int i = 0; i < items.size(); i++) {
            sb.append(i == 0 ? "" : "\n").append(raw(items.get(i)));
        }
        return sb.toString();
    }

    /** A byte string quoted and escaped as redis-cli shows it ({@code sdscatrepr}). */
    public static String quoted(byte[] b) {
        StringBuilder sb = new StringBuilder("\"");
        for (byte x : b) {
            int c = x & 0xFF;
            switch (c) {
                case '\\' -> sb.append("\\\\");
                case '"' -> sb.append("\\\"");
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                case '\t' -> sb.append("\\t");
                case 7 -> sb.append("\\a");
                case '\b' -> sb.append("\\b");
                default -> {
                    if (c >= 32 && c < 127) {
                        sb.append((char) c);
                    } else {
                        sb.append(String.format("\\x%02x", c));
                    }
                }
            }
        }
        return sb.append('"').toString();
    }
}
