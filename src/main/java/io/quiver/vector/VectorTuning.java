package io.quiver.vector;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One dense vector space's own graph settings, over the collection's (Qdrant's per-vector
 * {@code hnsw_config}; its own quantization is {@link VectorSchema.Dense#quantization}): each field given overrides the collection's,
 * each null (not given) leaves it. Kept in the collection's {@link CollectionSettings} (changeable by
 * a PATCH, logged and snapshotted as their JSON), applied by the space's part when it builds its graph.
 * What was given is kept apart from what applies, because Qdrant reports only the fields given.
 *
 * @param m                  HNSW's {@code m} (the graph's max degree is 2m), or null
 * @param efConstruct        the construction beam, or null
 * @param fullScanThreshold  Qdrant's KiB of vectors below which a part is searched exactly, or null
 * @param onDisk             the space's own {@code on_disk} (set by a PATCH: its float32 vectors in a memory-mapped
 *                           file, or on the heap), or null for the collection's
 * @param quantization       the plain collection's unnamed vector's own {@code quantization_config} (set by a PATCH;
 *                           a named space keeps its own in {@link VectorSchema.Dense#quantization}), or null for the collection's
 */
public record VectorTuning(Integer m, Integer efConstruct, Long fullScanThreshold, Boolean onDisk, Quantization quantization) {
    public static final VectorTuning NONE = new VectorTuning(null, null, null, null, null);

    public VectorTuning(Integer m, Integer efConstruct, Long fullScanThreshold) {
        this(m, efConstruct, fullScanThreshold, null, null);
    }

    public boolean isEmpty() {
        return !hasHnsw() && onDisk == null && quantization == null;
    }

    /** These settings without their own {@code hnsw_config} (Qdrant's PATCH of an empty one unsets it). */
    public VectorTuning withoutHnsw() {
        return new VectorTuning(null, null, null, onDisk, quantization);
    }

    public VectorTuning withOnDisk(Boolean d) {
        return new VectorTuning(m, efConstruct, fullScanThreshold, d, quantization);
    }

    public VectorTuning withQuantization(Quantization q) {
        return new VectorTuning(m, efConstruct, fullScanThreshold, onDisk, q);
    }

    public boolean hasHnsw() {
        return m != null || efConstruct != null || fullScanThreshold != null;
    }

    /** These settings with {@code other}'s given fields over them (Qdrant's diff merge of a PATCH). */
    public VectorTuning merge(VectorTuning other) {
        return new VectorTuning(other.m != null ? other.m : m, other.efConstruct != null ? other.efConstruct : efConstruct,
                other.fullScanThreshold != null ? other.fullScanThreshold : fullScanThreshold, other.onDisk != null ? other.onDisk : onDisk,
                other.quantization != null ? other.quantization : quantization);
    }

    /** The graph parameters this space builds with, over the collection's {@code base}. */
    public GraphParams graph(GraphParams base) {
        GraphParams g = base;
        if (m != null) {
            g = g.withMaxDegree(2 * m);
        }
        return efConstruct == null ? g : g.withEfConstruct(efConstruct);
    }

    /** The live points of a part of this space at which an auto index builds its graph, over the collection's {@code base}. */
    public int autoThreshold(int base, int dimension) {
        if (fullScanThreshold == null) {
            return base;
        }
        return (int) Math.min(Integer.MAX_VALUE, fullScanThreshold * 1024 / (4L * Math.max(1, dimension)));
    }

    /** The settings' JSON form (see {@link CollectionSettings#toJson}). */
    Map<String, Object> toMap() {
        Map<String, Object> o = new LinkedHashMap<>();
        if (m != null) {
            o.put("m", (long) m);
        }
        if (efConstruct != null) {
            o.put("ef_construct", (long) efConstruct);
        }
        if (fullScanThreshold != null) {
            o.put("full_scan_threshold", fullScanThreshold);
        }
        if (onDisk != null) {
            o.put("on_disk", onDisk);
        }
        if (quantization != null) {
            o.put("quantization", Map.of("kind", (long) quantization.kind().ordinal(), "quantile", (double) quantization.quantile(),
                    "always_ram", quantization.alwaysRam(), "compression", (long) quantization.compression(), "options", (long) quantization.options()));
        }
        return o;
    }

    /** What {@link #toMap} wrote. */
    static VectorTuning fromMap(Map<?, ?> o) {
        return new VectorTuning(o.get("m") instanceof Number n ? n.intValue() : null,
                o.get("ef_construct") instanceof Number n ? n.intValue() : null,
                o.get("full_scan_threshold") instanceof Number n ? n.longValue() : null,
                o.get("on_disk") instanceof Boolean d ? d : null, // absent from settings written before it existed
                o.get("quantization") instanceof Map<?, ?> q ? quantization(q) : null);
    }

    /** What {@link #toMap} wrote of a quantization. */
    private static Quantization quantization(Map<?, ?> q) {
        int kind = ((Number) q.get("kind")).intValue();
        if (kind < 0 || kind >= Quantization.Kind.values().length) {
            throw new IllegalArgumentException("unknown quantization kind " + kind);
        }
        return new Quantization(Quantization.Kind.values()[kind], ((Number) q.get("quantile")).floatValue(),
                Boolean.TRUE.equals(q.get("always_ram")), ((Number) q.get("compression")).intValue(), ((Number) q.get("options")).intValue());
    }
}
