package io.quiver.http;

import io.quiver.error.QuiverException;
import io.quiver.vector.CollectionConfig;
import io.quiver.vector.IndexKind;
import io.vertx.core.json.JsonObject;

import java.util.List;
import java.util.Locale;

/**
 * The parts of Qdrant's collection bodies that say how a collection is kept rather than what it
 * holds: the top-level keys of {@code PUT /collections/{c}}, {@code optimizers_config} (create and
 * PATCH), {@code wal_config} and the graph-building extras of {@code hnsw_config}. Each key is
 * applied, accepted because Quiver already behaves as its value says, or refused by name: never
 * accepted and ignored. A null value is Qdrant's "not set" (the default applies).
 */
final class QdrantCollectionParams {
    /** The top-level keys of Qdrant 1.19's {@code CreateCollection}, plus Quiver's own {@code quiver}. */
    static final List<String> CREATE_KEYS = List.of("vectors", "shard_number", "sharding_method", "replication_factor",
            "write_consistency_factor", "on_disk_payload", "payload", "hnsw_config", "wal_config", "optimizers_config",
            "quantization_config", "sparse_vectors", "strict_mode_config", "metadata", "quiver");

    private QdrantCollectionParams() {
    }

    /**
     * The top-level keys of a creation body: an unknown one is refused (serde's words: Qdrant 1.19
     * itself skips unknown keys silently, which Quiver does not do), as are custom sharding and
     * more than one replica or shard layout than this server has, and payloads kept on disk.
     */
    static void createKeys(JsonObject body, int shardCount) {
        for (String k : body.fieldNames()) {
            if (!CREATE_KEYS.contains(k)) {
                throw QuiverException.badRequest("Format error in JSON body: unknown field `" + k + "`, expected one of `"
                        + String.join("`, `", CREATE_KEYS) + "`");
            }
        }
        Object method = body.getValue("sharding_method");
        if (method != null && !"auto".equals(method)) {
            if (!"custom".equals(method)) {
                throw QuiverException.badRequest("Format error in JSON body: sharding_method: unknown variant `" + method
                        + "`, expected `auto` or `custom`");
            }
            throw QuiverException.badRequest("Bad request: sharding_method: custom sharding (shard keys) is not supported by "
                    + "Quiver: a point lives on the shard its id hashes to");
        }
        // QdrantValidation has checked these are positive integers
        if (body.getValue("replication_factor") instanceof Number r && r.longValue() > 1) {
            throw QuiverException.badRequest("Bad request: replication_factor " + r + " is not supported by Quiver: "
                    + "it keeps one copy of each shard part (replication_factor 1)");
        }
        if (body.getValue("write_consistency_factor") instanceof Number w && w.longValue() > 1) {
            throw QuiverException.badRequest("Bad request: write_consistency_factor " + w + " is not supported by Quiver: "
                    + "with one copy of each shard part every write is applied by that one (write_consistency_factor 1)");
        }
        refuseUnless(body.getValue("on_disk_payload"), Boolean.FALSE, "on_disk_payload",
                "Quiver keeps payloads on the heap (on_disk_payload false)");
        if (body.getValue("shard_number") instanceof Number n && n.longValue() != shardCount) {
            throw QuiverException.badRequest("Bad request: shard_number " + n + " is not supported: every collection of this "
                    + "Quiver server is spread over its " + shardCount + " shards (the server's `shards` setting)");
        }
    }

    /**
     * {@code hnsw_config}'s keys beside {@code m}, {@code ef_construct} and {@code full_scan_threshold}
     * (which the caller applies): those naming what Quiver's graphs are are accepted at that value
     * ({@code on_disk: false}, {@code inline_storage: false}, {@code max_indexing_threads: 0}, the
     * value collection info reports), others refused by name; an unknown key is a format error.
     */
    static void hnswExtras(JsonObject hnsw, String at) {
        for (String k : hnsw.fieldNames()) {
            Object v = hnsw.getValue(k);
            switch (k) {
                case "m", "ef_construct", "full_scan_threshold", "memory" -> {
                    // applied by the caller (memory placement is refused before)
                }
                case "on_disk" -> refuseUnless(v, Boolean.FALSE, at + ".on_disk",
                        "Quiver keeps its graphs on the heap (on_disk false)");
                case "inline_storage" -> refuseUnless(v, Boolean.FALSE, at + ".inline_storage",
                        "Quiver's graphs hold no copies of vectors (inline_storage false)");
                case "max_indexing_threads" -> {
                    if (v != null && !(v instanceof Number n && n.doubleValue() == 0)) {
                        throw QuiverException.badRequest("Bad request: " + at + ".max_indexing_threads " + v + " is not supported: "
                                + "Quiver inserts into a shard part's graph on that shard's thread and builds a whole graph on "
                                + "jvector's pool of every core (max_indexing_threads 0, automatic)");
                    }
                }
                case "payload_m" -> {
                    if (v != null) {
                        throw QuiverException.badRequest("Bad request: " + at + ".payload_m is not supported: Quiver's graphs "
                                + "have no payload-aware links (filtered searches plan per shard instead)");
                    }
                }
                default -> throw QuiverException.badRequest("Format error in JSON body: " + at + ": unknown field `" + k + "`");
            }
        }
    }

    /**
     * {@code optimizers_config} of a create or a PATCH, for collection {@code c} (the config it has, or
     * will have): the new auto threshold, or null when it sets none. {@code indexing_threshold}
     * (Qdrant's kilobytes of vectors per segment before it is indexed) is an {@code auto}
     * collection's threshold, the live points of a shard part at which its graph is built,
     * converted as {@code full_scan_threshold} is (KiB × 1024 / (4 bytes × dimension)); 0 (Qdrant:
     * never index) keeps every part flat. The other keys are accepted at the value Quiver behaves as
     * ({@code deleted_threshold} 0.1: a graph is cleaned up once a tenth of it is deleted;
     * {@code default_segment_number} 1: a shard part is one segment; {@code memmap_threshold} 0:
     * vectors are mapped only with {@code on_disk}; {@code prevent_unoptimized} false: a point is
     * searchable once written) and refused otherwise; {@code vacuum_min_vector_number},
     * {@code max_segment_size}, {@code flush_interval_sec} and {@code max_optimization_threads} name
     * machinery Quiver does not have and are refused whatever their value.
     */
    static Integer optimizers(CollectionConfig c, Object v) {
        if (v == null) {
            return null;
        }
        if (!(v instanceof JsonObject o)) {
            throw QuiverException.badRequest("Format error in JSON body: optimizers_config: invalid type, expected struct OptimizersConfigDiff");
        }
        Integer threshold = null;
        for (String k : o.fieldNames()) {
            Object value = o.getValue(k);
            if (value == null) {
                continue; // unchanged, or the default
            }
            String at = "optimizers_config." + k;
            switch (k) {
                case "indexing_threshold" -> {
                    long kib = unsigned(value, at);
                    if (c.index() != IndexKind.AUTO) {
                        throw QuiverException.badRequest("Bad request: optimizers_config.indexing_threshold applies to collections "
                                + "whose index is auto; this one is " + c.index().name().toLowerCase(Locale.ROOT));
                    }
                    threshold = kib == 0 ? Integer.MAX_VALUE : (int) Math.min(Integer.MAX_VALUE, kib * 1024 / (4L * graphDimension(c)));
                }
                case "deleted_threshold" -> {
                    if (!(value instanceof Number d)) {
                        throw QuiverException.badRequest("Format error in JSON body: " + at + ": invalid type, expected f64");
                    }
                    if (d.doubleValue() < 0 || d.doubleValue() > 1) {
                        throw QuiverException.badRequest("Validation error in JSON body: [" + at + ": value " + d
                                + " invalid, must be from 0.0 to 1.0]");
                    }
                    if (d.doubleValue() != CLEANUP_FRACTION) {
                        throw QuiverException.badRequest("Bad request: " + at + " " + d + " is not supported: Quiver cleans a "
                                + "shard part's graph up once a tenth of its nodes are deleted (deleted_threshold 0.1)");
                    }
                }
                case "default_segment_number" -> {
                    if (unsigned(value, at) != 1) {
                        throw QuiverException.badRequest("Bad request: " + at + " " + value + " is not supported: each shard "
                                + "part of a Quiver collection is one segment (default_segment_number 1)");
                    }
                }
                case "memmap_threshold" -> {
                    if (unsigned(value, at) != 0) {
                        throw QuiverException.badRequest("Bad request: " + at + " " + value + " is not supported: Quiver maps "
                                + "vectors from files only when they are on_disk (memmap_threshold 0)");
                    }
                }
                case "prevent_unoptimized" -> refuseUnless(value, Boolean.FALSE, at,
                        "a point Quiver has written is searchable at once (prevent_unoptimized false)");
                case "vacuum_min_vector_number" -> {
                    if (unsigned(value, at) < 100) {
                        throw QuiverException.badRequest("Validation error in JSON body: [" + at + ": value " + value
                                + " invalid, must be 100 or more]");
                    }
                    throw QuiverException.badRequest("Bad request: " + at + " is not supported: Quiver has no segments to "
                            + "vacuum (a graph is cleaned up once 64 of its nodes, and a tenth, are deleted)");
                }
                case "max_segment_size" -> throw QuiverException.badRequest("Bad request: " + at + " is not supported: "
                        + "Quiver has no segments (a shard part holds all of its points)");
                case "flush_interval_sec" -> throw QuiverException.badRequest("Bad request: " + at + " is not supported: "
                        + "Quiver logs every change before replying and fsyncs as the server's appendfsync says");
                case "max_optimization_threads" -> throw QuiverException.badRequest("Bad request: " + at + " is not supported: "
                        + "Quiver has no segment optimizers (a graph is built on the shard's thread as points arrive)");
                default -> throw QuiverException.badRequest("Format error in JSON body: optimizers_config: unknown field `" + k + "`");
            }
        }
        return threshold;
    }

    /** Quiver's graph cleanup fraction ({@code GraphIndex.CLEANUP_FRACTION}), as Qdrant's {@code deleted_threshold}. */
    private static final double CLEANUP_FRACTION = 0.1;

    /**
     * {@code wal_config} of a create: {@code wal_capacity_mb} is applied (see
     * {@link io.quiver.vector.CollectionSettings#walCapacityMb}); {@code wal_segments_ahead} and
     * {@code wal_retain_closed} are accepted at 0, what Quiver does (no log file is made before it is
     * needed; a log file a snapshot made redundant is deleted), and refused otherwise.
     *
     * @return the capacity in MiB, 0 when not set
     */
    static long walCapacityMb(Object v) {
        if (v == null) {
            return 0;
        }
        if (!(v instanceof JsonObject o)) {
            throw QuiverException.badRequest("Format error in JSON body: wal_config: invalid type, expected struct WalConfigDiff");
        }
        long capacity = 0;
        for (String k : o.fieldNames()) {
            Object value = o.getValue(k);
            if (value == null) {
                continue;
            }
            String at = "wal_config." + k;
            switch (k) {
                case "wal_capacity_mb" -> {
                    capacity = unsigned(value, at);
                    if (capacity < 1) {
                        throw QuiverException.badRequest("Validation error in JSON body: [" + at + ": value 0 invalid, must be 1 or more]");
                    }
                }
                case "wal_segments_ahead" -> {
                    if (unsigned(value, at) != 0) {
                        throw QuiverException.badRequest("Bad request: " + at + " " + value + " is not supported: Quiver starts "
                                + "a shard's next log file when it needs it (wal_segments_ahead 0)");
                    }
                }
                case "wal_retain_closed" -> {
                    if (unsigned(value, at) != 0) {
                        throw QuiverException.badRequest("Bad request: " + at + " " + value + " is not supported: Quiver deletes "
                                + "a log file once a snapshot holds its changes (wal_retain_closed 0)");
                    }
                }
                default -> throw QuiverException.badRequest("Format error in JSON body: wal_config: unknown field `" + k + "`");
            }
        }
        return capacity;
    }

    /** The dimension the collection's graph parameters are sized by: its unnamed vector's, else its first dense one's. */
    static int graphDimension(CollectionConfig c) {
        if (c.dimension() > 0) {
            return c.dimension();
        }
        return c.schema() == null || c.schema().dense().isEmpty() ? 1 : Math.max(1, c.schema().dense().get(0).dimension());
    }

    private static long unsigned(Object value, String at) {
        if (!(value instanceof Number n) || n.doubleValue() != Math.rint(n.doubleValue()) || n.doubleValue() < 0) {
            throw QuiverException.badRequest("Format error in JSON body: " + at + ": invalid value: `" + value + "`, expected usize");
        }
        return n.longValue();
    }

    private static void refuseUnless(Object v, Boolean accepted, String at, String why) {
        if (v == null || v.equals(accepted)) {
            return;
        }
        if (!(v instanceof Boolean)) {
            throw QuiverException.badRequest("Format error in JSON body: " + at + ": invalid type, expected a boolean");
        }
        throw QuiverException.badRequest("Bad request: " + at + " " + v + " is not supported: " + why);
    }
}
