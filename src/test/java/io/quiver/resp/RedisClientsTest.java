package io.quiver.resp;

import io.quiver.config.ConfigKeys;
import io.quiver.testing.ClientScripts;
import io.quiver.testing.TestServer;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The Redis clients applications use, with their default options, against a real server:
 * node-redis 6 (which opens with HELLO 3) and redis-py, each running a session cache, a rate
 * limiter, SCAN over 10,000 keys and a vector set (src/test/node/redis-client-check.mjs,
 * src/test/python/redis_py_check.py), with and without a password.
 */
class RedisClientsTest {
    private static final String PASSWORD = "s3cret";

    private static void runScript(Path dir, List<String> command, String expected, boolean withPassword) throws Exception {
        try (TestServer server = TestServer.start(withPassword
                ? TestServer.base(ConfigKeys.PASSWORD, PASSWORD).with(ConfigKeys.SHARDS, 3)
                : TestServer.base(ConfigKeys.SHARDS, 3))) {
            List<String> argv = new ArrayList<>(command);
            argv.add(Integer.toString(server.respPort()));
            if (withPassword) {
                argv.add(PASSWORD);
            }
            ClientScripts.Result r = ClientScripts.run(dir, argv, 180);
            assertEquals(0, r.code(), String.join(" ", command) + " failed:\n" + r.output());
            assertTrue(r.output().contains(expected), r.output());
        }
    }

    private static void nodeRedis(boolean withPassword) throws Exception {
        assertTrue(ClientScripts.onPath("node") && ClientScripts.onPath("npm"), "node and npm are needed");
        ClientScripts.npmInstalled("redis");
        runScript(ClientScripts.NODE_DIR, List.of("node", "redis-client-check.mjs"), "node-redis checks passed", withPassword);
    }

    private static void redisPy(boolean withPassword) throws Exception {
        assertTrue(Files.isExecutable(Path.of(ClientScripts.DEBIAN_PYTHON)), "Debian's python3 is needed");
        runScript(ClientScripts.PYTHON_DIR, List.of(ClientScripts.DEBIAN_PYTHON, "redis_py_check.py"),
                "redis-py checks passed", withPassword);
    }

    @Test
    void nodeRedis6WithDefaultOptionsRunsTheEverydayFlows() throws Exception {
        nodeRedis(false);
    }

    @Test
    void nodeRedis6AuthenticatesThroughHello() throws Exception {
        nodeRedis(true);
    }

    @Test
    void redisPyWithDefaultOptionsRunsTheEverydayFlows() throws Exception {
        redisPy(false);
    }

    @Test
    void redisPyAuthenticates() throws Exception {
        redisPy(true);
    }
}
