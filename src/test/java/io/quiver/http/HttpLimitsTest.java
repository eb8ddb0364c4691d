package io.quiver.http;

import io.quiver.config.ConfigKeys;
import io.quiver.testing.TestServer;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** HTTP limits: body size, key size, value size, connections. Each answers with a JSON error. */
class HttpLimitsTest {
    static TestServer server;

    @BeforeAll
    static void start() {
        server = TestServer.start(TestServer.base()
                .with(ConfigKeys.MAX_HTTP_BODY, 1000)
                .with(ConfigKeys.MAX_KEY_SIZE, 10)
                .with(ConfigKeys.MAX_VALUE_SIZE, 100)
                .with(ConfigKeys.MAX_CONNECTIONS, 4));
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static String code(HttpResponse<String> r) {
        return new JsonObject(r.body()).getJsonObject("error").getString("code");
    }

    @Test
    void bodyOverTheLimitIs413() {
        HttpResponse<String> r = server.send("PUT", "/kv/big", "x".repeat(1001));
        assertEquals(413, r.statusCode(), r.body());
        assertEquals("too_large", code(r));
        assertTrue(r.body().contains("max-http-body"), r.body());
    }

    @Test
    void valueOverTheLimitIs413AndNotStored() {
        HttpResponse<String> r = server.send("PUT", "/kv/v", "x".repeat(101));
        assertEquals(413, r.statusCode(), r.body());
        assertTrue(r.body().contains("max-value-size"), r.body());
        assertEquals(404, server.get("/kv/v").statusCode());
    }

    @Test
    void keyOverTheLimitIs413() {
        HttpResponse<String> r = server.send("PUT", "/kv/" + "k".repeat(11), "x");
        assertEquals(413, r.statusCode(), r.body());
        assertTrue(r.body().contains("max-key-size"), r.body());
    }

    @Test
    void connectionsOverTheLimitGet503() throws IOException {
        List<Socket> held = new ArrayList<>();
        try {
            String lastStatus = "";
            for (int i = 0; i < 8 && !lastStatus.contains(" 503 "); i++) {
                Socket s = new Socket("127.0.0.1", server.httpPort());
                held.add(s);
                s.getOutputStream().write("GET /health HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                lastStatus = statusLine(s.getInputStream());
            }
            assertTrue(lastStatus.contains(" 503 "), "expected a 503 once over max-connections, got " + lastStatus);
        } finally {
            for (Socket s : held) {
                s.close();
            }
        }
    }

    private static String statusLine(InputStream in) throws IOException {
        StringBuilder sb = new StringBuilder();
        int c;
        while ((c = in.read()) >= 0 && c != '\n') {
            sb.append((char) c);
        }
        return sb.toString();
    }
}
