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

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Three {@code bin/quiver serve --cluster} processes on loopback, driven by redis-cli with its
 * defaults and an HTTP client: any node answers for any key and any collection (a search scatters
 * to every node's shards), a SIGKILLed node's keys answer CLUSTERDOWN (503 on HTTP) while the
 * others' keys go on, and the node restarted on its data directory serves its keys and points again.
 * The steps build on each other (one cluster: three JVMs take a while to start), in order.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ClusterIT {
    private static final int KEYS = 300;
    private static final int POINTS = 400;
    private static final int DIM = 8;
    private final HttpClient http = HttpClient.newHttpClient();
    private final float[][] points = new float[POINTS][];
    private final float[] query = new float[DIM];
    private QuiverCluster cluster;

    @BeforeAll
    void startCluster() throws Exception {
        // a long request-timeout: a request that waited for a dead node would show as TIMEOUT after 30 s,
        // so a CLUSTERDOWN answer shows that it failed fast
        // and a node timeout above the default: on a shared, loaded CI machine a starved JVM must not be
        // taken for a hung one (a SIGKILL is noticed at once anyway, by the refused connection)
        cluster = QuiverCluster.start(3, 2, "--request-timeout", "30s", "--cluster-node-timeout", "10s");
        awaitState("ok");
    }

    /** Until every live node's CLUSTER INFO says {@code cluster_state:<state>} (the slot table travels asynchronously). */
    private void awaitState(String state) throws InterruptedException {
        long t0 = System.nanoTime();
        for (int node = 0; node < cluster.size(); node++) {
            if (!cluster.node(node).alive()) {
                continue;
            }
            while (!cli(node, "CLUSTER INFO\n").contains("cluster_state:" + state)) {
                assertTrue(System.nanoTime() - t0 < 30_000_000_000L, "node " + node + " never reached cluster_state:" + state);
                Thread.sleep(50);
            }
        }
    }

    @AfterAll
    void stopCluster() throws InterruptedException {
        if (cluster != null) {
            cluster.close();
        }
    }

    private HttpResponse<String> call(int node, String method, String path, JsonObject body) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + cluster.node(node).httpPort() + path))
                .header("Content-Type", "application/json");
        b.method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body.encode()));
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private JsonObject ok(HttpResponse<String> r) {
        assertEquals(200, r.statusCode(), r.body());
        return new JsonObject(r.body());
    }

    /** Point ids of the 10 nearest points to {@code query} by Euclidean distance, computed here. */
    private List<Long> bruteForceTop10() {
        Integer[] ids = new Integer[POINTS];
        double[] d = new double[POINTS];
        for (int i = 0; i < POINTS; i++) {
            ids[i] = i;
            for (int k = 0; k < DIM; k++) {
                d[i] += (points[i][k] - query[k]) * (points[i][k] - query[k]);
            }
        }
        Arrays.sort(ids, (a, b) -> Double.compare(d[a], d[b]));
        List<Long> out = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            out.add((long) ids[i]);
        }
        return out;
    }

    private List<Long> searchIds(int node) throws Exception {
        JsonObject body = ok(call(node, "POST", "/collections/spread/points/search",
                new JsonObject().put("vector", floats(query)).put("limit", 10)));
        List<Long> ids = new ArrayList<>();
        for (Object o : body.getJsonArray("result")) {
            ids.add(((JsonObject) o).getLong("id"));
        }
        return ids;
    }

    private static JsonArray floats(float[] v) {
        JsonArray a = new JsonArray();
        for (float f : v) {
            a.add(f);
        }
        return a;
    }

    private static String key(int i) {
        return "key:" + i;
    }

    private List<String> cli(int node, String commands) {
        Tools.Result r = Tools.run(60, commands, "redis-cli", "-p", Integer.toString(cluster.node(node).respPort()));
        assertEquals(0, r.exitCode(), r.stderr());
        // without a terminal redis-cli prints each reply on a line, and an empty line after an error
        // (CLUSTER INFO's lines end in \r\n, as Redis's)
        return Arrays.stream(r.stdout().split("\r?\n")).filter(l -> !l.isEmpty()).toList();
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
    @Order(0)
    void clusterInfoAndGetClusterShowEveryNodeServingItsShareOfTheSlots() throws Exception {
        List<String> info = cli(1, "CLUSTER INFO\n");
        assertTrue(info.containsAll(List.of("cluster_state:ok", "cluster_slots_assigned:16384", "cluster_slots_ok:16384",
                "cluster_known_nodes:3", "cluster_size:3")), info.toString());
        JsonObject c = ok(call(2, "GET", "/cluster", null)).getJsonObject("result");
        assertEquals("enabled", c.getString("status"));
        assertEquals(2, c.getInteger("peer_id"));
        int slots = 0;
        for (int node = 0; node < 3; node++) {
            JsonObject peer = c.getJsonObject("peers").getJsonObject(Integer.toString(node));
            assertTrue(peer.getBoolean("reachable"), peer.encode());
            slots += peer.getInteger("slots");
        }
        assertEquals(16384, slots);
    }

    @Test
    @Order(1)
    void clusterNodesListsEveryNodeAtItsRespAddressWithOneContiguousRangeOfSlots() {
        List<String> lines = cli(1, "CLUSTER NODES\n");
        assertEquals(3, lines.size(), lines.toString());
        int next = 0;
        for (int node = 0; node < 3; node++) {
            String[] f = lines.get(node).split(" ");
            assertEquals(9, f.length, lines.get(node));
            assertTrue(f[0].matches("[0-9a-f]{40}"), f[0]);
            assertEquals("127.0.0.1:" + cluster.node(node).respPort() + "@" + cluster.clusterPort(node), f[1]);
            assertEquals(node == 1 ? "myself,master" : "master", f[2]);
            assertEquals(List.of("-", "connected"), List.of(f[3], f[7]));
            String[] range = f[8].split("-");
            assertEquals(next, Integer.parseInt(range[0]), "ranges follow each other: " + lines);
            next = Integer.parseInt(range[1]) + 1;
        }
        assertEquals(16384, next);
        assertEquals(lines.get(0).split(" ")[0], cli(0, "CLUSTER MYID\n").get(0));
    }

    @Test
    @Order(1)
    void clusterSlotsAndClusterShardsHandClientsTheSameMapAsClusterNodes() {
        List<String> nodes = cli(0, "CLUSTER NODES\n");
        // without a terminal redis-cli prints nested arrays flat: first, last, ip, port, id (the empty metadata map is an empty line)
        List<String> slots = cli(2, "CLUSTER SLOTS\n");
        assertEquals(15, slots.size(), slots.toString());
        for (int node = 0; node < 3; node++) {
            String[] f = nodes.get(node).split(" ");
            String[] range = f[8].split("-");
            assertEquals(List.of(range[0], range[1], "127.0.0.1", Integer.toString(cluster.node(node).respPort()), f[0]),
                    slots.subList(node * 5, node * 5 + 5));
        }
        List<String> shards = cli(2, "CLUSTER SHARDS\n");
        String[] first = nodes.get(0).split(" ")[8].split("-");
        assertEquals(List.of("slots", first[0], first[1], "nodes", "id", nodes.get(0).split(" ")[0], "port",
                Integer.toString(cluster.node(0).respPort()), "ip", "127.0.0.1", "endpoint", "127.0.0.1", "role", "master",
                "replication-offset", "0", "health", "online"), shards.subList(0, 18));
        assertEquals(3 * 18, shards.size(), shards.toString());
    }

    @Test
    @Order(1)
    void redisClisClusterCheckFindsEveryNodeAndEverySlotCovered() {
        Tools.Result r = Tools.run(60, "", "redis-cli", "--cluster", "check", "127.0.0.1:" + cluster.node(0).respPort());
        assertEquals(0, r.exitCode(), r.stdout() + r.stderr());
        assertTrue(r.stdout().contains("[OK] All nodes agree about slots configuration."), r.stdout());
        assertTrue(r.stdout().contains("[OK] All 16384 slots covered."), r.stdout());
        assertTrue(r.stdout().contains(" in 3 masters."), r.stdout());
    }

    @Test
    @Order(1)
    void getClusterAnswersInQdrantsShapeWithEachNodesUriAndSlotRanges() throws Exception {
        JsonObject c = ok(call(0, "GET", "/cluster", null)).getJsonObject("result");
        assertEquals(0, c.getInteger("peer_id"));
        for (int node = 0; node < 3; node++) {
            JsonObject peer = c.getJsonObject("peers").getJsonObject(Integer.toString(node));
            assertEquals("http://127.0.0.1:" + cluster.node(node).httpPort() + "/", peer.getString("uri"));
            assertEquals("127.0.0.1:" + cluster.clusterPort(node), peer.getString("cluster_address"));
            JsonArray range = peer.getJsonArray("slot_ranges").getJsonArray(0);
            assertEquals(peer.getInteger("slots"), range.getInteger(1) - range.getInteger(0) + 1);
        }
        JsonObject raft = c.getJsonObject("raft_info");
        assertTrue(raft.containsKey("leader") && raft.containsKey("role") && raft.getBoolean("is_voter"), raft.encode());
        assertEquals(0, raft.getInteger("pending_operations"));
        assertEquals("working", c.getJsonObject("consensus_thread_status").getString("consensus_thread_status"));
        assertEquals(new JsonObject(), c.getJsonObject("message_send_failures"));
    }

    @Test
    @Order(2)
    void aTransactionOverKeysOfOneNodeRunsAcrossItsShards() {
        String[] two = keysOnOneNodeInTwoShards(0);
        assertEquals(List.of("OK", "QUEUED", "QUEUED", "OK", "OK", "a", "b", "2"),
                cli(1, "MULTI\nSET " + two[0] + " a\nSET " + two[1] + " b\nEXEC\nGET " + two[0] + "\nGET " + two[1]
                        + "\nDEL " + two[0] + " " + two[1] + "\n"));
    }

    @Test
    @Order(2)
    void aSingleShardTransactionOnAnotherNodesKeysRunsThereAsOneStepWithEachCommandsReply() {
        String tag = null;
        for (int i = 0; tag == null; i++) {
            tag = cluster.ownerOf("{exec" + i + "}") == 0 ? "{exec" + i + "}" : null;
        }
        assertEquals(List.of("OK", "QUEUED", "QUEUED", "QUEUED", "QUEUED", "QUEUED", "OK", "8",
                        "WRONGTYPE Operation against a key holding the wrong kind of value", "8", "OK", "8", "2"),
                cli(2, "MULTI\nSET " + tag + "n 7\nINCR " + tag + "n\nLPUSH " + tag + "n x\nGET " + tag + "n\nSET " + tag
                        + "m done\nEXEC\nGET " + tag + "n\nDEL " + tag + "n " + tag + "m\n"),
                "node 2 sent the transaction to node 0's shard");
    }

    @Test
    @Order(2)
    void aTransactionWhoseKeysLiveOnTwoNodesIsRefusedWithCrossslotAndChangesNothing() {
        String here = key(firstKeyOf(0));
        String there = key(firstKeyOf(1));
        List<String> r = cli(2, "SET " + there + " before\nMULTI\nSET " + here + " x\nSET " + there + " y\nEXEC\nGET " + there + "\n");
        assertEquals(List.of("OK", "OK", "QUEUED"), r.subList(0, 3));
        assertTrue(r.get(3).startsWith("CROSSSLOT Keys in request don't hash to the same slot"), r.toString());
        assertEquals(List.of("EXECABORT Transaction discarded because of previous errors.", "before"), r.subList(4, 6));
        cli(2, "SET " + there + " value:" + firstKeyOf(1) + "\n");
    }

    @Test
    @Order(2)
    void aTransactionWatchingAKeyOfAnotherNodeIsRefusedWithCrossslotAtExec() {
        String here = key(firstKeyOf(0));
        String there = key(firstKeyOf(1));
        List<String> r = cli(0, "WATCH " + there + "\nMULTI\nGET " + here + "\nEXEC\n");
        assertEquals(List.of("OK", "OK", "QUEUED"), r.subList(0, 3));
        assertTrue(r.get(3).startsWith("CROSSSLOT"), r.toString());
        assertEquals(4, r.size(), r.toString());
    }

    /** Two keys of node {@code node} in different slots and different shards. */
    private String[] keysOnOneNodeInTwoShards(int node) {
        for (int i = 0; i < KEYS; i++) {
            for (int j = i + 1; j < KEYS; j++) {
                String a = "tx:" + i, b = "tx:" + j;
                if (cluster.ownerOf(a) == node && cluster.ownerOf(b) == node && slot(a) % 2 != slot(b) % 2) {
                    return new String[]{a, b};
                }
            }
        }
        throw new AssertionError("no two keys");
    }

    private static int slot(String key) {
        return io.quiver.shard.KeyHash.slot(key.getBytes(java.nio.charset.StandardCharsets.UTF_8));
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
    void pointsUpsertedThroughOneNodeAreSearchedThroughAnotherAsBruteForceRanksThem() throws Exception {
        java.util.Random random = new java.util.Random(14);
        for (int i = 0; i < POINTS; i++) {
            points[i] = new float[DIM];
            for (int k = 0; k < DIM; k++) {
                points[i][k] = random.nextFloat();
            }
        }
        for (int k = 0; k < DIM; k++) {
            query[k] = random.nextFloat();
        }
        ok(call(0, "PUT", "/collections/spread",
                new JsonObject().put("vectors", new JsonObject().put("size", DIM).put("distance", "Euclid"))));
        awaitCollectionOnEveryNode();
        JsonArray batch = new JsonArray();
        for (int i = 0; i < POINTS; i++) {
            batch.add(new JsonObject().put("id", i).put("vector", floats(points[i])).put("payload", new JsonObject().put("i", i)));
        }
        ok(call(1, "PUT", "/collections/spread/points?wait=true", new JsonObject().put("points", batch)));
        List<Long> expected = bruteForceTop10();
        for (int node = 0; node < cluster.size(); node++) {
            assertEquals(expected, searchIds(node), "search through node " + node);
            assertEquals(POINTS, ok(call(node, "POST", "/collections/spread/points/count",
                    new JsonObject().put("exact", true))).getJsonObject("result").getInteger("count"));
        }
        JsonObject point = ok(call(2, "GET", "/collections/spread/points/" + expected.get(0), null));
        assertEquals(expected.get(0).intValue(), point.getJsonObject("result").getJsonObject("payload").getInteger("i"));
    }

    private void awaitCollectionOnEveryNode() throws Exception {
        long t0 = System.nanoTime();
        for (int node = 0; node < cluster.size(); node++) {
            while (call(node, "GET", "/collections/spread", null).statusCode() != 200) {
                assertTrue(System.nanoTime() - t0 < 10_000_000_000L, "node " + node + " never saw the collection");
                Thread.sleep(20);
            }
        }
    }

    @Test
    @Order(4)
    void aRequestInFlightToANodeThatDiesFailsWhenItDiesNotAtItsDeadline() throws Exception {
        int dead = 2;
        String deadKey = key(firstKeyOf(dead));
        cluster.node(dead).pause(); // SIGSTOP: the request reaches it and waits
        java.util.concurrent.CompletableFuture<List<String>> inFlight =
                java.util.concurrent.CompletableFuture.supplyAsync(() -> cli(0, "GET " + deadKey + "\n"));
        Thread.sleep(1000);
        assertTrue(!inFlight.isDone(), "the GET waits for the paused node");
        long t0 = System.nanoTime();
        cluster.node(dead).kill();
        String reply = inFlight.get(60, java.util.concurrent.TimeUnit.SECONDS).get(0);
        System.out.printf("cluster: a request in flight to a node answered CLUSTERDOWN %d ms after the node's SIGKILL%n",
                (System.nanoTime() - t0) / 1_000_000);
        assertTrue(reply.startsWith("CLUSTERDOWN The cluster is down"), "not TIMEOUT after request-timeout (30 s): " + reply);
    }

    @Test
    @Order(5)
    void aKilledNodesKeysAnswerClusterDownAndTheOtherKeysAreServed() throws Exception {
        int dead = 2;
        String deadKey = key(firstKeyOf(dead));
        long t0 = System.nanoTime();
        String reply = "";
        while (System.nanoTime() - t0 < 60_000_000_000L) {
            reply = cli(0, "GET " + deadKey + "\n").get(0);
            if (reply.startsWith("CLUSTERDOWN")) {
                break;
            }
            Thread.sleep(100);
        }
        assertTrue(reply.startsWith("CLUSTERDOWN The cluster is down"), reply);
        assertTrue(reply.contains("127.0.0.1:"), "names the unreachable node: " + reply);
        awaitState("fail");
        assertTrue(cli(0, "CLUSTER INFO\n").contains("cluster_known_nodes:3"));
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
    @Order(6)
    void whileANodeIsAwayASearchAndACollectionsCreationAreRefusedWith503() throws Exception {
        HttpResponse<String> search = call(0, "POST", "/collections/spread/points/search",
                new JsonObject().put("vector", floats(query)).put("limit", 10));
        assertEquals(503, search.statusCode(), search.body());
        assertTrue(new JsonObject(search.body()).getJsonObject("status").getString("error").contains("unreachable"), search.body());
        HttpResponse<String> create = call(1, "PUT", "/collections/other",
                new JsonObject().put("vectors", new JsonObject().put("size", DIM).put("distance", "Dot")));
        assertEquals(503, create.statusCode(), create.body());
        assertTrue(create.body().contains("cannot be created while node 127.0.0.1:"), create.body());
        assertEquals(404, call(0, "GET", "/collections/other", null).statusCode(), "nothing was half created");
    }

    @Test
    @Order(7)
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
        awaitState("ok");
        for (int node = 0; node < cluster.size(); node++) {
            assertEquals(valuesOf(i -> true), cli(node, "MGET" + keysOf(i -> true) + "\n"), "MGET through node " + node);
            assertEquals(bruteForceTop10(), searchIds(node), "search through node " + node);
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
