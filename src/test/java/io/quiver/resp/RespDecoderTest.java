package io.quiver.resp;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RespDecoderTest {
    private static final RespDecoder.Limits LIMITS = new RespDecoder.Limits(64, 1024, 16);

    /** Records what the decoder emits. */
    private static final class Recorder implements RespDecoder.Sink {
        final List<List<String>> commands = new ArrayList<>();
        final List<String> errors = new ArrayList<>();
        boolean fatal;

        @Override
        public void onCommand(byte[][] argv) {
            commands.add(Arrays.stream(argv).map(a -> new String(a, StandardCharsets.ISO_8859_1)).toList());
        }

        @Override
        public void onProtocolError(String message, boolean fatal) {
            errors.add(message);
            this.fatal |= fatal;
        }
    }

    private static Recorder decode(String... pieces) {
        Recorder r = new Recorder();
        RespDecoder d = new RespDecoder(r, LIMITS);
        for (String p : pieces) {
            d.feed(p.getBytes(StandardCharsets.ISO_8859_1));
        }
        return r;
    }

    private static final String PIPELINE = "*3\r\n$3\r\nSET\r\n$3\r\nkey\r\n$5\r\nva\r\nl\r\n"
            + "GET key\r\n"
            + "*1\r\n$4\r\nPING\r\n"
            + "*2\r\n$4\r\nECHO\r\n$0\r\n\r\n";
    private static final List<List<String>> PIPELINE_COMMANDS = List.of(
            List.of("SET", "key", "va\r\nl"), List.of("GET", "key"), List.of("PING"), List.of("ECHO", ""));

    @Test
    void decodesMultibulkAndInlineCommandsInOrder() {
        Recorder r = decode(PIPELINE);
        assertEquals(PIPELINE_COMMANDS, r.commands);
        assertTrue(r.errors.isEmpty());
    }

    @Test
    void everySplitPointGivesTheSameCommands() {
        for (int cut = 0; cut <= PIPELINE.length(); cut++) {
            Recorder r = decode(PIPELINE.substring(0, cut), PIPELINE.substring(cut));
            assertEquals(PIPELINE_COMMANDS, r.commands, "split at " + cut);
        }
    }

    @Test
    void everyTwoSplitPointsGiveTheSameCommands() {
        for (int a = 0; a <= PIPELINE.length(); a++) {
            for (int b = a; b <= PIPELINE.length(); b++) {
                Recorder r = decode(PIPELINE.substring(0, a), PIPELINE.substring(a, b), PIPELINE.substring(b));
                assertEquals(PIPELINE_COMMANDS, r.commands, "split at " + a + "," + b);
            }
        }
    }

    @Test
    void oneByteAtATimeGivesTheSameCommands() {
        String[] bytes = PIPELINE.chars().mapToObj(c -> String.valueOf((char) c)).toArray(String[]::new);
        assertEquals(PIPELINE_COMMANDS, decode(bytes).commands);
    }

    @Test
    void bulkValuesAreBinarySafe() {
        Recorder r = decode("*2\r\n$3\r\nGET\r\n$4\r\n\0\r\n\u00ff\r\n");
        assertEquals(List.of(List.of("GET", "\0\r\n\u00ff")), r.commands);
    }

    @Test
    void inlineLineMayEndWithBareNewline() {
        assertEquals(List.of(List.of("PING"), List.of("ECHO", "x")), decode("PING\nECHO x\r\n").commands);
    }

    @Test
    void emptyInlineLinesAndEmptyMultibulksAreSkipped() {
        assertEquals(List.of(List.of("PING")), decode("\r\n\r\n*0\r\n*-1\r\nPING\r\n").commands);
    }

    @Test
    void inlineQuotesAreHonoured() {
        assertEquals(List.of(List.of("SET", "a b", "c")), decode("SET \"a b\" 'c'\r\n").commands);
    }

    @Test
    void unbalancedQuotesAreANonFatalErrorAndParsingGoesOn() {
        Recorder r = decode("SET \"a b\r\nPING\r\n");
        assertEquals(List.of("Protocol error: unbalanced quotes in request"), r.errors);
        assertEquals(false, r.fatal);
        assertEquals(List.of(List.of("PING")), r.commands);
    }

    @Test
    void tooLongInlineLineIsFatal() {
        Recorder r = decode("GET " + "x".repeat(100) + "\r\nPING\r\n");
        assertEquals(List.of("Protocol error: too big inline request"), r.errors);
        assertTrue(r.fatal);
        assertTrue(r.commands.isEmpty());
    }

    @Test
    void tooLongInlineLineIsFatalEvenBeforeItsNewlineArrives() {
        Recorder r = decode("GET " + "x".repeat(100));
        assertEquals(List.of("Protocol error: too big inline request"), r.errors);
    }

    @Test
    void multibulkCountOverTheLimitIsFatal() {
        Recorder r = decode("*17\r\n");
        assertEquals(List.of("Protocol error: invalid multibulk length"), r.errors);
        assertTrue(r.fatal);
    }

    @Test
    void nonNumericMultibulkCountIsFatal() {
        assertEquals(List.of("Protocol error: invalid multibulk length"), decode("*x\r\n").errors);
        assertEquals(List.of("Protocol error: invalid multibulk length"), decode("*99999999999999999999\r\n").errors);
    }

    @Test
    void missingDollarIsFatalAndNamesWhatCameInstead() {
        Recorder r = decode("*1\r\n+PING\r\n");
        assertEquals(List.of("Protocol error: expected '$', got '+'"), r.errors);
        assertTrue(r.fatal);
    }

    @Test
    void bulkLengthOverTheLimitIsFatal() {
        assertEquals(List.of("Protocol error: invalid bulk length"), decode("*1\r\n$1025\r\n").errors);
    }

    @Test
    void negativeOrNonNumericBulkLengthIsFatal() {
        assertEquals(List.of("Protocol error: invalid bulk length"), decode("*1\r\n$-1\r\n").errors);
        assertEquals(List.of("Protocol error: invalid bulk length"), decode("*1\r\n$abc\r\n").errors);
    }

    @Test
    void overlongMultibulkHeaderIsFatal() {
        assertEquals(List.of("Protocol error: too big mbulk count string"), decode("*" + "1".repeat(100)).errors);
    }

    @Test
    void nothingIsParsedAfterAFatalError() {
        Recorder r = decode("*x\r\nPING\r\n", "PING\r\n");
        assertEquals(1, r.errors.size());
        assertTrue(r.commands.isEmpty());
    }

    @Test
    void aLargeBulkArrivingInManyPiecesIsAssembled() {
        String value = "v".repeat(1000);
        String frame = "*2\r\n$4\r\nECHO\r\n$1000\r\n" + value + "\r\n";
        List<String> pieces = new ArrayList<>();
        for (int i = 0; i < frame.length(); i += 7) {
            pieces.add(frame.substring(i, Math.min(frame.length(), i + 7)));
        }
        assertEquals(List.of(List.of("ECHO", value)), decode(pieces.toArray(String[]::new)).commands);
    }

    @Test
    void randomSplitsOfAManyCommandStreamAreLossless() {
        StringBuilder sb = new StringBuilder();
        List<List<String>> expected = new ArrayList<>();
        Random rnd = new Random(7);
        for (int i = 0; i < 500; i++) {
            String v = "x".repeat(rnd.nextInt(50));
            sb.append("*3\r\n$3\r\nSET\r\n$").append(String.valueOf(i).length()).append("\r\n").append(i)
                    .append("\r\n$").append(v.length()).append("\r\n").append(v).append("\r\n");
            expected.add(List.of("SET", String.valueOf(i), v));
        }
        String all = sb.toString();
        Recorder r = new Recorder();
        RespDecoder d = new RespDecoder(r, LIMITS);
        for (int p = 0; p < all.length(); ) {
            int n = 1 + rnd.nextInt(40);
            d.feed(all.substring(p, Math.min(all.length(), p + n)).getBytes(StandardCharsets.ISO_8859_1));
            p += n;
        }
        assertEquals(expected, r.commands);
    }

    @Test
    void parseLongFollowsRedisRules() {
        assertEquals(0, RespDecoder.parseLong("0".getBytes(), 0, 1));
        assertEquals(-12, RespDecoder.parseLong("-12".getBytes(), 0, 3));
        assertEquals(Long.MIN_VALUE, RespDecoder.parseLong("012".getBytes(), 0, 3), "leading zero");
        assertEquals(Long.MIN_VALUE, RespDecoder.parseLong("+1".getBytes(), 0, 2), "plus sign");
        assertEquals(Long.MIN_VALUE, RespDecoder.parseLong("".getBytes(), 0, 0), "empty");
        assertEquals(Long.MIN_VALUE, RespDecoder.parseLong("-".getBytes(), 0, 1), "sign only");
    }
}
