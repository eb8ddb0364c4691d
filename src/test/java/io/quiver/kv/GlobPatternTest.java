package io.quiver.kv;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Redis's glob rules, as KEYS and SCAN MATCH apply them. */
class GlobPatternTest {
    private static boolean m(String pattern, String s) {
        return GlobPattern.of(pattern.getBytes(StandardCharsets.UTF_8)).matches(s.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void starMatchesAnyRunIncludingNone() {
        assertTrue(m("*", ""));
        assertTrue(m("h*llo", "hllo"));
        assertTrue(m("h*llo", "heeeello"));
        assertTrue(m("*a*b*", "xxaxxbxx"));
        assertFalse(m("h*llo", "hello!"));
    }

    @Test
    void questionMarkMatchesExactlyOneByte() {
        assertTrue(m("h?llo", "hallo"));
        assertFalse(m("h?llo", "hllo"));
    }

    @Test
    void setsRangesAndNegation() {
        assertTrue(m("h[ae]llo", "hello"));
        assertFalse(m("h[ae]llo", "hillo"));
        assertTrue(m("h[^e]llo", "hallo"));
        assertFalse(m("h[^e]llo", "hello"));
        assertTrue(m("h[a-b]llo", "hbllo"));
        assertTrue(m("h[b-a]llo", "hallo"), "a reversed range is the same range");
    }

    @Test
    void backslashEscapesTheNextByte() {
        assertTrue(m("a\\*b", "a*b"));
        assertFalse(m("a\\*b", "axb"));
        assertTrue(m("[\\]]", "]"));
    }

    @Test
    void aLongPatternOfStarsDoesNotBlowUp() {
        String pattern = "a*".repeat(50) + "b";
        assertFalse(m(pattern, "a".repeat(5000)));
    }
}
