package io.quiver.app;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.quiver.cli.RespClient;
import io.quiver.config.ConfigKeys;
import io.quiver.testing.TestServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** --load: a file with some malformed lines loads; every good pair is readable; bad lines are reported. */
class BulkLoadTest {
    @TempDir
    Path dir;

    @Test
    void goodLinesLoadAndMalformedOnesAreReportedByLineNumber() throws IOException {
        Map<String, String> good = new LinkedHashMap<>();
        ByteArrayOutputStream file = new ByteArrayOutputStream();
        List<Integer> badLines = new ArrayList<>();
        int lineNo = 0;
        for (int i = 0; i < 5000; i++) {
            lineNo++;
            String key = "load:" + i;
            String value = i % 3 == 0 ? "value with  spaces " + i : "v" + i;
            String sep = i % 2 == 0 ? " " : "\t";
            String eol = i % 5 == 0 ? "\r\n" : "\n";
            good.put(key, value);
            file.writeBytes((key + sep + value + eol).getBytes(StandardCharsets.UTF_8));
            if (i % 400 == 7) { // a malformed line every so often: 13 in all
                lineNo++;
                badLines.add(lineNo);
                String bad = switch (badLines.size() % 3) {
                    case 0 -> "no-separator-here";
                    case 1 -> " starts-with-space value";
                    default -> "";
                };
                file.writeBytes((bad + "\n").getBytes(StandardCharsets.UTF_8));
            }
        }
        file.writeBytes("last:key last value without newline".getBytes(StandardCharsets.UTF_8));
        good.put("last:key", "last value without newline");
        Path data = dir.resolve("pairs.txt");
        Files.write(data, file.toByteArray());

        ListAppender<ILoggingEvent> logs = new ListAppender<>();
        logs.start();
        Logger loaderLog = (Logger) LoggerFactory.getLogger("io.quiver.service.ingest.KeyValueLoad");
        loaderLog.addAppender(logs);
        try (TestServer server = TestServer.start(TestServer.base(ConfigKeys.SHARDS, 3).with(ConfigKeys.LOAD, data.toString()));
             RespClient c = server.resp()) {
            assertEquals((long) good.size(), c.call("DBSIZE"));
            for (Map.Entry<String, String> e : good.entrySet()) {
                assertArrayEquals(e.getValue().getBytes(StandardCharsets.UTF_8), (byte[]) c.call("GET", e.getKey()), e.getKey());
            }
        } finally {
            loaderLog.detachAppender(logs);
        }
        List<String> messages = logs.list.stream().map(ILoggingEvent::getFormattedMessage).toList();
        for (int i = 0; i < 10; i++) {
            int n = badLines.get(i);
            assertTrue(messages.stream().anyMatch(m -> m.contains(" line " + n + " is malformed")), "line " + n + " reported in " + messages);
        }
        int eleventh = badLines.get(10);
        assertTrue(messages.stream().noneMatch(m -> m.contains(" line " + eleventh + " is malformed")), "only the first ten are shown");
        assertTrue(messages.stream().anyMatch(m -> m.contains(badLines.size() + " malformed lines in all")), messages.toString());
        assertTrue(messages.stream().anyMatch(m -> m.startsWith("loaded pairs.txt: " + good.size() + " pairs")), messages.toString());
    }

    @Test
    void aMissingFileStopsTheStartWithItsPath() {
        Path missing = dir.resolve("nope.txt");
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> TestServer.start(TestServer.base(ConfigKeys.LOAD, missing.toString())));
        assertTrue(e.getMessage().contains("nope.txt"), e.getMessage());
    }

    @Test
    void laterLinesForTheSameKeyWin() throws IOException {
        Path data = dir.resolve("dups.txt");
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < 3000; i++) {
            sb.append("dup ").append(i).append('\n');
        }
        Files.writeString(data, sb);
        try (TestServer server = TestServer.start(TestServer.base(ConfigKeys.LOAD, data.toString())); RespClient c = server.resp()) {
            assertArrayEquals("2999".getBytes(), (byte[]) c.call("GET", "dup"));
        }
    }

    @Test
    void aLoadLargerThanTheShardQueueIsNotRefusedAndLeavesTheQueuesEmpty() throws IOException {
        Path data = dir.resolve("many.txt");
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < 20_000; i++) {
            sb.append("many:").append(i).append(" v\n");
        }
        Files.writeString(data, sb);
        try (TestServer server = TestServer.start(TestServer.base(ConfigKeys.LOAD, data.toString())
                .with(ConfigKeys.SHARDS, 2).with(ConfigKeys.SHARD_QUEUE, 1));
             RespClient c = server.resp()) {
            assertEquals(0, server.quiver().load().pending(0));
            assertEquals(0, server.quiver().load().pending(1));
            assertEquals(20_000L, c.call("DBSIZE"));
        }
    }
}
