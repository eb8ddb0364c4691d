package io.quiver.testing;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.fail;

/** Runs real external clients (redis-cli, redis-benchmark, curl, ...) and captures what they print. */
public final class Tools {
    private Tools() {
    }

    public record Result(int exitCode, String stdout, String stderr) {
    }

    /** The tool's path; fails the test (not skips it) when missing: `bin/quiver test` installs them. */
    public static String require(String tool) {
        for (String dir : System.getenv().getOrDefault("PATH", "/usr/bin:/bin").split(File.pathSeparator)) {
            File f = new File(dir, tool);
            if (f.canExecute()) {
                return f.getPath();
            }
        }
        fail(tool + " is not installed; `bin/quiver test` installs the test tools (Debian packages) when run as root");
        return null;
    }

    public static Result run(long timeoutSeconds, String stdin, String... command) {
        List<String> cmd = new ArrayList<>(List.of(command));
        cmd.set(0, require(cmd.get(0)));
        try {
            // output goes to files so a chatty or hung tool can neither block nor hang the test
            Path out = Files.createTempFile("quiver-tool", ".out");
            Path err = Files.createTempFile("quiver-tool", ".err");
            Process p = new ProcessBuilder(cmd).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
            if (stdin != null) {
                p.getOutputStream().write(stdin.getBytes(StandardCharsets.UTF_8));
            }
            p.getOutputStream().close();
            if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                fail(String.join(" ", command) + " did not finish in " + timeoutSeconds + " s");
            }
            Result r = new Result(p.exitValue(), Files.readString(out), Files.readString(err));
            Files.delete(out);
            Files.delete(err);
            return r;
        } catch (IOException | InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }
}
