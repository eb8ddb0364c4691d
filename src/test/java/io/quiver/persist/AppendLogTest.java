package io.quiver.persist;

import io.quiver.kv.SetCondition;
import io.quiver.shard.KvOp;
import io.quiver.shard.ShardOp;
import io.quiver.shard.codec.ShardOpCodec;
import io.quiver.testing.TestServer;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The append log on its own: records in order across rotations, and fsync waiters completed (group commit). */
class AppendLogTest {
    private static final LogSyncer.Observer QUIET = new LogSyncer.Observer() {
        @Override
        public void fsynced(long nanos) {
        }

        @Override
        public void failed(IOException e) {
        }
    };

    private static ShardOp set(int i) {
        return new KvOp.Set(("k" + i).getBytes(StandardCharsets.UTF_8), ("v" + i).getBytes(StandardCharsets.UTF_8),
                SetCondition.ALWAYS);
    }

    private static List<String> keysIn(Path dir) throws IOException {
        List<String> keys = new ArrayList<>();
        for (Path log : ShardRecovery.logFiles(dir)) {
            LogReader.scan(log, (h, seq, payload, at) -> {
                KvOp.Set s = (KvOp.Set) ShardOpCodec.decode(payload, h.codecVersion());
                keys.add(seq + ":" + new String(s.key(), StandardCharsets.UTF_8));
            });
        }
        return keys;
    }

    @Test
    void everyWaiterIsCompletedOnceItsRecordsAreFsyncedAcrossRotations() throws Exception {
        Path dir = TestServer.newDataDir();
        AppendLog log = AppendLog.open(dir, 0, FsyncPolicy.ALWAYS, null, ShardOpCodec.VERSION, 1, 0, QUIET);
        List<CompletableFuture<Void>> waiters = new ArrayList<>();
        List<String> expected = new ArrayList<>();
        for (int batch = 0; batch < 50; batch++) {
            for (int i = 0; i < 3; i++) {
                int n = batch * 3 + i;
                assertEquals(n + 1, log.append(set(n)));
                expected.add((n + 1) + ":k" + n);
            }
            log.write();
            waiters.add(log.whenDurable(log.writtenSeq()));
            if (batch % 10 == 9) {
                log.rotate();
            }
        }
        CompletableFuture.allOf(waiters.toArray(new CompletableFuture[0])).get(30, TimeUnit.SECONDS);
        assertTrue(log.durableSeq() >= 150);
        log.close();
        assertEquals(expected, keysIn(dir));
        assertEquals(6, ShardRecovery.logFiles(dir).size()); // the first file and five rotations
    }

    @Test
    void anEmptyLogFileOfAnOlderVersionIsReplacedByOneOfThisVersion() throws Exception {
        Path dir = TestServer.newDataDir();
        Path old = dir.resolve(LogFormat.fileName(5));
        java.nio.file.Files.write(old, LogFormat.fileHeader(ShardOpCodec.VERSION - 1, 5, 0));
        AppendLog log = AppendLog.open(dir, 0, FsyncPolicy.ALWAYS, old, ShardOpCodec.VERSION - 1, 5, 0, QUIET);
        assertEquals(5, log.append(set(1)));
        log.write();
        log.whenDurable(5).get(30, TimeUnit.SECONDS);
        log.close();
        assertEquals(List.of("5:k1"), keysIn(dir));
        assertEquals(1, ShardRecovery.logFiles(dir).size());
    }

    @Test
    void underAppendfsyncNoNothingWaits() throws Exception {
        Path dir = TestServer.newDataDir();
        AppendLog log = AppendLog.open(dir, 0, FsyncPolicy.NO, null, ShardOpCodec.VERSION, 7, 0, QUIET);
        log.append(set(1));
        log.write();
        assertTrue(log.whenDurable(7).isDone());
        log.rotate();
        log.append(set(2));
        log.close();
        assertEquals(List.of("7:k1", "8:k2"), keysIn(dir));
    }
}
