package io.quiver.app;

import io.quiver.cli.RespClient;
import io.quiver.config.ConfigKeys;
import io.quiver.testing.TestServer;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Several event loops: every front-end instance shares one port, port 0 included. */
class FrontEndInstancesTest {
    @Test
    void severalEventLoopsOnAnyFreePortServeOnePort() throws Exception {
        try (TestServer server = TestServer.start(TestServer.base(ConfigKeys.EVENT_LOOPS, 3))) {
            List<RespClient> clients = new ArrayList<>();
            try {
                for (int i = 0; i < 6; i++) { // connections are spread over the instances
                    RespClient c = server.resp();
                    clients.add(c);
                    assertEquals("OK", ((RespClient.Status) c.call("SET", "loops:" + i, "v")).text());
                }
                for (RespClient c : clients) {
                    assertEquals(6L, c.call("EXISTS", "loops:0", "loops:1", "loops:2", "loops:3", "loops:4", "loops:5"));
                }
            } finally {
                for (RespClient c : clients) {
                    c.close();
                }
            }
            assertEquals(200, server.get("/health").statusCode());
        }
    }
}
