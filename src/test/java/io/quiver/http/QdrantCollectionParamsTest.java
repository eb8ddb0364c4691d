package io.quiver.http;

import io.quiver.testing.TestServer;
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
 * How {@code PUT /collections/{c}} treats the parts of its body that say how a collection is kept
 * ({@code optimizers_config}, {@code wal_config}, {@code hnsw_config}'s extras, sharding and
 * replication, unknown keys): applied, accepted at the value Quiver behaves as, or refused by name,
 * and a refused creation creates nothing. Over real HTTP, on a 2-shard server.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class QdrantCollectionParamsTest {
    private TestServer server;

    @BeforeAll
    void start() {
        server = TestServer.start(2);
    }

    @AfterAll
    void stop() {
        server.close();
    }

    private static JsonObject body(int size) {
        return new JsonObject().put("vectors", new JsonObject().put("size", size).put("distance", "Dot"));
    }

    private JsonObject info(String name) {
        return server.ok("GET", "/collections/" + name, null).json().getJsonObject("result");
    }

    /** The creation is refused with {@code status}, its error naming {@code words}, and leaves no collection behind. */
    private void refused(String name, JsonObject body, int status, String words) {
        TestServer.Reply r = server.putJson("/collections/" + name, body);
        assertEquals(status, r.status(), r.text());
        assertTrue(r.error().contains(words), r.error());
        assertFalse(server.ok("GET", "/collections/" + name + "/exists", null).json().getJsonObject("result").getBoolean("exists"));
    }

    @Test
    void createAppliesIndexingThresholdAsPatchDoes() {
        server.ok("PUT", "/collections/it", body(2).put("optimizers_config", new JsonObject().put("indexing_threshold", 16)));
        JsonObject info = info("it");
        assertEquals(16, info.getJsonObject("config").getJsonObject("optimizer_config").getInteger("indexing_threshold"));
        assertEquals(2048, info.getJsonObject("quiver").getInteger("auto_threshold"), "16 KiB of 2-d float vectors: 2048 points");
    }

    @Test
    void anIndexingThresholdOfZeroKeepsEveryPartFlat() {
        server.ok("PUT", "/collections/never", body(4).put("optimizers_config", new JsonObject().put("indexing_threshold", 0)));
        JsonObject info = info("never");
        assertEquals(0, info.getJsonObject("config").getJsonObject("optimizer_config").getInteger("indexing_threshold"));
        assertEquals(Integer.MAX_VALUE, info.getJsonObject("quiver").getInteger("auto_threshold"));
    }

    @Test
    void anIndexingThresholdDisagreeingWithFullScanThresholdIsRefused() {
        refused("both", body(4).put("optimizers_config", new JsonObject().put("indexing_threshold", 100))
                .put("hnsw_config", new JsonObject().put("full_scan_threshold", 10)), 400, "hnsw_config.full_scan_threshold");
    }

    @Test
    void optimizerValuesQuiverBehavesAsAreAccepted() {
        server.ok("PUT", "/collections/same", body(4).put("optimizers_config", new JsonObject().put("default_segment_number", 1)
                .put("deleted_threshold", 0.1).put("memmap_threshold", 0).put("prevent_unoptimized", false)
                .putNull("flush_interval_sec")));
        assertEquals(1024, info("same").getJsonObject("quiver").getInteger("auto_threshold"), "the default threshold, untouched");
    }

    @Test
    void anOptimizerSettingQuiverCannotHonourIsRefusedByName() {
        refused("segments", body(4).put("optimizers_config", new JsonObject().put("default_segment_number", 4)), 400,
                "optimizers_config.default_segment_number");
        refused("threads", body(4).put("optimizers_config", new JsonObject().put("max_optimization_threads", 2)), 400,
                "optimizers_config.max_optimization_threads");
        refused("flush", body(4).put("optimizers_config", new JsonObject().put("flush_interval_sec", 5)), 400,
                "optimizers_config.flush_interval_sec");
        refused("deleted", body(4).put("optimizers_config", new JsonObject().put("deleted_threshold", 0.2)), 400,
                "optimizers_config.deleted_threshold");
    }

    @Test
    void optimizerValuesOutsideQdrantsRulesAreValidationErrors() {
        refused("vacuum", body(4).put("optimizers_config", new JsonObject().put("vacuum_min_vector_number", 10)), 422,
                "Validation error in JSON body: [optimizers_config.vacuum_min_vector_number");
        refused("unknownopt", body(4).put("optimizers_config", new JsonObject().put("speed", 1)), 400, "unknown field `speed`");
    }

    @Test
    void aWalCapacityIsKeptAndShown() {
        server.ok("PUT", "/collections/wal", body(4).put("wal_config", new JsonObject().put("wal_capacity_mb", 2)
                .put("wal_segments_ahead", 0)));
        JsonObject wal = info("wal").getJsonObject("config").getJsonObject("wal_config");
        assertEquals(new JsonObject().put("wal_capacity_mb", 2).put("wal_segments_ahead", 0).put("wal_retain_closed", 0), wal);
        server.ok("PUT", "/collections/nowal", body(4).put("wal_config", new JsonObject().putNull("wal_capacity_mb")));
        assertNull(info("nowal").getJsonObject("config").getValue("wal_config"), "no capacity set: none shown");
    }

    @Test
    void walSettingsQuiverCannotHonourAreRefused() {
        refused("ahead", body(4).put("wal_config", new JsonObject().put("wal_segments_ahead", 2)), 400, "wal_config.wal_segments_ahead");
        refused("retain", body(4).put("wal_config", new JsonObject().put("wal_retain_closed", 1)), 400, "wal_config.wal_retain_closed");
        refused("zero", body(4).put("wal_config", new JsonObject().put("wal_capacity_mb", 0)), 422, "wal_config.wal_capacity_mb");
    }

    @Test
    void theOptimizerConfigAliasIsOptimizersConfig() {
        server.ok("PUT", "/collections/serde", body(2).put("optimizer_config", new JsonObject().put("indexing_threshold", 16)));
        assertEquals(2048, info("serde").getJsonObject("quiver").getInteger("auto_threshold"), "16 KiB of 2-d float vectors: 2048 points");
    }

    @Test
    void anUnknownTopLevelKeyIsRefused() {
        refused("typo", body(4).put("hnsw", new JsonObject()), 400, "unknown field `hnsw`");
    }

    @Test
    void shardingAndReplicationQuiverDoesNotHaveAreRefused() {
        refused("custom", body(4).put("sharding_method", "custom"), 400, "sharding_method");
        refused("replicas", body(4).put("replication_factor", 2), 400, "replication_factor");
        refused("consistency", body(4).put("write_consistency_factor", 2), 400, "write_consistency_factor");
        refused("threeshards", body(4).put("shard_number", 3), 400, "shard_number");
    }

    @Test
    void shardingAndReplicationAsQuiverHasThemAreAccepted() {
        server.ok("PUT", "/collections/asis", body(4).put("sharding_method", "auto").put("replication_factor", 1)
                .put("write_consistency_factor", 1).put("shard_number", 2));
        assertEquals(2, info("asis").getJsonObject("config").getJsonObject("params").getInteger("shard_number"));
    }

    @Test
    void hnswExtrasAreAcceptedAtQuiversValuesAndRefusedOtherwise() {
        server.ok("PUT", "/collections/hnswok", body(4).put("hnsw_config", new JsonObject().put("m", 8).put("on_disk", false)
                .put("max_indexing_threads", 0).put("inline_storage", false)));
        assertEquals(16, info("hnswok").getJsonObject("quiver").getJsonObject("graph").getInteger("max_degree"));
        refused("payloadm", body(4).put("hnsw_config", new JsonObject().put("payload_m", 16)), 400, "hnsw_config.payload_m");
        refused("graphdisk", body(4).put("hnsw_config", new JsonObject().put("on_disk", true)), 400, "hnsw_config.on_disk");
        refused("hnswtypo", body(4).put("hnsw_config", new JsonObject().put("ef", 10)), 400, "unknown field `ef`");
    }

    @Test
    void payloadsOnDiskAreRefusedAndOnTheHeapAccepted() {
        refused("payloaddisk", body(4).put("on_disk_payload", true), 400, "on_disk_payload true is not supported");
        server.ok("PUT", "/collections/payloadheap", body(4).put("on_disk_payload", false));
        assertEquals(false, info("payloadheap").getJsonObject("config").getJsonObject("params").getBoolean("on_disk_payload"));
    }

    @Test
    void aSparseIndexIsAcceptedOnlyAtQuiversValuesAtCreation() {
        refused("sparsedisk", body(4).put("sparse_vectors", new JsonObject().put("text", new JsonObject()
                .put("index", new JsonObject().put("on_disk", true)))), 400, "sparse_vectors.text.index.on_disk true");
        refused("sparsescan", body(4).put("sparse_vectors", new JsonObject().put("text", new JsonObject()
                .put("index", new JsonObject().put("full_scan_threshold", 5000)))), 400, "sparse_vectors.text.index.full_scan_threshold");
        server.ok("PUT", "/collections/sparseheap", body(4).put("sparse_vectors", new JsonObject().put("text", new JsonObject()
                .put("index", new JsonObject().put("on_disk", false).put("datatype", "float32")))));
    }
}
