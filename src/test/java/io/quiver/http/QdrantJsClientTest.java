package io.quiver.http;

import io.quiver.testing.TestServer;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The official Qdrant JS client ({@code @qdrant/js-client-rest}, pinned in src/test/node) runs
 * src/test/node/qdrant-client-check.mjs against a real server: create, upsert, search, query,
 * retrieve, count, delete. The script exits non-zero on any mismatch.
 */
class QdrantJsClientTest {
    private static final Path NODE_DIR = Path.of("src/test/node");

    @Test
    void officialQdrantJsClientWorksUnchanged() throws Exception {
        Assumptions.assumeTrue(onPath("node") && onPath("npm"), "skipped: node and npm are needed (Debian packages nodejs, npm)");
        if (!Files.isDirectory(NODE_DIR.resolve("node_modules/@qdrant/js-client-rest"))) {
            Result ci = run(List.of("npm", "ci", "--no-audit", "--no-fund"), 300);
            assertEquals(0, ci.code, "npm ci failed:\n" + ci.output);
        }
        try (TestServer server = TestServer.start(3)) {
            Result r = run(List.of("node", "qdrant-client-check.mjs", Integer.toString(server.httpPort())), 120);
            assertEquals(0, r.code, "the Qdrant JS client check failed:\n" + r.output);
            assertTrue(r.output.contains("all checks passed"), r.output);
        }
    }

    private record Result(int code, String output) {
    }

    private static Result run(List<String> command, int timeoutSeconds) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).directory(NODE_DIR.toFile()).redirectErrorStream(true).start();
        p.getOutputStream().close();
        byte[][] out = new byte[1][];
        Thread reader = new Thread(() -> {
            try {
                out[0] = p.getInputStream().readAllBytes();
            } catch (IOException e) {
                out[0] = e.toString().getBytes(StandardCharsets.UTF_8);
            }
        });
        reader.start();
        if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            reader.join(5000);
            return new Result(-1, "timed out after " + timeoutSeconds + " s");
        }
        reader.join(5000);
        return new Result(p.exitValue(), out[0] == null ? "" : new String(out[0], StandardCharsets.UTF_8));
    }

    private static boolean onPath(String tool) {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator)) {
            if (Files.isExecutable(Path.of(dir, tool))) {
                return true;
            }
        }
        return false;
    }
}
