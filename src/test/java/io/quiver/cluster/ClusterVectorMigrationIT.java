package io.quiver.cluster;

import io.quiver.testing.QuiverCluster;
import io.vertx.core.json.JsonArray;
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
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Collections' points move with their slots, two {@code bin/quiver serve --cluster} processes on
 * loopback: a collection of plain vectors with payloads and one of named dense and sparse vectors;
 * a third node joins (searches run through the nodes all the while), then a node leaves on
 * {@code POST /cluster/leave} while a client updates points. After each change every point reads
 * back through every node as it was (vectors, payloads, named and sparse vectors), counts are
 * whole, and a search answers what brute force over the points answers. Last, every node left is
 * killed and the whole cluster restarted on its data directories: the slot table each node kept
 * there routes to where the join and the leave moved keys and points. The steps build on each
 * other, in order.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ClusterVectorMigrationIT {
    private static final int POINTS = 3000;
    private static final int NAMED_POINTS = 600;
    private static final int DIM = 8;
    private static final int QUERIES = 5;
    private static final int KEYS = 3000;
    private final HttpClient http = HttpClient.newHttpClient();
    private final float[][] vectors = new float[POINTS][];
    private final float[][] queries = new float[QUERIES][];
    private final Random random = new Random(15);
    private QuiverCluster cluster;
    private final Set<Integer> serving = ConcurrentHashMap.newKeySet();
    /** Every point of "named" as the server answered it before anything moved. */
    private JsonArray namedBefore;

    @BeforeAll
    void startCluster() throws Exception {
        cluster = QuiverCluster.start(2, 2, "--request-timeout", "30s", "--cluster-node-timeout", "10s");
        serving.addAll(List.of(0, 1));
        for (int i = 0; i < POINTS; i++) {
            vectors[i] = randomVector(DIM);
        }
        for (int q = 0; q < QUERIES; q++) {
            queries[q] = randomVector(DIM);
        }
        ok(call(0, "PUT", "/collections/plain",
                new JsonObject().put("vectors", new JsonObject().put("size", DIM).put("distance", "Euclid"))));
        ok(call(0, "PUT", "/collections/named", new JsonObject()
                .put("vectors", new JsonObject().put("img", new JsonObject().put("size", 4).put("distance", "Cosine")))
                .put("sparse_vectors", new JsonObject().put("words", new JsonObject()))));
        awaitCollectionsOnEveryNode();
        for (int from = 0; from < POINTS; from += 500) {
            JsonArray batch = new JsonArray();
            for (int i = from; i < from + 500; i++) {
                batch.add(new JsonObject().put("id", i).put("vector", floats(vectors[i])).put("payload", new JsonObject().put("i", i)));
            }
            ok(call(1, "PUT", "/collections/plain/points?wait=true", new JsonObject().put("points", batch)));
        }
        JsonArray named = new JsonArray();
        for (int i = 0; i < NAMED_POINTS; i++) {
            named.add(new JsonObject().put("id", i).put("payload", new JsonObject().put("tag", "t" + (i % 7)))
                    .put("vector", new JsonObject().put("img", floats(randomVector(4)))
                            .put("words", new JsonObject().put("indices", new JsonArray().add(i % 50).add(100 + i % 13))
                                    .put("values", new JsonArray().add(0.5 + (i % 5)).add(1.25)))));
        }
        ok(call(0, "PUT", "/collections/named/points?wait=true", new JsonObject().put("points", named)));
        namedBefore = retrieveAll(0, "named", NAMED_POINTS);
        assertEquals(NAMED_POINTS, namedBefore.size());
        try (io.quiver.cli.RespClient c = cluster.node(0).client()) {
            List<String> mset = new ArrayList<>(List.of("MSET"));
            for (int i = 0; i < KEYS; i++) {
                mset.add("key:" + i);
                mset.add("value:" + i);
            }
            assertEquals(new io.quiver.cli.RespClient.Status("OK"), c.call(mset.toArray(String[]::new)));
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
    void aNodeJoiningTakesItsShareOfThePointsAndSearchesDuringTheMoveAnswerAsBruteForce() throws Exception {
        AtomicBoolean stop = new AtomicBoolean();
        AtomicLong answered = new AtomicLong(), retried = new AtomicLong();
        List<String> wrong = java.util.Collections.synchronizedList(new ArrayList<>());
        Thread searcher = new Thread(() -> {
            int n = 0;
            while (!stop.get()) {
                int node = n++ % 2;
                int q = n % QUERIES;
                try {
                    HttpResponse<String> r = search(node, queries[q]);
                    if (r.statusCode() == 503) {
                        retried.incrementAndGet(); // TRYAGAIN: the read found the table changing for longer than its timeout
                        continue;
                    }
                    List<Long> got = ids(new JsonObject(r.body()));
                    if (!got.equals(bruteForceTop10(queries[q]))) {
                        wrong.add("through node " + node + ": " + got + " instead of " + bruteForceTop10(queries[q]));
                    }
                    HttpResponse<String> c = call(node, "POST", "/collections/plain/points/count", new JsonObject().put("exact", true));
                    if (c.statusCode() == 200 && new JsonObject(c.body()).getJsonObject("result").getInteger("count") != POINTS) {
                        wrong.add("count through node " + node + ": " + c.body());
                    }
                    answered.incrementAndGet();
                } catch (Exception e) {
                    wrong.add(e.toString());
                }
            }
        }, "searcher");
        searcher.start();
        long t0 = System.nanoTime();
        int joined;
        try {
            joined = cluster.join();
            serving.add(joined);
            awaitSettled(joined, 3);
        } finally {
            stop.set(true);
            searcher.join(60_000);
        }
        System.out.printf("cluster: a node joined with %d + %d points in collections, slots and points moved %d ms after "
                        + "its start; %d searches answered meanwhile, %d answered 503%n", POINTS, NAMED_POINTS,
                (System.nanoTime() - t0) / 1_000_000, answered.get(), retried.get());
        printMoves(cluster.node(joined).output());
        assertEquals(List.of(), wrong, "searches and counts while the points moved");
        assertTrue(answered.get() > 0, "searches were answered during the move");
        assertTrue(pointsMovedBy(cluster.node(joined).output()) > 0, cluster.node(joined).output());
        assertEveryPointThroughEveryServingNode();
    }

    @Test
    @Order(2)
    void aNodeLeavingHandsItsPointsOverAndWritesToThemMeanwhileAreKept() throws Exception {
        int leaver = 0;
        serving.remove(leaver);
        AtomicBoolean stop = new AtomicBoolean();
        AtomicLong refused = new AtomicLong();
        List<String> failed = java.util.Collections.synchronizedList(new ArrayList<>());
        Map<Integer, float[]> written = new ConcurrentHashMap<>();
        Thread writer = new Thread(() -> {
            Random r = new Random(16);
            while (!stop.get()) {
                int id = r.nextInt(200);
                float[] v = randomVector(DIM, r);
                try {
                    HttpResponse<String> res = call(1 + r.nextInt(2), "PUT", "/collections/plain/points?wait=true",
                            new JsonObject().put("points", new JsonArray().add(new JsonObject().put("id", id)
                                    .put("vector", floats(v)).put("payload", new JsonObject().put("i", id)))));
                    if (res.statusCode() == 503) {
                        refused.incrementAndGet(); // TRYAGAIN: its point was being copied to its new owner
                    } else if (res.statusCode() == 200) {
                        written.put(id, v);
                    } else {
                        failed.add(res.statusCode() + " " + res.body());
                    }
                } catch (Exception e) {
                    failed.add(e.toString());
                }
            }
        }, "writer");
        writer.start();
        long t0 = System.nanoTime();
        try {
            HttpResponse<String> left = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:"
                            + cluster.node(leaver).httpPort() + "/cluster/leave")).POST(HttpRequest.BodyPublishers.noBody()).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(200, left.statusCode(), left.body());
            assertTrue(cluster.node(leaver).awaitExit(60), "the node exits after handing its slots over");
            assertEquals(0, cluster.node(leaver).exitCode());
        } finally {
            stop.set(true);
            writer.join(60_000);
        }
        System.out.printf("cluster: a node left with its points in %d ms; %d upserts acknowledged meanwhile, %d answered "
                + "503%n", (System.nanoTime() - t0) / 1_000_000, written.size(), refused.get());
        printMoves(cluster.node(leaver).output());
        assertEquals(List.of(), failed, "upserts while the node left");
        written.forEach((id, v) -> vectors[id] = v);
        awaitSettled(1, 2);
        assertTrue(pointsMovedBy(cluster.node(leaver).output()) > 0, cluster.node(leaver).output());
        assertEveryPointThroughEveryServingNode();
    }

    @Test
    @Order(3)
    void aWholeClusterRestartedAfterTheMovesFindsEveryKeyAndPointWhereTheyMoved() throws Exception {
        Thread.sleep(2000); // the logs' once-a-second fsync (appendfsync everysec)
        List<Integer> nodes = new ArrayList<>(new TreeSet<>(serving));
        for (int node : nodes) {
            cluster.node(node).kill();
        }
        List<Thread> starts = new ArrayList<>();
        List<String> failed = java.util.Collections.synchronizedList(new ArrayList<>());
        for (int node : nodes) {
            Thread t = new Thread(() -> {
                try {
                    cluster.restart(node);
                } catch (Exception e) {
                    failed.add("node " + node + ": " + e);
                }
            });
            t.start();
            starts.add(t);
        }
        for (Thread t : starts) {
            t.join(300_000);
        }
        assertEquals(List.of(), failed, "every node starts again");
        awaitSettled(nodes.get(0), 2);
        for (int node : nodes) {
            long t0 = System.nanoTime();
            while (true) { // until the node's shards answer (a node starting later is away meanwhile)
                HttpResponse<String> r = call(node, "POST", "/collections/plain/points/count", new JsonObject().put("exact", true));
                if (r.statusCode() == 200) {
                    break;
                }
                assertTrue(System.nanoTime() - t0 < 60_000_000_000L, "node " + node + ": " + r.body());
                Thread.sleep(100);
            }
            try (io.quiver.cli.RespClient c = cluster.node(node).client()) {
                List<String> mget = new ArrayList<>(List.of("MGET"));
                for (int i = 0; i < KEYS; i++) {
                    mget.add("key:" + i);
                }
                List<?> values = (List<?>) c.call(mget.toArray(String[]::new));
                for (int i = 0; i < KEYS; i++) {
                    Object v = values.get(i);
                    assertEquals("value:" + i, v == null ? null : new String((byte[]) v, java.nio.charset.StandardCharsets.UTF_8),
                            "key:" + i + " through node " + node);
                }
            }
        }
        assertTrue(nodes.stream().anyMatch(n -> cluster.node(n).output().contains("kept copy")),
                "the table came from a node's data directory");
        assertEveryPointThroughEveryServingNode();
    }

    /** Every point of both collections through every serving node; counts; searches against brute force. */
    private void assertEveryPointThroughEveryServingNode() throws Exception {
        for (int node : new TreeSet<>(serving)) {
            JsonArray plain = retrieveAll(node, "plain", POINTS);
            assertEquals(POINTS, plain.size(), "points of plain through node " + node);
            for (Object o : plain) {
                JsonObject p = (JsonObject) o;
                int id = p.getInteger("id");
                assertEquals(id, p.getJsonObject("payload").getInteger("i"), "payload of " + id + " through node " + node);
                JsonArray v = p.getJsonArray("vector");
                for (int k = 0; k < DIM; k++) {
                    assertEquals(vectors[id][k], v.getFloat(k), 0f, "vector of " + id + " through node " + node);
                }
            }
            assertEquals(namedBefore, retrieveAll(node, "named", NAMED_POINTS), "points of named through node " + node);
            for (String c : List.of("plain", "named")) {
                assertEquals(c.equals("plain") ? POINTS : NAMED_POINTS, ok(call(node, "POST", "/collections/" + c + "/points/count",
                        new JsonObject().put("exact", true))).getJsonObject("result").getInteger("count"), c + " through node " + node);
            }
            for (float[] q : queries) {
                assertEquals(bruteForceTop10(q), ids(ok(search(node, q))), "search through node " + node);
            }
        }
    }

    private static void printMoves(String log) {
        log.lines().filter(l -> l.contains("points in") && l.contains("cluster:")).forEach(l -> System.out.println("  " + l.substring(l.indexOf("cluster:"))));
    }

    /** Points moved, as a node's log counts them ("... keys and N points in ..."), over all its moves. */
    private static long pointsMovedBy(String log) {
        Matcher m = Pattern.compile("keys and (\\d+) points in").matcher(log);
        long n = 0;
        while (m.find()) {
            n += Long.parseLong(m.group(1));
        }
        return n;
    }

    private JsonArray retrieveAll(int node, String collection, int n) throws Exception {
        JsonArray ids = new JsonArray();
        for (int i = 0; i < n; i++) {
            ids.add(i);
        }
        JsonArray got = ok(call(node, "POST", "/collections/" + collection + "/points", new JsonObject().put("ids", ids)
                .put("with_vector", true).put("with_payload", true))).getJsonArray("result");
        List<JsonObject> sorted = new ArrayList<>();
        got.forEach(o -> sorted.add((JsonObject) o));
        sorted.sort((a, b) -> Long.compare(a.getLong("id"), b.getLong("id")));
        return new JsonArray(new ArrayList<>(sorted));
    }

    private HttpResponse<String> search(int node, float[] q) throws Exception {
        return call(node, "POST", "/collections/plain/points/search", new JsonObject().put("vector", floats(q))
                .put("limit", 10).put("params", new JsonObject().put("exact", true)));
    }

    private static List<Long> ids(JsonObject body) {
        List<Long> ids = new ArrayList<>();
        for (Object o : body.getJsonArray("result")) {
            ids.add(((JsonObject) o).getLong("id"));
        }
        return ids;
    }

    /** Ids of the 10 nearest points to {@code q} by Euclidean distance, computed here. */
    private List<Long> bruteForceTop10(float[] q) {
        Integer[] order = new Integer[POINTS];
        double[] d = new double[POINTS];
        for (int i = 0; i < POINTS; i++) {
            order[i] = i;
            for (int k = 0; k < DIM; k++) {
                d[i] += (vectors[i][k] - q[k]) * (vectors[i][k] - q[k]);
            }
        }
        Arrays.sort(order, (a, b) -> Double.compare(d[a], d[b]));
        List<Long> out = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            out.add((long) order[i]);
        }
        return out;
    }

    private float[] randomVector(int dim) {
        return randomVector(dim, random);
    }

    private static float[] randomVector(int dim, Random r) {
        float[] v = new float[dim];
        for (int k = 0; k < dim; k++) {
            v[k] = r.nextFloat();
        }
        return v;
    }

    private static JsonArray floats(float[] v) {
        JsonArray a = new JsonArray();
        for (float f : v) {
            a.add(f);
        }
        return a;
    }

    private HttpResponse<String> call(int node, String method, String path, JsonObject body) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + cluster.node(node).httpPort() + path))
                .header("Content-Type", "application/json");
        b.method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body.encode()));
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static JsonObject ok(HttpResponse<String> r) {
        assertEquals(200, r.statusCode(), r.body());
        return new JsonObject(r.body());
    }

    private void awaitCollectionsOnEveryNode() throws Exception {
        long t0 = System.nanoTime();
        for (int node = 0; node < cluster.size(); node++) {
            for (String c : List.of("plain", "named")) {
                while (call(node, "GET", "/collections/" + c, null).statusCode() != 200) {
                    assertTrue(System.nanoTime() - t0 < 10_000_000_000L, "node " + node + " never saw " + c);
                    Thread.sleep(20);
                }
            }
        }
    }

    /** Until {@code node}'s view shows no migration and {@code owners} nodes owning every slot, evenly. */
    private void awaitSettled(int node, int owners) throws Exception {
        long t0 = System.nanoTime();
        while (true) {
            JsonObject c = ok(call(node, "GET", "/cluster", null)).getJsonObject("result");
            JsonObject peers = c.getJsonObject("peers");
            List<Integer> slots = new ArrayList<>();
            for (String id : peers.fieldNames()) {
                int n = peers.getJsonObject(id).getInteger("slots");
                if (n > 0) {
                    slots.add(n);
                }
            }
            int min = slots.stream().mapToInt(i -> i).min().orElse(0);
            int max = slots.stream().mapToInt(i -> i).max().orElse(0);
            if (c.getJsonObject("raft_info").getInteger("pending_operations") == 0 && slots.size() == owners
                    && max - min <= 1 && slots.stream().mapToInt(i -> i).sum() == 16384) {
                return;
            }
            assertTrue(System.nanoTime() - t0 < 180_000_000_000L, "the slots never settled over " + owners + " nodes: " + c.encode());
            Thread.sleep(100);
        }
    }
}
