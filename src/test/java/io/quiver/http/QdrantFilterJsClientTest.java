package io.quiver.http;

import io.quiver.testing.ClientScripts;
import io.quiver.testing.TestServer;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A filtered RAG flow with the official Qdrant JS client (src/test/node/qdrant-filter-check.mjs):
 * search, query, count, scroll and delete by filter, and the payload operations, on three shards.
 */
class QdrantFilterJsClientTest {

    @Test
    void filtersScrollAndPayloadOperationsWorkWithTheOfficialClient() throws Exception {
        Assumptions.assumeTrue(ClientScripts.onPath("node") && ClientScripts.onPath("npm"),
                "skipped: node and npm are needed (Debian packages nodejs, npm)");
        ClientScripts.npmInstalled("@qdrant/js-client-rest");
        try (TestServer server = TestServer.start(3)) {
            ClientScripts.Result r = ClientScripts.run(ClientScripts.NODE_DIR,
                    List.of("node", "qdrant-filter-check.mjs", Integer.toString(server.httpPort())), 120);
            assertEquals(0, r.code(), "the filter check failed:\n" + r.output());
            assertTrue(r.output().contains("all checks passed"), r.output());
        }
    }
}
