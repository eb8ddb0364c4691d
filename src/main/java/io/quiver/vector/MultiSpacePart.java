package io.quiver.vector;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One shard's part of a collection with a {@link VectorSchema}: the points (id and payload) and, per
 * dense space, a plain {@link VectorCollection} of the points that have that vector (its own flat
 * or graph index), per sparse space a {@link SparseIndex}. A point may have any subset of the
 * vectors, none included. Plain Java, shard thread only; every write checks all its input first.
 */
final class MultiSpacePart {
    private CollectionConfig config;
    /** Point → payload (null value: no payload). */
    private final Map<PointId, String> points = new HashMap<>();
    /** Payloads parsed for filters, made on first use, dropped when the payload changes. */
    private final Map<PointId, Map<String, Object>> parsed = new HashMap<>();
    private final Map<String, VectorCollection> dense = new LinkedHashMap<>();
    private final Map<String, SparseIndex> sparse = new LinkedHashMap<>();
    private final Map<String, MultiVectorIndex> multi = new LinkedHashMap<>();
    private final VectorKernels kernels;
    private final VectorFiles files;
    private long payloadChars;

    MultiSpacePart(CollectionConfig config, VectorKernels kernels, VectorFiles files) {
        this.config = config;
        this.kernels = kernels;
        this.files = files;
        for (VectorSchema.Dense d : config.schema().dense()) {
            addDense(d);
        }
        for (VectorSchema.Sparse s : config.schema().sparse()) {
            sparse.put(s.name(), new SparseIndex());
        }
    }

    private void addDense(VectorSchema.Dense d) {
        if (d.multi()) {
            multi.put(d.name(), new MultiVectorIndex(d.metric()));
            return;
        }
        // a Manhattan space has no jvector graph: it stays flat whatever the collection's index (the service refuses graph)
        IndexKind index = d.metric().graphable() ? config.index() : IndexKind.FLAT;
        VectorCollection space = new VectorCollection(spaceConfig(config, d, index), kernels, files);
        space.ownedBy(this::accepts);
        dense.put(d.name(), space);
    }

    /** The config of a dense space's own part: the collection's index settings under the space's own ({@link VectorTuning}). */
    private static CollectionConfig spaceConfig(CollectionConfig c, VectorSchema.Dense d, IndexKind index) {
        return new CollectionConfig(c.name() + "/" + d.name(), d.dimension(), d.metric(), index, c.graphOf(d.name()),
                c.autoThresholdOf(d.name(), d.dimension()), c.epoch())
                .withQuantization(c.quantizationOf(d.name())).withOnDisk(c.onDiskOf(d.name()))
                .withTurbo4(c.turbo4());
    }

    int size() {
        return points.size();
    }

    /** The collection's new config (see {@link VectorCollection#reconfigure}): each dense space takes its auto threshold and graph parameters. */
    void reconfigure(CollectionConfig c) {
        VectorSchema before = config.schema(), after = c.schema();
        this.config = c;
        // a vector space dropped ("DELETE .../vectors/{name}") takes its vectors with it; one added starts empty
        for (VectorSchema.Dense d : before.dense()) {
            if (!holds(after, d)) {
                VectorCollection gone = dense.remove(d.name());
                if (gone != null) {
                    gone.close();
                }
                MultiVectorIndex m = multi.remove(d.name());
                if (m != null) {
                    m.clear();
                }
            }
        }
        for (VectorSchema.Sparse s : before.sparse()) {
            if (after.sparse().stream().noneMatch(x -> x.name().equals(s.name()))) {
                SparseIndex gone = sparse.remove(s.name());
                if (gone != null) {
                    gone.clear();
                }
            }
        }
        for (VectorSchema.Dense d : after.dense()) {
            if (!holds(before, d)) {
                addDense(d);
            }
        }
        for (VectorSchema.Sparse s : after.sparse()) {
            if (before.sparse().stream().noneMatch(x -> x.name().equals(s.name()))) {
                sparse.put(s.name(), new SparseIndex());
            }
        }
        for (VectorSchema.Dense d : after.dense()) {
            VectorCollection space = dense.get(d.name());
            if (space != null) { // a space's index settings may have changed (a PATCH): its part rebuilds its graph, or moves its vectors, if so
                space.reconfigure(spaceConfig(c, d, space.config().index()));
            }
        }
    }

    /**
     * Whether {@code s} has a space of {@code d}'s name and layout (dimension, metric, multi): one whose
     * vectors stay. Its own quantization may differ (a PATCH changes it; the space's part rebuilds its
     * graph); a sparse space is kept by name (idf applies at query time).
     */
    private static boolean holds(VectorSchema s, VectorSchema.Dense d) {
        VectorSchema.Dense x = s.dense(d.name());
        return x != null && x.dimension() == d.dimension() && x.metric() == d.metric() && x.multi() == d.multi();
    }

    // ---- filters ----

    /** Whether the point exists and passes the filter. */
    boolean accepts(io.quiver.vector.filter.Filter f, PointId id) {
        if (!points.containsKey(id)) {
            return false;
        }
        return f.matches(parsedPayload(id), new io.quiver.vector.filter.Candidate() {
            public PointId id() {
                return id;
            }

            public boolean hasVector(String name) {
                return hasVectorOf(id, name);
            }
        });
    }

    Map<String, Object> parsedPayloadOf(PointId id) {
        return parsedPayload(id);
    }

    private Map<String, Object> parsedPayload(PointId id) {
        Map<String, Object> m = parsed.get(id);
        if (m == null) {
            try {
                m = io.quiver.vector.filter.Payload.parseCompact(points.get(id));
            } catch (IllegalArgumentException e) {
                m = io.quiver.vector.filter.Payload.EMPTY;
            }
            parsed.put(id, m);
        }
        return m;
    }

    private boolean hasVectorOf(PointId id, String name) {
        VectorCollection d = dense.get(name);
        if (d != null) {
            return d.store().ordinalOf(id) >= 0;
        }
        SparseIndex s = sparse.get(name);
        if (s != null) {
            return s.get(id) != null;
        }
        MultiVectorIndex m = multi.get(name);
        return m != null && m.get(id) != null;
    }

    String payloadOf(PointId id) {
        return points.get(id);
    }

    /** Every point's id (for selections by filter). */
    java.util.Set<PointId> ids() {
        return points.keySet();
    }

    /** Throws unless every vector names a space of the schema and fits it. */
    private void check(PointVectors v) {
        for (Map.Entry<String, float[]> e : v.dense().entrySet()) {
            VectorCollection space = dense.get(e.getKey());
            if (space == null) {
                throw new IllegalArgumentException(notExisting(e.getKey()));
            }
            Vectors.check(e.getValue(), space.config().dimension());
        }
        for (String name : v.sparse().keySet()) {
            if (!sparse.containsKey(name)) {
                throw new IllegalArgumentException(notExisting(name));
            }
        }
        for (Map.Entry<String, float[][]> e : v.multi().entrySet()) {
            VectorSchema.Dense d = config.schema().dense(e.getKey());
            if (d == null || !d.multi()) {
                throw new IllegalArgumentException(notExisting(e.getKey()));
            }
            if (e.getValue().length == 0) {
                throw new IllegalArgumentException("a multivector needs at least one vector");
            }
            for (float[] row : e.getValue()) {
                Vectors.check(row, d.dimension());
            }
        }
    }

    /** Qdrant's words for a vector name the collection lacks. */
    static String notExisting(String name) {
        return "Wrong input: Not existing vector name error: " + name;
    }

    /** Inserts or replaces whole points: a replaced point keeps none of its old vectors. Returns how many were new. */
    int upsertPoints(PointId[] ids, PointVectors[] vectors, String[] payloads) {
        for (PointVectors v : vectors) {
            check(v);
        }
        int added = 0;
        for (int i = 0; i < ids.length; i++) {
            String payload = payloads == null ? null : payloads[i];
            if (points.containsKey(ids[i])) {
                removeVectors(ids[i], null);
                setPayloadText(ids[i], payload);
            } else {
                added++;
                points.put(ids[i], payload);
                payloadChars += payload == null ? 0 : payload.length();
            }
            putVectors(ids[i], vectors[i]);
        }
        return added;
    }

    /** Sets the given vectors of existing points, keeping their others; returns how many points exist. */
    int updateVectors(PointId[] ids, PointVectors[] vectors) {
        for (PointVectors v : vectors) {
            check(v);
        }
        int found = 0;
        for (int i = 0; i < ids.length; i++) {
            if (points.containsKey(ids[i])) {
                found++;
                putVectors(ids[i], vectors[i]);
            }
        }
        return found;
    }

    /** Removes the named vectors from existing points; returns how many points exist. */
    int deleteVectors(PointId[] ids, String[] names) {
        for (String n : names) {
            if (!dense.containsKey(n) && !sparse.containsKey(n) && !multi.containsKey(n)) {
                throw new IllegalArgumentException(notExisting(n));
            }
        }
        int found = 0;
        for (PointId id : ids) {
            if (points.containsKey(id)) {
                found++;
                removeVectors(id, java.util.Set.of(names));
            }
        }
        return found;
    }

    private void putVectors(PointId id, PointVectors v) {
        for (Map.Entry<String, float[]> e : v.dense().entrySet()) {
            dense.get(e.getKey()).upsert(new PointId[]{id}, new float[][]{e.getValue()}, null, false);
        }
        for (Map.Entry<String, SparseVector> e : v.sparse().entrySet()) {
            sparse.get(e.getKey()).put(id, e.getValue());
        }
        for (Map.Entry<String, float[][]> e : v.multi().entrySet()) {
            multi.get(e.getKey()).put(id, e.getValue());
        }
    }

    /** Restores a point as stored (dense vectors already prepared), for snapshots and re-sharding. */
    void putStored(PointId id, String payload, PointVectors stored) {
        if (points.containsKey(id)) {
            removeVectors(id, null);
            setPayloadText(id, payload);
        } else {
            points.put(id, payload);
            payloadChars += payload == null ? 0 : payload.length();
        }
        for (Map.Entry<String, float[]> e : stored.dense().entrySet()) {
            dense.get(e.getKey()).putPrepared(id, e.getValue(), 1f, null);
        }
        for (Map.Entry<String, SparseVector> e : stored.sparse().entrySet()) {
            sparse.get(e.getKey()).put(id, e.getValue());
        }
        for (Map.Entry<String, float[][]> e : stored.multi().entrySet()) {
            multi.get(e.getKey()).putPrepared(id, e.getValue());
        }
    }

    private void removeVectors(PointId id, java.util.Set<String> only) {
        PointId[] one = {id};
        for (Map.Entry<String, VectorCollection> e : dense.entrySet()) {
            if (only == null || only.contains(e.getKey())) {
                e.getValue().delete(one);
            }
        }
        for (Map.Entry<String, SparseIndex> e : sparse.entrySet()) {
            if (only == null || only.contains(e.getKey())) {
                e.getValue().remove(id);
            }
        }
        for (Map.Entry<String, MultiVectorIndex> e : multi.entrySet()) {
            if (only == null || only.contains(e.getKey())) {
                e.getValue().remove(id);
            }
        }
    }

    int delete(PointId[] ids) {
        int removed = 0;
        for (PointId id : ids) {
            if (points.containsKey(id)) {
                removeVectors(id, null);
                String old = points.remove(id);
                parsed.remove(id);
                payloadChars -= old == null ? 0 : old.length();
                removed++;
            }
        }
        return removed;
    }

    boolean setPayload(PointId id, String payload) {
        if (!points.containsKey(id)) {
            return false;
        }
        setPayloadText(id, payload);
        return true;
    }

    private void setPayloadText(PointId id, String payload) {
        parsed.remove(id);
        String old = points.put(id, payload);
        payloadChars += (payload == null ? 0 : payload.length()) - (old == null ? 0 : old.length());
    }

    /** The vectors a point has, as stored (cosine ones at unit length). */
    PointVectors vectorsOf(PointId id) {
        Map<String, float[]> d = new HashMap<>();
        PointId[] one = {id};
        for (Map.Entry<String, VectorCollection> e : dense.entrySet()) {
            PointRecord r = e.getValue().retrieve(one, true, false)[0];
            if (r != null) {
                d.put(e.getKey(), r.vector());
            }
        }
        Map<String, SparseVector> s = new HashMap<>();
        for (Map.Entry<String, SparseIndex> e : sparse.entrySet()) {
            SparseVector v = e.getValue().get(id);
            if (v != null) {
                s.put(e.getKey(), v);
            }
        }
        Map<String, float[][]> m = new HashMap<>();
        for (Map.Entry<String, MultiVectorIndex> e : multi.entrySet()) {
            float[][] v = e.getValue().get(id);
            if (v != null) {
                m.put(e.getKey(), v);
            }
        }
        return new PointVectors(d, s, m);
    }

    PointRecord[] retrieve(PointId[] ids, boolean withVector, boolean withPayload) {
        PointRecord[] out = new PointRecord[ids.length];
        for (int i = 0; i < ids.length; i++) {
            if (!points.containsKey(ids[i])) {
                continue;
            }
            PointVectors v = withVector ? vectorsOf(ids[i]) : null;
            out[i] = new PointRecord(ids[i], v == null ? null : v.dense().get(VectorSchema.UNNAMED), 1f,
                    withPayload ? points.get(ids[i]) : null, v);
        }
        return out;
    }

    /** The dense space of that name (for search), or an error in Qdrant's words. */
    VectorCollection denseSpace(String using) {
        VectorCollection c = dense.get(using);
        if (c == null) {
            throw new IllegalArgumentException(notExisting(using));
        }
        return c;
    }

    /** MaxSim search in a multivector space; the query rows are prepared for its metric. */
    ShardHits searchMulti(String using, float[][] preparedQuery, int k, io.quiver.vector.filter.Filter f) {
        MultiVectorIndex m = multi.get(using);
        if (m == null) {
            throw new IllegalArgumentException(notExisting(using));
        }
        return m.search(kernels, preparedQuery, k, f == null ? null : id -> accepts(f, id));
    }

    SparseIndex sparseSpace(String using) {
        SparseIndex s = sparse.get(using);
        if (s == null) {
            throw new IllegalArgumentException(notExisting(using));
        }
        return s;
    }

    /** For a sparse space: this shard's document count, then the document frequency of each term. */
    long[] sparseStats(String using, int[] terms) {
        SparseIndex s = sparseSpace(using);
        long[] df = s.documentFrequencies(terms);
        long[] out = new long[terms.length + 1];
        out[0] = s.size();
        System.arraycopy(df, 0, out, 1, df.length);
        return out;
    }

    /** Every point with its payload and stored vectors. */
    void forEach(PointSink sink) {
        for (Map.Entry<PointId, String> e : points.entrySet()) {
            sink.accept(e.getKey(), e.getValue(), vectorsOf(e.getKey()));
        }
    }

    interface PointSink {
        void accept(PointId id, String payload, PointVectors stored);
    }

    CollectionShardInfo info(int shard) {
        long indexed = 0;
        boolean anyGraph = false;
        for (VectorCollection c : dense.values()) {
            CollectionShardInfo i = c.info(shard);
            indexed += i.indexedVectors();
            anyGraph |= c.hasGraph();
        }
        return new CollectionShardInfo(shard, points.size(), indexed, anyGraph ? "graph" : "flat", 0,
                memoryEstimate(), "none", mappedBytes());
    }

    long mappedBytes() {
        long mapped = 0;
        for (VectorCollection c : dense.values()) {
            mapped += c.mappedBytes();
        }
        return mapped;
    }

    long memoryEstimate() {
        long bytes = points.size() * 80L + 2 * payloadChars;
        for (VectorCollection c : dense.values()) {
            bytes += c.memoryEstimate();
        }
        for (SparseIndex s : sparse.values()) {
            bytes += s.memoryEstimate();
        }
        for (MultiVectorIndex m : multi.values()) {
            bytes += m.memoryEstimate();
        }
        return bytes;
    }

    void close() {
        dense.values().forEach(VectorCollection::close);
        sparse.values().forEach(SparseIndex::clear);
        multi.values().forEach(MultiVectorIndex::clear);
        points.clear();
        parsed.clear();
    }
}
