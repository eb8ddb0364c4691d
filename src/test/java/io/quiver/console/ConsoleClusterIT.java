package io.quiver.console;

import io.quiver.testing.ClientScripts;
import io.quiver.testing.QuiverCluster;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
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
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The console's view of a cluster: two {@code bin/quiver serve --cluster} processes on loopback. Each
 * node's overview lists the same nodes, shards and hash slots as its {@code GET /cluster}; the page in
 * Debian's Chromium shows them; a SIGKILLed node shows as unreachable, its slots missing from those
 * served, and the overview still answers with the shards that do. The steps build on each other (one cluster), in order.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ConsoleClusterIT {
    private static final String CHROMIUM = "/usr/bin/chromium";
    private final HttpClient http = HttpClient.newHttpClient();
    private QuiverCluster cluster;

    @BeforeAll
    void startCluster() throws Exception {
        // a long request-timeout: a node's first call to another can take seconds on a loaded machine
        cluster = QuiverCluster.start(2, 1, "--request-timeout", "30s", "--cluster-node-timeout", "10s");
        awaitState(0, "ok");
        awaitState(1, "ok");
    }

    @AfterAll
    void stopCluster() throws InterruptedException {
        if (cluster != null) {
            cluster.close();
        }
    }

    private JsonObject get(int node, String path) throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + cluster.node(node).httpPort() + path)).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, r.statusCode(), path + ": " + r.body());
        return new JsonObject(r.body());
    }

    private void awaitState(int node, String state) throws Exception {
        long t0 = System.nanoTime();
        while (!state.equals(get(node, "/cluster").getJsonObject("result").getString("cluster_state"))) {
            assertTrue(System.nanoTime() - t0 < 30_000_000_000L, "node " + node + " never reached cluster_state " + state);
            Thread.sleep(100);
        }
    }

    /** The overview's cluster section, checked against GET /cluster on the same node. */
    private JsonObject clusterOf(int node) throws Exception {
        JsonObject c = get(node, "/dashboard/api/overview").getJsonObject("cluster");
        JsonObject q = get(node, "/cluster").getJsonObject("result");
        assertTrue(c.getBoolean("enabled"), c.encode());
        assertEquals(q.getString("cluster_name"), c.getString("name"));
        assertEquals(q.getString("cluster_state"), c.getString("state"));
        assertEquals(q.getInteger("shards"), c.getInteger("shards"));
        JsonArray nodes = c.getJsonArray("nodes");
        assertEquals(q.getJsonObject("peers").size(), nodes.size());
        int served = 0;
        for (int i = 0; i < nodes.size(); i++) {
            JsonObject n = nodes.getJsonObject(i);
            JsonObject peer = q.getJsonObject("peers").getJsonObject(Integer.toString(i));
            assertEquals(peer.getString("cluster_address"), n.getString("address"));
            assertEquals(peer.getJsonArray("slot_ranges"), n.getJsonArray("slot_ranges"));
            assertEquals(peer.getString("uri"), "http://127.0.0.1:" + n.getInteger("http_port") + "/");
            assertEquals(peer.getString("id"), n.getString("id"));
            assertEquals(peer.getBoolean("reachable"), n.getBoolean("reachable"));
            assertEquals(peer.getInteger("slots"), n.getInteger("slots"));
            assertEquals(peer.getJsonArray("shards"), new JsonArray().add(n.getInteger("first_shard")).add(n.getInteger("last_shard")));
            assertEquals(i == q.getInteger("peer_id"), n.getBoolean("self"));
            served += n.getBoolean("reachable") ? n.getInteger("slots") : 0;
        }
        assertEquals(served, c.getInteger("slots_served"));
        return c;
    }

    @Test
    @Order(1)
    void everyNodesOverviewListsTheNodesAndTheirSlots() throws Exception {
        for (int node = 0; node < 2; node++) {
            JsonObject c = clusterOf(node);
            assertEquals("ok", c.getString("state"));
            assertEquals(16384, c.getInteger("slots_served"));
            assertEquals(8192, c.getJsonArray("nodes").getJsonObject(node).getInteger("slots"), c.encode());
            assertTrue(c.getJsonArray("nodes").getJsonObject(node).getBoolean("self"));
        }
    }

    @Test
    @Order(2)
    void thePageShowsEveryNodeReachable() throws Exception {
        browserCheck(List.of(), "cluster-ok.png");
    }

    @Test
    @Order(3)
    void aKilledNodeShowsAsUnreachableWithItsSlotsUnserved() throws Exception {
        cluster.node(1).kill();
        awaitState(0, "fail");
        JsonObject c = clusterOf(0);
        assertTrue(!c.getJsonArray("nodes").getJsonObject(1).getBoolean("reachable"), c.encode());
        assertEquals(16384 - c.getJsonArray("nodes").getJsonObject(1).getInteger("slots"), c.getInteger("slots_served"));
        JsonObject overview = get(0, "/dashboard/api/overview");
        assertEquals(1, overview.getJsonObject("totals").getInteger("shards_not_answering"), overview.encode());
        assertTrue(overview.getJsonArray("shards").getJsonObject(1).getString("error").contains("unreachable"), overview.encode());
        browserCheck(List.of(1), "cluster-node-down.png");
    }

    /** console-cluster-check.mjs against node 0, expecting the nodes of its overview and {@code down} unreachable. */
    private void browserCheck(List<Integer> down, String screenshot) throws Exception {
        boolean tools = ClientScripts.onPath("node") && ClientScripts.onPath("npm") && Files.isExecutable(Path.of(CHROMIUM));
        if (System.getenv("CI") != null) {
            assertTrue(tools, "CI must have node, npm and " + CHROMIUM + " (bin/quiver test installs them)");
        }
        Assumptions.assumeTrue(tools, "skipped: node, npm and Debian's chromium are needed (bin/quiver test installs them)");
        ClientScripts.npmInstalled("puppeteer-core");
        JsonObject c = get(0, "/dashboard/api/overview").getJsonObject("cluster");
        JsonArray nodes = new JsonArray();
        for (Object o : c.getJsonArray("nodes")) {
            JsonObject n = (JsonObject) o;
            int first = n.getInteger("first_shard"), last = n.getInteger("last_shard");
            nodes.add(new JsonObject().put("index", n.getInteger("index")).put("self", n.getBoolean("self"))
                    .put("address", n.getString("address")).put("slots", n.getInteger("slots"))
                    .put("shards", first == last ? Integer.toString(first) : first + "-" + last)
                    .put("ranges", String.join(", ", n.getJsonArray("slot_ranges").stream().map(r -> {
                        JsonArray range = (JsonArray) r;
                        return range.getInteger(0).equals(range.getInteger(1)) ? range.getInteger(0).toString()
                                : range.getInteger(0) + "-" + range.getInteger(1);
                    }).toList())));
        }
        JsonObject expected = new JsonObject().put("nodes", nodes).put("down", new JsonArray(down))
                .put("served", c.getInteger("slots_served"));
        Path file = Files.createTempFile(Path.of("target"), "console-cluster-", ".json");
        Path shots = Path.of("target", "console-screenshots").toAbsolutePath();
        Files.createDirectories(shots);
        try {
            Files.writeString(file, expected.encode());
            ClientScripts.Result r = ClientScripts.run(ClientScripts.NODE_DIR, List.of("node", "console-cluster-check.mjs", "chromium",
                    "http://127.0.0.1:" + cluster.node(0).httpPort(), file.toAbsolutePath().toString(),
                    shots.resolve(screenshot).toString()), 180);
            System.out.println("console cluster check:\n" + r.output());
            assertEquals(0, r.code(), "the console's cluster check failed:\n" + r.output());
            assertTrue(r.output().contains("all checks passed"), r.output());
        } finally {
            Files.deleteIfExists(file);
        }
    }
}
