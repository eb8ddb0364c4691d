package io.quiver.http;

import io.quiver.testing.ClientScripts;
import io.quiver.testing.TestServer;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Qdrant's {@code GET /} (its VersionInfo) on a real server, read as Qdrant's suite and clients read it. */
class QdrantRootTest {
    private static TestServer server;

    @BeforeAll
    static void start() {
        server = TestServer.start(2);
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static JsonObject root() {
        TestServer.Reply r = server.getJson("/");
        assertEquals(200, r.status(), r.text());
        return r.json();
    }

    @Test
    void rootAnswersQdrantsTitleVersionAndCommitAndNothingElse() {
        JsonObject info = root();
        assertEquals(Set.of("title", "version", "commit"), info.fieldNames(), info.encode());
        assertEquals("qdrant - vector search engine", info.getString("title"));
        assertTrue(info.getString("version").matches("\\d+\\.\\d+\\.\\d+"), info.encode());
    }

    @Test
    void rootsCommitIsTheGitCommitTheServerWasBuiltFrom() throws Exception {
        Assumptions.assumeTrue(ClientScripts.onPath("git"), "skipped: git is needed");
        ClientScripts.Result head = ClientScripts.run(Path.of("."), List.of("git", "rev-parse", "HEAD"), 30);
        Assumptions.assumeTrue(head.code() == 0, "skipped: the sources are not a git checkout");
        assertEquals(head.output().trim(), root().getString("commit"));
    }

    @Test
    void theQdrantJsClient118FindsTheServerCompatible() throws Exception {
        Assumptions.assumeTrue(ClientScripts.onPath("node") && ClientScripts.onPath("npm"),
                "skipped: node and npm are needed (Debian packages nodejs, npm)");
        ClientScripts.npmInstalled("qdrant-js-client-1-18");
        ClientScripts.Result r = ClientScripts.run(ClientScripts.NODE_DIR,
                List.of("node", "qdrant-version-check.mjs", Integer.toString(server.httpPort())), 60);
        assertEquals(0, r.code(), "the 1.18 client's version check warned:\n" + r.output());
        assertTrue(r.output().contains("version check passed"), r.output());
    }
}
