package io.quiver.persist;

import io.quiver.cli.RespClient;
import io.quiver.shard.KeyHash;
import io.quiver.testing.TestServer;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A transaction over two shards is logged as one record on each; a crash after one shard logged
 * its part and before the other did leaves one record: the restart applies none of it.
 */
class TransactionCrashTest {
    private static String keyOn(int shard, String prefix) {
        for (int i = 0; ; i++) {
            if (KeyHash.shardOf((prefix + i).getBytes(), 2) == shard) {
                return prefix + i;
            }
        }
    }

    private static final String A = keyOn(0, "acct-a"), B = keyOn(1, "acct-b");

    /** A data dir whose last change is a MULTI that moves 30 from A (shard 0) to B (shard 1). */
    private static Path afterTransfer() throws Exception {
        Path dir = TestServer.newDataDir();
        try (TestServer s = Servers.start(dir, 2); RespClient c = s.resp()) {
            c.call("SET", A, "100");
            c.call("SET", B, "100");
            c.call("MULTI");
            c.call("DECRBY", A, "30");
            c.call("INCRBY", B, "30");
            c.call("SET", B + ":note", "moved");
            assertEquals(3, ((List<?>) c.call("EXEC")).size());
        }
        return dir;
    }

    private static Path shardLog(Path dir, int shard) throws Exception {
        List<Path> logs = ShardRecovery.logFiles(dir.resolve("gen-000001").resolve("shard-" + shard));
        return logs.get(logs.size() - 1);
    }

    @Test
    void bothPartsLoggedRestartWithTheWholeTransaction() throws Exception {
        Path dir = afterTransfer();
        try (TestServer s = Servers.start(dir, 2)) {
            assertEquals("70", Servers.get(s, A));
            assertEquals("130", Servers.get(s, B));
            assertEquals("moved", Servers.get(s, B + ":note"));
        }
    }

    @Test
    void oneShardsPartMissingRestartsWithNoneOfIt() throws Exception {
        for (int lost : new int[]{0, 1}) {
            Path dir = afterTransfer();
            Path log = shardLog(dir, lost);
            List<Long> offsets = DataFiles.recordOffsets(log);
            DataFiles.truncate(log, offsets.get(offsets.size() - 1)); // the crash came before this shard logged its part
            try (TestServer s = Servers.start(dir, 2)) {
                assertEquals("100", Servers.get(s, A), "shard " + lost + " lost its part");
                assertEquals("100", Servers.get(s, B), "shard " + lost + " lost its part");
                assertNull(Servers.get(s, B + ":note"));
                assertTrue(s.quiver().persistence().report().problems().stream().anyMatch(p -> p.contains("transaction")),
                        s.quiver().persistence().report().problems().toString());
                Servers.call(s, "SET", A, "later");
            }
            try (TestServer s = Servers.start(dir, 2)) {
                assertEquals("later", Servers.get(s, A), "writes after the dropped part are kept");
                assertEquals("100", Servers.get(s, B), "the dropped part stays dropped");
            }
        }
    }
}
