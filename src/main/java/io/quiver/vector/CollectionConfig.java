package io.quiver.vector;

/**
 * What a collection is: the same on every shard (creating one is broadcast with its config).
 *
 * @param name          the collection's name
 * @param dimension     length of every vector
 * @param metric        how vectors compare (and what scores mean)
 * @param index         flat, graph or auto
 * @param graph         the jvector graph's parameters (used by graph, and by auto once it switches)
 * @param autoThreshold live points in one shard's part at which an auto collection builds its graph
 * @param epoch         which incarnation of the name this is: the catalog numbers every creation,
 *                      so a shard can tell a part left over from a dropped collection (older epoch)
 *                      from the current one, and an operation meant for a dropped one from a current
 *                      one. 0 before the catalog has numbered it.
 * @param schema        null for the plain kind (one unnamed dense vector per point, Redis's vector
 *                      sets and Qdrant's {@code "vectors": {"size", ...}}); else Qdrant's named dense
 *                      and sparse vectors, any subset per point. With a schema, {@code dimension} and
 *                      {@code metric} are the unnamed vector's (0 and DOT when it has none), and
 *                      {@code index}, {@code graph} and {@code autoThreshold} apply to every dense space.
 * @param quantization  how the graph compresses vectors for its walk ({@link Quantization#NONE}: not at all);
 *                      applies to every dense space
 * @param onDisk        Qdrant's {@code on_disk} vector storage: each shard part keeps its float32 vectors in a
 *                      memory-mapped file ({@link VectorFiles}) instead of the heap; applies to every dense space
 * @param settings      what may change while the collection lives: strict mode, metadata, aliases
 *                      ({@link CollectionSettings#EMPTY} when none)
 * @param turbo4        Qdrant 1.19's {@code datatype: turbo4}: each shard part stores its vectors as 4-bit
 *                      TurboQuant codes ({@link TurboSlab}) and reads them back decoded; applies to every dense space
 */
public record CollectionConfig(String name, int dimension, Metric metric, IndexKind index, GraphParams graph,
                               int autoThreshold, long epoch, VectorSchema schema, Quantization quantization,
                               boolean onDisk, CollectionSettings settings, boolean turbo4) {

    public CollectionConfig(String name, int dimension, Metric metric, IndexKind index, GraphParams graph,
                            int autoThreshold, long epoch, VectorSchema schema, Quantization quantization,
                            boolean onDisk, CollectionSettings settings) {
        this(name, dimension, metric, index, graph, autoThreshold, epoch, schema, quantization, onDisk, settings, false);
    }

    public CollectionConfig(String name, int dimension, Metric metric, IndexKind index, GraphParams graph,
                            int autoThreshold, long epoch, VectorSchema schema, Quantization quantization,
                            boolean onDisk) {
        this(name, dimension, metric, index, graph, autoThreshold, epoch, schema, quantization, onDisk, CollectionSettings.EMPTY);
    }

    public CollectionConfig(String name, int dimension, Metric metric, IndexKind index, GraphParams graph,
                            int autoThreshold, long epoch, VectorSchema schema, Quantization quantization) {
        this(name, dimension, metric, index, graph, autoThreshold, epoch, schema, quantization, false);
    }

    public CollectionConfig(String name, int dimension, Metric metric, IndexKind index, GraphParams graph,
                            int autoThreshold, long epoch, VectorSchema schema) {
        this(name, dimension, metric, index, graph, autoThreshold, epoch, schema, Quantization.NONE);
    }

    public CollectionConfig(String name, int dimension, Metric metric, IndexKind index, GraphParams graph,
                            int autoThreshold, long epoch) {
        this(name, dimension, metric, index, graph, autoThreshold, epoch, null);
    }

    /** A config not yet numbered by the catalog (epoch 0). */
    public CollectionConfig(String name, int dimension, Metric metric, IndexKind index, GraphParams graph,
                            int autoThreshold) {
        this(name, dimension, metric, index, graph, autoThreshold, 0);
    }

    /** The same collection under another name (a snapshot recovered into another collection). */
    public CollectionConfig withName(String n) {
        return new CollectionConfig(n, dimension, metric, index, graph, autoThreshold, epoch, schema, quantization, onDisk, settings, turbo4);
    }

    public CollectionConfig withEpoch(long e) {
        return new CollectionConfig(name, dimension, metric, index, graph, autoThreshold, e, schema, quantization, onDisk, settings, turbo4);
    }

    /** The same collection with its graph walked on compressed vectors (see {@link Quantization}). */
    public CollectionConfig withQuantization(Quantization q) {
        return new CollectionConfig(name, dimension, metric, index, graph, autoThreshold, epoch, schema, q, onDisk, settings, turbo4);
    }

    /** The same collection with its vectors on the heap ({@code false}) or in memory-mapped files ({@code true}). */
    public CollectionConfig withOnDisk(boolean d) {
        return new CollectionConfig(name, dimension, metric, index, graph, autoThreshold, epoch, schema, quantization, d, settings, turbo4);
    }

    /** The same collection with its vectors stored as float32 ({@code false}) or as TurboQuant 4-bit codes ({@code true}). */
    public CollectionConfig withTurbo4(boolean t) {
        return new CollectionConfig(name, dimension, metric, index, graph, autoThreshold, epoch, schema, quantization, onDisk, settings, t);
    }

    /** The same collection with named and sparse vectors (see {@code schema}). */
    public CollectionConfig withSchema(VectorSchema s) {
        VectorSchema.Dense unnamed = s.dense(VectorSchema.UNNAMED);
        return new CollectionConfig(name, unnamed == null ? 0 : unnamed.dimension(),
                unnamed == null ? Metric.DOT : unnamed.metric(), index, graph, autoThreshold, epoch, s, quantization, onDisk, settings, turbo4);
    }

    /** The same collection with other {@link CollectionSettings} (strict mode, metadata, aliases). */
    public CollectionConfig withSettings(CollectionSettings s) {
        return new CollectionConfig(name, dimension, metric, index, graph, autoThreshold, epoch, schema, quantization, onDisk, s, turbo4);
    }

    /** The same collection with another {@code auto} threshold (live points per shard part at which its graph is built). */
    public CollectionConfig withAutoThreshold(int t) {
        return new CollectionConfig(name, dimension, metric, index, graph, t, epoch, schema, quantization, onDisk, settings, turbo4);
    }

    /** The same collection with other graph parameters (for graphs built from now on). */
    public CollectionConfig withGraph(GraphParams g) {
        return new CollectionConfig(name, dimension, metric, index, g, autoThreshold, epoch, schema, quantization, onDisk, settings, turbo4);
    }

    /** The graph parameters the dense space {@code space} builds with: the collection's, under the space's own (see {@link VectorTuning}). */
    public GraphParams graphOf(String space) {
        return settings.tuning(space).graph(graph);
    }

    /**
     * The quantization the dense space {@code space}'s graph walks by: its own (a named space's in the
     * schema, the plain collection's unnamed vector's in its settings), else the collection's.
     */
    public Quantization quantizationOf(String space) {
        VectorSchema.Dense d = schema == null ? null : schema.dense(space);
        Quantization own = d != null ? d.quantization() : settings.tuning(space).quantization();
        return own != null ? own : quantization;
    }

    /** Whether the dense space {@code space} keeps its float32 vectors in memory-mapped files: its own {@code on_disk}, else the collection's. */
    public boolean onDiskOf(String space) {
        Boolean own = settings.tuning(space).onDisk();
        return own != null ? own : onDisk;
    }

    /**
     * The live points of one of {@code space}'s parts at which an auto index builds its graph; the
     * space's own {@code full_scan_threshold} applies unless the collection never indexes
     * ({@code indexing_threshold} 0).
     */
    public int autoThresholdOf(String space, int spaceDimension) {
        return autoThreshold == Integer.MAX_VALUE ? autoThreshold : settings.tuning(space).autoThreshold(autoThreshold, spaceDimension);
    }

    public CollectionConfig {
        if (quantization == null) {
            quantization = Quantization.NONE;
        }
        if (settings == null) {
            settings = CollectionSettings.EMPTY;
        }
        if (name == null || name.isEmpty()) {
            throw new IllegalArgumentException("a collection needs a name");
        }
        if (dimension < (schema == null ? 1 : 0)) {
            throw new IllegalArgumentException("vector size must be at least 1, not " + dimension);
        }
        if (autoThreshold < 0) {
            throw new IllegalArgumentException("the auto threshold cannot be negative");
        }
    }
}
