package io.quiver.resp;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/** Inline command quoting, as Redis's sdssplitargs. */
class InlineSplitterTest {
    private static List<String> split(String line) {
        byte[] b = line.getBytes(StandardCharsets.ISO_8859_1);
        byte[][] args = InlineSplitter.split(b, 0, b.length);
        return args == null ? null : Arrays.stream(args).map(a -> new String(a, StandardCharsets.ISO_8859_1)).toList();
    }

    @Test
    void wordsAreSeparatedByAnyWhitespace() {
        assertEquals(List.of("SET", "k", "v"), split("  SET \t k   v  "));
    }

    @Test
    void emptyLineHasNoArguments() {
        assertEquals(List.of(), split("   "));
    }

    @Test
    void doubleQuotesKeepSpaces() {
        assertEquals(List.of("SET", "my key", "a value"), split("SET \"my key\" \"a value\""));
    }

    @Test
    void doubleQuotesUnderstandEscapes() {
        assertEquals(List.of("a\nb\r\t\b\u0007\\\"z"), split("\"a\\nb\\r\\t\\b\\a\\\\\\\"z\""));
    }

    @Test
    void doubleQuotesUnderstandHexBytes() {
        byte[] line = "\"\\x00\\xff\\x41\"".getBytes(StandardCharsets.ISO_8859_1);
        assertArrayEquals(new byte[]{0, (byte) 0xFF, 'A'}, InlineSplitter.split(line, 0, line.length)[0]);
    }

    @Test
    void unknownEscapeIsTheCharacterItself() {
        assertEquals(List.of("q"), split("\"\\q\""));
    }

    @Test
    void singleQuotesOnlyUnderstandEscapedQuote() {
        assertEquals(List.of("it's \\n"), split("'it\\'s \\n'"));
    }

    @Test
    void quotesMayStartInsideAWord() {
        assertEquals(List.of("abc d"), split("ab\"c d\""));
    }

    @Test
    void emptyQuotedArgumentIsAnArgument() {
        assertEquals(List.of("SET", "k", ""), split("SET k \"\""));
    }

    @Test
    void unterminatedDoubleQuoteIsUnbalanced() {
        assertNull(split("SET \"k v"));
    }

    @Test
    void unterminatedSingleQuoteIsUnbalanced() {
        assertNull(split("SET 'k v"));
    }

    @Test
    void closingQuoteFollowedByTextIsUnbalanced() {
        assertNull(split("SET \"k\"v"));
        assertNull(split("SET 'k'v"));
    }
}
