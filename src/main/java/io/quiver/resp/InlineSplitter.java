package io.quiver.resp;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;

/**
 * Splits an inline (telnet-style) command line into arguments with the quoting rules of Redis's
 * {@code sdssplitargs}: arguments are separated by whitespace; {@code "..."} understands
 * {@code \n \r \t \b \a \\ \"} and {@code \xHH}; {@code '...'} understands only {@code \'}; a closing
 * quote must be followed by whitespace or the end of the line. Quotes may start inside a word
 * ({@code a"b c"} is the one argument {@code ab c}).
 */
public final class InlineSplitter {
    private InlineSplitter() {
    }

    /** The arguments of {@code line[from, to)}, or null when its quotes are unbalanced. */
    public static byte[][] split(byte[] line, int from, int to) {
        List<byte[]> args = new ArrayList<>();
        ByteArrayOutputStream current = new ByteArrayOutputStream();
        int p = from;
        while (true) {
            while (p < to && isSpace(line[p])) {
                p++;
            }
            if (p >= to) {
                return args.toArray(new byte[0][]);
            }
            boolean inDouble = false, inSingle = false, done = false;
            current.reset();
            while (!done) {
                if (inDouble) {
                    if (p >= to) {
                        return null; // unterminated "..."
                    }
                    byte c = line[p];
                    if (c == '\\' && p + 3 < to && line[p + 1] == 'x' && isHex(line[p + 2]) && isHex(line[p + 3])) {
                        current.write(hex(line[p + 2]) * 16 + hex(line[p + 3]));
                        p += 3;
                    } else if (c == '\\' && p + 1 < to) {
                        p++;
                        current.write(switch (line[p]) {
                            case 'n' -> '\n';
                            case 'r' -> '\r';
                            case 't' -> '\t';
                            case 'b' -> '\b';
                            case 'a' -> 7;
                            default -> line[p];
                        });
                    } else if (c == '"') {
                        if (p + 1 < to && !isSpace(line[p + 1])) {
                            return null; // closing quote must be followed by a space
                        }
                        done = true;
                    } else {
                        current.write(c);
                    }
                } else if (inSingle) {
                    if (p >= to) {
                        return null; // unterminated '...'
                    }
                    byte c = line[p];
                    if (c == '\\' && p + 1 < to && line[p + 1] == '\'') {
                        p++;
                        current.write('\'');
                    } else if (c == '\'') {
                        if (p + 1 < to && !isSpace(line[p + 1])) {
                            return null;
                        }
                        done = true;
                    } else {
                        current.write(c);
                    }
                } else {
                    if (p >= to) {
                        done = true;
                    } else {
                        switch (line[p]) {
                            case ' ', '\n', '\r', '\t', 0 -> done = true;
                            case '"' -> inDouble = true;
                            case '\'' -> inSingle = true;
                            default -> current.write(line[p]);
                        }
                    }
                }
                if (p < to) {
                    p++;
                }
            }
            args.add(current.toByteArray());
        }
    }

    private static boolean isSpace(byte c) {
        return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == 0x0B || c == '\f' || c == 0;
    }

    private static boolean isHex(byte c) {
        return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
    }

    private static int hex(byte c) {
        return c <= '9' ? c - '0' : (c | 0x20) - 'a' + 10;
    }
}
