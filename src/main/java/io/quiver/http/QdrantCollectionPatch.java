package io.quiver.http;

import io.quiver.error.QuiverException;
import io.quiver.service.vector.VectorService;
import io.quiver.vector.CollectionConfig;
import io.quiver.vector.GraphParams;
import io.quiver.vector.IndexKind;
import io.quiver.vector.Quantization;
import io.quiver.vector.VectorSchema;
import io.quiver.vector.VectorTuning;
import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * Qdrant's {@code PATCH /collections/{c}} body ({@code UpdateCollection}) as changes of a
 * collection's config, each checked when read (so a bad body changes nothing): {@code vectors}
 * (each dense vector's own {@code hnsw_config}, {@code quantization_config} and {@code on_disk}),
 * {@code hnsw_config}, {@code quantization_config}, {@code optimizers_config}, {@code sparse_vectors}
 * ({@code modifier}; the index at the values Quiver has), {@code params} (the values Quiver has),
 * {@code strict_mode_config} and {@code metadata}. The shard parts apply a new config on their
 * own threads: graphs rebuilt by new build parameters or codes, vectors moved by a new
 * {@code on_disk} (see {@link io.quiver.vector.VectorCollection#reconfigure}).
 */
final class QdrantCollectionPatch {
    private QdrantCollectionPatch() {
    }

    /** The body's changes, in order; empty when it changes nothing. Refuses what Quiver cannot honour by name. */
    static List<UnaryOperator<CollectionConfig>> changes(CollectionConfig current, JsonObject body) {
        List<UnaryOperator<CollectionConfig>> changes = new ArrayList<>();
        Integer threshold = null;
        for (String k : body.fieldNames()) {
            Object v = body.getValue(k);
            if (v == null) {
                continue; // Qdrant's "left unchanged"
            }
            switch (k) {
                case "strict_mode_config" -> {
                    Map<String, Object> strict = QdrantSettingsJson.strictMode(v);
                    changes.add(c -> c.withSettings(c.settings().withStrictMode(QdrantSettingsJson.mergeStrict(c.settings().strictMode(), strict))));
                }
                case "metadata" -> {
                    QdrantSettingsJson.mergeMetadata(current.settings().metadata(), v); // checked now
                    changes.add(c -> c.withSettings(c.settings().withMetadata(QdrantSettingsJson.mergeMetadata(c.settings().metadata(), v))));
                }
                case "optimizers_config" -> {
                    threshold = QdrantCollectionParams.optimizers(current, v);
                    Integer t = threshold;
                    if (t != null) {
                        changes.add(c -> c.withAutoThreshold(t));
                    }
                }
                case "hnsw_config" -> changes.add(c -> hnsw(c, v));
                case "quantization_config" -> {
                    Quantization q = QdrantQuantizationJson.diff(v, "quantization_config");
                    changes.add(c -> c.withQuantization(q == null ? Quantization.NONE : q));
                }
                case "vectors" -> changes.add(c -> vectors(c, v));
                case "sparse_vectors" -> changes.add(c -> sparseVectors(c, v));
                case "params" -> params(v);
                default -> throw QuiverException.badRequest("Format error in JSON body: unknown field `" + k + "`, expected one of "
                        + "`vectors`, `optimizers_config`, `params`, `hnsw_config`, `quantization_config`, `sparse_vectors`, "
                        + "`strict_mode_config`, `metadata`");
            }
        }
        if (threshold != null && body.getValue("hnsw_config") instanceof JsonObject h && h.getValue("full_scan_threshold") != null) {
            throw QuiverException.badRequest("Bad request: optimizers_config.indexing_threshold and hnsw_config.full_scan_threshold "
                    + "both set the part size at which Quiver builds a graph; give one of them");
        }
        CollectionConfig checked = current;
        for (UnaryOperator<CollectionConfig> change : changes) {
            checked = change.apply(checked); // refuses a bad change before anything is sent
        }
        return changes;
    }

    /**
     * The collection's {@code hnsw_config}: the graph parameters its graphs are built by ({@code m},
     * {@code ef_construct}: a part that has a graph rebuilds it) and {@code full_scan_threshold} (an
     * auto collection's threshold, as at creation).
     */
    private static CollectionConfig hnsw(CollectionConfig c, Object v) {
        if (!(v instanceof JsonObject hnsw)) {
            throw QuiverException.badRequest("Format error in JSON body: hnsw_config: invalid type, expected struct HnswConfigDiff");
        }
        QdrantCollectionParams.hnswExtras(hnsw, "hnsw_config");
        boolean anyGraphable = c.schema() == null ? c.metric().graphable()
                : c.schema().dense().isEmpty() || c.schema().dense().stream().anyMatch(d -> d.metric().graphable());
        if (!anyGraphable && hnsw.stream().anyMatch(e -> e.getValue() != null)) {
            throw QuiverException.badRequest("Bad request: hnsw_config: this collection's vectors are all searched exactly "
                    + "(Manhattan has no jvector graph), so there is no graph to configure");
        }
        GraphParams g = c.graph();
        int threshold = c.autoThreshold();
        try {
            if (hnsw.getValue("m") != null) {
                g = g.withMaxDegree(2 * QdrantJson.integer(hnsw, "m", 16));
            }
            if (hnsw.getValue("ef_construct") != null) {
                int ef = QdrantJson.integer(hnsw, "ef_construct", 100);
                if (ef < 4) {
                    throw QuiverException.badRequest("Validation error in JSON body: [hnsw_config.ef_construct: value " + ef
                            + " invalid, must be 4 or larger]");
                }
                g = g.withEfConstruct(ef);
            }
        } catch (IllegalArgumentException e) {
            throw QuiverException.badRequest("Bad request: hnsw_config: " + e.getMessage());
        }
        if (hnsw.getValue("full_scan_threshold") != null) {
            if (c.index() != IndexKind.AUTO) {
                throw QuiverException.badRequest("Bad request: hnsw_config.full_scan_threshold applies to collections whose index "
                        + "is auto; this one is " + c.index().name().toLowerCase(Locale.ROOT));
            }
            long kib = QdrantJson.integer(hnsw, "full_scan_threshold", 0);
            threshold = (int) Math.min(Integer.MAX_VALUE, kib * 1024 / (4L * QdrantCollectionParams.graphDimension(c)));
        }
        return c.withGraph(g).withAutoThreshold(threshold);
    }

    /**
     * {@code vectors}: per dense vector ({@code ""} the unnamed), its own {@code hnsw_config} merged
     * over what it had (an empty object unsets it, as in Qdrant), its own {@code quantization_config}
     * ({@code "Disabled"}: the collection's applies again) and its {@code on_disk}.
     */
    private static CollectionConfig vectors(CollectionConfig c, Object v) {
        if (!(v instanceof JsonObject vectors)) {
            throw QuiverException.badRequest("Format error in JSON body: vectors: invalid type, expected a map of vector names to VectorParamsDiff");
        }
        Map<String, VectorTuning> tunings = new LinkedHashMap<>(c.settings().vectors());
        VectorSchema schema = c.schema();
        for (String name : vectors.fieldNames()) {
            String field = "vectors." + (name.isEmpty() ? "\"\"" : name);
            VectorSchema.Dense d = schema == null
                    ? (name.isEmpty() ? new VectorSchema.Dense(VectorSchema.UNNAMED, c.dimension(), c.metric()) : null)
                    : schema.dense(name);
            if (d == null) {
                throw QuiverException.badRequest(VectorService.notExistingVector(name));
            }
            if (!(vectors.getValue(name) instanceof JsonObject diff)) {
                throw QuiverException.badRequest("Format error in JSON body: " + field + ": invalid type, expected struct VectorParamsDiff");
            }
            VectorTuning t = c.settings().tuning(name);
            for (String k : diff.fieldNames()) {
                Object value = diff.getValue(k);
                if (value == null) {
                    continue;
                }
                switch (k) {
                    case "hnsw_config" -> t = value instanceof JsonObject h && h.isEmpty() ? t.withoutHnsw()
                            : t.merge(QdrantVectorsJson.tuning(diff, field, d.metric(), d.multi()));
                    case "on_disk" -> {
                        if (!(value instanceof Boolean onDisk)) {
                            throw QuiverException.badRequest("Format error in JSON body: " + field + ".on_disk: invalid type, expected a boolean");
                        }
                        if (d.multi() && onDisk) {
                            throw QuiverException.badRequest("Bad request: " + field + ".on_disk true is not supported: Quiver keeps "
                                    + "multivectors on the heap");
                        }
                        t = t.withOnDisk(onDisk == c.onDisk() ? null : onDisk);
                    }
                    case "quantization_config" -> {
                        Quantization q = QdrantQuantizationJson.diff(value, field + ".quantization_config");
                        if (q != null && d.multi()) {
                            throw QuiverException.badRequest(field + ".quantization_config: quantization of multivectors is not "
                                    + "supported by Quiver; they are searched exactly");
                        }
                        if (schema == null) { // the plain collection's unnamed vector keeps its own in its settings
                            t = t.withQuantization(q);
                        } else {
                            schema = ownQuantization(schema, d, q);
                        }
                    }
                    default -> throw QuiverException.badRequest("Format error in JSON body: " + field + ": unknown field `" + k
                            + "`, expected one of `hnsw_config`, `quantization_config`, `on_disk`, `memory`");
                }
            }
            tunings.put(name, t);
        }
        CollectionConfig next = c.withSettings(c.settings().withVectors(tunings));
        return schema == c.schema() ? next : next.withSchema(schema);
    }

    /** The schema with dense vector {@code d}'s own quantization set ({@code q} null: none, the collection's applies). */
    private static VectorSchema ownQuantization(VectorSchema schema, VectorSchema.Dense d, Quantization q) {
        List<VectorSchema.Dense> dense = new ArrayList<>();
        for (VectorSchema.Dense x : schema.dense()) {
            dense.add(x.name().equals(d.name()) ? x.withQuantization(q) : x);
        }
        return new VectorSchema(dense, schema.sparse());
    }

    /**
     * {@code sparse_vectors}: per sparse vector, its {@code modifier} (applied at query time, so the
     * index stays) and its {@code index} at the values Quiver has ({@link QdrantVectorsJson#sparseIndex}).
     */
    private static CollectionConfig sparseVectors(CollectionConfig c, Object v) {
        if (!(v instanceof JsonObject sparse)) {
            throw QuiverException.badRequest("Format error in JSON body: sparse_vectors: invalid type, expected a map of vector names to SparseVectorParams");
        }
        VectorSchema schema = c.schema();
        List<VectorSchema.Sparse> next = new ArrayList<>(schema == null ? List.of() : schema.sparse());
        for (String name : sparse.fieldNames()) {
            int at = -1;
            for (int i = 0; i < next.size(); i++) {
                if (next.get(i).name().equals(name)) {
                    at = i;
                }
            }
            if (at < 0) {
                throw QuiverException.badRequest(VectorService.notExistingVector(name));
            }
            Object raw = sparse.getValue(name);
            VectorSchema.Sparse given = QdrantVectorsJson.sparse("sparse_vectors." + name, name, raw);
            if (raw instanceof JsonObject o && o.getValue("index") instanceof JsonObject index) {
                QdrantVectorsJson.sparseIndex(index, "sparse_vectors." + name + ".index");
            }
            if (raw instanceof JsonObject o && o.getValue("modifier") != null) {
                next.set(at, given);
            }
        }
        return schema == null ? c : c.withSchema(new VectorSchema(schema.dense(), next));
    }

    /**
     * {@code params}: accepted at the values Quiver has (one copy of each shard part, payloads on the
     * heap), refused by name otherwise.
     */
    private static void params(Object v) {
        if (!(v instanceof JsonObject p)) {
            throw QuiverException.badRequest("Format error in JSON body: params: invalid type, expected struct CollectionParamsDiff");
        }
        for (String k : p.fieldNames()) {
            Object value = p.getValue(k);
            if (value == null) {
                continue;
            }
            String at = "params." + k;
            switch (k) {
                case "replication_factor", "write_consistency_factor" -> {
                    if (!(value instanceof Number n) || n.doubleValue() != 1) {
                        throw QuiverException.badRequest("Bad request: " + at + " " + value + " is not supported: Quiver keeps one "
                                + "copy of each shard part (" + k + " 1)");
                    }
                }
                case "read_fan_out_factor" -> {
                    if (!(value instanceof Number n) || n.doubleValue() != 0) {
                        throw QuiverException.badRequest("Bad request: " + at + " " + value + " is not supported: with one copy of "
                                + "each shard part there is no other replica to read from (read_fan_out_factor 0)");
                    }
                }
                case "read_fan_out_delay_ms" -> throw QuiverException.badRequest("Bad request: " + at + " is not supported: "
                        + "with one copy of each shard part there is no other replica to read from");
                case "on_disk_payload" -> {
                    if (!Boolean.FALSE.equals(value)) {
                        throw QuiverException.badRequest("Bad request: " + at + " " + value + " is not supported: Quiver keeps "
                                + "payloads on the heap (on_disk_payload false)");
                    }
                }
                default -> throw QuiverException.badRequest("Format error in JSON body: params: unknown field `" + k + "`");
            }
        }
    }
}
