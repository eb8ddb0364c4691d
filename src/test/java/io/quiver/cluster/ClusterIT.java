package io.quiver.cluster;

import io.quiver.testing.QuiverCluster;
import io.quiver.testing.Tools;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Three {@code bin/quiver serve --cluster} processes on loopback, driven by redis-cli with its
 * defaults: any node answers for any key, a SIGKILLed node's keys answer CLUSTERDOWN while the
 * others' keys go on, and the node restarted on its data directory serves its keys again.
 * The steps build on each other (one cluster: three JVMs take a while to start), in order.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ClusterIT {
    private static final int KEYS = 300;
    private QuiverCluster cluster;

    @BeforeAll
    void startCluster() throws Exception {
        // a long request-timeout: a request that waited for a dead node would show as TIMEOUT after 30 s,
        // so a CLUSTERDOWN answer shows that it failed fast
        cluster = QuiverCluster.start(3, 2, "--request-timeout", "30s");
    }

    @AfterAll
    void stopCluster() throws InterruptedException {
        if (cluster != null) {
            cluster.close();
        }
    }

    private static String key(int i) {
        return "key:" + i;
    }

    private List<String> cli(int node, String commands) {
        Tools.Result r = Tools.run(60, commands, "redis-cli", "-p", Integer.toString(cluster.node(node).respPort()));
        assertEquals(0, r.exitCode(), r.stderr());
        // without a terminal redis-cli prints each reply on a line, and an empty line after an error
        return Arrays.stream(r.stdout().split("\n")).filter(l -> !l.isEmpty()).toList();
    }

    private String keysOf(java.util.function.IntPredicate which) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < KEYS; i++) {
            if (which.test(i)) {
                sb.append(' ').append(key(i));
            }
        }
        return sb.toString();
    }

    private List<String> valuesOf(java.util.function.IntPredicate which) {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < KEYS; i++) {
            if (which.test(i)) {
                out.add("value:" + i);
            }
        }
        return out;
    }

    @Test
    @Order(1)
    void keysWrittenThroughOneNodeAreReadableThroughEveryNode() {
        int[] perNode = new int[cluster.size()];
        StringBuilder sets = new StringBuilder();
        for (int i = 0; i < KEYS; i++) {
            sets.append("SET ").append(key(i)).append(" value:").append(i).append('\n');
            perNode[cluster.ownerOf(key(i))]++;
        }
        for (int n : perNode) {
            assertTrue(n > 0, "the keys spread over every node: " + Arrays.toString(perNode));
        }
        assertEquals(java.util.Collections.nCopies(KEYS, "OK"), cli(0, sets.toString()));
        for (int node = 0; node < cluster.size(); node++) {
            assertEquals(valuesOf(i -> true), cli(node, "MGET" + keysOf(i -> true) + "\n"), "MGET through node " + node);
        }
    }

    @Test
    @Order(2)
    void writesThroughEveryNodeMeetInOneKeyspace() {
        for (int node = 0; node < cluster.size(); node++) {
            cli(node, "INCRBY counter 5\nINCRBY counter 5\n");
        }
        for (int node = 0; node < cluster.size(); node++) {
            assertEquals(List.of("30", Integer.toString(KEYS + 1)), cli(node, "GET counter\nDBSIZE\n"), "through node " + node);
        }
    }

    @Test
    @Order(3)
    void aKilledNodesKeysAnswerClusterDownAndTheOtherKeysAreServed() throws Exception {
        int dead = 2;
        String deadKey = key(firstKeyOf(dead));
        cluster.node(dead).kill();
        long t0 = System.nanoTime();
        String reply = "";
        while (System.nanoTime() - t0 < 60_000_000_000L) {
            reply = cli(0, "GET " + deadKey + "\n").get(0);
            if (reply.startsWith("CLUSTERDOWN")) {
                break;
            }
            Thread.sleep(100);
        }
        System.out.printf("cluster: a SIGKILLed node's keys answered CLUSTERDOWN after %d ms%n",
                (System.nanoTime() - t0) / 1_000_000);
        assertTrue(reply.startsWith("CLUSTERDOWN The cluster is down"), reply);
        assertTrue(reply.contains("127.0.0.1:"), "names the unreachable node: " + reply);
        for (int node = 0; node < dead; node++) {
            assertEquals(valuesOf(i -> cluster.ownerOf(key(i)) != dead),
                    cli(node, "MGET" + keysOf(i -> cluster.ownerOf(key(i)) != dead) + "\n"), "the live nodes' keys through node " + node);
            StringBuilder gets = new StringBuilder();
            int deadKeys = 0;
            for (int i = 0; i < KEYS; i++) {
                if (cluster.ownerOf(key(i)) == dead) {
                    gets.append("GET ").append(key(i)).append('\n');
                    deadKeys++;
                }
            }
            List<String> replies = cli(node, gets.toString());
            assertEquals(deadKeys, replies.size());
            for (String r : replies) {
                assertTrue(r.startsWith("CLUSTERDOWN"), r);
            }
        }
    }

    @Test
    @Order(4)
    void aRestartedNodeServesItsKeysAgainFromItsDataDirectory() throws Exception {
        int dead = 2;
        long t0 = System.nanoTime();
        cluster.restart(dead);
        String deadKey = key(firstKeyOf(dead));
        String reply = "";
        while (System.nanoTime() - t0 < 120_000_000_000L) {
            reply = cli(0, "GET " + deadKey + "\n").get(0);
            if (!reply.startsWith("CLUSTERDOWN")) {
                break;
            }
            Thread.sleep(100);
        }
        System.out.printf("cluster: a restarted node served its keys again %d ms after its start%n",
                (System.nanoTime() - t0) / 1_000_000);
        for (int node = 0; node < cluster.size(); node++) {
            assertEquals(valuesOf(i -> true), cli(node, "MGET" + keysOf(i -> true) + "\n"), "MGET through node " + node);
        }
    }

    private int firstKeyOf(int node) {
        for (int i = 0; i < KEYS; i++) {
            if (cluster.ownerOf(key(i)) == node) {
                return i;
            }
        }
        throw new AssertionError("no key on node " + node);
    }
}
