package io.quiver.app;

import org.junit.jupiter.api.Test;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** bin/quiver as a user runs it: a separate OS process started by the launcher script. */
class LauncherIT {
    private static final Pattern READY = Pattern.compile("ready in \\d+ ms: resp=[^:]+:(\\d+) http=[^:]+:(\\d+)");

    private record Run(int exit, String output) {
    }

    private static Run launcher(String... args) throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder(cmd(args)).redirectErrorStream(true);
        pb.environment().put("QUIVER_NO_BUILD", "1");
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        return new Run(p.exitValue(), out);
    }

    private static List<String> cmd(String... args) {
        List<String> c = new java.util.ArrayList<>(List.of("bin/quiver"));
        c.addAll(List.of(args));
        return c;
    }

    @Test
    void unknownServeFlagPrintsUsageNotAStackTrace() throws Exception {
        Run r = launcher("serve", "--no-such-flag", "1");
        assertEquals(2, r.exit(), r.output());
        assertTrue(r.output().contains("unknown flag --no-such-flag"), r.output());
        assertTrue(r.output().contains("usage: quiver serve"), r.output());
        assertTrue(!r.output().contains("Exception"), r.output());
    }

    @Test
    void badFlagValueNamesTheKey() throws Exception {
        Run r = launcher("serve", "--shards", "lots");
        assertEquals(2, r.exit(), r.output());
        assertTrue(r.output().contains("'shards'"), r.output());
    }

    @Test
    void unknownCliFlagPrintsUsage() throws Exception {
        Run r = launcher("cli", "--bogus");
        assertEquals(2, r.exit(), r.output());
        assertTrue(r.output().contains("usage: quiver cli"), r.output());
    }

    @Test
    void unknownSubcommandPrintsUsage() throws Exception {
        Run r = launcher("frobnicate");
        assertEquals(2, r.exit(), r.output());
    }

    @Test
    void versionPrintsTheVersion() throws Exception {
        Run r = launcher("version");
        assertEquals(0, r.exit(), r.output());
        assertTrue(r.output().contains("quiver 0."), r.output());
    }

    @Test
    void serveStartsAServerThatTheCliAndHttpClientsReach() throws Exception {
        java.nio.file.Path data = java.nio.file.Files.createTempDirectory("quiver-launcher-it");
        ProcessBuilder pb = new ProcessBuilder(cmd("serve", "--resp-port", "0", "--http-port", "0", "--shards", "2",
                "--data-dir", data.toString()))
                .redirectErrorStream(true);
        pb.environment().put("QUIVER_NO_BUILD", "1");
        Process server = pb.start();
        try {
            BufferedReader log = new BufferedReader(new InputStreamReader(server.getInputStream(), StandardCharsets.UTF_8));
            String line;
            Matcher ready = null;
            StringBuilder seen = new StringBuilder();
            boolean epollLogged = false;
            while ((line = log.readLine()) != null) {
                seen.append(line).append('\n');
                epollLogged |= line.contains("network transport: native epoll");
                Matcher m = READY.matcher(line);
                if (m.find()) {
                    ready = m;
                    break;
                }
            }
            assertTrue(ready != null, "server did not report ready:\n" + seen);
            assertTrue(epollLogged, "the transport in use is logged:\n" + seen);
            Thread drain = new Thread(() -> {
                try {
                    log.transferTo(java.io.Writer.nullWriter());
                } catch (IOException ignored) {
                    // the server went away
                }
            });
            drain.setDaemon(true);
            drain.start();
            String respPort = ready.group(1), httpPort = ready.group(2);

            assertEquals("OK", launcher("cli", "--port", respPort, "SET", "launcher:k", "from the cli").output().trim());
            assertEquals("from the cli", launcher("cli", "--port", respPort, "GET", "launcher:k").output().trim());
            Run err = launcher("cli", "--port", respPort, "GET");
            assertEquals(1, err.exit());
            assertTrue(err.output().contains("ERR wrong number of arguments"), err.output());

            HttpResponse<String> r = HttpClient.newHttpClient().send(
                    HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + httpPort + "/kv/launcher:k")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals("from the cli", r.body());
        } finally {
            server.destroy(); // SIGTERM: the shutdown hook closes the server
            assertTrue(server.waitFor(30, TimeUnit.SECONDS), "server did not stop on SIGTERM");
        }
    }

    @Test
    void serveTakesFileThenEnvironmentThenFlagsAndLogsThemWithThePasswordMasked() throws Exception {
        java.nio.file.Path conf = java.nio.file.Files.createTempFile("quiver-it", ".json");
        java.nio.file.Files.writeString(conf, "{\"shards\": 5, \"max-memory\": \"1mb\", \"request-timeout\": \"7s\"}");
        ProcessBuilder pb = new ProcessBuilder(cmd("serve", "--conf", conf.toString(), "--resp-port", "0",
                "--http-port", "0", "--shards", "2")).redirectErrorStream(true);
        pb.environment().put("QUIVER_NO_BUILD", "1");
        pb.environment().put("QUIVER_SHARDS", "3");
        pb.environment().put("QUIVER_REQUEST_TIMEOUT", "9s");
        pb.environment().put("QUIVER_PASSWORD", "launcher-secret");
        Process server = pb.start();
        StringBuilder seen = new StringBuilder();
        try {
            BufferedReader log = new BufferedReader(new InputStreamReader(server.getInputStream(), StandardCharsets.UTF_8));
            String line;
            while ((line = log.readLine()) != null) {
                seen.append(line).append('\n');
                if (READY.matcher(line).find()) {
                    break;
                }
            }
        } finally {
            server.destroy();
            assertTrue(server.waitFor(30, TimeUnit.SECONDS));
            java.nio.file.Files.delete(conf);
        }
        String out = seen.toString();
        assertTrue(out.contains("shards = 2  (flag --shards)"), out);
        assertTrue(out.contains("request-timeout = 9s  (env QUIVER_REQUEST_TIMEOUT)"), out);
        assertTrue(out.contains("max-memory = 1mb  (file "), out);
        assertTrue(out.contains("password = ********  (env QUIVER_PASSWORD)"), out);
        assertTrue(out.contains("shards=2 "), "the server runs what the log says: " + out);
        assertTrue(out.contains("auth=password"), out);
        assertTrue(!out.contains("launcher-secret"), out);
    }

    @Test
    void aBadEnvironmentValueNamesTheKeyAndTheVariable() throws Exception {
        ProcessBuilder pb = new ProcessBuilder(cmd("serve", "--resp-port", "0", "--http-port", "0")).redirectErrorStream(true);
        pb.environment().put("QUIVER_NO_BUILD", "1");
        pb.environment().put("QUIVER_SHARD_QUEUE", "lots");
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        assertEquals(2, p.exitValue(), out);
        assertTrue(out.contains("'shard-queue'") && out.contains("QUIVER_SHARD_QUEUE"), out);
    }
}
