package io.quiver.http;

import io.quiver.testing.TestServer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.util.HashSet;
import java.util.Random;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Qdrant's {@code quantization_config} (scalar int8, product, binary) and {@code params.quantization}, over real HTTP, 2 shards. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class QdrantQuantizationTest {
    private static final int DIM = 24, POINTS = 1200;
    private TestServer server;
    private final float[][] vectors = new float[POINTS][DIM];

    @BeforeAll
    void start() {
        // a part trains its PQ codebooks inside the upsert that reaches 256 points (0.3 s here when idle, seconds on a loaded machine)
        server = TestServer.start(2, io.quiver.config.ConfigKeys.REQUEST_TIMEOUT, 30_000L);
        Random r = new Random(5);
        for (float[] v : vectors) {
            for (int d = 0; d < DIM; d++) {
                v[d] = (float) r.nextGaussian();
            }
        }
        for (String name : new String[]{"sq", "pq", "bq", "bq8", "tq4", "tq1", "plain"}) {
            JsonObject body = new JsonObject().put("vectors", new JsonObject().put("size", DIM).put("distance", "Euclid"))
                    .put("quiver", new JsonObject().put("index", "graph"));
            if (name.equals("sq")) {
                body.put("quantization_config", new JsonObject().put("scalar",
                        new JsonObject().put("type", "int8").put("quantile", 0.99).put("always_ram", true)));
            } else if (name.equals("pq")) { // 12 subspaces of 2 dimensions: 12 bytes of code per 96 of floats
                body.put("quantization_config", new JsonObject().put("product", new JsonObject().put("compression", "x8")));
            } else if (name.equals("bq")) { // 24 bits of code per 96 bytes of floats
                body.put("quantization_config", new JsonObject().put("binary", new JsonObject().put("encoding", "one_bit")));
            } else if (name.equals("tq4")) { // 12 bytes of code + 8 per 96 bytes of floats
                body.put("quantization_config", new JsonObject().put("turbo", new JsonObject().put("bits", "bits4")));
            } else if (name.equals("tq1")) {
                body.put("quantization_config", new JsonObject().put("turbo", new JsonObject().put("bits", "bits1_5").put("always_ram", true)));
            } else if (name.equals("bq8")) {
                body.put("quantization_config", new JsonObject().put("binary", new JsonObject().put("always_ram", true)
                        .put("query_encoding", "scalar8bits")));
            }
            server.ok("PUT", "/collections/" + name, body);
            for (int from = 0; from < POINTS; from += 400) {
                JsonArray points = new JsonArray();
                for (int id = from; id < from + 400; id++) {
                    points.add(new JsonObject().put("id", id).put("vector", array(vectors[id])));
                }
                server.ok("PUT", "/collections/" + name + "/points?wait=true", new JsonObject().put("points", points));
            }
        }
    }

    @AfterAll
    void stop() {
        server.close();
    }

    private static JsonArray array(float[] v) {
        JsonArray a = new JsonArray();
        for (float x : v) {
            a.add((double) x);
        }
        return a;
    }

    private JsonArray search(String name, float[] q, JsonObject params) {
        JsonObject body = new JsonObject().put("vector", array(q)).put("limit", 10);
        if (params != null) {
            body.put("params", params);
        }
        return server.ok("POST", "/collections/" + name + "/points/search", body).json().getJsonArray("result");
    }

    @Test
    void collectionInfoReportsTheScalarConfig() {
        JsonObject config = server.ok("GET", "/collections/sq", null).json().getJsonObject("result").getJsonObject("config");
        JsonObject scalar = config.getJsonObject("quantization_config").getJsonObject("scalar");
        assertEquals("int8", scalar.getString("type"));
        assertEquals(0.99, scalar.getDouble("quantile"), 1e-6);
        assertEquals(true, scalar.getBoolean("always_ram"));
        assertNull(server.ok("GET", "/collections/plain", null).json().getJsonObject("result").getJsonObject("config")
                .getValue("quantization_config"));
    }

    @Test
    void collectionInfoReportsTheProductConfig() {
        JsonObject product = server.ok("GET", "/collections/pq", null).json().getJsonObject("result").getJsonObject("config")
                .getJsonObject("quantization_config").getJsonObject("product");
        assertEquals("x8", product.getString("compression"));
        assertEquals(false, product.getBoolean("always_ram"));
    }

    @Test
    void collectionInfoReportsTheBinaryConfigAsGiven() {
        assertEquals(new JsonObject().put("binary", new JsonObject().put("encoding", "one_bit")),
                server.ok("GET", "/collections/bq", null).json().getJsonObject("result").getJsonObject("config")
                        .getJsonObject("quantization_config"));
        assertEquals(new JsonObject().put("binary", new JsonObject().put("always_ram", true).put("query_encoding", "scalar8bits")),
                server.ok("GET", "/collections/bq8", null).json().getJsonObject("result").getJsonObject("config")
                        .getJsonObject("quantization_config"));
    }

    @Test
    void binaryQuantizedHitsAreRescoredAndAgreeWithTheUnquantizedGraph() {
        assertRescoredHitsAgreeWithThePlainGraph("bq");
    }

    @Test
    void binaryCodesWithAnEightBitQueryAreRescoredAndAgreeWithTheUnquantizedGraph() {
        assertRescoredHitsAgreeWithThePlainGraph("bq8");
    }

    @Test
    void withoutRescoreBinaryQuantizedHitsCarryTheCodesApproximateDistances() {
        assertApproximateScoresWithoutRescore("bq", 4.0); // one bit per dimension: coarse, but in the distance's units
    }

    @Test
    void collectionInfoReportsTheTurboConfigAsGiven() {
        assertEquals(new JsonObject().put("turbo", new JsonObject().put("bits", "bits4")),
                server.ok("GET", "/collections/tq4", null).json().getJsonObject("result").getJsonObject("config")
                        .getJsonObject("quantization_config"));
        assertEquals(new JsonObject().put("turbo", new JsonObject().put("always_ram", true).put("bits", "bits1_5")),
                server.ok("GET", "/collections/tq1", null).json().getJsonObject("result").getJsonObject("config")
                        .getJsonObject("quantization_config"));
    }

    @Test
    void turboQuantizedHitsAreRescoredAndAgreeWithTheUnquantizedGraph() {
        assertRescoredHitsAgreeWithThePlainGraph("tq4");
    }

    @Test
    void oneAndAHalfBitTurboHitsAreRescoredAndAgreeWithTheUnquantizedGraph() {
        assertRescoredHitsAgreeWithThePlainGraph("tq1");
    }

    @Test
    void withoutRescoreTurboHitsCarryTheCodesApproximateDistances() {
        assertApproximateScoresWithoutRescore("tq4", 0.5); // 4 bits per rotated component: close to int8
    }

    @Test
    void aNamedVectorKeepsItsOwnQuantizationBesideTheCollections() {
        server.ok("PUT", "/collections/per-vector", new JsonObject()
                .put("vectors", new JsonObject()
                        .put("a", new JsonObject().put("size", DIM).put("distance", "Euclid")
                                .put("quantization_config", new JsonObject().put("binary", new JsonObject())))
                        .put("b", new JsonObject().put("size", DIM).put("distance", "Dot")))
                .put("quantization_config", new JsonObject().put("turbo", new JsonObject().put("bits", "bits2")))
                .put("quiver", new JsonObject().put("index", "graph")));
        JsonObject config = server.ok("GET", "/collections/per-vector", null).json().getJsonObject("result").getJsonObject("config");
        assertEquals(new JsonObject().put("binary", new JsonObject()),
                config.getJsonObject("params").getJsonObject("vectors").getJsonObject("a").getJsonObject("quantization_config"));
        assertNull(config.getJsonObject("params").getJsonObject("vectors").getJsonObject("b").getValue("quantization_config"));
        assertEquals(new JsonObject().put("turbo", new JsonObject().put("bits", "bits2")), config.getJsonObject("quantization_config"));
        JsonArray points = new JsonArray();
        for (int id = 0; id < 600; id++) { // about 300 a shard: past the 256 at which a part takes its turbo codes' mean
            points.add(new JsonObject().put("id", id).put("vector", new JsonObject().put("a", array(vectors[id])).put("b", array(vectors[id + 600]))));
        }
        server.ok("PUT", "/collections/per-vector/points?wait=true", new JsonObject().put("points", points));
        JsonObject exactA = search("per-vector", "a", vectors[3], null).getJsonObject(0);
        assertEquals(3, exactA.getInteger("id"));
        assertEquals(0.0, exactA.getDouble("score"), 1e-4, "rescored: the exact distance to itself");
        float[] nearA = vectors[3].clone(), nearB = vectors[603].clone();
        nearA[0] += 0.5f;
        nearB[0] += 0.5f;
        JsonArray approxA = search("per-vector", "a", nearA, new JsonObject().put("quantization", new JsonObject().put("rescore", false)));
        JsonArray approxB = search("per-vector", "b", nearB, new JsonObject().put("quantization", new JsonObject().put("rescore", false)));
        assertNotEquals(search("per-vector", "a", nearA, null).getJsonObject(0).getDouble("score"),
                approxA.getJsonObject(0).getDouble("score"), "a walks by binary codes: approximate distances");
        double exactB = search("per-vector", "b", nearB, null).getJsonObject(0).getDouble("score");
        assertNotEquals(exactB, approxB.getJsonObject(0).getDouble("score"), "b walks by the collection's turbo codes");
    }

    private JsonArray search(String collection, String using, float[] q, JsonObject params) {
        JsonObject body = new JsonObject().put("vector", new JsonObject().put("name", using).put("vector", array(q))).put("limit", 10);
        if (params != null) {
            body.put("params", params);
        }
        return server.ok("POST", "/collections/" + collection + "/points/search", body).json().getJsonArray("result");
    }

    @Test
    void aTurbo4CollectionStoresCodesAndReadsBackDecodedVectors() {
        server.ok("PUT", "/collections/t4", new JsonObject().put("vectors", new JsonObject().put("size", DIM).put("distance", "Dot")
                .put("datatype", "turbo4")).put("quiver", new JsonObject().put("index", "graph")));
        server.ok("PUT", "/collections/t4-floats", new JsonObject().put("vectors", new JsonObject().put("size", DIM).put("distance", "Dot"))
                .put("quiver", new JsonObject().put("index", "graph")));
        for (String c : new String[]{"t4", "t4-floats"}) {
            JsonArray points = new JsonArray();
            for (int id = 0; id < 400; id++) {
                points.add(new JsonObject().put("id", id).put("vector", array(vectors[id])));
            }
            server.ok("PUT", "/collections/" + c + "/points?wait=true", new JsonObject().put("points", points));
        }
        JsonObject info = server.ok("GET", "/collections/t4", null).json().getJsonObject("result");
        assertEquals("turbo4", info.getJsonObject("config").getJsonObject("params").getJsonObject("vectors").getString("datatype"));
        long codes = info.getJsonObject("quiver").getLong("memory_bytes");
        long floats = server.ok("GET", "/collections/t4-floats", null).json().getJsonObject("result").getJsonObject("quiver")
                .getLong("memory_bytes");
        assertTrue(codes < floats, "4-bit codes take less than float32: " + codes + " against " + floats);
        JsonArray back = server.ok("GET", "/collections/t4/points/5", null).json().getJsonObject("result").getJsonArray("vector");
        double dot = 0, nb = 0, nv = 0;
        boolean same = true;
        for (int i = 0; i < DIM; i++) {
            double b = back.getDouble(i), v = vectors[5][i];
            dot += b * v;
            nb += b * b;
            nv += v * v;
            same &= Math.abs(b - v) < 1e-6;
        }
        assertTrue(!same, "what comes back is the decoded vector, not the one written");
        assertTrue(dot / Math.sqrt(nb * nv) > 0.98, "but it points the same way: cosine " + dot / Math.sqrt(nb * nv));
        assertEquals(back, server.ok("GET", "/collections/t4/points/5", null).json().getJsonObject("result").getJsonArray("vector"),
                "reads decode the same codes alike");
        assertEquals(5, search("t4", vectors[5], null).getJsonObject(0).getInteger("id"));
    }

    @Test
    void aTurbo4MultivectorIsRefusedByName() {
        TestServer.Reply r = server.putJson("/collections/refused-t4-multi", new JsonObject()
                .put("vectors", new JsonObject().put("m", new JsonObject().put("size", 4).put("distance", "Dot").put("datatype", "turbo4")
                        .put("multivector_config", new JsonObject().put("comparator", "max_sim")))));
        assertEquals(400, r.status(), r.text());
        assertTrue(r.error().contains("turbo4 multivectors"), r.text());
    }

    @Test
    void aTurboBitSizeQdrantDoesNotHaveIsRefusedByName() {
        TestServer.Reply r = server.putJson("/collections/refused-bits3", new JsonObject()
                .put("vectors", new JsonObject().put("size", 4).put("distance", "Dot"))
                .put("quantization_config", new JsonObject().put("turbo", new JsonObject().put("bits", "bits3"))));
        assertEquals(400, r.status(), r.text());
        assertTrue(r.error().contains("`bits3`") && r.error().contains("`bits1_5`"), r.text());
        assertEquals(404, server.getJson("/collections/refused-bits3").status(), "nothing was created");
    }

    @Test
    void aBinaryEncodingQuiverDoesNotHaveIsRefusedByName() {
        TestServer.Reply r = server.putJson("/collections/refused-two-bits", new JsonObject()
                .put("vectors", new JsonObject().put("size", 4).put("distance", "Dot"))
                .put("quantization_config", new JsonObject().put("binary", new JsonObject().put("encoding", "two_bits"))));
        assertEquals(400, r.status(), r.text());
        assertEquals("quantization_config.binary.encoding `two_bits` is not supported by Quiver; use `one_bit`", r.error());
        assertEquals(404, server.getJson("/collections/refused-two-bits").status(), "nothing was created");
    }

    @Test
    void rescoredHitsCarryExactDistancesAndAgreeWithTheUnquantizedGraph() {
        assertRescoredHitsAgreeWithThePlainGraph("sq");
    }

    @Test
    void productQuantizedHitsAreRescoredAndAgreeWithTheUnquantizedGraph() {
        assertRescoredHitsAgreeWithThePlainGraph("pq");
    }

    private void assertRescoredHitsAgreeWithThePlainGraph(String collection) {
        Random r = new Random(9);
        double overlap = 0;
        for (int q = 0; q < 20; q++) {
            float[] query = vectors[r.nextInt(POINTS)].clone();
            query[0] += 0.3f;
            JsonArray quantized = search(collection, query, null), plain = search("plain", query, null);
            Set<Object> plainIds = new HashSet<>();
            plain.forEach(o -> plainIds.add(((JsonObject) o).getValue("id")));
            for (Object o : quantized) {
                JsonObject hit = (JsonObject) o;
                overlap += plainIds.contains(hit.getValue("id")) ? 1 : 0;
                float[] v = vectors[hit.getInteger("id")];
                double d = 0;
                for (int i = 0; i < DIM; i++) {
                    d += (query[i] - v[i]) * (query[i] - v[i]);
                }
                assertEquals(Math.sqrt(d), hit.getDouble("score"), 1e-3, "a rescored hit has its exact euclidean distance");
            }
        }
        assertTrue(overlap / 200 >= 0.9, "walking by " + collection + " codes then rescoring finds what the float graph finds: "
                + overlap / 200);
    }

    @Test
    void withoutRescoreHitsCarryTheCodesApproximateDistances() {
        assertApproximateScoresWithoutRescore("sq", 0.5);
    }

    @Test
    void withoutRescoreProductQuantizedHitsCarryTheCodesApproximateDistances() {
        assertApproximateScoresWithoutRescore("pq", 2.0); // 2 dimensions per code byte: coarser than int8
    }

    private void assertApproximateScoresWithoutRescore(String collection, double bound) {
        float[] query = vectors[7].clone();
        query[1] += 0.5f;
        JsonArray exact = search(collection, query, null);
        JsonArray approx = search(collection, query, new JsonObject().put("quantization", new JsonObject().put("rescore", false)));
        assertEquals(10, approx.size());
        double maxDiff = 0;
        for (int i = 0; i < 10; i++) {
            maxDiff = Math.max(maxDiff, Math.abs(exact.getJsonObject(i).getDouble("score") - approx.getJsonObject(i).getDouble("score")));
        }
        assertNotEquals(0.0, maxDiff, "approximate scores differ from the exact ones");
        assertTrue(maxDiff < bound, "but stay close: " + maxDiff);
    }

    @Test
    void ignoreWalksByTheOriginalVectorsAsTheUnquantizedGraphDoes() {
        float[] query = vectors[11].clone();
        query[2] -= 0.4f;
        JsonArray ignored = search("sq", query, new JsonObject().put("quantization", new JsonObject().put("ignore", true)
                .put("oversampling", 2.0)));
        assertEquals(10, ignored.size());
        assertEquals(0.0, ignored.getJsonObject(0).getDouble("score") - search("plain", query, null).getJsonObject(0).getDouble("score"),
                1e-5);
    }

    @Test
    void aProductCompressionQdrantDoesNotHaveIsRefusedByName() {
        TestServer.Reply r = server.putJson("/collections/refused-x3", new JsonObject()
                .put("vectors", new JsonObject().put("size", 4).put("distance", "Dot"))
                .put("quantization_config", new JsonObject().put("product", new JsonObject().put("compression", "x3"))));
        assertEquals(400, r.status(), r.text());
        assertTrue(r.error().contains("`x3`") && r.error().contains("`x16`"), r.text());
        assertEquals(404, server.getJson("/collections/refused-x3").status(), "nothing was created");
    }

    @Test
    void badQuantizationParametersAreRefused() {
        TestServer.Reply r = server.putJson("/collections/badq", new JsonObject()
                .put("vectors", new JsonObject().put("size", 4).put("distance", "Dot"))
                .put("quantization_config", new JsonObject().put("scalar", new JsonObject().put("type", "int8").put("quantile", 0.2))));
        assertEquals(422, r.status(), r.text());
        TestServer.Reply s = server.postJson("/collections/sq/points/search", new JsonObject().put("vector", array(vectors[0]))
                .put("limit", 3).put("params", new JsonObject().put("quantization", new JsonObject().put("oversample", 2))));
        assertEquals(400, s.status(), s.text());
        assertTrue(s.error().contains("oversample"), s.text());
    }
}
