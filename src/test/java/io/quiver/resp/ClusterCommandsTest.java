package io.quiver.resp;

import io.quiver.cli.RespClient;
import io.quiver.testing.TestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** CLUSTER on a single server (no --cluster): Redis's refusal, and the key-slot rule. The cluster itself: ClusterIT. */
class ClusterCommandsTest {
    private static TestServer server;

    @BeforeAll
    static void start() throws Exception {
        server = TestServer.start();
    }

    @AfterAll
    static void stop() throws Exception {
        server.close();
    }

    @Test
    void clusterInfoOnASingleServerIsRefusedInRedissWords() throws Exception {
        try (RespClient c = server.resp()) {
            assertEquals(new RespClient.Error("ERR This instance has cluster support disabled"), c.call("CLUSTER", "INFO"));
        }
    }

    @Test
    void keyslotIsRedisClustersSlotWithHashTags() throws Exception {
        try (RespClient c = server.resp()) {
            // the examples of Redis's CLUSTER KEYSLOT page
            assertEquals(11058L, c.call("CLUSTER", "KEYSLOT", "somekey"));
            assertEquals(2515L, c.call("CLUSTER", "KEYSLOT", "foo{hash_tag}"));
        }
    }
}
