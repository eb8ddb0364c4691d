package io.quiver.vector;

import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * A point's id: an unsigned 64-bit integer or a string (Qdrant's two kinds). A string that spells a
 * canonical unsigned integer ({@code "42"}, not {@code "042"}) is that integer, so a point added as
 * RESP element {@code 42} and as Qdrant id {@code 42} is one point. UUID strings are kept in
 * Qdrant's canonical form (lower case, hyphenated).
 *
 * <p>Ids order numbers first (by unsigned value), then strings (by UTF-16 order): the tie-break of
 * search results with equal scores. A point lives on the shard its {@link #bytes()} hash to, the
 * same rule as keys.
 */
public record PointId(long number, String text) implements Comparable<PointId> {
    private static final Pattern UUID_SIMPLE = Pattern.compile("[0-9a-fA-F]{32}");
    private static final Pattern UUID_HYPHENATED =
            Pattern.compile("[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");

    public static PointId of(long unsigned) {
        return new PointId(unsigned, null);
    }

    /** A string id; canonical unsigned integers become numeric ids. */
    public static PointId of(String s) {
        if (s.isEmpty()) {
            throw new IllegalArgumentException("a point id cannot be the empty string");
        }
        if (isCanonicalUnsigned(s)) {
            return new PointId(Long.parseUnsignedLong(s), null);
        }
        if (UUID_HYPHENATED.matcher(s).matches()) {
            return new PointId(0, s.toLowerCase(Locale.ROOT));
        }
        if (UUID_SIMPLE.matcher(s).matches()) {
            String l = s.toLowerCase(Locale.ROOT);
            return new PointId(0, l.substring(0, 8) + "-" + l.substring(8, 12) + "-" + l.substring(12, 16) + "-"
                    + l.substring(16, 20) + "-" + l.substring(20));
        }
        return new PointId(0, s);
    }

    private static boolean isCanonicalUnsigned(String s) {
        if (s.length() > 20 || (s.length() > 1 && s.charAt(0) == '0')) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') {
                return false;
            }
        }
        if (s.length() == 20) {
            return s.compareTo("18446744073709551615") <= 0;
        }
        return true;
    }

    public boolean isNumber() {
        return text == null;
    }

    /** The canonical text: the decimal number or the string. */
    @Override
    public String toString() {
        return text == null ? Long.toUnsignedString(number) : text;
    }

    /** The bytes that decide the owning shard (hashed like a key). */
    public byte[] bytes() {
        return toString().getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public int compareTo(PointId o) {
        if (isNumber() != o.isNumber()) {
            return isNumber() ? -1 : 1;
        }
        return isNumber() ? Long.compareUnsigned(number, o.number) : text.compareTo(o.text);
    }
}
