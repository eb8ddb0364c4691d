package io.quiver.kv;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;

class StringNumbersTest {
    private static String text(long n) {
        return new String(StringNumbers.bytes(n), StandardCharsets.US_ASCII);
    }

    @Test
    void bytesOfALongAreItsDecimalText() {
        Random rnd = new Random(11);
        for (int i = 0; i < 100_000; i++) {
            long n = rnd.nextLong() >> rnd.nextInt(64); // every magnitude, both signs
            assertEquals(Long.toString(n), text(n));
        }
    }

    @Test
    void bytesOfTheEdgesAreTheirDecimalText() {
        for (long n : new long[]{0, 9, 10, -1, -9, -10, 99, 100, Long.MAX_VALUE, Long.MIN_VALUE, Long.MIN_VALUE + 1}) {
            assertEquals(Long.toString(n), text(n));
        }
    }

    @Test
    void bytesParseBackToTheSameLong() {
        Random rnd = new Random(12);
        for (int i = 0; i < 10_000; i++) {
            long n = rnd.nextLong() >> rnd.nextInt(64);
            byte[] b = StringNumbers.bytes(n);
            assertEquals(n, StringNumbers.parseLong(b, 0, b.length));
        }
    }
}
