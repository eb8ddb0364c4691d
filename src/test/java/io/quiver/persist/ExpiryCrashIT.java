package io.quiver.persist;

import io.quiver.cli.RespClient;
import io.quiver.testing.QuiverProcess;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * TTLs across a SIGKILL, from the log and from a snapshot: after the restart no key outlives its
 * expiry and none expires early, because the log and the snapshot hold absolute times.
 */
class ExpiryCrashIT {

    @Test
    void afterSigkillNoKeyOutlivesItsTtlAndNoneExpiresEarly() throws Exception {
        Path data = Files.createTempDirectory("quiver-expiry-it");
        String[] flags = {"--data-dir", data.toString(), "--appendfsync", "always", "--shards", "3"};
        long killedAt;
        try (QuiverProcess server = QuiverProcess.start(flags); RespClient c = server.client()) {
            for (int i = 0; i < 200; i++) {
                c.call("SET", "short:" + i, "v", "PX", "1500");    // due while the server is down
                c.call("SET", "long:" + i, "v", "EX", "3600");     // far from due
                c.call("SET", "plain:" + i, "v");
            }
            c.call("SET", "kept:ttl", "v", "EX", "3600");
            c.call("SAVE");                                      // some pairs from the snapshot, the rest from the log
            for (int i = 0; i < 50; i++) {
                c.call("SET", "after-save:" + i, "v", "PX", "1500");
                c.call("EXPIRE", "plain:" + i, "3600");
            }
            c.call("SET", "kept:ttl", "w", "KEEPTTL");
            killedAt = System.currentTimeMillis();
            server.kill();
        }
        Thread.sleep(Math.max(0, killedAt + 2000 - System.currentTimeMillis()));
        try (QuiverProcess server = QuiverProcess.start(flags); RespClient c = server.client()) {
            for (int i = 0; i < 200; i++) {
                assertNull(c.call("GET", "short:" + i), "short:" + i + " outlived its TTL");
                long ttl = (Long) c.call("TTL", "long:" + i);
                assertTrue(ttl > 3500 && ttl <= 3600, "long:" + i + " ttl " + ttl);
                assertEquals(i < 50 ? 3600L : -1L, Math.max(-1L, Math.min(3600L, roundUp((Long) c.call("TTL", "plain:" + i)))),
                        "plain:" + i);
            }
            for (int i = 0; i < 50; i++) {
                assertNull(c.call("GET", "after-save:" + i));
            }
            long kept = (Long) c.call("TTL", "kept:ttl");
            assertTrue(kept > 3500, "KEEPTTL was replayed as the absolute time: " + kept);
            String info = new String((byte[]) c.call("INFO", "keyspace"));
            assertTrue(info.contains("keys=401,expires=251,"), "only live keys counted after recovery: " + info);
        }
    }

    /** A TTL of an hour read a few seconds later is 3595..3600; count it as 3600. */
    private static long roundUp(long ttl) {
        return ttl > 3500 ? 3600 : ttl;
    }
}
