package io.quiver.resp;

import io.quiver.config.ConfigKeys;
import io.quiver.testing.ClientScripts;
import io.quiver.testing.TestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import static io.quiver.testing.RespReplies.str;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Transactions through the clients applications use, with their default options: redis-py's
 * pipeline() (MULTI/EXEC by default) and WATCH, a WATCH retry loop from two processes at once, and
 * node-redis 6's multi().exec() (src/test/python/redis_py_transactions.py,
 * src/test/node/redis-transactions-check.mjs).
 */
class RedisClientTransactionsTest {
    static TestServer server;

    @BeforeAll
    static void start() {
        server = TestServer.start(TestServer.base(ConfigKeys.SHARDS, 3));
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static ClientScripts.Result python(String... args) throws Exception {
        assertTrue(Files.isExecutable(Path.of(ClientScripts.DEBIAN_PYTHON)), "Debian's python3 is needed");
        List<String> argv = new java.util.ArrayList<>(List.of(ClientScripts.DEBIAN_PYTHON, "redis_py_transactions.py",
                Integer.toString(server.respPort())));
        argv.addAll(List.of(args));
        return ClientScripts.run(ClientScripts.PYTHON_DIR, argv, 180);
    }

    @Test
    void redisPyPipelineIsATransactionAndWatchFailsOnAChange() throws Exception {
        ClientScripts.Result r = python("check");
        assertEquals(0, r.code(), r.output());
        assertTrue(r.output().contains("redis-py transaction checks passed"), r.output());
    }

    @Test
    void redisPyWatchRetryLoopsFromTwoProcessesLoseNoIncrement() throws Exception {
        int each = 150;
        CompletableFuture<ClientScripts.Result> a = CompletableFuture.supplyAsync(() -> run("contend", "tx:shared", each));
        CompletableFuture<ClientScripts.Result> b = CompletableFuture.supplyAsync(() -> run("contend", "tx:shared", each));
        for (ClientScripts.Result r : List.of(a.get(), b.get())) {
            assertEquals(0, r.code(), r.output());
        }
        try (var c = server.resp()) {
            assertEquals(Integer.toString(2 * each), str(c.call("GET", "tx:shared")));
        }
    }

    private static ClientScripts.Result run(String... args) {
        try {
            return python(args);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static ClientScripts.Result run(String mode, String key, int n) {
        return run(mode, key, Integer.toString(n));
    }

    @Test
    void nodeRedisMultiExecAndWatch() throws Exception {
        assertTrue(ClientScripts.onPath("node") && ClientScripts.onPath("npm"), "node and npm are needed");
        ClientScripts.npmInstalled("redis");
        ClientScripts.Result r = ClientScripts.run(ClientScripts.NODE_DIR,
                List.of("node", "redis-transactions-check.mjs", Integer.toString(server.respPort())), 120);
        assertEquals(0, r.code(), r.output());
        assertTrue(r.output().contains("node-redis transaction checks passed"), r.output());
    }
}
