package io.quiver.http;

import io.quiver.testing.TestServer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Qdrant's {@code PATCH /collections/{c}} of index, quantization and storage settings, as Qdrant 1.19
 * applies them: collection info reports the new config, the parts rebuild their graphs or move their
 * vectors, and what Quiver cannot do is refused by name with nothing changed. Over real HTTP, on a
 * one-shard server (so a part holds every point and its figures are the collection's).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class QdrantCollectionPatchTest {
    private TestServer server;

    @BeforeAll
    void start() {
        server = TestServer.start(1);
    }

    @AfterAll
    void stop() {
        server.close();
    }

    private static JsonObject dense(int size) {
        return new JsonObject().put("size", size).put("distance", "Cosine");
    }

    private static JsonArray vector(int size, int seed) {
        JsonArray a = new JsonArray();
        java.util.Random r = new java.util.Random(seed);
        for (int i = 0; i < size; i++) {
            a.add(r.nextFloat() - 0.5f);
        }
        return a;
    }

    private JsonObject info(String name) {
        return server.ok("GET", "/collections/" + name, null).json().getJsonObject("result");
    }

    private JsonObject config(String name) {
        return info(name).getJsonObject("config");
    }

    private JsonObject vectors(String name) {
        return config(name).getJsonObject("params").getJsonObject("vectors");
    }

    private void patch(String name, JsonObject body) {
        server.ok("PATCH", "/collections/" + name, body);
    }

    private TestServer.Reply refused(String name, JsonObject body) {
        TestServer.Reply r = server.sendJson("PATCH", "/collections/" + name, body);
        assertEquals(400, r.status(), r.text());
        return r;
    }

    /** {@code n} points of vector {@code using} ({@code null}: the unnamed one), ids 1..n. */
    private void fill(String name, String using, int size, int n) {
        JsonArray points = new JsonArray();
        for (int i = 1; i <= n; i++) {
            JsonArray v = vector(size, i);
            points.add(new JsonObject().put("id", i).put("vector", using == null ? v : new JsonObject().put(using, v)));
        }
        server.ok("PUT", "/collections/" + name + "/points?wait=true", new JsonObject().put("points", points));
    }

    private JsonArray storedVector(String name, int id, String using) {
        Object v = server.ok("GET", "/collections/" + name + "/points/" + id, null).json().getJsonObject("result").getValue("vector");
        return using == null ? (JsonArray) v : ((JsonObject) v).getJsonArray(using);
    }

    private void assertEachPointIsItsOwnNearest(String name, String using, int size, int n) {
        for (int i = 1; i <= n; i++) {
            JsonObject q = new JsonObject().put("query", vector(size, i)).put("limit", 1);
            if (using != null) {
                q.put("using", using);
            }
            JsonArray hits = server.ok("POST", "/collections/" + name + "/points/query", q).json().getJsonObject("result").getJsonArray("points");
            assertEquals(i, hits.getJsonObject(0).getInteger("id"), "point " + i + " is its own nearest");
        }
    }

    // ---- hnsw_config ----

    @Test
    void aPatchOfHnswConfigSetsTheCollectionsGraphParameters() {
        server.ok("PUT", "/collections/hnsw", new JsonObject().put("vectors", dense(4)));
        patch("hnsw", new JsonObject().put("hnsw_config", new JsonObject().put("m", 8).put("ef_construct", 50)));
        JsonObject info = info("hnsw");
        assertEquals(new JsonObject().put("m", 8).put("ef_construct", 50), new JsonObject()
                .put("m", info.getJsonObject("config").getJsonObject("hnsw_config").getInteger("m"))
                .put("ef_construct", info.getJsonObject("config").getJsonObject("hnsw_config").getInteger("ef_construct")));
        assertEquals(16, info.getJsonObject("quiver").getJsonObject("graph").getInteger("max_degree"), "jvector's degree is 2m");
    }

    @Test
    void aPatchOfAVectorsHnswConfigMergesOverWhatItHad() {
        server.ok("PUT", "/collections/merged", new JsonObject().put("vectors", new JsonObject().put("image", dense(4)).put("text", dense(4))));
        patch("merged", new JsonObject().put("vectors", new JsonObject().put("image", new JsonObject().put("hnsw_config", new JsonObject().put("m", 32)))));
        patch("merged", new JsonObject().put("vectors", new JsonObject().put("image", new JsonObject().put("hnsw_config", new JsonObject().put("ef_construct", 123)))));
        JsonObject v = vectors("merged");
        assertEquals(new JsonObject().put("m", 32).put("ef_construct", 123), v.getJsonObject("image").getJsonObject("hnsw_config"));
        assertFalse(v.getJsonObject("text").containsKey("hnsw_config"));
    }

    @Test
    void anEmptyHnswConfigOfAVectorUnsetsItsOwn() {
        server.ok("PUT", "/collections/unset", new JsonObject().put("vectors", new JsonObject()
                .put("image", dense(4).put("hnsw_config", new JsonObject().put("m", 20)))));
        patch("unset", new JsonObject().put("vectors", new JsonObject().put("image", new JsonObject().put("hnsw_config", new JsonObject()))));
        assertFalse(vectors("unset").getJsonObject("image").containsKey("hnsw_config"), vectors("unset").encode());
    }

    @Test
    void aGraphRebuiltByNewHnswParametersStillFindsEveryPoint() {
        server.ok("PUT", "/collections/rebuilt", new JsonObject().put("vectors", dense(8)).put("quiver", new JsonObject().put("index", "graph")));
        fill("rebuilt", null, 8, 60);
        server.ok("POST", "/collections/rebuilt/points/delete?wait=true", new JsonObject().put("points", new JsonArray().add(59).add(60)));
        patch("rebuilt", new JsonObject().put("hnsw_config", new JsonObject().put("m", 8).put("ef_construct", 32)));
        JsonObject shard = info("rebuilt").getJsonObject("quiver").getJsonArray("shards").getJsonObject(0);
        assertEquals(58, shard.getLong("indexed_vectors"), shard.encode());
        assertEquals(0, shard.getLong("deleted_pending_cleanup"), "the rebuilt graph holds no deleted nodes");
        assertEachPointIsItsOwnNearest("rebuilt", null, 8, 58);
    }

    // ---- quantization_config ----

    /** A graph collection of 300 points (enough for its graph to train codes) of 64 dimensions. */
    private void graphOf300(String name, JsonObject vectors) {
        server.ok("PUT", "/collections/" + name, new JsonObject().put("vectors", vectors).put("quiver", new JsonObject().put("index", "graph")));
    }

    @Test
    void aPatchOfTheCollectionsQuantizationRebuildsItsGraphWithCodes() {
        graphOf300("quant", dense(64));
        fill("quant", null, 64, 300);
        long plain = info("quant").getJsonObject("quiver").getLong("memory_bytes");
        patch("quant", new JsonObject().put("quantization_config", new JsonObject().put("scalar", new JsonObject().put("type", "int8").put("quantile", 0.99))));
        assertEquals(new JsonObject("{\"scalar\": {\"type\": \"int8\", \"quantile\": 0.99}}"), config("quant").getJsonObject("quantization_config"));
        long coded = info("quant").getJsonObject("quiver").getLong("memory_bytes");
        assertTrue(coded >= plain + 300 * 64, "one byte per component of every point: " + plain + " -> " + coded);
        assertEachPointIsItsOwnNearest("quant", null, 64, 20);
    }

    @Test
    void disabledDropsTheCollectionsQuantizationAndItsCodes() {
        graphOf300("unquant", dense(64));
        server.ok("PATCH", "/collections/unquant", new JsonObject().put("quantization_config", new JsonObject().put("binary", new JsonObject())));
        fill("unquant", null, 64, 300);
        long coded = info("unquant").getJsonObject("quiver").getLong("memory_bytes");
        patch("unquant", new JsonObject().put("quantization_config", "Disabled"));
        assertNull(config("unquant").getValue("quantization_config"));
        long plain = info("unquant").getJsonObject("quiver").getLong("memory_bytes");
        assertTrue(plain <= coded - 300 * 64 / 8, "the bits are gone: " + coded + " -> " + plain);
    }

    @Test
    void aNamedVectorsOwnQuantizationIsSetAndDisabledByAPatch() {
        server.ok("PUT", "/collections/own", new JsonObject().put("vectors", new JsonObject().put("image", dense(4)).put("text", dense(8)))
                .put("quantization_config", new JsonObject().put("scalar", new JsonObject().put("type", "int8").put("always_ram", true))));
        fill("own", "text", 8, 10);
        patch("own", new JsonObject().put("vectors", new JsonObject().put("text", new JsonObject()
                .put("quantization_config", new JsonObject().put("product", new JsonObject().put("compression", "x32").put("always_ram", true))))));
        assertEquals(new JsonObject().put("product", new JsonObject().put("compression", "x32").put("always_ram", true)),
                vectors("own").getJsonObject("text").getJsonObject("quantization_config"));
        assertFalse(vectors("own").getJsonObject("image").containsKey("quantization_config"));
        patch("own", new JsonObject().put("vectors", new JsonObject().put("text", new JsonObject().put("quantization_config", "Disabled"))));
        assertFalse(vectors("own").getJsonObject("text").containsKey("quantization_config"), vectors("own").encode());
        assertEquals(new JsonObject().put("scalar", new JsonObject().put("type", "int8").put("always_ram", true)),
                config("own").getJsonObject("quantization_config"), "the collection's own stays");
    }

    @Test
    void aNamedVectorsQuantizationChangeKeepsItsPoints() {
        server.ok("PUT", "/collections/kept", new JsonObject().put("vectors", new JsonObject().put("text", dense(8))));
        fill("kept", "text", 8, 30);
        JsonArray before = storedVector("kept", 7, "text");
        patch("kept", new JsonObject().put("vectors", new JsonObject().put("text", new JsonObject()
                .put("quantization_config", new JsonObject().put("scalar", new JsonObject().put("type", "int8"))))));
        assertEquals(30, info("kept").getLong("points_count"));
        assertEquals(before, storedVector("kept", 7, "text"));
        assertEachPointIsItsOwnNearest("kept", "text", 8, 30);
    }

    @Test
    void scalarAlwaysRamIsReportedOnlyWhenGiven() {
        server.ok("PUT", "/collections/ram", new JsonObject().put("vectors", dense(4))
                .put("quantization_config", new JsonObject().put("scalar", new JsonObject().put("type", "int8").put("quantile", 0.6))));
        assertEquals(new JsonObject("{\"scalar\": {\"type\": \"int8\", \"quantile\": 0.6}}"), config("ram").getJsonObject("quantization_config"));
    }

    @Test
    void aPlainCollectionsUnnamedVectorTakesItsOwnQuantizationAndDisabledDropsIt() {
        graphOf300("plain", dense(64));
        fill("plain", null, 64, 300);
        long plain = info("plain").getJsonObject("quiver").getLong("memory_bytes");
        patch("plain", new JsonObject().put("vectors", new JsonObject().put("", new JsonObject()
                .put("quantization_config", new JsonObject().put("scalar", new JsonObject().put("type", "int8"))))));
        assertEquals(new JsonObject("{\"scalar\": {\"type\": \"int8\"}}"), vectors("plain").getJsonObject("quantization_config"));
        assertNull(config("plain").getValue("quantization_config"), "the collection's own stays unset");
        long coded = info("plain").getJsonObject("quiver").getLong("memory_bytes");
        assertTrue(coded >= plain + 300 * 64, "one byte per component of every point: " + plain + " -> " + coded);
        assertEachPointIsItsOwnNearest("plain", null, 64, 20);
        patch("plain", new JsonObject().put("vectors", new JsonObject().put("", new JsonObject().put("quantization_config", "Disabled"))));
        assertFalse(vectors("plain").containsKey("quantization_config"), vectors("plain").encode());
        assertTrue(info("plain").getJsonObject("quiver").getLong("memory_bytes") <= coded - 300 * 64, "the codes are gone");
    }

    @Test
    void quantizationOfManhattanVectorsIsRefusedByAPatchToo() {
        server.ok("PUT", "/collections/l1", new JsonObject().put("vectors", new JsonObject().put("size", 4).put("distance", "Manhattan")));
        TestServer.Reply r = refused("l1", new JsonObject().put("quantization_config", new JsonObject().put("scalar", new JsonObject().put("type", "int8"))));
        assertTrue(r.error().contains("Manhattan vectors are searched exactly"), r.error());
        assertNull(config("l1").getValue("quantization_config"));
    }

    // ---- on_disk ----

    @Test
    void onDiskMovesTheVectorsIntoAFileAndBack() {
        server.ok("PUT", "/collections/moved", new JsonObject().put("vectors", dense(16)));
        fill("moved", null, 16, 40);
        JsonArray before = storedVector("moved", 9, null);
        patch("moved", new JsonObject().put("vectors", new JsonObject().put("", new JsonObject().put("on_disk", true))));
        assertTrue(vectors("moved").getBoolean("on_disk"));
        assertEquals(40L * 16 * 4, info("moved").getJsonObject("quiver").getLong("mapped_bytes"), "the floats are in a mapped file");
        assertEquals(before, storedVector("moved", 9, null));
        patch("moved", new JsonObject().put("vectors", new JsonObject().put("", new JsonObject().put("on_disk", false))));
        assertFalse(vectors("moved").getBoolean("on_disk"));
        assertEquals(0, info("moved").getJsonObject("quiver").getLong("mapped_bytes"));
        assertEquals(before, storedVector("moved", 9, null));
        assertEachPointIsItsOwnNearest("moved", null, 16, 40);
    }

    @Test
    void onDiskOfOneNamedVectorMovesOnlyThatVector() {
        server.ok("PUT", "/collections/split", new JsonObject().put("vectors", new JsonObject().put("image", dense(4)).put("text", dense(8))));
        JsonArray points = new JsonArray();
        for (int i = 1; i <= 20; i++) {
            points.add(new JsonObject().put("id", i).put("vector", new JsonObject().put("image", vector(4, i)).put("text", vector(8, i))));
        }
        server.ok("PUT", "/collections/split/points?wait=true", new JsonObject().put("points", points));
        patch("split", new JsonObject().put("vectors", new JsonObject().put("text", new JsonObject().put("on_disk", true))));
        JsonObject v = vectors("split");
        assertTrue(v.getJsonObject("text").getBoolean("on_disk"));
        assertFalse(v.getJsonObject("image").getBoolean("on_disk"));
        assertEquals(20L * 8 * 4, info("split").getJsonObject("quiver").getLong("mapped_bytes"), "text's floats only");
        assertEachPointIsItsOwnNearest("split", "text", 8, 20);
    }

    // ---- optimizers_config, sparse_vectors, params, names ----

    @Test
    void aLoweredIndexingThresholdBuildsTheGraphWithoutAWrite() {
        server.ok("PUT", "/collections/lowered", new JsonObject().put("vectors", dense(64)));
        fill("lowered", null, 64, 50);
        assertEquals(0, info("lowered").getLong("indexed_vectors_count"));
        patch("lowered", new JsonObject().put("optimizers_config", new JsonObject().put("indexing_threshold", 1)));
        assertEquals(50, info("lowered").getLong("indexed_vectors_count"));
    }

    @Test
    void aSparseVectorsModifierChangeKeepsItsVectors() {
        server.ok("PUT", "/collections/sparse", new JsonObject().put("sparse_vectors", new JsonObject().put("words", new JsonObject())));
        server.ok("PUT", "/collections/sparse/points?wait=true", new JsonObject().put("points", new JsonArray().add(new JsonObject().put("id", 1)
                .put("vector", new JsonObject().put("words", new JsonObject().put("indices", new JsonArray().add(3)).put("values", new JsonArray().add(0.5)))))));
        patch("sparse", new JsonObject().put("sparse_vectors", new JsonObject().put("words", new JsonObject().put("modifier", "idf")
                .put("index", new JsonObject().put("on_disk", false)))));
        assertEquals("idf", config("sparse").getJsonObject("params").getJsonObject("sparse_vectors").getJsonObject("words").getString("modifier"));
        JsonArray hits = server.ok("POST", "/collections/sparse/points/query", new JsonObject().put("using", "words")
                .put("query", new JsonObject().put("indices", new JsonArray().add(3)).put("values", new JsonArray().add(1.0)))).json()
                .getJsonObject("result").getJsonArray("points");
        assertEquals(1, hits.getJsonObject(0).getInteger("id"));
    }

    @Test
    void aSparseIndexOnDiskIsRefusedByName() {
        server.ok("PUT", "/collections/sparse2", new JsonObject().put("sparse_vectors", new JsonObject().put("words", new JsonObject())));
        TestServer.Reply r = refused("sparse2", new JsonObject().put("sparse_vectors", new JsonObject().put("words", new JsonObject()
                .put("modifier", "idf").put("index", new JsonObject().put("on_disk", true)))));
        assertTrue(r.error().contains("sparse_vectors.words.index.on_disk true is not supported"), r.error());
        assertFalse(config("sparse2").getJsonObject("params").getJsonObject("sparse_vectors").getJsonObject("words").containsKey("modifier"));
    }

    @Test
    void paramsAtTheValuesQuiverHasAreAccepted() {
        server.ok("PUT", "/collections/params", new JsonObject().put("vectors", dense(4)));
        patch("params", new JsonObject().put("params", new JsonObject().put("on_disk_payload", false).put("replication_factor", 1)
                .put("write_consistency_factor", 1)));
        assertFalse(config("params").getJsonObject("params").getBoolean("on_disk_payload"));
    }

    @Test
    void aRefusedPartLeavesTheRestOfThePatchUnapplied() {
        server.ok("PUT", "/collections/atomic", new JsonObject().put("vectors", dense(4)));
        TestServer.Reply r = refused("atomic", new JsonObject().put("hnsw_config", new JsonObject().put("m", 8))
                .put("params", new JsonObject().put("on_disk_payload", true)));
        assertTrue(r.error().contains("params.on_disk_payload true is not supported"), r.error());
        assertEquals(16, config("atomic").getJsonObject("hnsw_config").getInteger("m"));
    }

    @Test
    void aPatchOfAnUnknownVectorIsRefusedInQdrantsWords() {
        server.ok("PUT", "/collections/unknown", new JsonObject().put("vectors", new JsonObject().put("image", dense(4))));
        TestServer.Reply r = refused("unknown", new JsonObject()
                .put("vectors", new JsonObject().put("audio", new JsonObject().put("hnsw_config", new JsonObject().put("m", 8)))));
        assertEquals("Wrong input: Not existing vector name error: audio", r.error());
    }
}
