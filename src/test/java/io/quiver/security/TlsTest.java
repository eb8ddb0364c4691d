package io.quiver.security;

import io.quiver.config.ConfigKeys;
import io.quiver.testing.RawConnection;
import io.quiver.testing.TestServer;
import io.quiver.testing.Tools;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Both front ends over TLS with a self-signed certificate made here by the openssl CLI, driven by
 * TLS clients that verify it (redis-cli --tls --cacert, curl --cacert).
 */
class TlsTest {
    static final String PASSWORD = "tls-and-a-password";
    @TempDir
    static Path dir;
    static Path cert;
    static TestServer server;

    @BeforeAll
    static void start() {
        cert = dir.resolve("cert.pem");
        Path key = dir.resolve("key.pem");
        Tools.Result r = Tools.run(60, null, "openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes",
                "-keyout", key.toString(), "-out", cert.toString(), "-days", "2", "-subj", "/CN=localhost",
                "-addext", "subjectAltName=IP:127.0.0.1,DNS:localhost");
        assertEquals(0, r.exitCode(), r.stderr());
        server = TestServer.start(TestServer.base(ConfigKeys.TLS_CERT_FILE, cert.toString())
                .with(ConfigKeys.TLS_KEY_FILE, key.toString())
                .with(ConfigKeys.PASSWORD, PASSWORD));
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
    }

    private static Tools.Result redisCli(String... args) {
        String[] cmd = new String[args.length + 9];
        System.arraycopy(new String[]{"redis-cli", "-p", Integer.toString(server.respPort()), "--tls", "--cacert",
                cert.toString(), "-a", PASSWORD, "--no-auth-warning"}, 0, cmd, 0, 9);
        System.arraycopy(args, 0, cmd, 9, args.length);
        return Tools.run(30, null, cmd);
    }

    @Test
    void redisCliOverTlsVerifiesTheCertificateAndRunsCommands() {
        assertEquals("OK\n", redisCli("SET", "tls:k", "over tls").stdout());
        Tools.Result r = redisCli("GET", "tls:k");
        assertEquals("over tls\n", r.stdout(), r.stderr());
    }

    @Test
    void redisBenchmarkOverTlsCompletes() {
        Tools.Result r = Tools.run(120, null, "redis-benchmark", "-p", Integer.toString(server.respPort()), "--tls",
                "--insecure", "-a", PASSWORD, "-t", "set", "-n", "2000", "-q");
        String out = r.stdout() + r.stderr();
        assertEquals(0, r.exitCode(), out);
        assertTrue(out.contains("SET: ") && !out.toLowerCase().contains("error"), out);
    }

    @Test
    void curlOverHttpsVerifiesTheCertificate() {
        redisCli("SET", "tls:http", "via https");
        Tools.Result r = Tools.run(30, null, "curl", "-sS", "--cacert", cert.toString(),
                "-H", "Authorization: Bearer " + PASSWORD,
                "https://127.0.0.1:" + server.httpPort() + "/kv/tls:http");
        assertEquals("via https", r.stdout(), r.stderr());
    }

    @Test
    void plainTextOnTheRespPortIsNotAnswered() throws IOException {
        try (RawConnection c = new RawConnection(server.respPort())) {
            c.write("PING\r\n");
            assertNotEquals("+PONG\r\n", c.readLine());
        }
    }

    @Test
    void plainHttpOnTheHttpPortIsNotAnswered() {
        Tools.Result r = Tools.run(30, null, "curl", "-s", "-o", "/dev/null", "-w", "%{http_code}",
                "http://127.0.0.1:" + server.httpPort() + "/health");
        assertNotEquals("200", r.stdout());
    }
}
