package io.quiver.cluster;

import io.quiver.cli.RespClient;
import io.quiver.testing.AcknowledgedWriter;
import io.quiver.testing.QuiverCluster;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A cluster that changes while a client writes to it, three {@code bin/quiver serve --cluster}
 * processes with a password on loopback: a fourth node joins and takes its share of the slots with
 * their keys; then a node leaves on {@code bin/quiver cluster leave}, then one on SIGTERM, each
 * handing its slots and keys over before it exits. After each change every write the writer had
 * acknowledged is read back, with its last acknowledged value, through every node that is left, and
 * the slot table is balanced over them. The steps build on each other, in order.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ClusterRebalanceIT {
    private static final String PASSWORD = "rebalance-secret";
    /** Keys written before the cluster changes, so each move copies some in steps. */
    private static final int PRELOADED = 30_000;
    private final HttpClient http = HttpClient.newHttpClient();
    private QuiverCluster cluster;
    /** Nodes a writer may (re)connect to: the ones not asked to leave. */
    private final Set<Integer> serving = ConcurrentHashMap.newKeySet();
    /** Every key's last acknowledged value, over the steps. */
    private final Map<String, String> expected = new HashMap<>();

    @BeforeAll
    void startCluster() throws Exception {
        cluster = QuiverCluster.start(3, 2, "--password", PASSWORD, "--request-timeout", "30s",
                "--cluster-node-timeout", "10s");
        serving.addAll(List.of(0, 1, 2));
        awaitSettled(0, 3);
        try (RespClient c = client(0)) {
            for (int i = 0; i < PRELOADED; i += 500) {
                List<byte[]> mset = new ArrayList<>();
                mset.add("MSET".getBytes(StandardCharsets.UTF_8));
                for (int k = i; k < i + 500; k++) {
                    mset.add(("pre:" + k).getBytes(StandardCharsets.UTF_8));
                    mset.add(("value:" + k).getBytes(StandardCharsets.UTF_8));
                    expected.put("pre:" + k, "value:" + k);
                }
                assertEquals(new RespClient.Status("OK"), c.call(mset));
            }
        }
    }

    @AfterAll
    void stopCluster() throws InterruptedException {
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    @Order(1)
    void aNodeThatJoinsUnderWriteLoadTakesAnEvenShareAndEveryAcknowledgedWriteIsReadableThroughEveryNode() throws Exception {
        try (AcknowledgedWriter writer = startWriter()) {
            awaitWrites(writer, 300);
            long t0 = System.nanoTime();
            int joined = cluster.join();
            serving.add(joined);
            long ready = System.nanoTime();
            long acksAtJoin = writer.acknowledgedWrites();
            awaitSettled(joined, 4);
            long settled = System.nanoTime();
            long acksDuring = writer.acknowledgedWrites() - acksAtJoin;
            awaitWrites(writer, writer.acknowledgedWrites() + 200); // and it goes on writing through the new table
            expected.putAll(writer.stop());
            assertEquals(List.of(), writer.staleReads(), "reads right after an acknowledged write");
            System.out.printf("cluster: a node joined under write load: ready %d ms after its start, slots balanced %d ms "
                            + "later; %d writes acknowledged meanwhile; %s%n", (ready - t0) / 1_000_000,
                    (settled - ready) / 1_000_000, acksDuring, writer.retrySummary());
            assertTrue(acksDuring > 0, "the writer kept being answered while the slots moved");
        }
        assertEveryWriteReadableThroughEveryServingNode();
        assertEquals(Map.of(0, 4096, 1, 4096, 2, 4096, 3, 4096), slotsPerNode(3));
    }

    @Test
    @Order(2)
    void aNodeToldToLeaveHandsItsSlotsAndKeysOverThenExits() throws Exception {
        int leaver = 1;
        try (AcknowledgedWriter writer = startWriter()) {
            awaitWrites(writer, 300);
            serving.remove(leaver); // writers connected to it go on until it closes their connections
            long t0 = System.nanoTime();
            ProcessBuilder pb = new ProcessBuilder("bin/quiver", "cluster", "leave", "--port",
                    Integer.toString(cluster.node(leaver).respPort()), "-a", PASSWORD).redirectErrorStream(true);
            pb.environment().put("QUIVER_NO_BUILD", "1");
            Process leave = pb.start();
            String said = new String(leave.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            assertTrue(leave.waitFor(120, TimeUnit.SECONDS));
            assertEquals(0, leave.exitValue(), said);
            assertEquals("OK", said);
            long handedOver = System.nanoTime();
            assertTrue(cluster.node(leaver).awaitExit(60), "the node exits after handing its slots over");
            long exited = System.nanoTime();
            assertEquals(0, cluster.node(leaver).exitCode());
            awaitWrites(writer, writer.acknowledgedWrites() + 200);
            expected.putAll(writer.stop());
            assertEquals(List.of(), writer.staleReads(), "reads right after an acknowledged write");
            System.out.printf("cluster: a node left on `cluster leave`: its slots handed over in %d ms, exited %d ms "
                    + "later; %s%n", (handedOver - t0) / 1_000_000, (exited - handedOver) / 1_000_000, writer.retrySummary());
            assertTrue(cluster.node(leaver).output().contains("handed"), cluster.node(leaver).output());
        }
        awaitSettled(0, 3);
        assertEveryWriteReadableThroughEveryServingNode();
        assertEquals(Map.of(0, 5462, 2, 5461, 3, 5461), slotsPerNode(0));
    }

    @Test
    @Order(3)
    void aNodeStoppedWithSigtermHandsItsSlotsAndKeysOverThenExits() throws Exception {
        int leaver = 3;
        try (AcknowledgedWriter writer = startWriter()) {
            awaitWrites(writer, 300);
            serving.remove(leaver);
            long t0 = System.nanoTime();
            int code = cluster.node(leaver).terminate();
            long exited = System.nanoTime();
            assertEquals(0, code, cluster.node(leaver).output());
            awaitWrites(writer, writer.acknowledgedWrites() + 200);
            expected.putAll(writer.stop());
            assertEquals(List.of(), writer.staleReads(), "reads right after an acknowledged write");
            System.out.printf("cluster: a node stopped with SIGTERM handed its slots over and exited in %d ms; %s%n",
                    (exited - t0) / 1_000_000, writer.retrySummary());
        }
        awaitSettled(0, 2);
        assertEveryWriteReadableThroughEveryServingNode();
        assertEquals(Map.of(0, 8192, 2, 8192), slotsPerNode(2));
    }

    private AcknowledgedWriter startWriter() {
        return new AcknowledgedWriter(6, 400, PASSWORD, thread -> {
            List<Integer> nodes = new ArrayList<>(new java.util.TreeSet<>(serving));
            return cluster.node(nodes.get(thread % nodes.size())).respPort();
        });
    }

    private static void awaitWrites(AcknowledgedWriter writer, long n) throws InterruptedException {
        long t0 = System.nanoTime();
        while (writer.acknowledgedWrites() < n) {
            assertTrue(System.nanoTime() - t0 < 60_000_000_000L, "the writer stalled at " + writer.acknowledgedWrites()
                    + " writes; " + writer.retrySummary());
            Thread.sleep(20);
        }
    }

    private RespClient client(int node) throws Exception {
        RespClient c = cluster.node(node).client();
        assertEquals(new RespClient.Status("OK"), c.call("AUTH", PASSWORD));
        return c;
    }

    /** Every key's value through every serving node, in MGETs of 500, against its last acknowledged value. */
    private void assertEveryWriteReadableThroughEveryServingNode() throws Exception {
        List<String> keys = new ArrayList<>(expected.keySet());
        for (int node : serving) {
            try (RespClient c = client(node)) {
                for (int i = 0; i < keys.size(); i += 500) {
                    List<String> batch = keys.subList(i, Math.min(keys.size(), i + 500));
                    List<String> argv = new ArrayList<>(List.of("MGET"));
                    argv.addAll(batch);
                    Object reply = c.call(argv.toArray(String[]::new));
                    assertTrue(reply instanceof List<?>, "MGET through node " + node + ": " + reply);
                    List<?> values = (List<?>) reply;
                    for (int k = 0; k < batch.size(); k++) {
                        Object v = values.get(k);
                        assertEquals(expected.get(batch.get(k)), v == null ? null : new String((byte[]) v, StandardCharsets.UTF_8),
                                batch.get(k) + " through node " + node);
                    }
                }
            }
        }
    }

    /** Until {@code node}'s view shows no migration and {@code owners} nodes owning every slot, evenly. */
    private void awaitSettled(int node, int owners) throws Exception {
        long t0 = System.nanoTime();
        while (true) {
            JsonObject c = cluster(node);
            Map<Integer, Integer> slots = slotsOf(c);
            int min = slots.values().stream().mapToInt(i -> i).min().orElse(0);
            int max = slots.values().stream().mapToInt(i -> i).max().orElse(0);
            if (c.getJsonObject("raft_info").getInteger("pending_operations") == 0 && slots.size() == owners
                    && max - min <= 1 && slots.values().stream().mapToInt(i -> i).sum() == 16384) {
                return;
            }
            assertTrue(System.nanoTime() - t0 < 180_000_000_000L, "the slots never settled over " + owners + " nodes: " + c.encode());
            Thread.sleep(100);
        }
    }

    /** Slots per node that owns any, as every serving node sees them (they must agree). */
    private Map<Integer, Integer> slotsPerNode(int node) throws Exception {
        Map<Integer, Integer> seen = slotsOf(cluster(node));
        for (int other : serving) {
            long t0 = System.nanoTime();
            while (!slotsOf(cluster(other)).equals(seen)) { // the table reaches each node asynchronously
                assertTrue(System.nanoTime() - t0 < 10_000_000_000L, "node " + other + " disagrees: " + cluster(other).encode());
                Thread.sleep(50);
            }
        }
        return seen;
    }

    private static Map<Integer, Integer> slotsOf(JsonObject c) {
        Map<Integer, Integer> slots = new HashMap<>();
        JsonObject peers = c.getJsonObject("peers");
        for (String id : peers.fieldNames()) {
            int n = peers.getJsonObject(id).getInteger("slots");
            if (n > 0) {
                slots.put(Integer.parseInt(id), n);
            }
        }
        return slots;
    }

    private JsonObject cluster(int node) throws Exception {
        HttpRequest r = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + cluster.node(node).httpPort() + "/cluster"))
                .header("Authorization", "Bearer " + PASSWORD).build();
        HttpResponse<String> res = http.send(r, HttpResponse.BodyHandlers.ofString());
        assertEquals(200, res.statusCode(), res.body());
        return new JsonObject(res.body()).getJsonObject("result");
    }
}
