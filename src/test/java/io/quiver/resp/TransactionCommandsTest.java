package io.quiver.resp;

import io.quiver.cli.RespClient;
import io.quiver.config.ConfigKeys;
import io.quiver.shard.KeyHash;
import io.quiver.testing.TestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;

import static io.quiver.testing.RespReplies.error;
import static io.quiver.testing.RespReplies.status;
import static io.quiver.testing.RespReplies.str;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** MULTI/EXEC/DISCARD/WATCH/UNWATCH with Redis's replies (cases from Redis's multi.tcl), and atomicity across shards. */
class TransactionCommandsTest {
    private static final int SHARDS = 3;
    static TestServer server;

    @BeforeAll
    static void start() {
        server = TestServer.start(TestServer.base(ConfigKeys.SHARDS, SHARDS).with(ConfigKeys.ENABLE_DEBUG_COMMAND, "yes"));
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static Object call(String... argv) throws IOException {
        try (RespClient c = server.resp()) {
            return c.call(argv);
        }
    }

    /** A key named {@code prefix}N that lives on {@code shard}. */
    static String keyOn(int shard, String prefix) {
        for (int i = 0; ; i++) {
            String k = prefix + i;
            if (KeyHash.shardOf(k.getBytes(), SHARDS) == shard) {
                return k;
            }
        }
    }

    @Test
    void queuedCommandsRunAtExecInOrder() throws IOException {
        try (RespClient c = server.resp()) {
            assertEquals("OK", status(c.call("MULTI")));
            assertEquals("QUEUED", status(c.call("SET", "tx:n", "1")));
            assertEquals("QUEUED", status(c.call("INCR", "tx:n")));
            assertEquals("QUEUED", status(c.call("GET", "tx:n")));
            List<?> r = (List<?>) c.call("EXEC");
            assertEquals(List.of("OK", 2L, "2"), List.of(status(r.get(0)), r.get(1), str(r.get(2))));
        }
    }

    @Test
    void listCommandsOnKeysOfTwoShardsRunAtExecWithTheirRepliesAndAWatchedListChangedByAPushAborts() throws IOException {
        String a = keyOn(0, "tx:list:a"), b = keyOn(1, "tx:list:b");
        try (RespClient c = server.resp()) {
            c.call("RPUSH", a, "x", "y");
            c.call("MULTI");
            assertEquals("QUEUED", status(c.call("LPOP", a)));
            assertEquals("QUEUED", status(c.call("RPUSH", b, "moved")));
            assertEquals("QUEUED", status(c.call("LRANGE", a, "0", "-1")));
            List<?> r = (List<?>) c.call("EXEC");
            assertEquals(List.of("x", 1L, List.of("y")),
                    List.of(str(r.get(0)), r.get(1), ((List<?>) r.get(2)).stream().map(v -> str(v)).toList()));
            c.call("WATCH", b);
            call("LPUSH", b, "other");
            c.call("MULTI");
            c.call("LLEN", b);
            assertNull(c.call("EXEC"), "the watched list changed");
        }
    }

    @Test
    void nothingRunsBeforeExec() throws IOException {
        try (RespClient c = server.resp()) {
            c.call("MULTI");
            c.call("SET", "tx:later", "v");
            assertNull(call("GET", "tx:later"));
            c.call("EXEC");
            assertEquals("v", str(call("GET", "tx:later")));
        }
    }

    @Test
    void discardRunsNothingAndLeavesMulti() throws IOException {
        try (RespClient c = server.resp()) {
            c.call("MULTI");
            c.call("SET", "tx:discarded", "v");
            assertEquals("OK", status(c.call("DISCARD")));
            assertNull(c.call("GET", "tx:discarded"));
            assertEquals("ERR EXEC without MULTI", error(c.call("EXEC")));
        }
    }

    @Test
    void anErrorWhileQueuingAbortsTheWholeTransaction() throws IOException {
        try (RespClient c = server.resp()) {
            c.call("MULTI");
            c.call("SET", "tx:abort1", "v");
            assertTrue(error(c.call("NOSUCHCOMMAND")).startsWith("ERR unknown command"));
            assertEquals("ERR wrong number of arguments for 'get' command", error(c.call("GET")));
            c.call("SET", keyOn(2, "tx:abort2-"), "v");
            assertEquals("EXECABORT Transaction discarded because of previous errors.", error(c.call("EXEC")));
            assertNull(c.call("GET", "tx:abort1"));
            assertNull(c.call("GET", keyOn(2, "tx:abort2-")));
            assertEquals("PONG", status(c.call("PING")), "the connection left MULTI");
        }
    }

    @Test
    void aRuntimeErrorIsOneReplyInsideTheExecArray() throws IOException {
        call("SET", "tx:word", "abc");
        try (RespClient c = server.resp()) {
            c.call("MULTI");
            c.call("INCR", "tx:word");
            c.call("SET", "tx:afterError", "ran");
            List<?> r = (List<?>) c.call("EXEC");
            assertEquals("ERR value is not an integer or out of range", error(r.get(0)));
            assertEquals("OK", status(r.get(1)));
        }
        assertEquals("ran", str(call("GET", "tx:afterError")));
    }

    // ---- a transaction on one shard: one operation there (TxOp.Exec) ----

    @Test
    void aRuntimeErrorInsideASingleShardTransactionIsThatCommandsReplyAndTheOthersApply() throws IOException {
        call("SET", "{one:err}word", "abc");
        try (RespClient c = server.resp()) {
            c.call("MULTI");
            c.call("SET", "{one:err}before", "1");
            c.call("INCR", "{one:err}word");
            c.call("LPUSH", "{one:err}word", "x");
            c.call("INCR", "{one:err}before");
            List<?> r = (List<?>) c.call("EXEC");
            assertEquals("OK", status(r.get(0)));
            assertEquals("ERR value is not an integer or out of range", error(r.get(1)));
            assertEquals("WRONGTYPE Operation against a key holding the wrong kind of value", error(r.get(2)));
            assertEquals(2L, r.get(3), "the command after the errors saw the one before them");
        }
        assertEquals("abc", str(call("GET", "{one:err}word")));
    }

    @Test
    void aCommandRefusedBeforeItReachesTheShardIsOneErrorReplyAndTheRestOfTheSingleShardTransactionApplies() throws IOException {
        try (RespClient c = server.resp()) {
            c.call("MULTI");
            c.call("SET", "{one:early}a", "1", "EX", "0");
            c.call("SET", "{one:early}b", "2");
            List<?> r = (List<?>) c.call("EXEC");
            assertEquals("ERR invalid expire time in 'set' command", error(r.get(0)));
            assertEquals("OK", status(r.get(1)));
        }
        assertNull(call("GET", "{one:early}a"));
        assertEquals("2", str(call("GET", "{one:early}b")));
    }

    @Test
    void aWatchedKeyOfTheTransactionsShardChangedByAnotherClientMakesExecANullArrayAndNothingApplies() throws IOException {
        try (RespClient c = server.resp()) {
            c.call("SET", "{one:w}watched", "1");
            c.call("WATCH", "{one:w}watched");
            call("SET", "{one:w}watched", "2");
            c.call("MULTI");
            c.call("SET", "{one:w}watched", "3");
            c.call("SET", "{one:w}other", "3");
            assertNull(c.call("EXEC"));
            assertEquals("2", str(c.call("GET", "{one:w}watched")));
            assertNull(c.call("GET", "{one:w}other"));
        }
    }

    @Test
    void anUnchangedWatchedKeyOfTheTransactionsShardLetsExecRunAndTheTransactionsOwnWriteEndsNothingLater() throws IOException {
        try (RespClient c = server.resp()) {
            c.call("WATCH", "{one:u}watched");
            c.call("MULTI");
            c.call("SET", "{one:u}watched", "mine");
            c.call("GET", "{one:u}watched");
            List<?> r = (List<?>) c.call("EXEC");
            assertEquals(List.of("OK", "mine"), List.of(status(r.get(0)), str(r.get(1))));
            c.call("MULTI");
            c.call("GET", "{one:u}watched");
            assertEquals(1, ((List<?>) c.call("EXEC")).size(), "EXEC ended the watch");
        }
    }

    @Test
    void aWatchedKeyOnlyInAnEmptyTransactionIsCheckedOnItsShard() throws IOException {
        try (RespClient c = server.resp()) {
            c.call("WATCH", "{one:e}watched");
            call("SET", "{one:e}watched", "changed");
            c.call("MULTI");
            c.call("PING");
            assertNull(c.call("EXEC"), "PING names no key: the watched key's shard alone decides");
        }
    }

    @Test
    void redisErrorsForMisplacedCommands() throws IOException {
        try (RespClient c = server.resp()) {
            assertEquals("ERR EXEC without MULTI", error(c.call("EXEC")));
            assertEquals("ERR DISCARD without MULTI", error(c.call("DISCARD")));
            c.call("MULTI");
            assertEquals("ERR MULTI calls can not be nested", error(c.call("MULTI")));
            assertEquals("ERR WATCH inside MULTI is not allowed", error(c.call("WATCH", "x")));
            List<?> r = (List<?>) c.call("EXEC");
            assertEquals(0, r.size(), "nested MULTI and WATCH do not abort the transaction");
        }
    }

    @Test
    void commandsNotAllowedInsideATransactionAbortIt() throws IOException {
        try (RespClient c = server.resp()) {
            c.call("MULTI");
            c.call("SET", "tx:nosave", "v");
            assertEquals("ERR Command not allowed inside a transaction", error(c.call("SAVE")));
            assertTrue(error(c.call("EXEC")).startsWith("EXECABORT"));
            assertNull(c.call("GET", "tx:nosave"));
        }
    }

    @Test
    void overMaxmemoryATransactionThatMayAddDataIsAbortedWholeAndAReadOnlyOneRuns() throws IOException {
        try (RespClient c = server.resp(); RespClient admin = server.resp()) {
            c.call("SET", "tx:oom", "before");
            c.call("MULTI");
            c.call("SET", "tx:oom", "after");
            c.call("GET", "tx:oom");
            assertEquals("OK", status(admin.call("CONFIG", "SET", "maxmemory", "1")));
            try {
                assertTrue(error(c.call("EXEC")).startsWith("EXECABORT Transaction discarded because of: OOM"));
                c.call("MULTI");
                c.call("GET", "tx:oom");
                assertEquals(List.of("before"), ((List<?>) c.call("EXEC")).stream().map(x -> str(x)).toList());
            } finally {
                admin.call("CONFIG", "SET", "maxmemory", "0");
            }
        }
    }

    @Test
    void aWatchedKeyChangedByAnotherClientMakesExecANullArray() throws IOException {
        try (RespClient c = server.resp()) {
            c.call("SET", "tx:watched", "1");
            assertEquals("OK", status(c.call("WATCH", "tx:watched", keyOn(1, "tx:other-"))));
            call("SET", "tx:watched", "2");
            c.call("MULTI");
            c.call("SET", "tx:watched", "3");
            assertNull(c.call("EXEC"));
            assertEquals("2", str(c.call("GET", "tx:watched")));
        }
    }

    @Test
    void watchedKeysNotChangedLetExecRunAcrossShards() throws IOException {
        String a = keyOn(0, "tx:wa-"), b = keyOn(1, "tx:wb-"), d = keyOn(2, "tx:wd-");
        try (RespClient c = server.resp()) {
            c.call("WATCH", a, b);
            call("SET", d, "not watched");
            c.call("MULTI");
            c.call("SET", a, "1");
            c.call("SET", d, "2");
            assertEquals(2, ((List<?>) c.call("EXEC")).size());
            c.call("SET", b, "after");
            c.call("MULTI");
            c.call("GET", b);
            assertEquals(List.of("after"), ((List<?>) c.call("EXEC")).stream().map(x -> str(x)).toList(),
                    "EXEC ended the watch: its own later write does not fail the next one");
        }
    }

    @Test
    void aWatchedKeyThatExpiresMakesExecFail() throws Exception {
        try (RespClient c = server.resp()) {
            c.call("SET", "tx:expiring", "v", "PX", "50");
            c.call("WATCH", "tx:expiring");
            Thread.sleep(120);
            c.call("MULTI");
            c.call("PING");
            assertNull(c.call("EXEC"));
        }
    }

    @Test
    void flushallTouchesWatchedKeysThatExisted() throws IOException {
        try (RespClient c = server.resp(); RespClient other = server.resp()) {
            c.call("SET", "tx:flushed", "v");
            c.call("WATCH", "tx:flushed");
            other.call("FLUSHALL");
            c.call("MULTI");
            c.call("PING");
            assertNull(c.call("EXEC"));
            c.call("WATCH", "tx:flushed"); // absent now: a FLUSHALL does not touch it
            other.call("FLUSHALL");
            c.call("MULTI");
            c.call("PING");
            assertEquals(List.of("PONG"), ((List<?>) c.call("EXEC")).stream().map(x -> status(x)).toList());
        }
    }

    @Test
    void unwatchForgetsTheWatchedKeys() throws IOException {
        try (RespClient c = server.resp()) {
            c.call("WATCH", "tx:unwatched");
            call("SET", "tx:unwatched", "x");
            assertEquals("OK", status(c.call("UNWATCH")));
            c.call("MULTI");
            c.call("PING");
            assertNotEquals(null, c.call("EXEC"));
        }
    }

    @Test
    void aTransactionOverEveryShardWithAMultiStepCommandRuns() throws IOException {
        String from = keyOn(0, "tx:rf-"), to = keyOn(1, "tx:rt-");
        try (RespClient c = server.resp()) {
            c.call("SET", from, "moved");
            c.call("MULTI");
            c.call("RENAME", from, to);   // across shards: several steps, all inside the locks
            c.call("GET", to);
            c.call("DBSIZE");
            List<?> r = (List<?>) c.call("EXEC");
            assertEquals("OK", status(r.get(0)));
            assertEquals("moved", str(r.get(1)));
            assertInstanceOf(Long.class, r.get(2));
        }
    }

    /**
     * Movers shift amounts between keys on different shards inside MULTI/EXEC while readers read
     * every key inside MULTI/EXEC: every read, and the end, sees the same total.
     */
    @Test
    void transfersAcrossShardsKeepTheTotalInEveryReadAndAtTheEnd() throws Exception {
        int accounts = 6, total = accounts * 1000;
        String[] keys = new String[accounts];
        for (int i = 0; i < accounts; i++) {
            keys[i] = keyOn(i % SHARDS, "tx:acct" + i + "-");
            call("SET", keys[i], "1000");
        }
        ExecutorService pool = Executors.newFixedThreadPool(6);
        try {
            List<Future<Integer>> work = new ArrayList<>();
            for (int m = 0; m < 4; m++) {
                work.add(pool.submit(() -> {
                    try (RespClient c = server.resp()) {
                        ThreadLocalRandom rnd = ThreadLocalRandom.current();
                        for (int i = 0; i < 300; i++) {
                            int a = rnd.nextInt(accounts), b = (a + 1 + rnd.nextInt(accounts - 1)) % accounts;
                            int amount = rnd.nextInt(1, 50);
                            c.call("MULTI");
                            c.call("DECRBY", keys[a], Integer.toString(amount));
                            c.call("INCRBY", keys[b], Integer.toString(amount));
                            List<?> r = (List<?>) c.call("EXEC");
                            assertEquals(2, r.size());
                        }
                    }
                    return 0;
                }));
            }
            for (int rd = 0; rd < 2; rd++) {
                work.add(pool.submit(() -> {
                    int reads = 0;
                    try (RespClient c = server.resp()) {
                        for (int i = 0; i < 300; i++) {
                            c.call("MULTI");
                            for (String k : keys) {
                                c.call("GET", k);
                            }
                            List<?> r = (List<?>) c.call("EXEC");
                            assertEquals(total, r.stream().mapToLong(x -> Long.parseLong(str(x))).sum(), "a read inside MULTI/EXEC");
                            reads++;
                        }
                    }
                    return reads;
                }));
            }
            for (Future<Integer> f : work) {
                f.get();
            }
        } finally {
            pool.shutdownNow();
        }
        assertSumOfValues(keys, total);
    }

    /**
     * Single-shard transactions travel in the event loop's shared batches, beside other connections'
     * commands and other transactions: pipelined transfers between keys of one shard (hash tag), from
     * several connections, with cross-shard transfers to a key of another shard and readers inside
     * MULTI/EXEC, keep the total in every read and at the end.
     */
    @Test
    void pipelinedSingleShardTransfersBesideCrossShardOnesKeepTheTotal() throws Exception {
        int local = 4, total = (local + 1) * 1000;
        String[] keys = new String[local + 1];
        for (int i = 0; i < local; i++) {
            keys[i] = "tx:{pipelined}" + i;
            call("SET", keys[i], "1000");
        }
        int tagShard = KeyHash.shardOf("pipelined".getBytes(), SHARDS);
        keys[local] = keyOn((tagShard + 1) % SHARDS, "tx:other-");
        call("SET", keys[local], "1000");
        ExecutorService pool = Executors.newFixedThreadPool(6);
        try {
            List<Future<Integer>> work = new ArrayList<>();
            for (int m = 0; m < 3; m++) {
                work.add(pool.submit(() -> {
                    try (RespClient c = server.resp()) {
                        ThreadLocalRandom rnd = ThreadLocalRandom.current();
                        for (int round = 0; round < 40; round++) {
                            int depth = 8;
                            for (int i = 0; i < depth; i++) {
                                int a = rnd.nextInt(local), b = (a + 1 + rnd.nextInt(local - 1)) % local;
                                c.send(List.of("MULTI".getBytes()));
                                c.send(List.of("DECRBY".getBytes(), keys[a].getBytes(), "7".getBytes()));
                                c.send(List.of("INCRBY".getBytes(), keys[b].getBytes(), "7".getBytes()));
                                c.send(List.of("EXEC".getBytes()));
                            }
                            for (int i = 0; i < depth; i++) {
                                assertEquals("OK", ((RespClient.Status) c.read()).text());
                                c.read();
                                c.read();
                                assertEquals(2, ((List<?>) c.read()).size(), "EXEC ran both transfers");
                            }
                        }
                    }
                    return 0;
                }));
            }
            work.add(pool.submit(() -> {
                try (RespClient c = server.resp()) {
                    for (int i = 0; i < 150; i++) {
                        int a = i % local;
                        c.call("MULTI");
                        c.call("DECRBY", keys[a], "3");
                        c.call("INCRBY", keys[local], "3");
                        assertEquals(2, ((List<?>) c.call("EXEC")).size());
                    }
                }
                return 0;
            }));
            for (int rd = 0; rd < 2; rd++) {
                work.add(pool.submit(() -> {
                    try (RespClient c = server.resp()) {
                        for (int i = 0; i < 200; i++) {
                            c.call("MULTI");
                            for (String k : keys) {
                                c.call("GET", k);
                            }
                            List<?> r = (List<?>) c.call("EXEC");
                            assertEquals(total, r.stream().mapToLong(x -> Long.parseLong(str(x))).sum(), "a read inside MULTI/EXEC");
                        }
                    }
                    return 0;
                }));
            }
            for (Future<Integer> f : work) {
                f.get();
            }
        } finally {
            pool.shutdownNow();
        }
        assertSumOfValues(keys, total);
    }

    @Test
    void minReplicasToWriteRefusesWritesAndAnExecWithWritesForQuiverHasNoReplicas() throws IOException {
        try (RespClient c = server.resp(); RespClient admin = server.resp()) {
            c.call("SET", "tx:norepl", "1");
            assertEquals("OK", status(c.call("MULTI")));
            assertEquals("QUEUED", status(c.call("INCR", "tx:norepl")));
            assertEquals("OK", status(admin.call("CONFIG", "SET", "min-replicas-to-write", "2")));
            try {
                assertEquals("EXECABORT Transaction discarded because of: NOREPLICAS Not enough good replicas to write.",
                        error(c.call("EXEC")));
                assertEquals("NOREPLICAS Not enough good replicas to write.", error(c.call("SET", "tx:norepl", "2")));
                assertEquals("1", str(c.call("GET", "tx:norepl")), "reads go on; nothing was written");
            } finally {
                admin.call("CONFIG", "SET", "min-replicas-to-write", "0");
            }
            assertEquals("OK", status(c.call("SET", "tx:norepl", "3")));
        }
    }

    /** The keys' integer values, read outside any transaction, add up to {@code total}. */
    private static void assertSumOfValues(String[] keys, long total) throws IOException {
        long sum = 0;
        for (String k : keys) {
            sum += Long.parseLong(str(call("GET", k)));
        }
        assertEquals(total, sum);
    }
}
