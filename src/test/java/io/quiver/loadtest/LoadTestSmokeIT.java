package io.quiver.loadtest;

import io.quiver.testing.Tools;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code loadtest/run.sh --smoke}: Locust (Debian's python3-locust) drives every task of
 * loadtest/locustfile.py (GET, PUT, search, batch search) at 5 users for a few seconds against
 * {@code bin/quiver serve} holding a small generated data set; the script exits non-zero on any
 * failed request. Runs after packaging, like the other tests that start {@code bin/quiver}.
 */
class LoadTestSmokeIT {
    @Test
    void smokeLoadTestRunsEveryTaskWithoutAFailure() throws Exception {
        Tools.require("locust"); // fails, not skips, when the tool is missing: bin/quiver test installs it
        Path out = Files.createDirectories(Path.of("target", "loadtest-smoke")).toAbsolutePath();
        Tools.Result r = Tools.run(300, null, "env", "QUIVER_NO_BUILD=1", "loadtest/run.sh", "--smoke", "--out", out.toString());
        String log = r.stdout() + r.stderr();
        assertEquals(0, r.exitCode(), "loadtest/run.sh --smoke failed:\n" + log);
        assertTrue(r.stdout().contains("| users | requests/s | p50 ms | p95 ms | p99 ms | failures |"), log);
        assertTrue(r.stdout().contains("| 5 | "), "a row for the 5-user run:\n" + log);
        for (String report : new String[]{"users-5_stats.csv", "users-5.html", "users-5.json"}) {
            assertTrue(Files.isRegularFile(out.resolve(report)), report + " saved:\n" + log);
        }
    }
}
