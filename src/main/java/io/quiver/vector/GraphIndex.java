package io.quiver.vector;

import io.github.jbellis.jvector.disk.RandomAccessReader;
import io.github.jbellis.jvector.graph.GraphIndexBuilder;
import io.github.jbellis.jvector.graph.ImmutableGraphIndex;
import io.github.jbellis.jvector.graph.OnHeapGraphIndex;
import io.github.jbellis.jvector.graph.GraphSearcher;
import io.github.jbellis.jvector.graph.ListRandomAccessVectorValues;
import io.github.jbellis.jvector.graph.SearchResult;
import io.github.jbellis.jvector.graph.diversity.VamanaDiversityProvider;
import io.github.jbellis.jvector.graph.similarity.BuildScoreProvider;
import io.github.jbellis.jvector.util.PhysicalCoreExecutor;
import io.github.jbellis.jvector.graph.similarity.DefaultSearchScoreProvider;
import io.github.jbellis.jvector.graph.similarity.ScoreFunction;
import io.github.jbellis.jvector.quantization.MutablePQVectors;
import io.github.jbellis.jvector.quantization.ProductQuantization;
import io.github.jbellis.jvector.util.Bits;
import io.github.jbellis.jvector.vector.VectorSimilarityFunction;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.concurrent.ForkJoinPool;
import java.util.List;

/**
 * A jvector graph over one shard's part of a collection: built incrementally (one
 * {@code addGraphNode} per insert, on the shard's thread), searched with a {@link GraphSearcher}
 * kept for reuse (a shard runs one search at a time). Deleting marks the node deleted — it stays a
 * waypoint but is never returned — and once enough are marked, jvector's {@code cleanup()} removes
 * them and repairs their neighbours' edges; only then are their ordinals handed back for reuse.
 *
 * <p>Scores: jvector ranks by its own similarity (for euclidean {@code 1/(1+d²)}); the hits it
 * returns are re-scored exactly with {@link VectorKernels}, so graph and flat search report the same
 * numbers for the same point.
 *
 * <p>Compression ({@link #compress}, optional): product quantization trained on the part's vectors.
 * The search then walks the graph comparing the query with each node's PQ code (a table lookup per
 * subspace instead of a full-dimension distance) and reranks its beam exactly with the full vectors,
 * which stay in memory: it trades memory (the codes come on top) for cheaper steps.
 */
final class GraphIndex {
    /** Cleanup runs when deleted nodes reach this many and this share of the graph. */
    static final int CLEANUP_MIN_DELETED = 64;
    static final double CLEANUP_FRACTION = 0.10;

    private final PointStore store;
    private final Metric metric;
    private final VectorSimilarityFunction similarity;
    private final StoreVectorValues vectors;
    private final GraphIndexBuilder builder;
    private GraphSearcher searcher;
    private boolean viewStale;
    private int[] pendingDeletes = new int[16];
    private int pendingCount;
    private int nodes;
    /** Whether this graph was loaded from a snapshot rather than built by inserting. */
    private final boolean loaded;
    /** PQ codes of every node once {@link #compress} has run; null otherwise. */
    private MutablePQVectors codes;

    GraphIndex(PointStore store, Metric metric, GraphParams params) {
        this.store = store;
        this.metric = metric;
        this.similarity = metric.jvectorFunction();
        this.vectors = new StoreVectorValues(store);
        this.builder = newBuilder(params);
        this.loaded = false;
    }

    /**
     * A graph loaded from a snapshot in jvector's own format ({@link OnHeapGraphIndex#load}) over a
     * store restored with the same ordinals; nothing is re-inserted. Retired ordinals (deleted
     * points the saved graph still routes through) are marked deleted again.
     */
    GraphIndex(PointStore store, Metric metric, GraphParams params, RandomAccessReader saved) throws IOException {
        this.store = store;
        this.metric = metric;
        this.similarity = metric.jvectorFunction();
        this.vectors = new StoreVectorValues(store);
        this.loaded = true;
        // jvector's OnHeapGraphIndex.load keeps the saved edge scores; GraphIndexBuilder.load would
        // recompute every one from the vectors (measured: 3-4x slower, 4.2 s against 1.2 s for
        // 500,000 nodes of 128 dimensions). The builder then takes the loaded graph with the same
        // settings the plain constructor gives it, so inserting after a load is as before.
        BuildScoreProvider scores = BuildScoreProvider.randomAccessScoreProvider(vectors, similarity);
        OnHeapGraphIndex graph = OnHeapGraphIndex.load(saved, store.dimension(), params.neighborOverflow(),
                new VamanaDiversityProvider(scores, params.alpha()));
        this.builder = new GraphIndexBuilder(scores, store.dimension(), graph, params.efConstruct(),
                params.neighborOverflow(), params.alpha(), true, PhysicalCoreExecutor.pool(), ForkJoinPool.commonPool());
        nodes = graph.size(0);
    }

    private GraphIndexBuilder newBuilder(GraphParams params) {
        return new GraphIndexBuilder(vectors, similarity, params.maxDegree(), params.efConstruct(),
                params.neighborOverflow(), params.alpha(), true);
    }

    boolean loaded() {
        return loaded;
    }

    boolean contains(int ord) {
        return graph().containsNode(ord);
    }

    /** jvector's graph itself (this package's tests compare it with jvector's own save and load). */
    OnHeapGraphIndex graph() {
        return (OnHeapGraphIndex) builder.getGraph();
    }

    /** On the shard's thread: a copy of this graph's adjacency for a snapshot to write out later (see {@link GraphImage}). */
    GraphImage image() {
        OnHeapGraphIndex g = graph();
        ImmutableGraphIndex.NodeAtLevel entry = g.entryNode();
        if (entry == null) {
            return null; // no node yet
        }
        int levels = entry.level + 1;
        int[] degrees = new int[levels];
        for (int l = 0; l < levels; l++) {
            degrees[l] = g.getDegree(l);
        }
        return new GraphImage(g, similarity, entry.node, degrees);
    }

    void add(int ord) {
        builder.addGraphNode(ord, vectors);
        if (codes != null) {
            codes.encodeAndSet(ord, vectors.getVector(ord));
        }
        nodes++;
        viewStale = true;
        encodeCodes(ord);
    }

    /** Parts smaller than this walk by the original vectors: too few components to train a range on, and cheap anyway. */
    static final int QUANTIZE_MIN = 256;

    /** The collection's quantization (set once, after construction); {@link #scalar} holds the codes once trained. */
    private Quantization quantization = Quantization.NONE;
    private ScalarCodes scalar;
    private BinaryCodes binary;
    private TurboCodes turbo;
    private float[] encodeScratch;

    private float[] encodeScratch() {
        if (encodeScratch == null) {
            encodeScratch = new float[store.dimension()];
        }
        return encodeScratch;
    }

    void quantize(Quantization q) {
        this.quantization = q;
        encodeCodes(-1);
    }

    /**
     * Product quantization's codebooks are trained on the part as it is, and again whenever it has
     * grown this many times since (every node re-encoded), until they were trained on
     * {@link #PQ_TRAINED_ENOUGH} vectors: codebooks trained on the first few hundred vectors of a bulk
     * import would describe the rest badly, and retraining at geometric steps costs a bounded
     * multiple of one training on the final size.
     */
    static final int PQ_RETRAIN_GROWTH = 4;
    /** jvector trains its k-means on a sample of at most about this many vectors anyway. */
    static final int PQ_TRAINED_ENOUGH = 128_000;
    private int pqTrainedOn;

    /** Encodes {@code ord} (or nothing, for -1) with the trained codes, or trains them once the part is large enough. */
    private void encodeCodes(int ord) {
        switch (quantization.kind()) {
            case SCALAR_INT8 -> {
                if (scalar != null) {
                    if (ord >= 0) {
                        scalar.encode(ord, store.vector(ord, encodeScratch()));
                    }
                } else if (store.liveCount() >= QUANTIZE_MIN) {
                    scalar = ScalarCodes.train(store, metric, quantization.quantile()); // encodes every stored vector, ord included
                }
            }
            case BINARY -> {
                if (binary != null) {
                    if (ord >= 0) {
                        binary.encode(ord, store.vector(ord, encodeScratch()));
                    }
                } else {
                    binary = BinaryCodes.of(store, metric, quantization.queryEncoding()); // nothing to train: every stored vector now
                }
            }
            case TURBO -> {
                if (turbo != null) {
                    if (ord >= 0) {
                        turbo.encode(ord, store.vector(ord, encodeScratch()));
                    }
                } else if (store.liveCount() >= QUANTIZE_MIN) {
                    turbo = TurboCodes.of(store, metric, quantization.turboBits()); // centred on the part's mean; encodes every stored vector
                }
            }
            case PRODUCT -> { // add() has encoded ord with the current codebooks
                int live = store.liveCount();
                if (live >= QUANTIZE_MIN && pqTrainedOn < PQ_TRAINED_ENOUGH
                        && (codes == null || live >= (long) pqTrainedOn * PQ_RETRAIN_GROWTH)) {
                    compress(quantization.subspaces(store.dimension()));
                    pqTrainedOn = live;
                }
            }
            default -> {
            }
        }
    }

    /** Whether searches walk by int8 codes (quantization configured and trained). */
    boolean scalarQuantized() {
        return scalar != null;
    }

    /** Batches smaller than this are inserted on the calling thread: a hand-off costs more than it saves. */
    static final int PARALLEL_INSERT_MIN = 64;

    /**
     * Inserts {@code ords[0..n)} (stored, not yet nodes). A batch of {@link #PARALLEL_INSERT_MIN} or
     * more is inserted by jvector's concurrent {@code addGraphNode} on its physical-core pool while
     * the calling shard thread waits (lending the shard's core to the build, as cleanup does), so a
     * bulk import builds with every core; nothing else touches the graph meanwhile, since the shard
     * runs one operation at a time. Smaller batches (single upserts) stay on the shard's thread.
     */
    void addAll(int[] ords, int n) {
        if (n < PARALLEL_INSERT_MIN) {
            for (int i = 0; i < n; i++) {
                add(ords[i]);
            }
            return;
        }
        PhysicalCoreExecutor.pool().submit(() -> java.util.stream.IntStream.range(0, n).parallel()
                .forEach(i -> builder.addGraphNode(ords[i], vectors))).join();
        if (codes != null) {
            for (int i = 0; i < n; i++) {
                codes.encodeAndSet(ords[i], vectors.getVector(ords[i]));
            }
        }
        nodes += n;
        viewStale = true;
        if (scalar == null && binary == null && turbo == null) {
            encodeCodes(-1);
        } else {
            for (int i = 0; i < n; i++) {
                encodeCodes(ords[i]);
            }
        }
    }

    /** Whether deleting this node would delete jvector's entry node (see {@link #entryDeleted}). */
    boolean wouldDeleteEntry(int ord) {
        ImmutableGraphIndex.NodeAtLevel entry = graph().entryNode();
        return entry != null && entry.node == ord;
    }

    /**
     * Trains product quantization with {@code subspaces} subspaces (256 centroids each: one byte
     * per subspace and vector) on the live vectors, and encodes every node; nodes added later are
     * encoded as they come, with the same codebooks. From then on searches traverse by PQ scores and
     * rerank exactly. Training uses jvector's fork-join pools while this thread waits.
     */
    void compress(int subspaces) {
        if (subspaces < 1 || subspaces > store.dimension()) {
            throw new IllegalArgumentException("PQ subspaces must be between 1 and the dimension (" + store.dimension()
                    + "), not " + subspaces);
        }
        List<io.github.jbellis.jvector.vector.types.VectorFloat<?>> live = new ArrayList<>(store.liveCount());
        var bits = store.liveBits();
        for (int ord = bits.nextSetBit(0); ord >= 0; ord = bits.nextSetBit(ord + 1)) {
            live.add(vectors.getVector(ord));
        }
        if (live.isEmpty()) {
            throw new IllegalStateException("nothing to train product quantization on: the part is empty");
        }
        ProductQuantization pq = ProductQuantization.compute(new ListRandomAccessVectorValues(live, store.dimension()),
                subspaces, 256, metric == Metric.EUCLIDEAN);
        MutablePQVectors encoded = new MutablePQVectors(pq);
        for (int ord = 0; ord < store.upperBound(); ord++) {
            if (store.hasVector(ord)) { // live, or retired but still a node
                encoded.encodeAndSet(ord, vectors.getVector(ord));
            }
        }
        codes = encoded;
    }

    boolean compressed() {
        return codes != null;
    }

    /** Marks a node deleted; it is never returned again. Call {@link #cleanupIfDue} after a batch. */
    void markDeleted(int ord) {
        builder.markNodeDeleted(ord);
        if (pendingCount == pendingDeletes.length) {
            pendingDeletes = Arrays.copyOf(pendingDeletes, pendingCount * 2);
        }
        pendingDeletes[pendingCount++] = ord;
        viewStale = true;
    }

    /**
     * Whether jvector's entry node is marked deleted. Inserting then goes wrong: jvector's insert
     * descends the upper levels keeping only live nodes, finds none when the entry is the only
     * node it reaches up there, and connects the new node to nothing (measured: with deletes and
     * no cleanup, about a third of later inserts were unreachable). A cleanup moves the entry to a
     * live node, so the caller runs one at once.
     */
    boolean entryDeleted() {
        OnHeapGraphIndex g = graph();
        ImmutableGraphIndex.NodeAtLevel entry = g.entryNode();
        return entry != null && g.getDeletedNodes().get(entry.node);
    }

    int pendingDeletes() {
        return pendingCount;
    }

    /** Live nodes in the graph. */
    int liveNodes() {
        return nodes - pendingCount;
    }

    /**
     * Runs jvector's cleanup when enough nodes are marked deleted (or {@code force}), and returns the
     * ordinals it removed from the graph (now free to reuse), else an empty array.
     */
    int[] cleanupIfDue(boolean force) {
        boolean due = pendingCount >= CLEANUP_MIN_DELETED && pendingCount >= CLEANUP_FRACTION * nodes;
        if (pendingCount == 0 || !(due || force)) {
            return new int[0];
        }
        builder.cleanup();
        int[] removed = Arrays.copyOf(pendingDeletes, pendingCount);
        nodes -= pendingCount;
        pendingCount = 0;
        viewStale = true;
        return removed;
    }

    /** The k best live points for a prepared query, searching with beam {@code ef} (at least k). */
    ShardHits search(float[] query, int k, int ef, VectorKernels kernels) {
        return search(query, k, ef, kernels, null);
    }

    /**
     * As {@link #search(float[], int, int, VectorKernels)}, returning only ordinals {@code accept}
     * holds (live ones): jvector walks the whole graph but keeps only accepted nodes in its results.
     */
    ShardHits search(float[] query, int k, int ef, VectorKernels kernels, Bits accept) {
        return search(query, k, ef, kernels, accept, QuantizedSearch.DEFAULT);
    }

    /**
     * As {@link #search(float[], int, int, VectorKernels, Bits)} with Qdrant's quantization knobs. With
     * int8 codes (and not {@code ignore}), jvector walks the graph by the codes' approximate
     * scores, keeps {@code max(ef, ceil(k * oversampling))} candidates and, with {@code rescore},
     * reranks them with the original vectors (its reranker), the k best of which are returned
     * with exact scores; without {@code rescore} the k best by code are returned with the codes'
     * approximate scores.
     */
    ShardHits search(float[] query, int k, int ef, VectorKernels kernels, Bits accept, QuantizedSearch qs) {
        if (liveNodes() == 0 || k == 0) {
            return ShardHits.EMPTY;
        }
        if (searcher == null) {
            searcher = new GraphSearcher(builder.getGraph());
            viewStale = false;
        } else if (viewStale) {
            searcher.setView(builder.getGraph().getView());
            viewStale = false;
        }
        GraphScores exact = scores(query, kernels);
        Bits live = accept != null ? accept : store::isLive;
        CodedRanks coded = qs.ignore() ? null : scalar != null ? scalar.query(query, kernels)
                : binary != null ? binary.query(query) : turbo != null ? turbo.query(query) : null;
        if (coded != null) {
            boolean euclid = metric == Metric.EUCLIDEAN;
            // jvector's similarity from the approximate rank, as GraphScores maps the exact one (scores must stay >= 0)
            ScoreFunction.ApproximateScoreFunction approx = node -> {
                float r = coded.rank(node);
                return euclid ? 1f / (1f - r) : (1f + r) / 2f;
            };
            int candidates = (int) Math.min(Integer.MAX_VALUE, Math.max(Math.max(k, ef), (long) Math.ceil(k * (double) qs.oversampling())));
            SearchResult result = searcher.search(qs.rescore() ? new DefaultSearchScoreProvider(approx, exact)
                    : new DefaultSearchScoreProvider(approx), k, candidates, 0f, 0f, live);
            FlatIndex.TopK top = new FlatIndex.TopK(result.getNodes().length, store);
            float[] scratch = exact.scratch;
            for (SearchResult.NodeScore ns : result.getNodes()) {
                top.offer(ns.node, qs.rescore() ? metric.rank(kernels, query, store.vector(ns.node, scratch)) : coded.rank(ns.node));
            }
            return top.toHits();
        }
        if (codes != null && !qs.ignore()) {
            var approx = codes.precomputedScoreFunctionFor(StoreVectorValues.VTS.createFloatVector(query), similarity);
            int candidates = (int) Math.min(Integer.MAX_VALUE, Math.max(Math.max(k, ef), (long) Math.ceil(k * (double) qs.oversampling())));
            SearchResult result = searcher.search(qs.rescore() ? new DefaultSearchScoreProvider(approx, exact)
                    : new DefaultSearchScoreProvider(approx), k, candidates, 0f, 0f, live);
            FlatIndex.TopK top = new FlatIndex.TopK(result.getNodes().length, store);
            for (SearchResult.NodeScore ns : result.getNodes()) {
                top.offer(ns.node, qs.rescore() ? metric.rank(kernels, query, store.vector(ns.node, exact.scratch)) : rankOf(ns.score));
            }
            return top.toHits();
        }
        SearchResult result = searcher.search(new DefaultSearchScoreProvider(exact), k, Math.max(k, ef), 0f, 0f, live);
        SearchResult.NodeScore[] found = result.getNodes();
        // Exact re-score, then order by (rank desc, id asc) like the flat index.
        FlatIndex.TopK top = new FlatIndex.TopK(found.length, store);
        for (SearchResult.NodeScore ns : found) {
            top.offer(ns.node, metric.rank(kernels, query, store.vector(ns.node, exact.scratch)));
        }
        return top.toHits();
    }

    /** A rank from jvector's similarity (the inverse of {@link GraphScores}' mapping): {@code 1 / (1 + d²)} or {@code (1 + dot) / 2}. */
    private float rankOf(float similarity) {
        return metric == Metric.EUCLIDEAN ? -(1f / similarity - 1f) : 2f * similarity - 1f;
    }

    /** The one scorer this graph's searches reuse (a shard runs one search at a time), set to a query. */
    private GraphScores scores;

    private GraphScores scores(float[] query, VectorKernels kernels) {
        if (scores == null) {
            scores = new GraphScores(metric, kernels, store.dimension());
        }
        scores.set(query, store);
        return scores;
    }

    /**
     * jvector's exact similarity on the stored float arrays, computed by {@link VectorKernels}: the
     * same values jvector's own functions give ({@code (1 + dot) / 2}; {@code 1 / (1 + d²)}), so
     * the beam ranks as before, without wrapping every visited vector in a jvector vector object
     * and dispatching through its similarity function per comparison (the profile's second
     * largest cost after the arithmetic itself).
     */
    static final class GraphScores implements ScoreFunction.ExactScoreFunction {
        private final boolean euclidean;
        private final VectorKernels kernels;
        private float[] query;
        private PointStore store;
        /** Where a memory-mapped vector is read to (unused for vectors on the heap). */
        final float[] scratch;

        GraphScores(Metric metric, VectorKernels kernels, int dimension) {
            this.euclidean = metric == Metric.EUCLIDEAN;
            this.kernels = kernels;
            this.scratch = new float[dimension];
        }

        void set(float[] query, PointStore store) {
            this.query = query;
            this.store = store;
        }

        @Override
        public float similarityTo(int node) {
            float[] v = store.vector(node, scratch);
            return euclidean ? 1f / (1f + kernels.squareDistance(query, v)) : (1f + kernels.dot(query, v)) / 2f;
        }
    }

    /**
     * A node's neighbours in each layer it is in, from its top layer down to layer 0 (Redis's
     * VLINKS order), live nodes only; null when the ordinal is not a node (yet).
     */
    int[][] neighbours(int ord) {
        OnHeapGraphIndex g = graph();
        if (!g.containsNode(ord)) {
            return null;
        }
        int top = g.getMaxLevelForNode(ord);
        int[][] out = new int[top + 1][];
        for (int level = top; level >= 0; level--) {
            var it = g.getNeighborsIterator(level, ord);
            int[] layer = new int[it.size()];
            int n = 0;
            while (it.hasNext()) {
                int nb = it.nextInt();
                if (store.isLive(nb)) {
                    layer[n++] = nb;
                }
            }
            out[top - level] = Arrays.copyOf(layer, n);
        }
        return out;
    }

    long ramBytesUsed() {
        return builder.getGraph().ramBytesUsed() + (codes == null ? 0 : codes.ramBytesUsed())
                + (scalar == null ? 0 : scalar.ramBytesUsed()) + (binary == null ? 0 : binary.ramBytesUsed())
                + (turbo == null ? 0 : turbo.ramBytesUsed());
    }

    void close() {
        try {
            if (searcher != null) {
                searcher.close();
            }
            builder.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
