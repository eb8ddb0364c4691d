package io.quiver.vector;

import io.github.jbellis.jvector.disk.RandomAccessReader;

import java.io.IOException;
import java.util.BitSet;

/**
 * One shard's part of a collection: its points ({@link PointStore}), exact search over them
 * ({@link FlatIndex}) and, for graph and auto collections, a jvector graph ({@link GraphIndex}).
 * Plain Java, not thread-safe: only the owning shard's context calls it.
 *
 * <p>Every write validates all its input before changing anything, so a bad point in a batch
 * leaves the part as it was.
 */
public final class VectorCollection {
    private CollectionConfig config;
    private final VectorKernels kernels;
    /** Where an {@code on_disk} part's memory-mapped vector file is made (at creation, or when a PATCH moves the vectors). */
    private final VectorFiles files;
    private final PointStore store;
    private GraphIndex graph;
    /** Set for a collection with a {@link VectorSchema}: it keeps the points, {@code store} stays empty. */
    private final MultiSpacePart multi;

    /** A new, empty part whose vectors stay on the heap ({@code on_disk} refused: there is no directory for the file). */
    public VectorCollection(CollectionConfig config, VectorKernels kernels) {
        this(config, kernels, VectorFiles.NONE);
    }

    /** A new, empty part; an {@code on_disk} one keeps its vectors in a memory-mapped file from {@code files}. */
    public VectorCollection(CollectionConfig config, VectorKernels kernels, VectorFiles files) {
        this.config = config;
        this.kernels = kernels;
        this.files = files;
        this.multi = config.schema() == null ? null : new MultiSpacePart(config, kernels, files);
        this.store = new PointStore(config.dimension(), multi != null ? VectorSlab.heap(config.dimension(), 16)
                : files.slabFor(config, config.dimension(), 16));
        if (config.index() == IndexKind.GRAPH && multi == null) {
            graph = newGraph();
        }
    }

    private VectorCollection(CollectionConfig config, VectorKernels kernels, PointStore store, VectorFiles files) {
        this.config = config;
        this.kernels = kernels;
        this.files = files;
        this.store = store;
        this.multi = null;
    }

    /** A part of a collection with a {@link VectorSchema} loaded from its stored points (indexes rebuilt). */
    public static VectorCollection restoreStored(CollectionConfig config, VectorKernels kernels, java.util.List<StoredPoint> points,
                                                 VectorFiles files) {
        VectorCollection c = new VectorCollection(config, kernels, files);
        for (StoredPoint p : points) {
            c.multi.putStored(p.id(), p.payload(), p.vectors());
        }
        return c;
    }

    // ---- named and sparse vectors (collections with a schema) ----

    public boolean hasSchema() {
        return multi != null;
    }

    private MultiSpacePart multi() {
        if (multi == null) {
            throw new IllegalArgumentException("collection `" + config.name() + "` has one unnamed vector: "
                    + "named and sparse vectors need a collection created with them");
        }
        return multi;
    }

    /** Inserts or replaces whole points with any subset of the schema's vectors; returns how many were new. */
    public int upsertPoints(PointId[] ids, PointVectors[] vectors, String[] payloads) {
        if (ids.length != vectors.length || (payloads != null && payloads.length != ids.length)) {
            throw new IllegalArgumentException("ids, vectors and payloads must have the same length");
        }
        return multi().upsertPoints(ids, vectors, payloads);
    }

    /** Sets the given vectors of existing points (others kept); returns how many of the points exist. */
    public int updateVectors(PointId[] ids, PointVectors[] vectors) {
        return multi().updateVectors(ids, vectors);
    }

    /** Removes the named vectors from existing points; returns how many of the points exist. */
    public int deleteVectors(PointId[] ids, String[] names) {
        return multi().deleteVectors(ids, names);
    }

    /** A dense search in the named space ({@code ""}: the unnamed one); the query is prepared for its metric. */
    public ShardHits searchNamed(String using, float[] preparedQuery, int k, SearchParams params) {
        if (multi == null) {
            if (!using.isEmpty()) {
                throw new IllegalArgumentException(MultiSpacePart.notExisting(using));
            }
            return search(preparedQuery, k, params);
        }
        return multi.denseSpace(using).search(preparedQuery, k, params.filter() == null ? params : params.withFilter(bound(params.filter())));
    }

    /** A batch of dense searches in the named space, as {@link #search(float[][], int[], SearchParams[])}. */
    public ShardHits[] searchNamed(String using, float[][] preparedQueries, int[] ks, SearchParams[] params) {
        if (multi == null) {
            if (!using.isEmpty()) {
                throw new IllegalArgumentException(MultiSpacePart.notExisting(using));
            }
            return search(preparedQueries, ks, params);
        }
        return multi.denseSpace(using).search(preparedQueries, ks, params);
    }

    /** An exact MaxSim search in the named multivector space; the query rows are prepared for its metric. */
    public ShardHits searchMulti(String using, float[][] preparedQuery, int k) {
        return multi().searchMulti(using, preparedQuery, k, null);
    }

    /** As {@link #searchMulti(String, float[][], int)}, only over points passing the filter (null: all). */
    public ShardHits searchMulti(String using, float[][] preparedQuery, int k, io.quiver.vector.filter.Filter f) {
        return multi().searchMulti(using, preparedQuery, k, bound(f));
    }

    /** An exact sparse dot-product search in the named sparse space. */
    public ShardHits searchSparse(String using, SparseVector query, int k) {
        return multi().sparseSpace(using).search(query, k, null);
    }

    /** As {@link #searchSparse(String, SparseVector, int)}, only over points passing the filter (null: all). */
    public ShardHits searchSparse(String using, SparseVector query, int k, io.quiver.vector.filter.Filter f) {
        io.quiver.vector.filter.Filter b = bound(f);
        return multi().sparseSpace(using).search(query, k, b == null ? null : id -> multi.accepts(b, id));
    }

    /** This shard's document count in a sparse space, then each term's document frequency. */
    public long[] sparseStats(String using, int[] terms) {
        return multi().sparseStats(using, terms);
    }

    /** Every point as stored, for re-sharding a collection with a schema. */
    public java.util.List<StoredPoint> storedPoints() {
        java.util.List<StoredPoint> out = new java.util.ArrayList<>(multi().size());
        multi.forEach((id, payload, v) -> out.add(new StoredPoint(id, payload, v)));
        return out;
    }

    /** Puts a stored point (dense vectors already prepared), for re-sharding a collection with a schema. */
    public void putStored(StoredPoint p) {
        multi().putStored(p.id(), p.payload(), p.vectors());
    }

    /**
     * A part loaded from a snapshot: the points with their saved ordinals and, when {@code savedGraph}
     * is given, the graph in jvector's format, loaded rather than rebuilt. Retired ordinals become
     * deleted nodes again. A graph part saved without a graph (it had no node yet) gets an empty one.
     *
     * @param savedGraph positioned at the graph's bytes, or null when the snapshot holds no graph
     */
    public static VectorCollection restore(CollectionConfig config, VectorKernels kernels, PointsImage points,
                                           RandomAccessReader savedGraph, VectorFiles files) throws IOException {
        VectorCollection c = new VectorCollection(config, kernels, PointStore.restore(points), files);
        if (savedGraph != null) {
            c.graph = c.loadGraph(savedGraph);
            c.reconcileGraph();
        } else if (config.index() == IndexKind.GRAPH) {
            c.graph = c.newGraph();
            c.addLiveToGraph();
        } else {
            c.switchToGraphIfDue();
        }
        return c;
    }

    /**
     * After a graph is loaded: every live point must be a node (insert any that is not) and every
     * retired ordinal a deleted node (free any that is not). A snapshot written by this code never
     * needs either; this keeps a damaged-but-checksummed file from leaving unreachable points.
     */
    private void reconcileGraph() {
        for (int ord = 0; ord < store.upperBound(); ord++) {
            if (!store.hasVector(ord)) {
                continue;
            }
            boolean node = graph.contains(ord);
            if (store.isLive(ord)) {
                if (!node) {
                    graph.add(ord);
                    reinserted++;
                }
            } else if (node) {
                graph.markDeleted(ord);
                if (graph.entryDeleted()) {
                    reclaim(true); // see GraphIndex.entryDeleted: before any insert
                }
            } else {
                store.release(ord);
            }
        }
    }

    private void addLiveToGraph() {
        BitSet live = store.liveBits();
        int[] ords = live.stream().toArray();
        graph.addAll(ords, ords.length);
    }

    /** Points a loaded graph lacked and that were inserted into it at load (0 for a sound snapshot). */
    private int reinserted;

    public int reinsertedAtLoad() {
        return reinserted;
    }

    /** Whether this part's graph was loaded from a snapshot (not rebuilt). */
    public boolean graphLoaded() {
        return graph != null && graph.loaded();
    }

    /** The snapshot's short copy step for this part, on the shard's thread. */
    public CollectionImage image() {
        java.util.List<PayloadIndexSpec> indexes = java.util.List.copyOf(payloadIndexes.values());
        if (multi != null) {
            return new CollectionImage(config, null, null, storedPoints(), indexes);
        }
        return new CollectionImage(config, store.image(), graph == null ? null : graph.image(), null, indexes);
    }

    // ---- payload indexes ----

    private final java.util.Map<String, PayloadIndexSpec> payloadIndexes = new java.util.LinkedHashMap<>();

    /** Adds or replaces a payload index; false when the same one existed. */
    public boolean createPayloadIndex(PayloadIndexSpec spec) {
        boolean changed = !spec.equals(payloadIndexes.put(spec.field(), spec));
        if (changed && multi == null) {
            store.postings().index(spec, store);
        }
        return changed;
    }

    /** Removes a payload index; false when there was none. */
    public boolean dropPayloadIndex(String field) {
        store.postings().drop(field);
        return payloadIndexes.remove(field) != null;
    }

    public java.util.Collection<PayloadIndexSpec> payloadIndexes() {
        return payloadIndexes.values();
    }

    public PayloadIndexSpec payloadIndex(String field) {
        return payloadIndexes.get(field);
    }

    /** Each index with how many of this part's points have a value at its field. */
    public PayloadSchemaEntry[] payloadSchema() {
        PayloadSchemaEntry[] out = new PayloadSchemaEntry[payloadIndexes.size()];
        int i = 0;
        for (PayloadIndexSpec spec : payloadIndexes.values()) {
            io.quiver.vector.filter.Filter has = io.quiver.vector.filter.Filter.not(
                    new io.quiver.vector.filter.Condition.IsEmpty(io.quiver.vector.filter.JsonPath.parse(spec.field())));
            out[i++] = new PayloadSchemaEntry(spec, PointSelection.matchingIds(this, has).size());
        }
        return out;
    }

    /** The filter with text matches on fields that have a text index made tokenized (Qdrant's rule). */
    io.quiver.vector.filter.Filter bound(io.quiver.vector.filter.Filter f) {
        if (f == null || payloadIndexes.isEmpty()) {
            return f;
        }
        return f.mapText(m -> {
            PayloadIndexSpec spec = payloadIndexes.get(m.key().text());
            return spec != null && spec.type().equals("text") ? m.withTokenizer(TextIndexParams.tokenizer(spec.params())) : m;
        });
    }

    /**
     * Adds a point whose vector is already prepared for the metric, with its original norm
     * (re-sharding moves stored points: preparing a cosine vector again would change its bits).
     */
    public void putPrepared(PointId id, float[] prepared, float norm, String payload) {
        if (multi != null) {
            multi.putStored(id, payload, new PointVectors(java.util.Map.of(VectorSchema.UNNAMED, prepared), java.util.Map.of()));
            return;
        }
        int old = store.ordinalOf(id);
        if (old >= 0) {
            remove(old);
        }
        int ord = store.add(id, prepared, norm, payload);
        if (graph != null) {
            graph.add(ord);
        }
        switchToGraphIfDue();
    }

    /** Live points, in ordinal order, as stored (for re-sharding). */
    public PointsImage points() {
        return store.image();
    }

    /** Bytes of float32 vectors this part keeps off the heap, in memory-mapped files ({@code on_disk}). */
    public long mappedBytes() {
        if (multi != null) {
            return multi.mappedBytes();
        }
        return store.mappedBytes();
    }

    /** Heap estimate of the part: points and graph (vectors in a memory-mapped file are not on the heap: {@link #mappedBytes}). */
    public long memoryEstimate() {
        if (multi != null) {
            return multi.memoryEstimate();
        }
        return store.memoryEstimate() + (graph == null ? 0 : graph.ramBytesUsed());
    }

    public CollectionConfig config() {
        return config;
    }

    /**
     * Takes a new config of the same collection (same name, epoch and vector layout) whose settings,
     * graph parameters, quantization or {@code on_disk} changed (a PATCH): a graph whose build
     * parameters or codes changed is rebuilt from the live points, vectors whose {@code on_disk}
     * changed move between the heap and a memory-mapped file, and a lowered auto threshold builds
     * the graph now. Runs on the shard's thread, as every change of a part.
     */
    public void reconfigure(CollectionConfig c) {
        boolean sameVectors = c.schema() != null && config.schema() != null // named spaces may come and go
                || (c.dimension() == config.dimension() && c.metric() == config.metric() && java.util.Objects.equals(c.schema(), config.schema()));
        if (!c.name().equals(config.name()) || c.epoch() != config.epoch() || !sameVectors) {
            throw new IllegalArgumentException("a reconfiguration keeps the collection's name, epoch and vectors");
        }
        CollectionConfig before = this.config;
        this.config = c;
        if (multi != null) {
            multi.reconfigure(c);
            return;
        }
        String space = VectorSchema.UNNAMED;
        if (before.onDiskOf(space) != c.onDiskOf(space) && !c.turbo4()) { // turbo4 codes stay on the heap either way
            store.moveVectors(files.slabFor(c, c.dimension(), Math.max(16, store.upperBound())));
        }
        if (graph != null && !(sameBuild(before.graphOf(space), c.graphOf(space))
                && before.quantizationOf(space).equals(c.quantizationOf(space)))) {
            // a graph is built by its parameters and walked by its codes: new ones rebuild it from the live points
            // (as Qdrant's optimizer rebuilds a segment's index); the old graph's deleted nodes are freed first
            reclaim(true);
            graph.close();
            graph = newGraph();
            addLiveToGraph();
        }
        switchToGraphIfDue(); // a lowered threshold builds the graph now, not at the next insert
    }

    /** Whether two graph parameter sets build the same graph (the search beam is a search-time default only). */
    private static boolean sameBuild(GraphParams a, GraphParams b) {
        return a.maxDegree() == b.maxDegree() && a.efConstruct() == b.efConstruct() && a.alpha() == b.alpha()
                && a.neighborOverflow() == b.neighborOverflow();
    }

    public int size() {
        if (multi != null) {
            return multi.size();
        }
        return store.liveCount();
    }

    public boolean hasGraph() {
        return graph != null;
    }

    /**
     * Inserts or replaces points. A replaced point gets the new vector; its payload becomes the
     * given one, or, when {@code keepPayloads} is set and the given one is null, stays as it was
     * (Redis's VADD without SETATTR). Returns how many ids were new.
     */
    public int upsert(PointId[] ids, float[][] vectors, String[] payloads, boolean keepPayloads) {
        return upsert(ids, vectors, payloads, keepPayloads, null);
    }

    /**
     * As {@link #upsert(PointId[], float[][], String[], boolean)}, also filling {@code applied}
     * (when not null) with the payload each point ended up with: the canonical form a log keeps,
     * in which a kept payload is spelled out.
     */
    public int upsert(PointId[] ids, float[][] vectors, String[] payloads, boolean keepPayloads, String[] applied) {
        if (ids.length != vectors.length || (payloads != null && payloads.length != ids.length)) {
            throw new IllegalArgumentException("ids, vectors and payloads must have the same length");
        }
        if (multi != null) {
            if (keepPayloads) {
                throw new IllegalArgumentException("collection `" + config.name() + "` has named or sparse vectors: "
                        + "Redis's vector-set commands work on collections with one unnamed vector only");
            }
            PointVectors[] pv = new PointVectors[vectors.length];
            for (int i = 0; i < pv.length; i++) {
                pv[i] = new PointVectors(java.util.Map.of(VectorSchema.UNNAMED, vectors[i]), java.util.Map.of());
            }
            if (applied != null && payloads != null) {
                System.arraycopy(payloads, 0, applied, 0, payloads.length);
            }
            return multi.upsertPoints(ids, pv, payloads);
        }
        float[][] prepared = new float[vectors.length][];
        float[] norms = new float[vectors.length];
        for (int i = 0; i < vectors.length; i++) {
            Vectors.check(vectors[i], config.dimension());
            norms[i] = config.metric() == Metric.COSINE ? (float) Vectors.norm(vectors[i]) : 1f;
            prepared[i] = config.metric().prepare(vectors[i]);
        }
        int added = 0;
        int[] newOrds = new int[ids.length];
        int pending = 0; // stored, not yet graph nodes
        for (int i = 0; i < ids.length; i++) {
            String payload = payloads == null ? null : payloads[i];
            int old = store.ordinalOf(ids[i]);
            if (old >= 0) {
                if (keepPayloads && payload == null) {
                    payload = store.payload(old);
                }
                if (graph != null && pending > 0 && (!graph.contains(old) || graph.wouldDeleteEntry(old))) {
                    // the id came earlier in this batch (its node is still pending), or deleting the entry
                    // runs a cleanup: either must see the earlier points as nodes
                    graph.addAll(newOrds, pending);
                    pending = 0;
                }
                remove(old);
            } else {
                added++;
            }
            int ord = store.add(ids[i], prepared[i], norms[i], payload);
            if (graph != null) {
                newOrds[pending++] = ord;
            }
            if (applied != null) {
                applied[i] = payload;
            }
        }
        if (graph != null) {
            graph.addAll(newOrds, pending);
        }
        switchToGraphIfDue();
        reclaim(false);
        return added;
    }

    /**
     * Redis's VLINKS: the point's graph neighbours per layer, top layer first, each with its
     * similarity rank to the point (best first); an empty array when the point is not a graph node
     * (an exact part, or not inserted yet), null when it does not exist here.
     */
    public ShardHits[] links(PointId id) {
        int ord = multi != null ? -1 : store.ordinalOf(id);
        if (ord < 0) {
            return null;
        }
        int[][] layers = graph == null ? null : graph.neighbours(ord);
        if (layers == null) {
            return new ShardHits[0];
        }
        float[] self = store.vector(ord);
        ShardHits[] out = new ShardHits[layers.length];
        for (int l = 0; l < layers.length; l++) {
            Integer[] order = new Integer[layers[l].length];
            float[] ranks = new float[order.length];
            for (int i = 0; i < order.length; i++) {
                order[i] = i;
                ranks[i] = config.metric().rank(kernels, self, store.vector(layers[l][i]));
            }
            java.util.Arrays.sort(order, (a, b) -> Float.compare(ranks[b], ranks[a]));
            PointId[] ids = new PointId[order.length];
            float[] sorted = new float[order.length];
            for (int i = 0; i < order.length; i++) {
                ids[i] = store.id(layers[l][order[i]]);
                sorted[i] = ranks[order[i]];
            }
            out[l] = new ShardHits(ids, sorted);
        }
        return out;
    }

    /** Deletes the points that exist; returns how many did. */
    public int delete(PointId[] ids) {
        if (multi != null) {
            return multi.delete(ids);
        }
        int removed = 0;
        for (PointId id : ids) {
            int ord = store.ordinalOf(id);
            if (ord >= 0) {
                remove(ord);
                removed++;
            }
        }
        reclaim(false);
        return removed;
    }

    /** Replaces a point's payload (null removes it); false when the point does not exist. */
    public boolean setPayload(PointId id, String payload) {
        if (multi != null) {
            return multi.setPayload(id, payload);
        }
        int ord = store.ordinalOf(id);
        if (ord < 0) {
            return false;
        }
        store.setPayload(ord, payload);
        return true;
    }

    /** The points asked for, in order, with null for ids that do not exist. */
    public PointRecord[] retrieve(PointId[] ids, boolean withVector, boolean withPayload) {
        if (multi != null) {
            return multi.retrieve(ids, withVector, withPayload);
        }
        PointRecord[] out = new PointRecord[ids.length];
        for (int i = 0; i < ids.length; i++) {
            int ord = store.ordinalOf(ids[i]);
            if (ord >= 0) {
                out[i] = new PointRecord(store.id(ord), withVector ? store.vectorCopy(ord) : null,
                        store.norm(ord), withPayload ? store.payload(ord) : null);
            }
        }
        return out;
    }

    /**
     * The k best points for a query that has been checked and prepared ({@link Metric#prepare}):
     * through the graph when there is one and the query does not ask for exact search.
     */
    public ShardHits search(float[] preparedQuery, int k, SearchParams params) {
        if (multi != null) {
            return multi.denseSpace(VectorSchema.UNNAMED).search(preparedQuery, k,
                    params.filter() == null ? params : params.withFilter(bound(params.filter())));
        }
        if (preparedQuery.length != config.dimension()) {
            throw new IllegalArgumentException("wrong query dimension: expected " + config.dimension()
                    + ", got " + preparedQuery.length);
        }
        if (params.filter() != null) {
            return FilteredSearch.search(this, preparedQuery, k, params.withFilter(bound(params.filter())));
        }
        if (graph != null && !params.exact()) {
            return graph.search(preparedQuery, k, params.ef() > 0 ? params.ef() : defaultEf(k), kernels, null, params.quantization());
        }
        return FlatIndex.search(store, config.metric(), kernels, preparedQuery, k);
    }

    // ---- filters: the parts FilteredSearch and PointSelection use ----

    /** Set by a {@link MultiSpacePart} on its dense spaces: their points' payloads and other vectors live there. */
    private java.util.function.BiPredicate<io.quiver.vector.filter.Filter, PointId> owner;

    void ownedBy(java.util.function.BiPredicate<io.quiver.vector.filter.Filter, PointId> owner) {
        this.owner = owner;
    }

    PointStore store() {
        return store;
    }

    GraphIndex graphIndex() {
        return graph;
    }

    VectorKernels kernels() {
        return kernels;
    }

    MultiSpacePart multiPart() {
        return multi;
    }

    /**
     * The live ordinals passing the filter (this part's own points; not for a part with a schema):
     * those of a {@code has_id}, else the payload indexes' candidates, else every live point, each
     * checked against the whole filter.
     */
    BitSet matching(io.quiver.vector.filter.Filter f) {
        BitSet out = new BitSet(store.upperBound());
        java.util.Set<PointId> only = f.requiredIds();
        StoreCandidate c = new StoreCandidate(store);
        if (only != null) {
            for (PointId id : only) {
                int ord = store.ordinalOf(id);
                if (ord >= 0 && accepts(f, ord, c)) {
                    out.set(ord);
                }
            }
            return out;
        }
        BitSet candidates = store.postings().candidates(f);
        BitSet scan = store.liveBits();
        if (candidates != null) {
            candidates.and(scan);
            scan = candidates;
        }
        for (int ord = scan.nextSetBit(0); ord >= 0; ord = scan.nextSetBit(ord + 1)) {
            if (accepts(f, ord, c)) {
                out.set(ord);
            }
        }
        return out;
    }


    /** The search beam of a query for {@code k} results that names none (no {@code hnsw_ef}/{@code EF}). */
    public int defaultEf(int k) {
        return Math.max(k, config.graphOf(VectorSchema.UNNAMED).searchEf());
    }

    /**
     * A batch of searches, as {@link #search} one by one would answer them. The queries that are
     * searched exactly (asked with {@code exact}, or no graph) share one pass over the vectors
     * ({@link FlatIndex#searchBatch}) when there are two or more of them.
     */
    public ShardHits[] search(float[][] preparedQueries, int[] ks, SearchParams[] params) {
        int n = preparedQueries.length;
        ShardHits[] out = new ShardHits[n];
        if (multi != null) {
            VectorCollection space = multi.denseSpace(VectorSchema.UNNAMED);
            return space.search(preparedQueries, ks, params);
        }
        int[] exact = new int[n];
        int exactCount = 0;
        for (int i = 0; i < n; i++) {
            if ((graph != null && !params[i].exact()) || params[i].filter() != null) {
                out[i] = search(preparedQueries[i], ks[i], params[i]); // filtered: its own planner
            } else {
                exact[exactCount++] = i;
            }
        }
        if (exactCount == 1) {
            int i = exact[0];
            out[i] = search(preparedQueries[i], ks[i], params[i]);
        } else if (exactCount > 1) {
            float[][] qs = new float[exactCount][];
            int[] k = new int[exactCount];
            for (int e = 0; e < exactCount; e++) {
                float[] q = preparedQueries[exact[e]];
                if (q.length != config.dimension()) {
                    throw new IllegalArgumentException("wrong query dimension: expected " + config.dimension()
                            + ", got " + q.length);
                }
                qs[e] = q;
                k[e] = ks[exact[e]];
            }
            ShardHits[] hits = FlatIndex.searchBatch(store, config.metric(), kernels, qs, k);
            for (int e = 0; e < exactCount; e++) {
                out[exact[e]] = hits[e];
            }
        }
        return out;
    }


    private boolean accepts(io.quiver.vector.filter.Filter f, int ord, StoreCandidate c) {
        if (owner != null) {
            return owner.test(f, store.id(ord));
        }
        c.ord = ord;
        return f.matches(store.parsedPayload(ord), c);
    }

    /** A point of the plain store as a filter sees it: its one vector is the unnamed one. */
    static final class StoreCandidate implements io.quiver.vector.filter.Candidate {
        private final PointStore store;
        int ord;

        StoreCandidate(PointStore store) {
            this.store = store;
        }

        public PointId id() {
            return store.id(ord);
        }

        public boolean hasVector(String name) {
            return name.isEmpty();
        }
    }

    /** Whether the point exists in this part. */
    public boolean contains(PointId id) {
        return multi != null ? multi.ids().contains(id) : store.ordinalOf(id) >= 0;
    }

    /** Whether an existing point passes the filter (null: every point); false for a missing one. */
    public boolean passes(io.quiver.vector.filter.Filter f, PointId id) {
        if (!contains(id)) {
            return false;
        }
        if (f == null) {
            return true;
        }
        io.quiver.vector.filter.Filter b = bound(f);
        if (multi != null) {
            return multi.accepts(b, id);
        }
        return accepts(b, store.ordinalOf(id), new StoreCandidate(store));
    }

    /** How many points pass the filter (null: all). */
    public long count(io.quiver.vector.filter.Filter f) {
        if (f == null) {
            return size();
        }
        return PointSelection.matchingIds(this, bound(f)).size();
    }

    /**
     * A page of points in id order: the first {@code limit} passing the filter (null: all) whose id
     * is at least {@code from} (null: from the start).
     */
    public PointRecord[] scroll(io.quiver.vector.filter.Filter f, PointId from, int limit, boolean withVector,
                                boolean withPayload) {
        return PointSelection.scroll(this, bound(f), from, limit, withVector, withPayload);
    }

    /** See {@link PointSelection#scrollOrdered}; refused unless {@code key} has an integer, float or datetime index. */
    public PointRecord[] scrollOrdered(io.quiver.vector.filter.Filter f, String key, boolean descending, Double startFrom,
                                       int limit, boolean withVector) {
        PayloadIndexSpec spec = payloadIndexes.get(key);
        if (spec == null || !spec.ordered()) {
            throw new IllegalArgumentException("Bad request: No range index for `order_by` key: `" + key + "`. Please create one "
                    + "to use `order_by`. Check https://qdrant.tech/documentation/concepts/indexing/#payload-index to see which "
                    + "payload schemas support Range conditions");
        }
        return PointSelection.scrollOrdered(this, bound(f), spec, descending, startFrom, limit, withVector);
    }

    /** Index types a facet may count by (Qdrant's: those mapping values to points). */
    public static final java.util.Set<String> FACET_TYPES = java.util.Set.of("keyword", "integer", "bool", "uuid");

    /** See {@link PointSelection#facet}; refused unless {@code key} has a keyword, integer, bool or uuid index. */
    public FacetCounts facet(io.quiver.vector.filter.Filter f, String key) {
        PayloadIndexSpec spec = payloadIndexes.get(key);
        if (spec == null || !FACET_TYPES.contains(spec.type())) {
            throw new IllegalArgumentException(facetIndexRequired(key));
        }
        return PointSelection.facet(this, bound(f), spec);
    }

    /** Qdrant's words when a facet's key has no index it can count by. */
    public static String facetIndexRequired(String key) {
        return "Bad request: Index required but not found for \"" + key + "\" of one of the following types: "
                + "[keyword, integer, bool, uuid]. Help: Create an index for this key or use a different filter.";
    }

    /** A point's payload in parsed form ({@link io.quiver.vector.filter.Payload#EMPTY} when none), or null if it does not exist. */
    java.util.Map<String, Object> parsedPayloadOf(PointId id) {
        if (multi != null) {
            return multi.ids().contains(id) ? multi.parsedPayloadOf(id) : null;
        }
        int ord = store.ordinalOf(id);
        return ord < 0 ? null : store.parsedPayload(ord);
    }

    /** The ids of the points passing the filter, in no particular order. */
    public java.util.List<PointId> matchingIds(io.quiver.vector.filter.Filter f) {
        return PointSelection.matchingIds(this, bound(f));
    }

    /** A point's payload text, or null (none, or no such point). */
    public String payloadOf(PointId id) {
        if (multi != null) {
            return multi.payloadOf(id);
        }
        int ord = store.ordinalOf(id);
        return ord < 0 ? null : store.payload(ord);
    }

    /**
     * A filtered search that always walks the graph (the planner's other branch skipped); the
     * benchmark compares it with the planner's choice. Needs a graph part without a schema.
     */
    public ShardHits searchGraphFiltered(float[] preparedQuery, int k, SearchParams params) {
        if (graph == null || multi != null || params.filter() == null) {
            throw new IllegalStateException("a filtered graph walk needs a graph part and a filter");
        }
        return FilteredSearch.graphOnly(this, preparedQuery, k, params.withFilter(bound(params.filter())));
    }

    public CollectionShardInfo info(int shard) {
        if (multi != null) {
            return multi.info(shard);
        }
        long graphBytes = graph == null ? 0 : graph.ramBytesUsed();
        return new CollectionShardInfo(shard, store.liveCount(), graph == null ? 0 : graph.liveNodes(),
                graph == null ? "flat" : "graph", graph == null ? 0 : graph.pendingDeletes(),
                store.memoryEstimate() + graphBytes,
                graph == null ? "none" : graph.loaded() ? "loaded" : "built", store.mappedBytes());
    }

    /**
     * Compresses the graph's search with product quantization ({@code subspaces} bytes per vector;
     * see {@link GraphIndex#compress}). Not reachable from the APIs yet: the benchmark measures it.
     * Throws unless the part has a graph with points in it.
     */
    public void compress(int subspaces) {
        if (graph == null) {
            throw new IllegalStateException("only a graph index can be compressed; this part is searched exactly");
        }
        graph.compress(subspaces);
    }

    public void close() {
        if (multi != null) {
            multi.close();
        }
        if (graph != null) {
            graph.close();
            graph = null;
        }
        store.clear();
    }

    private void remove(int ord) {
        store.retire(ord);
        if (graph != null) {
            graph.markDeleted(ord);     // its vector stays until cleanup: the graph routes through it
            if (graph.entryDeleted()) {
                reclaim(true);
            }
        } else {
            store.release(ord);
        }
    }

    private void reclaim(boolean force) {
        if (graph != null) {
            for (int ord : graph.cleanupIfDue(force)) {
                store.release(ord);
            }
        }
    }

    /** A graph over this part, walked by codes when the collection is quantized (trained once the part is large enough). */
    private GraphIndex newGraph() {
        GraphIndex g = new GraphIndex(store, config.metric(), config.graphOf(VectorSchema.UNNAMED));
        g.quantize(config.quantizationOf(VectorSchema.UNNAMED));
        return g;
    }

    private GraphIndex loadGraph(RandomAccessReader saved) throws IOException {
        GraphIndex g = new GraphIndex(store, config.metric(), config.graphOf(VectorSchema.UNNAMED), saved);
        g.quantize(config.quantizationOf(VectorSchema.UNNAMED));
        return g;
    }

    /** An auto collection builds its graph once its part reaches the threshold (and keeps it). */
    private void switchToGraphIfDue() {
        if (graph != null || config.index() != IndexKind.AUTO
                || store.liveCount() < config.autoThresholdOf(VectorSchema.UNNAMED, config.dimension())) {
            return;
        }
        graph = newGraph();
        addLiveToGraph();
    }
}
