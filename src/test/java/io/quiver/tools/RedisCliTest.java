package io.quiver.tools;

import io.quiver.testing.TestServer;
import io.quiver.testing.Tools;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Debian's redis-cli, a real Redis client, drives Quiver. */
class RedisCliTest {
    static TestServer server;

    @BeforeAll
    static void start() {
        server = TestServer.start();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private Tools.Result cli(String stdin, String... args) {
        String[] cmd = new String[args.length + 3];
        cmd[0] = "redis-cli";
        cmd[1] = "-p";
        cmd[2] = Integer.toString(server.respPort());
        System.arraycopy(args, 0, cmd, 3, args.length);
        return Tools.run(30, stdin, cmd);
    }

    @Test
    void singleCommandsPrintTheirReplies() {
        assertEquals("PONG\n", cli(null, "PING").stdout());
        assertEquals("OK\n", cli(null, "SET", "cli:k", "hello world").stdout());
        assertEquals("hello world\n", cli(null, "GET", "cli:k").stdout());
        assertEquals("1\n", cli(null, "EXISTS", "cli:k").stdout());
    }

    @Test
    void scriptedCommandsFromStdinRunInOrder() {
        String script = "SET cli:a 1\nSET cli:b \"two words\"\nMGET cli:a cli:b cli:none\nDEL cli:a cli:b\nDBSIZE\n";
        Tools.Result r = cli(script);
        assertEquals(0, r.exitCode(), r.stderr());
        String[] lines = r.stdout().split("\n");
        assertEquals("OK", lines[0]);
        assertEquals("OK", lines[1]);
        assertEquals("1", lines[2]);
        assertEquals("two words", lines[3]);
        assertEquals("", lines[4]); // nil prints as an empty line in raw mode
        assertEquals("2", lines[5]);
    }

    @Test
    void errorsArePrintedAsRedisErrors() {
        Tools.Result r = cli(null, "GET");
        assertTrue(r.stdout().contains("ERR wrong number of arguments for 'get' command"), r.stdout());
    }

    @Test
    void infoIsReadable() {
        Tools.Result r = cli(null, "INFO", "server");
        assertTrue(r.stdout().contains("redis_version:"), r.stdout());
        assertTrue(r.stdout().contains("tcp_port:" + server.respPort()), r.stdout());
    }

    @Test
    void humanFormatterShowsTypes() {
        cli(null, "SET", "cli:n", "5");
        Tools.Result r = cli(null, "--no-raw", "MGET", "cli:n", "cli:missing");
        assertEquals("1) \"5\"\n2) (nil)\n", r.stdout());
    }
}
