package io.quiver.http;

import io.quiver.testing.TestServer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Named dense vectors and sparse vectors through Qdrant's REST shapes, on a 3-shard server. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class QdrantNamedVectorsTest {
    private TestServer server;

    @BeforeAll
    void start() {
        server = TestServer.start(3);
    }

    @AfterAll
    void stop() {
        server.close();
    }

    private void createNamed(String name) {
        server.ok("DELETE", "/collections/" + name, null);
        server.ok("PUT", "/collections/" + name, new JsonObject()
                .put("vectors", new JsonObject()
                        .put("image", new JsonObject().put("size", 2).put("distance", "Dot"))
                        .put("text", new JsonObject().put("size", 3).put("distance", "Euclid")))
                .put("sparse_vectors", new JsonObject().put("words", new JsonObject())));
    }

    private void upsert(String name, JsonObject... points) {
        server.ok("PUT", "/collections/" + name + "/points?wait=true", new JsonObject().put("points", new JsonArray(List.of((Object[]) points))));
    }

    private static JsonObject sparse(int[] idx, double[] val) {
        JsonArray i = new JsonArray(), v = new JsonArray();
        for (int k = 0; k < idx.length; k++) {
            i.add(idx[k]);
            v.add(val[k]);
        }
        return new JsonObject().put("indices", i).put("values", v);
    }

    private JsonArray query(String name, JsonObject body) {
        return server.ok("POST", "/collections/" + name + "/points/query", body).json()
                .getJsonObject("result").getJsonArray("points");
    }

    private JsonObject point(String name, long id) {
        return server.ok("GET", "/collections/" + name + "/points/" + id, null).json().getJsonObject("result");
    }

    @Test
    void eachNamedVectorIsSearchedInItsOwnSpaceWithItsOwnMetric() {
        createNamed("named");
        upsert("named",
                new JsonObject().put("id", 1).put("vector", new JsonObject().put("image", new JsonArray("[1, 0]")).put("text", new JsonArray("[0, 0, 0]"))),
                new JsonObject().put("id", 2).put("vector", new JsonObject().put("image", new JsonArray("[0, 1]")).put("text", new JsonArray("[5, 5, 5]"))),
                new JsonObject().put("id", 3).put("vector", new JsonObject().put("text", new JsonArray("[1, 1, 1]"))));
        JsonArray byImage = query("named", new JsonObject().put("query", new JsonArray("[0.1, 2]")).put("using", "image"));
        assertEquals(2, byImage.size(), "point 3 has no image vector");
        assertEquals(2L, byImage.getJsonObject(0).getLong("id"));
        assertEquals(2.0, byImage.getJsonObject(0).getDouble("score"), 1e-6);
        JsonArray byText = query("named", new JsonObject().put("query", new JsonArray("[1, 1, 1]")).put("using", "text").put("limit", 3));
        assertEquals(List.of(3L, 1L, 2L), ids(byText));
        assertEquals(0.0, byText.getJsonObject(0).getDouble("score"), 1e-6);
        assertEquals(Math.sqrt(3), byText.getJsonObject(1).getDouble("score"), 1e-5);
    }

    @Test
    void withVectorShowsAllOrTheNamedOnesAndUnknownNamesAreRefusedInQdrantsWords() {
        createNamed("selector");
        upsert("selector", new JsonObject().put("id", 7).put("vector", new JsonObject()
                .put("image", new JsonArray("[1, 2]")).put("words", sparse(new int[]{9, 3}, new double[]{0.5, 0.25}))));
        JsonObject all = point("selector", 7).getJsonObject("vector");
        assertEquals(new JsonArray("[1.0, 2.0]"), all.getJsonArray("image"));
        assertEquals(new JsonObject("{\"indices\": [3, 9], \"values\": [0.25, 0.5]}"), all.getJsonObject("words"));
        assertFalse(all.containsKey("text"), "the point has no text vector");
        JsonObject some = server.ok("POST", "/collections/selector/points", new JsonObject().put("ids", new JsonArray("[7]"))
                .put("with_vector", new JsonArray("[\"words\"]"))).json().getJsonArray("result").getJsonObject(0);
        assertEquals(List.of("words"), new ArrayList<>(some.getJsonObject("vector").fieldNames()));
        TestServer.Reply bad = server.postJson("/collections/selector/points", new JsonObject().put("ids", new JsonArray("[7]"))
                .put("with_vector", new JsonArray("[\"nope\"]")));
        assertEquals(400, bad.status());
        assertEquals("Wrong input: Not existing vector name error: nope", bad.error());
    }

    @Test
    void aVectorOfTheWrongNameOrSizeChangesNothing() {
        createNamed("wrong");
        TestServer.Reply r = server.putJson("/collections/wrong/points", new JsonObject().put("points", new JsonArray()
                .add(new JsonObject().put("id", 1).put("vector", new JsonObject().put("image", new JsonArray("[1, 2]"))))
                .add(new JsonObject().put("id", 2).put("vector", new JsonObject().put("image", new JsonArray("[1, 2, 3]"))))));
        assertEquals(400, r.status());
        assertEquals("Wrong input: Vector dimension error: expected dim: 2, got 3", r.error());
        r = server.putJson("/collections/wrong/points", new JsonObject().put("points", new JsonArray()
                .add(new JsonObject().put("id", 1).put("vector", new JsonObject().put("audio", new JsonArray("[1]"))))));
        assertEquals("Wrong input: Not existing vector name error: audio", r.error());
        assertEquals(0L, server.ok("POST", "/collections/wrong/points/count", new JsonObject()).json()
                .getJsonObject("result").getLong("count"));
    }

    @Test
    void updatingAndDeletingOneVectorKeepsThePointsOtherVectors() {
        createNamed("partial");
        upsert("partial", new JsonObject().put("id", 1).put("payload", new JsonObject().put("k", "v")).put("vector", new JsonObject()
                .put("image", new JsonArray("[1, 2]")).put("text", new JsonArray("[1, 2, 3]"))));
        server.ok("PUT", "/collections/partial/points/vectors", new JsonObject().put("points", new JsonArray()
                .add(new JsonObject().put("id", 1).put("vector", new JsonObject().put("image", new JsonArray("[3, 4]"))))));
        JsonObject p = point("partial", 1);
        assertEquals(new JsonArray("[3.0, 4.0]"), p.getJsonObject("vector").getJsonArray("image"));
        assertEquals(new JsonArray("[1.0, 2.0, 3.0]"), p.getJsonObject("vector").getJsonArray("text"));
        assertEquals("v", p.getJsonObject("payload").getString("k"));
        server.ok("POST", "/collections/partial/points/vectors/delete", new JsonObject()
                .put("points", new JsonArray("[1]")).put("vector", new JsonArray("[\"image\"]")));
        p = point("partial", 1);
        assertNull(p.getJsonObject("vector").getValue("image"));
        assertEquals(0, query("partial", new JsonObject().put("query", new JsonArray("[1, 1]")).put("using", "image")).size());
        TestServer.Reply missing = server.sendJson("PUT", "/collections/partial/points/vectors", new JsonObject().put("points", new JsonArray()
                .add(new JsonObject().put("id", 99).put("vector", new JsonObject().put("image", new JsonArray("[3, 4]"))))));
        assertEquals(404, missing.status());
    }

    @Test
    void sparseSearchIsTheExactDotProductOverPointsSharingATerm() {
        createNamed("sparse");
        Random rnd = new Random(13);
        Map<Long, Map<Integer, Double>> docs = new HashMap<>();
        List<JsonObject> points = new ArrayList<>();
        for (long id = 0; id < 200; id++) {
            Map<Integer, Double> d = new HashMap<>();
            int n = 1 + rnd.nextInt(6);
            while (d.size() < n) {
                d.put(rnd.nextInt(40), (double) Math.round(rnd.nextDouble() * 100) / 100);
            }
            docs.put(id, d);
            int[] idx = d.keySet().stream().mapToInt(Integer::intValue).toArray();
            double[] val = new double[idx.length];
            for (int k = 0; k < idx.length; k++) {
                val[k] = d.get(idx[k]);
            }
            points.add(new JsonObject().put("id", id).put("vector", new JsonObject().put("words", sparse(idx, val))));
        }
        upsert("sparse", points.toArray(new JsonObject[0]));
        int[] q = {3, 17, 22};
        double[] qv = {1.0, 0.5, 2.0};
        List<Map.Entry<Long, Double>> expected = new ArrayList<>();
        for (Map.Entry<Long, Map<Integer, Double>> e : docs.entrySet()) {
            double s = 0;
            boolean shares = false;
            for (int k = 0; k < q.length; k++) {
                Double w = e.getValue().get(q[k]);
                if (w != null) {
                    s += (float) (qv[k] * w);
                    shares = true;
                }
            }
            if (shares) {
                expected.add(Map.entry(e.getKey(), s));
            }
        }
        expected.sort(Comparator.<Map.Entry<Long, Double>>comparingDouble(Map.Entry::getValue).reversed()
                .thenComparing(Map.Entry::getKey));
        JsonArray got = query("sparse", new JsonObject().put("query", sparse(q, qv)).put("using", "words").put("limit", 500));
        assertEquals(expected.size(), got.size(), "every point sharing a term, and none other");
        for (int i = 0; i < got.size(); i++) {
            assertEquals(expected.get(i).getValue(), got.getJsonObject(i).getDouble("score"), 1e-4, "rank " + i);
        }
        assertEquals(expected.get(0).getKey(), got.getJsonObject(0).getLong("id"));
        // the older search endpoint takes a NamedSparseVector
        JsonArray viaSearch = server.ok("POST", "/collections/sparse/points/search", new JsonObject().put("limit", 3)
                .put("vector", new JsonObject().put("name", "words").put("vector", sparse(q, qv)))).json().getJsonArray("result");
        assertEquals(got.getJsonObject(0).getLong("id"), viaSearch.getJsonObject(0).getLong("id"));
    }

    @Test
    void theIdfModifierWeighsRareTermsByTheirFrequencyAcrossAllShards() {
        server.ok("DELETE", "/collections/idf", null);
        server.ok("PUT", "/collections/idf", new JsonObject().put("sparse_vectors",
                new JsonObject().put("w", new JsonObject().put("modifier", "idf"))));
        List<JsonObject> points = new ArrayList<>();
        for (long id = 0; id < 30; id++) { // term 1 in every point, term 2 in points 0 and 1 only
            points.add(new JsonObject().put("id", id).put("vector", new JsonObject().put("w",
                    id < 2 ? sparse(new int[]{1, 2}, new double[]{1, 1}) : sparse(new int[]{1}, new double[]{1}))));
        }
        upsert("idf", points.toArray(new JsonObject[0]));
        JsonArray got = query("idf", new JsonObject().put("query", sparse(new int[]{1, 2}, new double[]{1, 1}))
                .put("using", "w").put("limit", 3));
        double idf1 = Math.log((30 - 30 + 0.5) / (30 + 0.5) + 1), idf2 = Math.log((30 - 2 + 0.5) / (2 + 0.5) + 1);
        assertEquals(idf1 + idf2, got.getJsonObject(0).getDouble("score"), 1e-5);
        assertEquals(idf1, got.getJsonObject(2).getDouble("score"), 1e-5);
        assertTrue(got.getJsonObject(0).getLong("id") < 2);
    }

    @Test
    void theUnnamedVectorIsOptionalBesideSparseOnesAndShownPlainWhenAlone() {
        server.ok("DELETE", "/collections/mixed", null);
        server.ok("PUT", "/collections/mixed", new JsonObject().put("vectors", new JsonObject().put("size", 2).put("distance", "Dot"))
                .put("sparse_vectors", new JsonObject().put("s", new JsonObject())));
        upsert("mixed", new JsonObject().put("id", 1).put("vector", new JsonArray("[1, 1]")),
                new JsonObject().put("id", 2).put("vector", new JsonObject().put("s", sparse(new int[]{4}, new double[]{1}))));
        assertEquals(new JsonArray("[1.0, 1.0]"), point("mixed", 1).getJsonArray("vector"));
        assertEquals(List.of("s"), new ArrayList<>(point("mixed", 2).getJsonObject("vector").fieldNames()));
        JsonArray dense = server.ok("POST", "/collections/mixed/points/search", new JsonObject().put("vector", new JsonArray("[1, 0]")))
                .json().getJsonArray("result");
        assertEquals(List.of(1L), ids(dense), "only point 1 has the unnamed vector");
        JsonObject params = server.ok("GET", "/collections/mixed", null).json().getJsonObject("result")
                .getJsonObject("config").getJsonObject("params");
        assertEquals(2, params.getJsonObject("vectors").getInteger("size"));
        assertTrue(params.getJsonObject("sparse_vectors").containsKey("s"));
    }

    /** 60 points with a 3-d dense "d" (Dot) and a sparse "s" vector; returns them for the references. */
    private Map<Long, Object[]> hybridCollection(String name) {
        server.ok("DELETE", "/collections/" + name, null);
        server.ok("PUT", "/collections/" + name, new JsonObject()
                .put("vectors", new JsonObject().put("d", new JsonObject().put("size", 3).put("distance", "Dot")))
                .put("sparse_vectors", new JsonObject().put("s", new JsonObject())));
        Random rnd = new Random(7);
        Map<Long, Object[]> docs = new HashMap<>();
        List<JsonObject> points = new ArrayList<>();
        for (long id = 0; id < 60; id++) {
            float[] d = {rnd.nextFloat() - 0.5f, rnd.nextFloat() - 0.5f, rnd.nextFloat() - 0.5f};
            int[] idx = {rnd.nextInt(10), 10 + rnd.nextInt(10)};
            double[] val = {rnd.nextFloat(), rnd.nextFloat()};
            docs.put(id, new Object[]{d, idx, val});
            points.add(new JsonObject().put("id", id).put("vector", new JsonObject()
                    .put("d", new JsonArray().add(d[0]).add(d[1]).add(d[2])).put("s", sparse(idx, val))));
        }
        upsert(name, points.toArray(new JsonObject[0]));
        return docs;
    }

    private static double denseScore(Object[] doc, float[] q) {
        float[] d = (float[]) doc[0];
        return d[0] * q[0] + d[1] * q[1] + d[2] * q[2];
    }

    private static double sparseScore(Object[] doc, int term, float w) {
        int[] idx = (int[]) doc[1];
        double[] val = (double[]) doc[2];
        double s = 0;
        for (int i = 0; i < idx.length; i++) {
            s += idx[i] == term ? (float) val[i] * w : 0;
        }
        return s;
    }

    /** Ids by score, best first, ties by id; points with a null score are left out. */
    private static List<Long> ranked(Map<Long, Double> scores, int limit) {
        return scores.entrySet().stream().filter(e -> e.getValue() != null)
                .sorted(Comparator.<Map.Entry<Long, Double>>comparingDouble(Map.Entry::getValue).reversed()
                        .thenComparing(Map.Entry::getKey))
                .limit(limit).map(Map.Entry::getKey).toList();
    }

    @Test
    void denseAndSparsePrefetchesFusedByRrfEqualTheBruteForceFusion() {
        Map<Long, Object[]> docs = hybridCollection("hybrid");
        float[] dq = {0.3f, -0.2f, 0.9f};
        Map<Long, Double> dense = new HashMap<>(), sparseScores = new HashMap<>();
        docs.forEach((id, doc) -> {
            dense.put(id, denseScore(doc, dq));
            double s = sparseScore(doc, 4, 1f);
            if (s != 0) {
                sparseScores.put(id, s);
            }
        });
        List<Long> a = ranked(dense, 15), b = ranked(sparseScores, 15);
        Map<Long, Double> fused = new HashMap<>();
        for (List<Long> list : List.of(a, b)) {
            for (int rank = 0; rank < list.size(); rank++) {
                fused.merge(list.get(rank), 1.0 / (rank + 2), Double::sum); // Qdrant's RRF, k = 2
            }
        }
        List<Long> expected = ranked(fused, 8);
        JsonArray got = query("hybrid", new JsonObject()
                .put("prefetch", new JsonArray()
                        .add(new JsonObject().put("query", new JsonArray().add(dq[0]).add(dq[1]).add(dq[2])).put("using", "d").put("limit", 15))
                        .add(new JsonObject().put("query", sparse(new int[]{4}, new double[]{1})).put("using", "s").put("limit", 15)))
                .put("query", new JsonObject().put("fusion", "rrf")).put("limit", 8));
        assertEquals(expected, ids(got));
        assertEquals(fused.get(expected.get(0)), got.getJsonObject(0).getDouble("score"), 1e-6);
    }

    @Test
    void aNearestQueryOverPrefetchesRescoresOnlyTheirPoints() {
        Map<Long, Object[]> docs = hybridCollection("rescore");
        Map<Long, Double> sparseScores = new HashMap<>();
        docs.forEach((id, doc) -> {
            double s = sparseScore(doc, 12, 1f);
            if (s != 0) {
                sparseScores.put(id, s);
            }
        });
        List<Long> candidates = ranked(sparseScores, 5);
        float[] dq = {1, 0, 0};
        Map<Long, Double> rescored = new HashMap<>();
        for (long id : candidates) {
            rescored.put(id, denseScore(docs.get(id), dq));
        }
        JsonArray got = query("rescore", new JsonObject()
                .put("prefetch", new JsonObject().put("query", sparse(new int[]{12}, new double[]{1})).put("using", "s").put("limit", 5))
                .put("query", new JsonArray("[1, 0, 0]")).put("using", "d").put("limit", 3).put("with_payload", true));
        assertEquals(ranked(rescored, 3), ids(got));
        TestServer.Reply noQuery = server.postJson("/collections/rescore/points/query", new JsonObject()
                .put("prefetch", new JsonObject().put("query", new JsonArray("[1, 0, 0]")).put("using", "d")));
        assertEquals(400, noQuery.status());
        assertTrue(noQuery.error().contains("A query is needed to merge the prefetches"), noQuery.text());
        TestServer.Reply fusionUsing = server.postJson("/collections/rescore/points/query", new JsonObject()
                .put("prefetch", new JsonObject().put("query", new JsonArray("[1, 0, 0]")).put("using", "d"))
                .put("query", new JsonObject().put("fusion", "rrf")).put("using", "d"));
        assertEquals("Bad request: Fusion queries cannot be combined with the 'using' field.", fusionUsing.error());
    }

    @Test
    void multivectorsAreScoredByMaxSimAsABruteForceReferenceComputesIt() {
        server.ok("DELETE", "/collections/colbert", null);
        server.ok("PUT", "/collections/colbert", new JsonObject().put("vectors", new JsonObject()
                .put("m", new JsonObject().put("size", 2).put("distance", "Dot")
                        .put("multivector_config", new JsonObject().put("comparator", "max_sim")))
                .put("d", new JsonObject().put("size", 2).put("distance", "Dot"))));
        Random rnd = new Random(3);
        Map<Long, float[][]> docs = new HashMap<>();
        List<JsonObject> points = new ArrayList<>();
        for (long id = 0; id < 40; id++) {
            float[][] rows = new float[1 + rnd.nextInt(4)][];
            JsonArray json = new JsonArray();
            for (int r = 0; r < rows.length; r++) {
                rows[r] = new float[]{rnd.nextFloat() - 0.5f, rnd.nextFloat() - 0.5f};
                json.add(new JsonArray().add(rows[r][0]).add(rows[r][1]));
            }
            docs.put(id, rows);
            points.add(new JsonObject().put("id", id).put("vector", new JsonObject().put("m", json)));
        }
        upsert("colbert", points.toArray(new JsonObject[0]));
        float[][] q = {{1, 0}, {0.2f, -1}};
        Map<Long, Double> expected = new HashMap<>();
        docs.forEach((id, rows) -> {
            double sum = 0;
            for (float[] qr : q) {
                double best = Double.NEGATIVE_INFINITY;
                for (float[] r : rows) {
                    best = Math.max(best, qr[0] * r[0] + qr[1] * r[1]);
                }
                sum += best;
            }
            expected.put(id, sum);
        });
        JsonArray got = query("colbert", new JsonObject().put("query", new JsonArray("[[1, 0], [0.2, -1]]")).put("using", "m").put("limit", 5));
        assertEquals(ranked(expected, 5), ids(got));
        assertEquals(expected.get(ids(got).get(0)), got.getJsonObject(0).getDouble("score"), 1e-5);
        assertEquals(docs.get(3L).length, point("colbert", 3).getJsonObject("vector").getJsonArray("m").size());
        TestServer.Reply single = server.putJson("/collections/colbert/points", new JsonObject().put("points", new JsonArray()
                .add(new JsonObject().put("id", 1).put("vector", new JsonObject().put("d", new JsonArray("[[1, 2]]"))))));
        assertEquals(400, single.status(), "a plain vector is one vector, not a matrix");
        upsert("colbert", new JsonObject().put("id", 100).put("vector", new JsonObject().put("m", new JsonArray("[0.5, 0.5]"))));
        assertEquals(new JsonArray("[[0.5, 0.5]]"), point("colbert", 100).getJsonObject("vector").getJsonArray("m"),
                "one vector for a multivector space is a matrix of one row, as in Qdrant");
    }

    @Test
    void distanceMultivectorsSumEachQueryRowsBestDistanceAsQdrantDoes() {
        // Qdrant sums minus squared (Euclid) or Manhattan distances, then reports the square root / the absolute value
        JsonArray query = new JsonArray("[[1, 2, 3], [3, 3, 3], [4, 5, 6]]");
        for (String distance : List.of("Euclid", "Manhattan")) {
            String name = "multi_" + distance.toLowerCase();
            server.ok("DELETE", "/collections/" + name, null);
            server.ok("PUT", "/collections/" + name, new JsonObject().put("vectors", new JsonObject()
                    .put("m", new JsonObject().put("size", 3).put("distance", distance)
                            .put("multivector_config", new JsonObject().put("comparator", "max_sim")))));
            upsert(name, new JsonObject().put("id", 1).put("vector", new JsonObject().put("m", query)),
                    new JsonObject().put("id", 2).put("vector", new JsonObject().put("m", new JsonArray("[[3, 3, 3], [4, 2, 1]]"))));
            JsonArray got = query(name, new JsonObject().put("query", query).put("using", "m").put("limit", 10));
            assertEquals(List.of(1L, 2L), ids(got), distance + ": the nearer point first");
            assertEquals(0.0, got.getJsonObject(0).getDouble("score"), 1e-6, distance);
            // best per query row against (3,3,3),(4,2,1): squared 5, 0, 14; Manhattan 3, 0, 6
            assertEquals(distance.equals("Euclid") ? Math.sqrt(19) : 9, got.getJsonObject(1).getDouble("score"), 1e-5, distance);
        }
    }

    @Test
    void aSparseVectorsShapeErrorIsQdrantsValidationErrorAndWritesNothing() {
        createNamed("sparse_shape");
        TestServer.Reply lengths = server.putJson("/collections/sparse_shape/points", new JsonObject().put("points", new JsonArray()
                .add(new JsonObject().put("id", 1).put("vector", new JsonObject().put("words", new JsonObject()
                        .put("indices", new JsonArray("[1, 5]")).put("values", new JsonArray("[0.1, 0.2, 0.3]")))))));
        assertEquals(422, lengths.status(), lengths.text());
        assertTrue(lengths.error().contains("points[0].vector.?.values: Validation error: must be the same length as indices"), lengths.text());
        TestServer.Reply repeated = server.putJson("/collections/sparse_shape/points", new JsonObject().put("points", new JsonArray()
                .add(new JsonObject().put("id", 1).put("vector", new JsonObject().put("words", sparse(new int[]{5, 5}, new double[]{0.1, 0.2}))))));
        assertEquals(422, repeated.status(), repeated.text());
        assertTrue(repeated.error().contains("points[0].vector.?.indices: Validation error: must be unique"), repeated.text());
        assertEquals(0, server.ok("POST", "/collections/sparse_shape/points/count", new JsonObject().put("exact", true))
                .json().getJsonObject("result").getLong("count"));
    }

    @Test
    void unbuiltVectorKindsAreRefusedByName() {
        TestServer.Reply r = server.putJson("/collections/u8", new JsonObject().put("vectors", new JsonObject()
                .put("m", new JsonObject().put("size", 2).put("distance", "Dot").put("datatype", "uint8"))));
        assertEquals(400, r.status());
        assertTrue(r.error().contains("datatype"), r.text());
    }

    private static List<Long> ids(JsonArray points) {
        List<Long> out = new ArrayList<>();
        for (int i = 0; i < points.size(); i++) {
            out.add(points.getJsonObject(i).getLong("id"));
        }
        return out;
    }
}
