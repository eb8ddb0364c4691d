package io.quiver.cluster;

import org.junit.jupiter.api.Test;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * A cluster node whose parent dies does not outlive it: with {@code exit-with-parent} (which the
 * test fixtures set, so no server outlives a test JVM that crashes) it shuts down by itself.
 */
class OrphanedNodeIT {

    @Test
    void aClusterNodeShutsDownWhenTheProcessThatStartedItDies() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        String data = java.nio.file.Files.createTempDirectory("quiver-orphan").toString();
        // a shell stays the node's parent (`; true` keeps bash from exec'ing the launcher)
        ProcessBuilder pb = new ProcessBuilder("bash", "-c", "bin/quiver serve --resp-port 0 --http-port 0 --cluster "
                + "--cluster-name orphan-" + port + " --cluster-members 127.0.0.1:" + port + " --cluster-port " + port
                + " --data-dir " + data + "; true").redirectErrorStream(true);
        pb.environment().put("QUIVER_NO_BUILD", "1");
        pb.environment().put("QUIVER_EXIT_WITH_PARENT", "true");
        Process parent = pb.start();
        ProcessHandle node = null;
        try {
            BufferedReader log = new BufferedReader(new InputStreamReader(parent.getInputStream(), StandardCharsets.UTF_8));
            StringBuilder seen = new StringBuilder();
            for (String l; (l = log.readLine()) != null && !l.contains("ready in "); ) {
                seen.append(l).append('\n');
            }
            Optional<ProcessHandle> child = parent.toHandle().children().findFirst();
            assertTrue(child.isPresent(), "the node runs under the shell: " + seen);
            node = child.get();
            // its own thread, not the common pool (which another test's blocked task may hold): a node
            // whose output is not read blocks writing its shutdown log
            Queue<String> after = new ConcurrentLinkedQueue<>();
            Thread drain = new Thread(() -> log.lines().forEach(after::add), "orphan-log-drain");
            drain.setDaemon(true);
            drain.start();
            long t0 = System.nanoTime();
            parent.toHandle().destroyForcibly(); // SIGKILL: the parent can stop nothing
            assertTrue(parent.waitFor(10, TimeUnit.SECONDS));
            try {
                node.onExit().get(30, TimeUnit.SECONDS);
            } catch (TimeoutException e) {
                fail("the orphaned node still runs 30 s after its parent died; its log since:\n" + String.join("\n", after));
            }
            System.out.printf("cluster: a node whose parent was SIGKILLed exited %d ms later%n",
                    (System.nanoTime() - t0) / 1_000_000);
        } finally {
            if (node != null && node.isAlive()) {
                node.destroyForcibly();
            }
            parent.toHandle().destroyForcibly();
        }
    }
}
