package io.quiver.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Real client libraries driven by scripts under src/test: Node packages pinned in src/test/node
 * (installed by {@code npm ci} on first use), Python scripts under src/test/python run by Debian's
 * {@code /usr/bin/python3}, whose packages (python3-redis) they import.
 */
public final class ClientScripts {
    public static final Path NODE_DIR = Path.of("src/test/node");
    public static final Path PYTHON_DIR = Path.of("src/test/python");
    public static final String DEBIAN_PYTHON = "/usr/bin/python3";

    private ClientScripts() {
    }

    public record Result(int code, String output) {
    }

    /** Installs the pinned Node packages unless every one of {@code packages} is there already. */
    public static void npmInstalled(String... packages) throws IOException, InterruptedException {
        for (String p : packages) {
            if (!Files.isDirectory(NODE_DIR.resolve("node_modules").resolve(p))) {
                Result ci = run(NODE_DIR, List.of("npm", "ci", "--no-audit", "--no-fund"), 300);
                assertEquals(0, ci.code(), "npm ci failed:\n" + ci.output());
                return;
            }
        }
    }

    /** Runs {@code command} in {@code dir}, its output and errors together, killed after {@code timeoutSeconds}. */
    public static Result run(Path dir, List<String> command, int timeoutSeconds) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
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

    public static boolean onPath(String tool) {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator)) {
            if (Files.isExecutable(Path.of(dir, tool))) {
                return true;
            }
        }
        return false;
    }
}
