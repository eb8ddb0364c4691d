package io.quiver.resp;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;

/** Numbers as Redis reads and writes them in arguments and replies. */
final class RespNumbers {
    private RespNumbers() {
    }

    /** The shortest decimal that reads back as {@code d}, without exponent ({@code 10.5}, {@code 3}); inf/-inf/nan spelled as Redis does. */
    static String formatDouble(double d) {
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
     * A float argument as Redis's {@code string2ld} accepts it: decimal or exponent notation,
     * {@code inf}/{@code -inf}, no spaces, no NaN, no hex; null when it is not one.
     */
    static Double parseDouble(byte[] b) {
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
