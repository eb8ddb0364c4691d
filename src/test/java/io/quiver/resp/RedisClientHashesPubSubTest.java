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

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Hashes and pub/sub through the clients applications use, with their default options: redis-py
 * (Debian's python3-redis: hset mapping=, hgetall, hincrby, hdel, hscan_iter; pubsub() with subscribe,
 * psubscribe, publish from another connection, unsubscribe) and node-redis 6 (hSet with an object,
 * hGetAll, hIncrBy, hDel; subscribe and pSubscribe on a duplicate() connection). Scripts:
 * src/test/python/redis_py_hashes_pubsub.py, src/test/node/redis-hashes-pubsub-check.mjs.
 */
class RedisClientHashesPubSubTest {
    static TestServer server;

    @BeforeAll
    static void start() {
        server = TestServer.start(TestServer.base(ConfigKeys.SHARDS, 3).with(ConfigKeys.EVENT_LOOPS, 2));
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void redisPyHashesAndPubSub() throws Exception {
        assertTrue(Files.isExecutable(Path.of(ClientScripts.DEBIAN_PYTHON)), "Debian's python3 is needed");
        ClientScripts.Result r = ClientScripts.run(ClientScripts.PYTHON_DIR, List.of(ClientScripts.DEBIAN_PYTHON,
                "redis_py_hashes_pubsub.py", Integer.toString(server.respPort())), 120);
        assertEquals(0, r.code(), r.output());
        assertTrue(r.output().contains("redis-py hash and pub/sub checks passed"), r.output());
    }

    @Test
    void nodeRedisHashesAndPubSub() throws Exception {
        assertTrue(ClientScripts.onPath("node") && ClientScripts.onPath("npm"), "node and npm are needed");
        ClientScripts.npmInstalled("redis");
        ClientScripts.Result r = ClientScripts.run(ClientScripts.NODE_DIR,
                List.of("node", "redis-hashes-pubsub-check.mjs", Integer.toString(server.respPort())), 120);
        assertEquals(0, r.code(), r.output());
        assertTrue(r.output().contains("node-redis hash and pub/sub checks passed"), r.output());
    }
}
