package io.quiver.testing;

import io.quiver.cli.RespClient;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code bin/quiver serve} as a separate OS process, as a user runs it: started, waited for until
 * it logs "ready" with its ports, then stopped with SIGTERM or killed with SIGKILL.
 */
public final class QuiverProcess implements AutoCloseable {
    private static final Pattern READY = Pattern.compile("ready in \\d+ ms: resp=[^:]+:(\\d+) http=[^:]+:(\\d+)");

    private final Process process;
    private final StringBuffer output = new StringBuffer();
    private final int respPort;
    private final int httpPort;
    private Thread drainer;

    private QuiverProcess(Process process, int respPort, int httpPort) {
        this.process = process;
        this.respPort = respPort;
        this.httpPort = httpPort;
    }

    /** Starts {@code bin/quiver serve} on free ports with the given extra flags; waits until it is ready. */
    public static QuiverProcess start(String... flags) throws IOException {
        List<String> cmd = new ArrayList<>(List.of("bin/quiver", "serve", "--resp-port", "0", "--http-port", "0"));
        cmd.addAll(List.of(flags));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
        pb.environment().put("QUIVER_NO_BUILD", "1");
        pb.environment().put("QUIVER_EXIT_WITH_PARENT", "true"); // no server outlives a test JVM that dies
        Process p = pb.start();
        BufferedReader log = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
        StringBuilder seen = new StringBuilder();
        String line;
        while ((line = log.readLine()) != null) {
            seen.append(line).append('\n');
            Matcher m = READY.matcher(line);
            if (m.find()) {
                QuiverProcess qp = new QuiverProcess(p, Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)));
                qp.output.append(seen);
                qp.drain(log);
                return qp;
            }
        }
        throw new IllegalStateException("bin/quiver serve did not report ready (exit " + waitExit(p) + "):\n" + seen);
    }

    private static int waitExit(Process p) {
        try {
            return p.waitFor(30, TimeUnit.SECONDS) ? p.exitValue() : -1;
        } catch (InterruptedException e) {
            return -1;
        }
    }

    private void drain(BufferedReader log) {
        Thread t = new Thread(() -> {
            try {
                for (String l; (l = log.readLine()) != null; ) {
                    output.append(l).append('\n');
                }
            } catch (IOException ignored) {
                // the process went away
            }
        }, "quiver-process-output");
        t.setDaemon(true);
        t.start();
        drainer = t;
    }

    public int respPort() {
        return respPort;
    }

    public int httpPort() {
        return httpPort;
    }

    public long pid() {
        return process.pid();
    }

    public RespClient client() throws IOException {
        return new RespClient("127.0.0.1", respPort, 10_000);
    }

    public boolean alive() {
        return process.isAlive();
    }

    /** Everything the process has printed so far. */
    public String output() {
        return output.toString();
    }

    // Signals go through the ProcessHandle: Process.destroy() would also close our end of the
    // process's output, and what it logs while shutting down would be lost.

    /** SIGKILL: no shutdown hook, no flush, as a crash. */
    public void kill() throws InterruptedException {
        process.toHandle().destroyForcibly();
        process.waitFor(30, TimeUnit.SECONDS);
        drainer.join(10_000);
    }

    /** SIGSTOP: the process hangs (as a stalled VM or a long GC pause) until killed. */
    public void pause() throws IOException, InterruptedException {
        new ProcessBuilder("kill", "-STOP", Long.toString(process.pid())).inheritIO().start().waitFor();
    }

    /** SIGTERM, then the exit code (or -1 if it did not exit within a minute). */
    public int terminate() throws InterruptedException {
        process.toHandle().destroy();
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            return -1;
        }
        drainer.join(10_000); // the output ends when the process does
        return process.exitValue();
    }

    /** Whether the process exits (by itself) within {@code seconds}; its output is complete when it did. */
    public boolean awaitExit(long seconds) throws InterruptedException {
        if (!process.waitFor(seconds, TimeUnit.SECONDS)) {
            return false;
        }
        drainer.join(10_000);
        return true;
    }

    /** The exit code of a process that has exited. */
    public int exitCode() {
        return process.exitValue();
    }

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            kill();
        }
    }
}
