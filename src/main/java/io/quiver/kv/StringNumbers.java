package io.quiver.kv;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;

/** Numbers in strings as Redis reads and writes them: counters, float increments, arguments, replies. */
public final class StringNumbers {
    private StringNumbers() {
    }

    /** The shortest decimal that reads back as {@code d}, without exponent ({@code 10.5}, {@code 3}); inf/-inf/nan spelled as Redis does. */
    public static String formatDouble(double d) {
        if (Double.isNaN(d)) {
            return "nan";
        }
        if (Double.isInfinite(d)) {
            return d > 0 ? "inf" : "-inf";
        }
        if (d == Math.rint(d) && Math.abs(d) < 1e17) {
            return Long.toString((long) d);
        }
        return BigDecimal.valueOf(d).stripTrailingZeros().toPlainString();
    }

    /**
     * A 64-bit integer as Redis's {@code string2ll} reads one: an optional minus, digits, no leading
     * zeros, no plus, no spaces, within range; null when it is not one.
     */
    public static Long parseLong(byte[] b, int off, int len) {
        if (len == 0 || len > 20) {
            return null;
        }
        int i = off, end = off + len;
        boolean negative = b[i] == '-';
        if (negative) {
            i++;
        }
        if (i == end || (b[i] == '0' && (end - i > 1 || negative))) {
            return null;
        }
        long v = 0;
        for (; i < end; i++) {
            int d = b[i] - '0';
            if (d < 0 || d > 9) {
                return null;
            }
            // accumulate negatively: Long.MIN_VALUE has no positive counterpart
            if (v < (Long.MIN_VALUE + d) / 10) {
                return null;
            }
            v = v * 10 - d;
        }
        if (!negative) {
            if (v == Long.MIN_VALUE) {
                return null;
            }
            v = -v;
        }
        return v;
    }

    public static Long parseLong(byte[] b) {
        return parseLong(b, 0, b.length);
    }

    /** The decimal text of {@code n}, written straight into its array (INCR's hot path: no String in between). */
    public static byte[] bytes(long n) {
        if (n == Long.MIN_VALUE) {
            return Long.toString(n).getBytes(StandardCharsets.US_ASCII); // its magnitude has no positive long
        }
        long m = Math.abs(n);
        int digits = 1;
        for (long t = m; t >= 10; t /= 10) {
            digits++;
        }
        int len = n < 0 ? digits + 1 : digits;
        byte[] out = new byte[len];
        for (int i = len - 1; i >= len - digits; i--) {
            out[i] = (byte) ('0' + m % 10);
            m /= 10;
        }
        if (n < 0) {
            out[0] = '-';
        }
        return out;
    }

    /**
     * A float argument as Redis's {@code string2ld} accepts it: decimal or exponent notation,
     * {@code inf}/{@code -inf}, no spaces, no NaN, no hex; null when it is not one.
     */
    public static Double parseDouble(byte[] b) {
        if (b.length == 0 || b.length > 5000) {
            return null;
        }
        String s = new String(b, StandardCharsets.US_ASCII);
        String lower = s.toLowerCase();
        switch (lower) {
            case "inf", "+inf", "infinity", "+infinity" -> { return Double.POSITIVE_INFINITY; }
            case "-inf", "-infinity" -> { return Double.NEGATIVE_INFINITY; }
            default -> { }
        }
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (!(c >= '0' && c <= '9' || c == '.' || c == 'e' || c == 'E' || c == '-' || c == '+')) {
                return null;
            }
        }
        try {
            double d = Double.parseDouble(s);
            return Double.isNaN(d) ? null : d;
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
