package io.quiver.tools;

import io.quiver.cli.RespClient;
import io.quiver.config.ConfigKeys;
import io.quiver.testing.TestServer;
import io.quiver.testing.Tools;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** redis-cli -a, redis-benchmark -a and curl against a server with a password. */
class RedisToolsAuthTest {
    static final String PASSWORD = "tool-pass";
    static TestServer server;

    @BeforeAll
    static void start() {
        server = TestServer.start(TestServer.base(ConfigKeys.PASSWORD, PASSWORD).with(ConfigKeys.SHARDS, 2));
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static String port() {
        return Integer.toString(server.respPort());
    }

    @Test
    void redisCliWithThePasswordRunsCommands() {
        Tools.Result r = Tools.run(30, null, "redis-cli", "-p", port(), "-a", PASSWORD, "--no-auth-warning",
                "SET", "tools:k", "v");
        assertEquals("OK\n", r.stdout(), r.stderr());
        r = Tools.run(30, null, "redis-cli", "-p", port(), "-a", PASSWORD, "--no-auth-warning", "GET", "tools:k");
        assertEquals("v\n", r.stdout(), r.stderr());
    }

    @Test
    void redisCliWithoutThePasswordIsRefused() {
        Tools.Result r = Tools.run(30, null, "redis-cli", "-p", port(), "GET", "tools:k");
        assertTrue(r.stdout().contains("NOAUTH Authentication required."), r.stdout() + r.stderr());
    }

    @Test
    void redisCliWithAWrongPasswordIsRefused() {
        Tools.Result r = Tools.run(30, null, "redis-cli", "-p", port(), "-a", "wrong", "--no-auth-warning", "GET", "tools:k");
        String out = r.stdout() + r.stderr();
        assertTrue(out.contains("WRONGPASS"), out);
        assertTrue(out.contains("NOAUTH"), "the command after the failed AUTH is refused: " + out);
    }

    @Test
    void redisBenchmarkWithThePasswordCompletesWithoutErrors() throws IOException {
        Tools.Result r = Tools.run(300, null, "redis-benchmark", "-p", port(), "-a", PASSWORD,
                "-t", "set,get", "-n", "5000", "-q");
        String out = r.stdout() + r.stderr();
        assertEquals(0, r.exitCode(), out);
        assertFalse(out.contains("NOAUTH") || out.toLowerCase().contains("error"), out);
        assertTrue(out.contains("SET: ") && out.contains("GET: "), out);
        try (RespClient c = server.resp()) {
            c.call("AUTH", PASSWORD);
            assertEquals(3L, ((byte[]) c.call("GET", "key:__rand_int__")).length, "redis-benchmark's SETs were stored");
        }
    }

    @Test
    void curlWithTheBearerTokenReadsAKey() {
        Tools.run(30, null, "redis-cli", "-p", port(), "-a", PASSWORD, "--no-auth-warning", "SET", "tools:curl", "hello");
        String url = "http://127.0.0.1:" + server.httpPort() + "/kv/tools:curl";
        Tools.Result r = Tools.run(30, null, "curl", "-s", "-H", "Authorization: Bearer " + PASSWORD, url);
        assertEquals("hello", r.stdout(), r.stderr());
        r = Tools.run(30, null, "curl", "-s", "-o", "/dev/null", "-w", "%{http_code}", url);
        assertEquals("401", r.stdout(), r.stderr());
    }
}
