package io.quiver.http;

import io.quiver.error.QuiverException;
import io.quiver.service.vector.VectorService;
import io.quiver.vector.CollectionConfig;
import io.quiver.vector.Metric;
import io.quiver.vector.PointRecord;
import io.quiver.vector.PointVectors;
import io.quiver.vector.SparseVector;
import io.quiver.vector.VectorSchema;
import io.quiver.vector.VectorTuning;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Qdrant's JSON for named, unnamed and sparse vectors, both ways: the collection's {@code vectors}
 * and {@code sparse_vectors} configs, a point's {@code vector} (an array, or an object of named
 * dense and sparse vectors), search vectors ({@code NamedVector}, {@code NamedSparseVector}),
 * {@code with_vector} selectors, and the vectors of replies. What Quiver does not build yet
 * (datatypes other than float32 and turbo4) is refused by name.
 */
final class QdrantVectorsJson {
    private QdrantVectorsJson() {
    }

    // ---- collection config ----

    /**
     * The schema a create body declares, or null for the plain form ({@code "vectors": {"size", "distance"}}
     * and no sparse vectors), which keeps the one-vector collection Redis's vector sets also use.
     */
    static VectorSchema schema(JsonObject body) {
        Object v = body.getValue("vectors");
        Object sp = body.getValue("sparse_vectors");
        if (sp != null && !(sp instanceof JsonObject)) {
            throw QuiverException.badRequest("sparse_vectors must be an object of named sparse vector configs");
        }
        JsonObject sparseConfigs = (JsonObject) sp;
        boolean plain = v instanceof JsonObject o && o.containsKey("size");
        if (plain && (sparseConfigs == null || sparseConfigs.isEmpty()) && ((JsonObject) v).getValue("multivector_config") == null
                && ((JsonObject) v).getValue("quantization_config") == null) {
            dense("vectors", "", (JsonObject) v); // refuses what the plain form cannot be
            return null;
        }
        List<VectorSchema.Dense> dense = new ArrayList<>();
        if (plain) {
            dense.add(dense("vectors", VectorSchema.UNNAMED, (JsonObject) v));
        } else if (v instanceof JsonObject named) {
            for (String name : named.fieldNames()) {
                if (!(named.getValue(name) instanceof JsonObject params)) {
                    throw QuiverException.badRequest("vectors." + name + " must be an object {\"size\", \"distance\"}");
                }
                if (name.isEmpty()) {
                    throw QuiverException.badRequest("vectors: a named vector needs a name; give the unnamed one as {\"size\", \"distance\"}");
                }
                dense.add(dense("vectors." + name, name, params));
            }
        } else if (v != null) {
            throw QuiverException.badRequest("vectors must be {\"size\": N, \"distance\": ...} or an object of named vector configs");
        }
        List<VectorSchema.Sparse> sparse = new ArrayList<>();
        if (sparseConfigs != null) {
            for (String name : sparseConfigs.fieldNames()) {
                sparse.add(sparse("sparse_vectors." + name, name, sparseConfigs.getValue(name)));
            }
        }
        if (dense.isEmpty() && sparse.isEmpty()) {
            throw QuiverException.badRequest("vectors is required: {\"size\": N, \"distance\": \"Cosine\"|\"Dot\"|\"Euclid\"}, "
                    + "named vectors, or sparse_vectors");
        }
        try {
            return new VectorSchema(dense, sparse);
        } catch (IllegalArgumentException e) {
            throw QuiverException.badRequest(e.getMessage());
        }
    }

    private static VectorSchema.Dense dense(String field, String name, JsonObject p) {
        if (!(p.getValue("size") instanceof Number)) {
            throw QuiverException.badRequest(field + ".size is required: the length of every vector");
        }
        int size = QdrantJson.integer(p, "size", 0);
        if (size < 1) {
            throw QuiverException.badRequest(field + ".size must be at least 1, not " + size);
        }
        Metric metric;
        try {
            metric = Metric.parse(String.valueOf(p.getValue("distance")));
        } catch (IllegalArgumentException e) {
            throw QuiverException.badRequest(field + ".distance: " + e.getMessage());
        }
        boolean multi = false;
        Object mv = p.getValue("multivector_config");
        if (mv != null) {
            if (!(mv instanceof JsonObject m) || !"max_sim".equals(m.getValue("comparator")) || m.size() != 1) {
                throw QuiverException.badRequest(field + ".multivector_config must be {\"comparator\": \"max_sim\"}");
            }
            multi = true;
        }
        tuning(p, field, metric, multi); // refuses what a space's own hnsw_config cannot be
        Object datatype = p.getValue("datatype");
        if (datatype != null && !"float32".equals(datatype) && !"turbo4".equals(datatype)) {
            throw QuiverException.badRequest(field + ".datatype: only float32 and turbo4 are supported by Quiver yet, not " + datatype);
        }
        if ("turbo4".equals(datatype) && multi) {
            throw QuiverException.badRequest(field + ".datatype: turbo4 multivectors are not supported by Quiver yet (use float32)");
        }
        Object onDisk = p.getValue("on_disk");
        if (onDisk != null && !(onDisk instanceof Boolean)) {
            throw QuiverException.badRequest(field + ".on_disk must be true or false");
        }
        Object quantization = p.getValue("quantization_config");
        io.quiver.vector.Quantization own = quantization == null ? null
                : QdrantQuantizationJson.config(quantization, field + ".quantization_config");
        if (own != null && multi) {
            throw QuiverException.badRequest(field + ".quantization_config: quantization of multivectors is not supported by Quiver; "
                    + "they are searched exactly");
        }
        return new VectorSchema.Dense(name, size, metric, multi, own);
    }

    /**
     * Qdrant's {@code on_disk} of the dense vectors (false when absent): their float32 originals in
     * memory-mapped files instead of the heap. Quiver places every dense vector of a collection the
     * same way, so named vectors that disagree are refused by name. Called after {@link #schema}
     * (which checks that each {@code on_disk} is a boolean).
     */
    static boolean onDisk(JsonObject body) {
        if (!(body.getValue("vectors") instanceof JsonObject v)) {
            return false;
        }
        if (v.containsKey("size")) {
            return Boolean.TRUE.equals(v.getValue("on_disk"));
        }
        Boolean seen = null;
        String first = null;
        for (String name : v.fieldNames()) {
            if (!(v.getValue(name) instanceof JsonObject params)) {
                continue;
            }
            boolean d = Boolean.TRUE.equals(params.getValue("on_disk"));
            if (seen == null) {
                seen = d;
                first = name;
            } else if (seen != d) {
                throw QuiverException.badRequest("vectors." + name + ".on_disk: Quiver keeps every dense vector of a collection "
                        + "in the same place, and vectors." + first + " has on_disk " + seen + "; give every named vector the same on_disk");
            }
        }
        return seen != null && seen;
    }

    /**
     * Whether the dense vectors are stored as {@code datatype: turbo4} (TurboQuant codes). Quiver
     * stores every dense vector of a collection alike, so named vectors that disagree are refused by
     * name. Called after {@link #schema} (which checks each datatype).
     */
    static boolean turbo4(JsonObject body) {
        if (!(body.getValue("vectors") instanceof JsonObject v)) {
            return false;
        }
        if (v.containsKey("size")) {
            return "turbo4".equals(v.getValue("datatype"));
        }
        Boolean seen = null;
        String first = null;
        for (String name : v.fieldNames()) {
            if (!(v.getValue(name) instanceof JsonObject params)) {
                continue;
            }
            boolean t = "turbo4".equals(params.getValue("datatype"));
            if (seen == null) {
                seen = t;
                first = name;
            } else if (seen != t) {
                throw QuiverException.badRequest("vectors." + name + ".datatype: Quiver stores every dense vector of a collection "
                        + "alike, and vectors." + first + " is " + (seen ? "turbo4" : "float32") + "; give every named vector the same datatype");
            }
        }
        return seen != null && seen;
    }

    /**
     * Serde's aliases of Qdrant's bodies ({@code quantization} for {@code quantization_config} at the top
     * and in each vector's params, {@code optimizer_config} for {@code optimizers_config}), renamed in
     * place to the field's own name; both spellings at once is serde's duplicate-field error.
     */
    static void renameAliases(JsonObject body) {
        renameAlias(body, "quantization", "quantization_config", "");
        renameAlias(body, "optimizer_config", "optimizers_config", "");
        if (body.getValue("vectors") instanceof JsonObject v) {
            if (v.containsKey("size")) {
                renameAlias(v, "quantization", "quantization_config", "vectors.");
            } else {
                for (String name : v.fieldNames()) {
                    if (v.getValue(name) instanceof JsonObject params) {
                        renameAlias(params, "quantization", "quantization_config", "vectors." + name + ".");
                    }
                }
            }
        }
    }

    private static void renameAlias(JsonObject o, String alias, String field, String at) {
        if (!o.containsKey(alias)) {
            return;
        }
        if (o.containsKey(field)) {
            throw QuiverException.badRequest("Format error in JSON body: " + at + "duplicate field `" + field + "`");
        }
        o.put(field, o.remove(alias));
    }

    /**
     * Each dense space's own index settings from a create body's {@code vectors} (the plain form's
     * under {@code ""}): Qdrant's per-vector {@code hnsw_config} ({@code m}, {@code ef_construct},
     * {@code full_scan_threshold}; its other keys as the collection's).
     * Called after {@link #schema}, which has checked them.
     */
    static Map<String, VectorTuning> tunings(JsonObject body) {
        Map<String, VectorTuning> out = new java.util.LinkedHashMap<>();
        if (!(body.getValue("vectors") instanceof JsonObject v)) {
            return out;
        }
        if (v.containsKey("size")) {
            VectorTuning t = tuning(v, "vectors", null, false);
            if (!t.isEmpty()) {
                out.put(VectorSchema.UNNAMED, t);
            }
            return out;
        }
        for (String name : v.fieldNames()) {
            if (v.getValue(name) instanceof JsonObject params) {
                VectorTuning t = tuning(params, "vectors." + name, null, false);
                if (!t.isEmpty()) {
                    out.put(name, t);
                }
            }
        }
        return out;
    }

    /**
     * One vector's {@code hnsw_config} (field: where it is, for the
     * errors). A Manhattan space (no jvector graph) and a multivector space (scanned exactly, see
     * {@link io.quiver.vector.MultiVectorIndex}) have no graph to configure: refused by name for them
     * ({@code metric} null: not checked again).
     */
    static VectorTuning tuning(JsonObject p, String field, Metric metric, boolean multi) {
        Object rawHnsw = p.getValue("hnsw_config");
        if (rawHnsw == null) {
            return VectorTuning.NONE;
        }
        if (metric != null && (!metric.graphable() || multi)) {
            String what = multi ? "multivectors are scanned exactly (MaxSim over every row)"
                    : metric.qdrantName() + " vectors are searched exactly (jvector has no " + metric.qdrantName() + " graph)";
            throw QuiverException.badRequest("Bad request: " + field + ".hnsw_config is not supported: " + what
                    + ", so there is no graph to configure");
        }
        Integer m = null, ef = null;
        Long fullScan = null;
        {
            if (!(rawHnsw instanceof JsonObject hnsw)) {
                throw QuiverException.badRequest("Format error in JSON body: " + field + ".hnsw_config: invalid type, expected struct HnswConfigDiff");
            }
            QdrantCollectionParams.hnswExtras(hnsw, field + ".hnsw_config");
            m = hnsw.getValue("m") == null ? null : QdrantJson.integer(hnsw, "m", 16);
            ef = hnsw.getValue("ef_construct") == null ? null : QdrantJson.integer(hnsw, "ef_construct", 100);
            if (ef != null && ef < 4) {
                throw QuiverException.badRequest("Validation error in JSON body: [" + field + ".hnsw_config.ef_construct: value "
                        + ef + " invalid, must be 4 or larger]");
            }
            fullScan = hnsw.getValue("full_scan_threshold") == null ? null : (long) QdrantJson.integer(hnsw, "full_scan_threshold", 0);
            if (fullScan != null && fullScan < 0) {
                throw QuiverException.badRequest("Format error in JSON body: " + field + ".hnsw_config.full_scan_threshold: "
                        + "invalid value: `" + fullScan + "`, expected usize");
            }
        }
        VectorTuning t = new VectorTuning(m, ef, fullScan);
        try {
            t.graph(io.quiver.vector.GraphParams.DEFAULTS);
        } catch (IllegalArgumentException e) {
            throw QuiverException.badRequest("Bad request: " + field + ".hnsw_config: " + e.getMessage());
        }
        return t;
    }

    /** A space's own {@code hnsw_config} as Qdrant reports it (the fields given), or null. */
    static JsonObject tuningHnswJson(VectorTuning t) {
        if (!t.hasHnsw()) {
            return null;
        }
        JsonObject o = new JsonObject();
        if (t.m() != null) {
            o.put("m", t.m());
        }
        if (t.efConstruct() != null) {
            o.put("ef_construct", t.efConstruct());
        }
        if (t.fullScanThreshold() != null) {
            o.put("full_scan_threshold", t.fullScanThreshold());
        }
        return o;
    }

    static VectorSchema.Sparse sparse(String field, String name, Object raw) {
        if (name.isEmpty()) {
            throw QuiverException.badRequest("Validation error in JSON body: Sparse vector name cannot be empty");
        }
        if (raw != null && !(raw instanceof JsonObject)) {
            throw QuiverException.badRequest(field + " must be an object {\"index\"?, \"modifier\"?}");
        }
        JsonObject p = raw == null ? new JsonObject() : (JsonObject) raw;
        Object modifier = p.getValue("modifier");
        boolean idf;
        if (modifier == null || "none".equals(modifier)) {
            idf = false;
        } else if ("idf".equals(modifier)) {
            idf = true;
        } else {
            throw QuiverException.badRequest(field + ".modifier must be \"none\" or \"idf\", not " + modifier);
        }
        JsonObject index = QdrantJson.object(p, "index");
        if (index != null) {
            Object datatype = index.getValue("datatype");
            if (datatype != null && !"float32".equals(datatype)) {
                throw QuiverException.badRequest(field + ".index.datatype: sparse vectors do not support the " + datatype
                        + " datatype in Quiver (float32 only)");
            }
            sparseIndex(index, field + ".index");
        }
        for (String k : p.fieldNames()) {
            if (!k.equals("modifier") && !k.equals("index")) {
                throw QuiverException.badRequest(field + "." + k + " is not a sparse vector parameter");
            }
        }
        return new VectorSchema.Sparse(name, idf);
    }

    /**
     * A sparse vector's {@code index}, at creation or in a PATCH: Quiver's inverted index is on the heap, float32, and
     * searched through its postings whatever its size, so {@code on_disk} is accepted at false,
     * {@code datatype} at float32 (checked by the caller), and {@code full_scan_threshold} refused.
     */
    static void sparseIndex(JsonObject index, String at) {
        for (String k : index.fieldNames()) {
            Object value = index.getValue(k);
            if (value == null) {
                continue;
            }
            switch (k) {
                case "on_disk" -> {
                    if (!Boolean.FALSE.equals(value)) {
                        throw QuiverException.badRequest("Bad request: " + at + ".on_disk " + value + " is not supported: Quiver "
                                + "keeps sparse indexes on the heap (on_disk false)");
                    }
                }
                case "datatype" -> { }
                case "full_scan_threshold" -> throw QuiverException.badRequest("Bad request: " + at + ".full_scan_threshold is not "
                        + "supported: Quiver searches a sparse vector through its postings whatever the part's size");
                default -> throw QuiverException.badRequest("Format error in JSON body: " + at + ": unknown field `" + k
                        + "`, expected one of `full_scan_threshold`, `on_disk`, `memory`, `datatype`");
            }
        }
    }

    /** The {@code vectors} of collection info: the plain form, or named vector params ({@code ""} the unnamed). */
    static Object vectorsConfigJson(CollectionConfig c) {
        VectorSchema s = c.schema();
        if (s == null) {
            return paramsJson(new VectorSchema.Dense(VectorSchema.UNNAMED, c.dimension(), c.metric(), false,
                    c.settings().tuning(VectorSchema.UNNAMED).quantization()), c);
        }
        if (s.dense().size() == 1 && s.dense().get(0).name().isEmpty()) {
            return paramsJson(s.dense().get(0), c);
        }
        JsonObject out = new JsonObject();
        for (VectorSchema.Dense d : s.dense()) {
            out.put(d.name(), paramsJson(d, c));
        }
        return out;
    }

    private static JsonObject paramsJson(VectorSchema.Dense d, CollectionConfig c) {
        JsonObject o = new JsonObject().put("size", d.dimension()).put("distance", d.metric().qdrantName());
        if (!d.multi()) {
            o.put("on_disk", c.onDiskOf(d.name()));
            if (c.turbo4()) {
                o.put("datatype", "turbo4");
            }
        }
        if (d.quantization() != null) {
            o.put("quantization_config", QdrantQuantizationJson.json(d.quantization()));
        }
        JsonObject hnsw = tuningHnswJson(c.settings().tuning(d.name()));
        if (hnsw != null) {
            o.put("hnsw_config", hnsw);
        }
        return d.multi() ? o.put("multivector_config", new JsonObject().put("comparator", "max_sim")) : o;
    }

    /** The {@code sparse_vectors} of collection info, or null when it has none. */
    static JsonObject sparseConfigJson(CollectionConfig c) {
        if (c.schema() == null || c.schema().sparse().isEmpty()) {
            return null;
        }
        JsonObject out = new JsonObject();
        for (VectorSchema.Sparse sp : c.schema().sparse()) {
            out.put(sp.name(), sp.idf() ? new JsonObject().put("modifier", "idf") : new JsonObject());
        }
        return out;
    }

    // ---- point vectors ----

    /** A point's {@code vector}: an array (the unnamed vector), or an object of named dense and sparse vectors. */
    static PointVectors pointVectors(Object raw, String field) {
        if (raw instanceof JsonArray a) {
            if (!a.isEmpty() && a.getValue(0) instanceof JsonArray) {
                return new PointVectors(Map.of(), Map.of(), Map.of(VectorSchema.UNNAMED, matrix(a, field)));
            }
            return new PointVectors(Map.of(VectorSchema.UNNAMED, nonEmpty(QdrantJson.vector(a, field), field)), Map.of());
        }
        if (!(raw instanceof JsonObject o)) {
            throw QuiverException.badRequest(field + " must be an array of numbers or an object of named vectors");
        }
        Map<String, float[]> dense = new HashMap<>();
        Map<String, SparseVector> sparse = new HashMap<>();
        Map<String, float[][]> multi = new HashMap<>();
        for (String name : o.fieldNames()) {
            Object v = o.getValue(name);
            String f = field + "." + (name.isEmpty() ? "\"\"" : name);
            if (v instanceof JsonArray a) {
                if (!a.isEmpty() && a.getValue(0) instanceof JsonArray) {
                    multi.put(name, matrix(a, field + ".?"));
                } else {
                    dense.put(name, nonEmpty(QdrantJson.vector(a, f), field + ".?"));
                }
            } else if (v instanceof JsonObject so && so.containsKey("indices")) {
                sparse.put(name, sparse(so, f, field + ".?"));
            } else if (v instanceof JsonObject so && (so.containsKey("text") || so.containsKey("image") || so.containsKey("object"))) {
                throw QuiverException.badRequest(f + ": inference (documents, images, objects) is not supported by Quiver");
            } else {
                throw QuiverException.badRequest(f + " must be an array of numbers or {\"indices\": [...], \"values\": [...]}");
            }
        }
        return new PointVectors(dense, sparse, multi);
    }

    /** A point's dense vector has at least one component (Qdrant's validation, a 422). */
    private static float[] nonEmpty(float[] v, String field) {
        if (v.length == 0) {
            throw QuiverException.badRequest("Validation error in JSON body: [" + field + ": dense vector must not be empty]");
        }
        return v;
    }

    /** A multivector: a list of non-empty vectors, all of one length (else Qdrant's validation errors, 422s). */
    static float[][] matrix(JsonArray a, String field) {
        float[][] rows = new float[a.size()][];
        for (int i = 0; i < rows.length; i++) {
            rows[i] = QdrantJson.vector(a.getValue(i), field + "[" + i + "]");
            if (rows[i].length == 0) {
                throw QuiverException.badRequest("Validation error in JSON body: [" + field + ".data: all vectors must be non-empty]");
            }
            if (rows[i].length != rows[0].length) {
                throw QuiverException.badRequest("Validation error in JSON body: [" + field
                        + ".data: all vectors must have the same dimension, found vector with dimension " + rows[i].length + "]");
            }
        }
        return rows;
    }

    /** {@code {"indices": [...], "values": [...]}}. */
    static SparseVector sparse(JsonObject o, String field) {
        return sparse(o, field, field);
    }

    /** As {@link #sparse(JsonObject, String)}; {@code validationPath}: the field as Qdrant's validation errors name it. */
    static SparseVector sparse(JsonObject o, String field, String validationPath) {
        if (!(o.getValue("indices") instanceof JsonArray ia) || !(o.getValue("values") instanceof JsonArray va)) {
            throw QuiverException.badRequest(field + " must be {\"indices\": [...], \"values\": [...]}");
        }
        long[] idx = new long[ia.size()];
        for (int i = 0; i < idx.length; i++) {
            if (!(ia.getValue(i) instanceof Number n) || n.doubleValue() != Math.rint(n.doubleValue())) {
                throw QuiverException.badRequest(field + ".indices[" + i + "] must be an unsigned integer");
            }
            idx[i] = n.longValue();
        }
        float[] val = new float[va.size()];
        for (int i = 0; i < val.length; i++) {
            if (!(va.getValue(i) instanceof Number n)) {
                throw QuiverException.badRequest(field + ".values[" + i + "] must be a number");
            }
            val[i] = n.floatValue();
        }
        try {
            return SparseVector.of(idx, val);
        } catch (SparseVector.Invalid e) {
            throw QuiverException.badRequest("Validation error in JSON body: [" + validationPath + "." + e.list()
                    + ": Validation error: " + e.rule() + " [{}]]");
        } catch (IllegalArgumentException e) {
            throw QuiverException.badRequest("Validation error in JSON body: " + field + ": " + e.getMessage());
        }
    }

    /** A search's {@code vector}: an array, {@code {"name", "vector": [...] | {"indices", "values"}}}. */
    record QueryVector(String using, float[] dense, SparseVector sparse, float[][] multi) {
        QueryVector(String using, float[] dense, SparseVector sparse) {
            this(using, dense, sparse, null);
        }
    }

    static QueryVector searchVector(Object raw, String field) {
        if (raw instanceof JsonArray a) {
            return new QueryVector(VectorSchema.UNNAMED, QdrantJson.vector(a, field), null);
        }
        if (raw instanceof JsonObject o && o.containsKey("vector")) {
            Object name = o.getValue("name");
            if (name != null && !(name instanceof String)) {
                throw QuiverException.badRequest(field + ".name must be a vector name");
            }
            String using = name == null ? VectorSchema.UNNAMED : (String) name;
            return queryValue(o.getValue("vector"), using, field + ".vector");
        }
        if (raw instanceof JsonObject o && o.size() == 1 && o.containsKey("")) {
            return searchVector(o.getValue(""), field);
        }
        throw QuiverException.badRequest(field + " must be an array of numbers or {\"name\", \"vector\"}");
    }

    /** A query value in space {@code using}: an array of numbers (dense) or {@code {"indices", "values"}} (sparse). */
    static QueryVector queryValue(Object raw, String using, String field) {
        if (raw instanceof JsonArray a) {
            if (!a.isEmpty() && a.getValue(0) instanceof JsonArray) {
                return new QueryVector(using, null, null, matrix(a, field));
            }
            return new QueryVector(using, QdrantJson.vector(a, field), null);
        }
        if (raw instanceof JsonObject o && o.containsKey("indices")) {
            return new QueryVector(using, null, sparse(o, field));
        }
        throw QuiverException.badRequest(field + " must be an array of numbers or {\"indices\": [...], \"values\": [...]}");
    }

    // ---- with_vector and replies ----

    /** Qdrant's {@code with_vector}: true/false or a list of vector names. */
    record VectorSelector(boolean all, Set<String> names) {
        static final VectorSelector NONE = new VectorSelector(false, Set.of());
        static final VectorSelector ALL = new VectorSelector(true, Set.of());

        boolean any() {
            return all || !names.isEmpty();
        }
    }

    /** The selector of a body's {@code with_vector} (or {@code with_vectors}), its names checked against the collection. */
    static VectorSelector selector(JsonObject body, CollectionConfig config, VectorService vectors) {
        Object raw = body.getValue("with_vector");
        if (raw == null) {
            raw = body.getValue("with_vectors");
        }
        return selector(raw, config, vectors);
    }

    static VectorSelector selector(Object raw, CollectionConfig config, VectorService vectors) {
        if (raw == null || Boolean.FALSE.equals(raw)) {
            return VectorSelector.NONE;
        }
        if (Boolean.TRUE.equals(raw)) {
            return VectorSelector.ALL;
        }
        if (raw instanceof JsonArray a) {
            Set<String> names = new LinkedHashSet<>();
            for (Object o : a) {
                if (!(o instanceof String s)) {
                    throw QuiverException.badRequest("with_vector must be true, false or a list of vector names");
                }
                names.add(s);
            }
            vectors.checkVectorNames(config, names);
            return names.isEmpty() ? VectorSelector.NONE : new VectorSelector(false, names);
        }
        throw QuiverException.badRequest("with_vector must be true, false or a list of vector names");
    }

    /**
     * A record's vectors as Qdrant shows them: a plain array when the only vector shown is the
     * unnamed dense one, else an object by name; null when none is selected or the record has none.
     */
    static Object vectorJson(PointRecord r, VectorSelector sel) {
        if (!sel.any()) {
            return null;
        }
        if (r.vectors() == null) {
            if (r.vector() == null) {
                return null;
            }
            return QdrantJson.vectorJson(r.vector());
        }
        JsonObject out = new JsonObject();
        for (Map.Entry<String, float[]> e : r.vectors().dense().entrySet()) {
            if (sel.all() || sel.names().contains(e.getKey())) {
                out.put(e.getKey(), QdrantJson.vectorJson(e.getValue()));
            }
        }
        for (Map.Entry<String, SparseVector> e : r.vectors().sparse().entrySet()) {
            if (sel.all() || sel.names().contains(e.getKey())) {
                out.put(e.getKey(), sparseJson(e.getValue()));
            }
        }
        for (Map.Entry<String, float[][]> e : r.vectors().multi().entrySet()) {
            if (sel.all() || sel.names().contains(e.getKey())) {
                JsonArray rows = new JsonArray();
                for (float[] row : e.getValue()) {
                    rows.add(QdrantJson.vectorJson(row));
                }
                out.put(e.getKey(), rows);
            }
        }
        if (out.size() == 1 && out.getValue(VectorSchema.UNNAMED) instanceof JsonArray a) {
            return a;
        }
        return out;
    }

    static JsonObject sparseJson(SparseVector v) {
        JsonArray idx = new JsonArray(new ArrayList<>(v.size()));
        JsonArray val = new JsonArray(new ArrayList<>(v.size()));
        for (int i = 0; i < v.size(); i++) {
            idx.add(Integer.toUnsignedLong(v.indices()[i]));
            val.add(v.values()[i]);
        }
        return new JsonObject().put("indices", idx).put("values", val);
    }
}
