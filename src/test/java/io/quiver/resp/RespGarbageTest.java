package io.quiver.resp;

import io.quiver.cli.RespClient;
import io.quiver.testing.RawConnection;
import io.quiver.testing.TestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** Random bytes on one connection never hurt the server or other clients. */
class RespGarbageTest {
    static TestServer server;

    @BeforeAll
    static void start() {
        server = TestServer.start();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void randomGarbageLeavesTheServerAndOtherClientsHealthy() throws IOException {
        try (RespClient bystander = server.resp()) {
            bystander.call("SET", "garbage:kept", "safe");
            Random rnd = new Random(1234);
            for (int round = 0; round < 200; round++) {
                byte[] junk = new byte[1 + rnd.nextInt(2000)];
                rnd.nextBytes(junk);
                if (round % 3 == 0) {
                    junk[0] = '*'; // steer some rounds into the multibulk parser
                } else if (round % 3 == 1) {
                    junk[0] = '$';
                }
                try (RawConnection c = new RawConnection(server.respPort())) {
                    c.readTimeout(100); // garbage that looks like half a command gets no answer
                    c.write(junk);
                    c.read(1); // whatever it answers, if anything
                } catch (IOException closedOnUs) {
                    // the server may close a connection it cannot resync; that is allowed
                }
            }
            assertEquals(new RespClient.Status("PONG"), bystander.call("PING"));
            assertArrayEquals("safe".getBytes(), (byte[]) bystander.call("GET", "garbage:kept"));
        }
        try (RespClient fresh = server.resp()) {
            assertEquals(new RespClient.Status("PONG"), fresh.call("PING"));
        }
    }
}
