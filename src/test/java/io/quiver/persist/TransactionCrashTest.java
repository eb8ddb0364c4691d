package io.quiver.persist;

import io.quiver.cli.RespClient;
import io.quiver.shard.KeyHash;
import io.quiver.shard.KvOp;
import io.quiver.shard.ShardOp;
import io.quiver.shard.TxOp;
import io.quiver.shard.codec.ShardOpCodec;
import io.quiver.testing.TestServer;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A transaction over two shards is logged as one record on each; a crash after one shard logged
 * its part and before the other did leaves one record: the restart applies none of it. A
 * transaction on one shard (one {@code TxOp.Exec} there) is one record of that shard's log: all of
 * it or none of it comes back.
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
        return afterTransfer(A, B);
    }

    /** A data dir whose last change is a MULTI that moves 30 from {@code a} to {@code b} (100 each before) and writes a note by {@code b}. */
    private static Path afterTransfer(String a, String b) throws Exception {
        Path dir = TestServer.newDataDir();
        try (TestServer s = Servers.start(dir, 2); RespClient c = s.resp()) {
            c.call("SET", a, "100");
            c.call("SET", b, "100");
            c.call("MULTI");
            c.call("DECRBY", a, "30");
            c.call("INCRBY", b, "30");
            c.call("SET", b + ":note", "moved");
            assertEquals(List.of(70L, 130L), ((List<?>) c.call("EXEC")).subList(0, 2));
        }
        return dir;
    }

    private static final String ONE_A = "{acct}a", ONE_B = "{acct}b"; // one hash tag: one shard
    private static final int ONE_SHARD = KeyHash.shardOf(ONE_A.getBytes(), 2);

    /** The same transfer on one shard: ONE_A to ONE_B. */
    private static Path afterSingleShardTransfer() throws Exception {
        return afterTransfer(ONE_A, ONE_B);
    }

    /** The ops of the records of {@code log}, decoded. */
    private static List<ShardOp<?>> loggedOps(Path log) throws Exception {
        List<ShardOp<?>> ops = new ArrayList<>();
        LogReader.scan(log, (h, seq, payload, at) -> ops.add(ShardOpCodec.decode(payload, h.codecVersion())));
        return ops;
    }

    private static Path shardLog(Path dir, int shard) throws Exception {
        List<Path> logs = ShardRecovery.logFiles(dir.resolve("gen-000001").resolve("shard-" + shard));
        return logs.get(logs.size() - 1);
    }

    @Test
    void aSingleShardTransactionIsOneLogRecordHoldingEachOfItsChangesInOrder() throws Exception {
        List<ShardOp<?>> ops = loggedOps(shardLog(afterSingleShardTransfer(), ONE_SHARD));
        assertEquals(3, ops.size(), "the two SETs, then the transaction: " + ops);
        TxOp.Record record = assertInstanceOf(TxOp.Record.class, ops.get(2));
        assertArrayEquals(new int[]{ONE_SHARD}, record.participants());
        assertEquals(List.of(ONE_A, ONE_B, ONE_B + ":note"),
                Arrays.stream(record.ops()).map(o -> new String(assertInstanceOf(KvOp.Set.class, o).key())).toList(),
                "each change in canonical form (a counter as the SET of its result), in the order the commands ran");
    }

    @Test
    void aSingleShardTransactionRestartsWhole() throws Exception {
        try (TestServer s = Servers.start(afterSingleShardTransfer(), 2)) {
            assertEquals("70", Servers.get(s, ONE_A));
            assertEquals("130", Servers.get(s, ONE_B));
            assertEquals("moved", Servers.get(s, ONE_B + ":note"));
        }
    }

    @Test
    void aSingleShardTransactionWhoseRecordIsTornRestartsWithNoneOfIt() throws Exception {
        Path dir = afterSingleShardTransfer();
        Path log = shardLog(dir, ONE_SHARD);
        List<Long> offsets = DataFiles.recordOffsets(log);
        DataFiles.truncate(log, offsets.get(offsets.size() - 1) + 12); // the crash came in the middle of its record
        try (TestServer s = Servers.start(dir, 2)) {
            assertEquals("100", Servers.get(s, ONE_A));
            assertEquals("100", Servers.get(s, ONE_B));
            assertNull(Servers.get(s, ONE_B + ":note"));
        }
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
