package io.quiver.bench;

import io.quiver.cli.RespClient;
import io.quiver.config.ConfigKeys;
import io.quiver.shard.KeyHash;
import io.quiver.testing.TestServer;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The MULTI/SET/SET/EXEC load generator of {@code loadtest/redis-compare.sh} against the real server:
 * it counts only transactions answered as Redis answers them, and its modes put the two keys where
 * they say.
 */
class TxBenchTest {
    private static final long WINDOW = 1_000_000_000L;

    private static List<String> keys(TestServer server) throws IOException {
        try (RespClient c = server.resp()) {
            @SuppressWarnings("unchecked")
            List<byte[]> keys = (List<byte[]>) c.call("KEYS", "tx:*");
            return keys.stream().map(k -> new String(k, StandardCharsets.UTF_8)).toList();
        }
    }

    private static TxBench.Result drive(TestServer server, TxBench.Mode mode, int pipeline) throws IOException {
        return new TxBench(mode, 2, 50, 35).drive(new InetSocketAddress("127.0.0.1", server.respPort()), 4, pipeline, 0, WINDOW, -1);
    }

    @Test
    void singleShardModeWritesBothKeysOfATransactionUnderOneHashTag() throws Exception {
        try (TestServer server = TestServer.start(2)) {
            TxBench.Result r = drive(server, TxBench.Mode.SINGLE, 16);
            assertTrue(r.completed() > 0, "transactions completed");
            List<String> keys = keys(server);
            assertTrue(!keys.isEmpty() && keys.size() <= 100, "at most 50 tags of two keys: " + keys.size());
            for (String k : keys) {
                assertTrue(k.matches("tx:\\{\\d+}:[ab]"), k);
                String twin = k.endsWith(":a") ? k.replaceAll(":a$", ":b") : k.replaceAll(":b$", ":a");
                assertTrue(keys.contains(twin), "both keys of " + k + " written together");
            }
        }
    }

    @Test
    void crossShardModeWritesKeysOfBothShards() throws Exception {
        try (TestServer server = TestServer.start(2)) {
            assertTrue(drive(server, TxBench.Mode.CROSS, 1).completed() > 0);
            List<String> keys = keys(server);
            for (String suffix : List.of(":a", ":b")) {
                long shards = keys.stream().filter(k -> k.endsWith(suffix))
                        .mapToInt(k -> KeyHash.shardOf(k.getBytes(StandardCharsets.UTF_8), 2)).distinct().count();
                assertEquals(2, shards, "keys ending " + suffix + " on both shards");
            }
        }
    }

    @Test
    void crossShardModeNeedsTwoShards() {
        assertThrows(IllegalArgumentException.class, () -> new TxBench(TxBench.Mode.CROSS, 1, 50, 35));
    }

    @Test
    void aReplyOtherThanRedisesStopsTheRun() {
        try (TestServer server = TestServer.start(2, ConfigKeys.PASSWORD, "secret")) {
            IOException e = assertThrows(IOException.class, () -> drive(server, TxBench.Mode.SINGLE, 1));
            assertTrue(e.getMessage().startsWith("unexpected reply: -NOAUTH"), e.getMessage());
        }
    }
}
