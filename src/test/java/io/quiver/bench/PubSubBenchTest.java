package io.quiver.bench;

import io.quiver.testing.TestServer;
import org.junit.jupiter.api.Test;

import java.net.InetSocketAddress;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The pub/sub fan-out client of {@code loadtest/pubsub-bench.sh} against the real server: every
 * message published in the window is counted once per subscriber, and a paced run publishes at its rate.
 */
class PubSubBenchTest {
    private static InetSocketAddress at(TestServer server) {
        return new InetSocketAddress("127.0.0.1", server.respPort());
    }

    @Test
    void closedLoopCountsEveryMessageOncePerSubscriber() throws Exception {
        try (TestServer server = TestServer.start(2)) {
            PubSubBench.Result r = new PubSubBench(5, 64, -1).drive(at(server), 8, 0, 200_000_000L, 1_000_000_000L);
            assertTrue(r.published() > 0, "messages published in the window");
            assertEquals(r.published() * 5, r.delivered());
            assertTrue(r.p50() <= r.p99() && r.p99() <= r.max(), r.toString());
        }
    }

    @Test
    void aPacedRunPublishesAtItsRate() throws Exception {
        try (TestServer server = TestServer.start(2)) {
            PubSubBench.Result r = new PubSubBench(3, 64, -1).drive(at(server), 8, 200, 0, 1_000_000_000L);
            assertTrue(r.published() >= 180 && r.published() <= 202, "about 200 in one second: " + r.published());
            assertEquals(r.published() * 3, r.delivered());
        }
    }

    @Test
    void aPayloadTooShortForTheStampIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> new PubSubBench(1, 16, -1));
    }
}
