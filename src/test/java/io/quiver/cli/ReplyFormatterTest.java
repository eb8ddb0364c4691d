package io.quiver.cli;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Replies printed as redis-cli prints them. */
class ReplyFormatterTest {
    private static byte[] b(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void scalarsOnATerminal() {
        assertEquals("OK\n", ReplyFormatter.human(new RespClient.Status("OK")));
        assertEquals("(integer) 42\n", ReplyFormatter.human(42L));
        assertEquals("(nil)\n", ReplyFormatter.human(null));
        assertEquals("(error) ERR boom\n", ReplyFormatter.human(new RespClient.Error("ERR boom")));
        assertEquals("\"hello\"\n", ReplyFormatter.human(b("hello")));
    }

    @Test
    void bulkStringsAreQuotedAndEscaped() {
        assertEquals("\"a\\\"b\\n\\x00\\xff\"", ReplyFormatter.quoted(new byte[]{'a', '"', 'b', '\n', 0, (byte) 0xFF}));
    }

    @Test
    void arraysAreNumberedAndNestedArraysIndented() {
        Object reply = java.util.Arrays.asList(b("a"), List.of(b("b"), 1L), null);
        assertEquals("1) \"a\"\n2) 1) \"b\"\n   2) (integer) 1\n3) (nil)\n", ReplyFormatter.human(reply));
    }

    @Test
    void indexesArePaddedToTheWidestIndex() {
        List<Object> ten = new java.util.ArrayList<>();
        for (int i = 0; i < 10; i++) {
            ten.add((long) i);
        }
        String out = ReplyFormatter.human(ten);
        assertEquals(" 1) (integer) 0", out.lines().findFirst().orElseThrow());
        assertEquals("10) (integer) 9", out.lines().reduce((x, y) -> y).orElseThrow());
    }

    @Test
    void emptyArray() {
        assertEquals("(empty array)\n", ReplyFormatter.human(List.of()));
    }

    @Test
    void rawFormPrintsValuesAsTheyAre() {
        assertEquals("hello", ReplyFormatter.raw(b("hello")));
        assertEquals("42", ReplyFormatter.raw(42L));
        assertEquals("a\n\nb", ReplyFormatter.raw(java.util.Arrays.asList(b("a"), null, b("b"))));
    }
}
