package io.quiver.app;

import io.quiver.cli.RespClient;
import io.quiver.config.ConfigKey;
import io.quiver.config.ConfigKeys;
import io.quiver.testing.TestServer;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The effective configuration is shown by INFO and GET /admin/config: every key, its value and source. */
class EffectiveConfigTest {
    static final String PASSWORD = "do-not-show-me";
    static TestServer server;

    private static RespClient authenticated() throws IOException {
        RespClient c = server.resp();
        c.call("AUTH", PASSWORD);
        return c;
    }

    private static HttpResponse<String> adminConfig() {
        return server.send(HttpRequest.newBuilder(server.uri("/admin/config"))
                .header("Authorization", "Bearer " + PASSWORD).build());
    }

    @BeforeAll
    static void start() {
        server = TestServer.start(TestServer.base(ConfigKeys.SHARDS, 3).with(ConfigKeys.MAX_MEMORY, "64mb")
                .with(ConfigKeys.PASSWORD, PASSWORD));
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void infoConfigSectionListsEveryKeyWithItsValue() throws IOException {
        String info;
        try (RespClient c = authenticated()) {
            info = new String((byte[]) c.call("INFO", "config"), StandardCharsets.UTF_8);
        }
        assertTrue(info.startsWith("# Config\r\n"), info);
        for (ConfigKey<?> k : ConfigKeys.ALL) {
            assertTrue(info.contains("\r\n" + k.name() + ":"), "INFO config has no line for " + k.name() + ":\n" + info);
        }
        assertTrue(info.contains("\r\nshards:3\r\n"), info);
        assertTrue(info.contains("\r\nmax-memory:64mb\r\n"), info);
    }

    @Test
    void infoMemoryReportsTheConfiguredMaxMemory() throws IOException {
        try (RespClient c = authenticated()) {
            String info = new String((byte[]) c.call("INFO", "memory"), StandardCharsets.UTF_8);
            assertTrue(info.contains("\r\nmaxmemory:" + (64L << 20) + "\r\n"), info);
        }
    }

    @Test
    void adminConfigShowsEveryKeyWithValueAndSource() {
        HttpResponse<String> r = adminConfig();
        assertEquals(200, r.statusCode(), r.body());
        JsonObject config = new JsonObject(r.body()).getJsonObject("config");
        for (ConfigKey<?> k : ConfigKeys.ALL) {
            assertTrue(config.containsKey(k.name()), "/admin/config has no " + k.name() + ": " + r.body());
        }
        assertEquals("3", config.getJsonObject("shards").getString("value"));
        assertEquals("code", config.getJsonObject("shards").getString("source"));
        assertEquals("default", config.getJsonObject("metrics").getString("source"));
    }

    @Test
    void infoMasksThePassword() throws IOException {
        try (RespClient c = authenticated()) {
            String info = new String((byte[]) c.call("INFO"), StandardCharsets.UTF_8);
            assertTrue(info.contains("\r\npassword:********\r\n"), info);
            assertFalse(info.contains(PASSWORD), info);
        }
    }

    @Test
    void configGetMasksThePassword() throws IOException {
        try (RespClient c = authenticated()) {
            assertEquals(List.of("password", "********"), ((List<?>) c.call("CONFIG", "GET", "password")).stream()
                    .map(b -> new String((byte[]) b, StandardCharsets.UTF_8)).toList());
        }
    }

    @Test
    void adminConfigMasksThePassword() {
        HttpResponse<String> r = adminConfig();
        assertFalse(r.body().contains(PASSWORD), r.body());
        JsonObject password = new JsonObject(r.body()).getJsonObject("config").getJsonObject("password");
        assertEquals("********", password.getString("value"));
        assertEquals("code", password.getString("source"));
    }
}
