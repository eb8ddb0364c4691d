package io.quiver.http;

import io.quiver.testing.ClientScripts;
import io.quiver.testing.TestServer;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The official Qdrant JS client ({@code @qdrant/js-client-rest}, pinned in src/test/node) runs
 * src/test/node/qdrant-client-check.mjs against a real server: create, upsert, search, query,
 * retrieve, count, delete. The script exits non-zero on any mismatch.
 */
class QdrantJsClientTest {

    @Test
    void officialQdrantJsClientWorksUnchanged() throws Exception {
        Assumptions.assumeTrue(ClientScripts.onPath("node") && ClientScripts.onPath("npm"),
                "skipped: node and npm are needed (Debian packages nodejs, npm)");
        ClientScripts.npmInstalled("@qdrant/js-client-rest");
        try (TestServer server = TestServer.start(3)) {
            ClientScripts.Result r = ClientScripts.run(ClientScripts.NODE_DIR,
                    List.of("node", "qdrant-client-check.mjs", Integer.toString(server.httpPort())), 120);
            assertEquals(0, r.code(), "the Qdrant JS client check failed:\n" + r.output());
            assertTrue(r.output().contains("all checks passed"), r.output());
        }
    }
}
