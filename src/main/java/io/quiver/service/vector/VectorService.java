package io.quiver.service.vector;

import io.quiver.catalog.Catalog;
import io.quiver.client.ShardClient;
import io.quiver.error.ErrorCode;
import io.quiver.error.QuiverException;
import io.quiver.shard.VectorOp;
import io.quiver.vector.CollectionConfig;
import io.quiver.vector.GraphParams;
import io.quiver.vector.IndexKind;
import io.quiver.vector.Metric;
import io.quiver.vector.PointId;
import io.quiver.vector.ShardHits;
import io.quiver.vector.PointRecord;
import io.quiver.vector.PointVectors;
import io.quiver.vector.VectorSchema;
import io.quiver.vector.Vectors;
import io.vertx.core.Future;

import java.util.List;

/**
 * Vector collections, their points and search, as both front ends offer them (Qdrant's REST API and
 * Redis's vector sets): checks every request against the catalog and the limits BEFORE sending
 * anything (so a bad request changes nothing), prepares vectors for the metric, routes points to
 * their shards and searches through the {@link SearchAggregator}. Used on its client's event loop
 * only. Checks throw {@link QuiverException}; shard work comes back as futures.
 */
public final class VectorService {
    private final ShardClient shards;
    private final Catalog catalog;
    private final VectorLimits limits;
    private final ImportRegistry imports;
    private final SearchAggregator aggregator;
    private final ExampleSearch examples;
    private final RerankStages reranks;
    /**
     * Whether requests are checked against their collection's strict mode ({@link StrictMode}): true
     * for the front ends' service, false for its twin {@link #inner}, which the query stages
     * (groups, examples, reranking) call back into, so a request is checked once, as its client
     * asked it, not again for the rounds Quiver makes of it.
     */
    private final boolean strictChecks;
    private final VectorService inner;

    public VectorService(ShardClient shards, Catalog catalog, VectorLimits limits, ImportRegistry imports) {
        this(shards, catalog, limits, imports, true);
    }

    private VectorService(ShardClient shards, Catalog catalog, VectorLimits limits, ImportRegistry imports, boolean strictChecks) {
        this.shards = shards;
        this.catalog = catalog;
        this.limits = limits;
        this.imports = imports;
        this.strictChecks = strictChecks;
        this.inner = strictChecks ? new VectorService(shards, catalog, limits, imports, false) : this;
        this.aggregator = new SearchAggregator(shards);
        this.examples = new ExampleSearch(inner);
        this.reranks = new RerankStages(inner);
    }

    /** This service without strict-mode checks: for the rounds of a request already checked (see {@link #strictChecks}). */
    public VectorService unchecked() {
        return inner;
    }

    // ---- strict mode ----

    /** The collection's strict mode when this service checks it and it is enabled, else null. */
    private StrictMode strict(CollectionConfig config) {
        return strictChecks ? StrictMode.of(config) : null;
    }

    /**
     * The strict-mode checks of filters that need the collection's payload indexes
     * ({@code unindexed_filtering_retrieve/update: false}): one round to the shards, only then.
     */
    private Future<Void> strictFilters(String name, StrictMode sm, List<io.quiver.vector.filter.Filter> filters, boolean update) {
        if (sm == null) {
            return Future.succeededFuture();
        }
        List<io.quiver.vector.filter.Filter> needing = new java.util.ArrayList<>();
        for (io.quiver.vector.filter.Filter f : filters) {
            sm.filter(f);
            if (sm.needsIndexes(f, update)) {
                needing.add(f);
            }
        }
        if (needing.isEmpty()) {
            return Future.succeededFuture();
        }
        return payloadSchema(name).map(schema -> {
            for (io.quiver.vector.filter.Filter f : needing) {
                sm.indexed(f, schema);
            }
            return null;
        });
    }

    private Future<Void> strictFilter(String name, StrictMode sm, io.quiver.vector.filter.Filter filter, boolean update) {
        return filter == null ? Future.succeededFuture() : strictFilters(name, sm, List.of(filter), update);
    }

    /** A Qdrant request's {@code ?timeout=} against the collection's {@code max_timeout}. */
    public void checkTimeout(String name, long seconds) {
        CollectionConfig c = catalog.get(name);
        StrictMode sm = c == null ? null : strict(c);
        if (sm != null) {
            sm.timeout(seconds);
        }
    }

    /** A request's {@code limit} as given, before anything bounds it, against the collection's {@code max_query_limit}. */
    public void checkQueryLimit(String name, long limit) {
        StrictMode sm = strict(configOf(name));
        if (sm != null) {
            sm.queryLimit(limit);
        }
    }

    /** A batch of {@code n} queries against the collection's {@code search_max_batchsize}. */
    public void checkBatch(String name, int n) {
        StrictMode sm = strict(configOf(name));
        if (sm != null) {
            sm.searchBatch(n);
        }
    }

    /**
     * A grouped query against the collection's strict mode: {@code limit × group_size} results
     * against {@code max_query_limit}, and {@code group_by} indexed when unindexed reads are refused.
     */
    public Future<Void> checkGroups(String name, String groupBy, int groupSize, int limit) {
        StrictMode sm = strict(configOf(name));
        if (sm == null) {
            return Future.succeededFuture();
        }
        sm.queryLimit((long) groupSize * limit);
        if (!sm.groupByNeedsIndex()) {
            return Future.succeededFuture();
        }
        return payloadSchema(name).map(schema -> {
            sm.groupBy(groupBy, schema);
            return null;
        });
    }

    /** What a write of these points must respect under strict mode: its size, each vector's limits, the collection's points count. */
    private Future<Void> strictPoints(String name, StrictMode sm, PointId[] ids, PointVectors[] vectors, String batchName) {
        if (sm == null) {
            return Future.succeededFuture();
        }
        sm.upsertBatch(ids.length, batchName);
        if (vectors != null) {
            for (PointVectors v : vectors) {
                for (var e : v.multi().entrySet()) {
                    sm.multivector(e.getKey(), e.getValue().length);
                }
                for (var e : v.sparse().entrySet()) {
                    sm.sparse(e.getKey(), e.getValue().size());
                }
            }
        }
        Long max = sm.maxPoints();
        if (max == null || !"upsert".equals(batchName)) {
            return Future.succeededFuture();
        }
        // Qdrant's rule: the points there plus every point of the request (new or not) within the limit
        return count(name).map(now -> {
            sm.pointsCount(now + ids.length);
            return null;
        });
    }

    // ---- collections ----

    /** The largest dimension a dense vector may have ({@code vector-max-dimension}). */
    public int maxDimension() {
        return limits.maxDimension();
    }

    /** How many shards every collection is spread over (the server's {@code shards}). */
    public int shardCount() {
        return shards.shardCount();
    }

    /** A config with the configured defaults (index kind, auto threshold, graph parameters). */
    public CollectionConfig defaultConfig(String name, int dimension, Metric metric) {
        return config(name, dimension, metric, limits.defaultIndex(), limits.defaultGraph(), limits.autoThreshold());
    }

    /** A config, checked against the limits (name, dimension). */
    public CollectionConfig config(String name, int dimension, Metric metric, IndexKind index, GraphParams graph,
                                   int autoThreshold) {
        checkName(name);
        if (dimension < 1 || dimension > limits.maxDimension()) {
            throw QuiverException.badRequest("vector size must be between 1 and " + limits.maxDimension()
                    + " (vector-max-dimension), not " + dimension);
        }
        if (!metric.graphable() && index == IndexKind.AUTO) {
            index = IndexKind.FLAT; // a Manhattan collection is searched exactly (see checkExactOnly)
        }
        try {
            return new CollectionConfig(name, dimension, metric, index, graph, autoThreshold);
        } catch (IllegalArgumentException e) {
            throw QuiverException.badRequest(e.getMessage());
        }
    }

    /** {@code base} with named and sparse vectors, each dense one checked against the limits. */
    public CollectionConfig withSchema(CollectionConfig base, VectorSchema schema) {
        for (VectorSchema.Dense d : schema.dense()) {
            if (d.dimension() > limits.maxDimension()) {
                throw QuiverException.badRequest("vector `" + d.name() + "`: size must be between 1 and "
                        + limits.maxDimension() + " (vector-max-dimension), not " + d.dimension());
            }
        }
        return base.withSchema(schema);
    }

    /**
     * Manhattan (L1) spaces have no jvector similarity, so they are searched exactly, always: a
     * graph index or quantization (which only the graph's walk uses) asked for one is refused by
     * name; {@code auto} keeps them flat.
     */
    private static void checkExactOnly(CollectionConfig config) {
        List<Metric> metrics = new java.util.ArrayList<>();
        boolean ownQuantization = false;
        if (config.schema() == null) {
            metrics.add(config.metric());
            ownQuantization = config.settings().tuning(VectorSchema.UNNAMED).quantization() != null;
        } else {
            for (VectorSchema.Dense d : config.schema().dense()) {
                metrics.add(d.metric());
                if (!d.metric().graphable() && d.quantization() != null && d.quantization().enabled()) {
                    ownQuantization = true;
                }
            }
        }
        for (Metric m : metrics) {
            if (m.graphable()) {
                continue;
            }
            if (config.index() == IndexKind.GRAPH) {
                throw QuiverException.badRequest("Bad request: " + m.qdrantName() + " vectors are searched exactly: jvector has no "
                        + m.qdrantName() + " graph, so a collection holding them cannot have index graph (use flat or auto)");
            }
            if (config.quantization() != io.quiver.vector.Quantization.NONE || ownQuantization) {
                throw QuiverException.badRequest("Bad request: quantization_config: " + m.qdrantName() + " vectors are searched "
                        + "exactly on their original floats; quantization, which only a graph's walk uses, is not supported for them");
            }
        }
    }

    /** Creates a collection; fails with CONFLICT when the name is taken, BAD_REQUEST when it is an alias. */
    public Future<Void> create(CollectionConfig config) {
        checkExactOnly(config);
        if (aliasTarget(config.name()) != null) {
            throw QuiverException.badRequest("Wrong input: Can't create collection with name " + config.name()
                    + ". Alias with the same name already exists");
        }
        return catalog.claim(config).compose(claim -> {
            if (!claim.created()) {
                return Future.failedFuture(new QuiverException(ErrorCode.CONFLICT,
                        "Collection `" + config.name() + "` already exists!"));
            }
            return shards.broadcast(new VectorOp.CreateCollection(claim.config())).mapEmpty();
        });
    }

    /**
     * The collection's config, creating the collection with {@code ifAbsent} when there is none
     * (Redis's VADD creates its key). The catalog settles a race between front ends.
     */
    public Future<CollectionConfig> ensure(CollectionConfig ifAbsent) {
        CollectionConfig known = catalog.get(ifAbsent.name());
        if (known != null) {
            return Future.succeededFuture(known);
        }
        return catalog.claim(ifAbsent).map(claim -> {
            if (claim.created()) {
                // the upserts carry the config too, so they need not wait for this broadcast
                shards.broadcast(new VectorOp.CreateCollection(claim.config()));
            }
            return claim.config();
        });
    }

    /**
     * Changes what may change while a collection lives ({@code change}: its settings, see
     * {@link io.quiver.vector.CollectionSettings}): in the catalog, then on every shard's part, which
     * logs it (a restart and a snapshot keep it). The future holds the new config.
     */
    public Future<CollectionConfig> reconfigure(String name, java.util.function.UnaryOperator<CollectionConfig> change) {
        checkExactOnly(change.apply(configOf(name))); // a Manhattan space gets no graph or quantization by a change either
        return catalog.update(name, change).compose(c -> c == null
                ? Future.failedFuture(QuiverException.notFound("Collection `" + name + "` doesn't exist!"))
                : shards.broadcast(new VectorOp.Reconfigure(c)).map(done -> c));
    }

    // ---- vector spaces added to or dropped from a collection with named vectors ----

    /**
     * Adds a named dense ({@code dense}) or sparse ({@code sparse}) vector space to a collection with
     * named or sparse vectors (Qdrant's {@code PUT /collections/{c}/vectors/{name}}): every point
     * may carry it from now on, none has it yet. Logged and snapshotted with the config.
     */
    public Future<Void> createVector(String name, VectorSchema.Dense dense, VectorSchema.Sparse sparse) {
        CollectionConfig config = configOf(name);
        VectorSchema s = requireSchema(config);
        String vector = dense != null ? dense.name() : sparse.name();
        if (s.has(vector)) {
            throw new QuiverException(ErrorCode.CONFLICT, "Wrong input: Vector with name " + vector + " already exists");
        }
        List<VectorSchema.Dense> d = new java.util.ArrayList<>(s.dense());
        List<VectorSchema.Sparse> sp = new java.util.ArrayList<>(s.sparse());
        if (dense != null) {
            d.add(dense);
        } else {
            sp.add(sparse);
        }
        VectorSchema next = new VectorSchema(d, sp);
        checkExactOnly(config.withSchema(next));
        return reconfigure(name, c -> c.withSchema(next)).mapEmpty();
    }

    /**
     * Drops a named vector space from a collection with named or sparse vectors, with every point's
     * vector in it (Qdrant's {@code DELETE /collections/{c}/vectors/{name}}); the points stay.
     */
    public Future<Void> deleteVector(String name, String vector) {
        CollectionConfig config = configOf(name);
        VectorSchema s = requireSchema(config);
        if (!s.has(vector)) {
            throw QuiverException.badRequest(notExistingVector(vector));
        }
        VectorSchema next;
        try {
            next = new VectorSchema(s.dense().stream().filter(x -> !x.name().equals(vector)).toList(),
                    s.sparse().stream().filter(x -> !x.name().equals(vector)).toList());
        } catch (IllegalArgumentException e) {
            throw QuiverException.badRequest("Bad request: " + vector + " is the collection's last vector; "
                    + "a collection needs at least one (drop the collection instead)");
        }
        return reconfigure(name, c -> c.withSchema(next)).mapEmpty();
    }

    private static VectorSchema requireSchema(CollectionConfig config) {
        if (config.schema() == null) {
            throw QuiverException.badRequest("Bad request: collection `" + config.name() + "` was created with one unnamed "
                    + "vector, which every point holds; named vectors can be added to or dropped from collections "
                    + "created with named or sparse vectors");
        }
        return config.schema();
    }

    // ---- aliases (Qdrant's; kept in the settings of the collection they name) ----

    /** The collection that {@code alias} names, or null when no collection has that alias. */
    public String aliasTarget(String alias) {
        for (String n : catalog.names()) {
            CollectionConfig c = catalog.get(n);
            if (c != null && c.settings().aliases().contains(alias)) {
                return n;
            }
        }
        return null;
    }

    /**
     * The collection a request names: {@code name} itself when a collection has it, else the
     * collection {@code name} is an alias of, else {@code name} (whose use then answers not found).
     */
    public String resolve(String name) {
        if (name == null || catalog.get(name) != null) {
            return name;
        }
        String target = aliasTarget(name);
        return target == null ? name : target;
    }

    /** Every alias with the collection it names, by alias. */
    public java.util.SortedMap<String, String> aliases() {
        java.util.SortedMap<String, String> out = new java.util.TreeMap<>();
        for (String n : catalog.names()) {
            CollectionConfig c = catalog.get(n);
            if (c != null) {
                for (String a : c.settings().aliases()) {
                    out.put(a, n);
                }
            }
        }
        return out;
    }

    /**
     * Applies alias actions in order: all are checked first against the aliases as the earlier ones
     * leave them (a failing one refuses the whole list, nothing changes), then each collection whose
     * aliases changed is reconfigured (its settings logged and snapshotted as any config change).
     * Qdrant's errors: an unknown collection is NOT_FOUND, an alias that is a collection's name or
     * another alias already CONFLICT, renaming an alias that does not exist NOT_FOUND.
     */
    public Future<Void> changeAliases(List<AliasAction> actions) {
        java.util.SortedMap<String, String> before = aliases();
        java.util.Map<String, String> after = new java.util.TreeMap<>(before);
        for (AliasAction a : actions) {
            switch (a) {
                case AliasAction.Create c -> {
                    if (catalog.get(c.collection()) == null) {
                        throw QuiverException.notFound("Not found: Collection `" + c.collection() + "` doesn't exist!");
                    }
                    claimAliasName(c.alias(), after);
                    after.put(c.alias(), c.collection());
                }
                case AliasAction.Delete d -> after.remove(d.alias());
                case AliasAction.Rename r -> {
                    String target = after.get(r.from());
                    if (target == null) {
                        throw QuiverException.notFound("Not found: Alias " + r.from() + " not found");
                    }
                    after.remove(r.from());
                    claimAliasName(r.to(), after);
                    after.put(r.to(), target);
                }
            }
        }
        java.util.Map<String, List<String>> byCollection = new java.util.TreeMap<>();
        for (String n : catalog.names()) {
            byCollection.put(n, new java.util.ArrayList<>());
        }
        after.forEach((alias, c) -> byCollection.computeIfAbsent(c, k -> new java.util.ArrayList<>()).add(alias));
        Future<Void> chain = Future.succeededFuture();
        for (java.util.Map.Entry<String, List<String>> e : byCollection.entrySet()) {
            CollectionConfig c = catalog.get(e.getKey());
            List<String> wanted = new java.util.ArrayList<>(e.getValue());
            wanted.sort(null);
            if (c == null || c.settings().aliases().equals(wanted)) {
                continue;
            }
            chain = chain.compose(v -> reconfigure(e.getKey(), cfg -> cfg.withSettings(cfg.settings().withAliases(wanted))).mapEmpty());
        }
        return chain;
    }

    private void claimAliasName(String alias, java.util.Map<String, String> aliases) {
        if (alias == null || alias.isEmpty() || alias.length() > 255) {
            throw QuiverException.badRequest("Validation error in JSON body: [alias_name: value must be between 1 and 255 characters long]");
        }
        if (catalog.get(alias) != null) {
            throw new QuiverException(ErrorCode.CONFLICT, "Wrong input: Collection `" + alias + "` already exists!");
        }
        if (aliases.containsKey(alias)) {
            throw new QuiverException(ErrorCode.CONFLICT, "Wrong input: Alias `" + alias + "` already exists!");
        }
    }

    /** Drops a collection; the future says whether it existed. */
    public Future<Boolean> drop(String name) {
        return catalog.remove(name).compose(removed -> removed == null ? Future.succeededFuture(false)
                : shards.broadcast(new VectorOp.DropCollection(name, removed.epoch())).map(v -> true));
    }

    /** Drops every collection (FLUSHALL). */
    public Future<Void> dropAll() {
        return catalog.clear().compose(removed -> {
            String[] names = new String[removed.size()];
            long[] epochs = new long[removed.size()];
            for (int i = 0; i < names.length; i++) {
                names[i] = removed.get(i).name();
                epochs[i] = removed.get(i).epoch();
            }
            return shards.broadcast(new VectorOp.DropAll(names, epochs)).mapEmpty();
        });
    }

    public List<String> names() {
        return catalog.names();
    }

    /** The config of an existing collection, else NOT_FOUND. */
    public CollectionConfig configOf(String name) {
        CollectionConfig c = catalog.get(name);
        if (c == null) {
            throw QuiverException.notFound("Collection `" + name + "` doesn't exist!");
        }
        return c;
    }

    /** Whether any collection exists. */
    public boolean any() {
        return !catalog.isEmpty();
    }

    public boolean exists(String name) {
        return catalog.get(name) != null;
    }

    public Future<CollectionInfo> info(String name) {
        CollectionConfig config = configOf(name);
        return shards.broadcast(new VectorOp.Info(name))
                .map(parts -> new CollectionInfo(config, parts, imports.latest(name, config.epoch())));
    }

    /** Records an import into the collection as it is now, for its info. */
    public void recordImport(CollectionConfig collection, ImportStatus status) {
        imports.record(collection.name(), collection.epoch(), status);
    }

    // ---- points ----

    /**
     * Inserts or replaces points (see {@link io.quiver.vector.VectorCollection#upsert}); the future
     * holds how many ids were new. Every vector and payload is checked first.
     */
    public Future<Long> upsert(String name, PointId[] ids, float[][] vectors, String[] payloads, boolean keepPayloads) {
        return upsert(name, ids, vectors, payloads, keepPayloads, null, null);
    }

    /**
     * As {@link #upsert(String, PointId[], float[][], String[], boolean)}, each point written only when
     * {@code mode} (null: upsert) lets it through, an existing one only when it passes
     * {@code updateFilter} (null: always); decided on the point's shard as it writes.
     */
    public Future<Long> upsert(String name, PointId[] ids, float[][] vectors, String[] payloads, boolean keepPayloads,
                               io.quiver.vector.UpdateMode mode, io.quiver.vector.filter.Filter updateFilter) {
        CollectionConfig config = configOf(name);
        checkBatch(ids.length, "points");
        for (int i = 0; i < vectors.length; i++) {
            checkVector(config, vectors[i], "point " + ids[i]);
            checkPayload(payloads == null ? null : payloads[i], "point " + ids[i]);
        }
        shards.load().checkMemory(); // max-memory covers vectors too: refused whole, before anything is sent
        StrictMode sm = strict(config);
        PointGroups groups = PointGroups.of(ids, shards);
        return strictPoints(name, sm, ids, null, "upsert").compose(v -> strictFilter(name, sm, updateFilter, true))
                .compose(v -> shards.scatter(groups.owners(), s -> conditional(mode, updateFilter, new VectorOp.Upsert(name, config,
                groups.pick(s, ids), groups.pick(s, vectors), groups.pick(s, payloads), keepPayloads))).map(VectorService::sum));
    }

    /**
     * Inserts or replaces whole points with any subset of the collection's vectors (named, unnamed
     * {@code ""}, sparse); the future holds how many ids were new. A collection without a schema takes
     * points with exactly its unnamed vector. Everything is checked before anything is sent.
     */
    public Future<Long> upsertPoints(String name, PointId[] ids, PointVectors[] vectors, String[] payloads) {
        return upsertPoints(name, ids, vectors, payloads, null, null);
    }

    /** As {@link #upsertPoints(String, PointId[], PointVectors[], String[])}, with Qdrant's {@code update_mode} and {@code update_filter}. */
    public Future<Long> upsertPoints(String name, PointId[] ids, PointVectors[] vectors, String[] payloads,
                                     io.quiver.vector.UpdateMode mode, io.quiver.vector.filter.Filter updateFilter) {
        CollectionConfig config = configOf(name);
        if (config.schema() == null) {
            float[][] plain = new float[vectors.length][];
            for (int i = 0; i < vectors.length; i++) {
                plain[i] = plainVector(config, vectors[i], "point " + ids[i]);
            }
            return upsert(name, ids, plain, payloads, false, mode, updateFilter);
        }
        checkBatch(ids.length, "points");
        vectors = asMultivectors(config, vectors);
        for (int i = 0; i < vectors.length; i++) {
            checkVectors(config, vectors[i], "point " + ids[i]);
            checkPayload(payloads == null ? null : payloads[i], "point " + ids[i]);
        }
        shards.load().checkMemory();
        PointGroups groups = PointGroups.of(ids, shards);
        PointVectors[] checked = vectors;
        StrictMode sm = strict(config);
        return strictPoints(name, sm, ids, checked, "upsert").compose(v -> strictFilter(name, sm, updateFilter, true))
                .compose(v -> shards.scatter(groups.owners(), s -> conditional(mode, updateFilter, new VectorOp.UpsertPoints(name, config,
                groups.pick(s, ids), groups.pick(s, checked), groups.pick(s, payloads)))).map(VectorService::sum));
    }

    /** The write as it is when nothing is conditional, else wrapped so its shard decides point by point. */
    private static VectorOp<Long> conditional(io.quiver.vector.UpdateMode mode, io.quiver.vector.filter.Filter updateFilter,
                                              VectorOp<Long> write) {
        if ((mode == null || mode == io.quiver.vector.UpdateMode.UPSERT) && updateFilter == null) {
            return write;
        }
        return new VectorOp.Conditional(mode == null ? io.quiver.vector.UpdateMode.UPSERT : mode, updateFilter, write);
    }

    /** Qdrant takes one vector for a multivector space as a matrix of one row: so do these. */
    private static PointVectors[] asMultivectors(CollectionConfig config, PointVectors[] vectors) {
        PointVectors[] out = vectors.clone();
        for (int i = 0; i < out.length; i++) {
            PointVectors v = out[i];
            java.util.Map<String, float[]> dense = null;
            java.util.Map<String, float[][]> multi = null;
            for (java.util.Map.Entry<String, float[]> e : v.dense().entrySet()) {
                VectorSchema.Dense d = config.schema().dense(e.getKey());
                if (d != null && d.multi()) {
                    if (dense == null) {
                        dense = new java.util.HashMap<>(v.dense());
                        multi = new java.util.HashMap<>(v.multi());
                    }
                    dense.remove(e.getKey());
                    multi.put(e.getKey(), new float[][]{e.getValue()});
                }
            }
            if (dense != null) {
                out[i] = new PointVectors(dense, v.sparse(), multi);
            }
        }
        return out;
    }

    /** Sets the given vectors of existing points, keeping their others; the future holds how many exist. */
    public Future<Long> updateVectors(String name, PointId[] ids, PointVectors[] vectors) {
        return updateVectors(name, ids, vectors, null);
    }

    /** As {@link #updateVectors(String, PointId[], PointVectors[])}, changing only the points passing {@code updateFilter} (null: all). */
    public Future<Long> updateVectors(String name, PointId[] ids, PointVectors[] vectors, io.quiver.vector.filter.Filter updateFilter) {
        CollectionConfig config = configOf(name);
        checkBatch(ids.length, "points");
        StrictMode sm = strict(config);
        if (sm != null) {
            return strictPoints(name, sm, ids, vectors, "update limit").compose(v -> strictFilter(name, sm, updateFilter, true))
                    .compose(v -> inner.updateVectors(name, ids, vectors, updateFilter));
        }
        if (config.schema() == null) {
            // the one vector is the whole point: replacing it keeps the payload (VADD's rule)
            float[][] plain = new float[vectors.length][];
            for (int i = 0; i < vectors.length; i++) {
                plain[i] = plainVector(config, vectors[i], "point " + ids[i]);
            }
            return retrieve(name, ids, false, false).compose(found -> {
                List<PointId> have = new java.util.ArrayList<>();
                List<float[]> vs = new java.util.ArrayList<>();
                for (int i = 0; i < ids.length; i++) {
                    if (found[i] != null) {
                        have.add(ids[i]);
                        vs.add(plain[i]);
                    }
                }
                return have.isEmpty() ? Future.succeededFuture(0L)
                        : upsert(name, have.toArray(new PointId[0]), vs.toArray(new float[0][]), null, true,
                        io.quiver.vector.UpdateMode.UPDATE_ONLY, updateFilter).map(n -> (long) have.size());
            });
        }
        PointVectors[] given = asMultivectors(config, vectors);
        for (int i = 0; i < given.length; i++) {
            vectors[i] = given[i];
        }
        for (int i = 0; i < vectors.length; i++) {
            if (vectors[i].isEmpty()) {
                throw QuiverException.badRequest("Validation error in JSON body: [points[" + i
                        + "].vector: must specify vectors to update for point]");
            }
            checkVectors(config, vectors[i], "point " + ids[i]);
        }
        shards.load().checkMemory();
        // Qdrant refuses the whole update when a point is missing: look first, so nothing changes then
        return retrieve(name, ids, false, false).compose(found -> {
            for (int i = 0; i < ids.length; i++) {
                if (found[i] == null) {
                    return Future.failedFuture(QuiverException.notFound("Not found: No point with id " + ids[i] + " found"));
                }
            }
            PointGroups groups = PointGroups.of(ids, shards);
            return shards.scatter(groups.owners(), s -> conditional(null, updateFilter, new VectorOp.UpdateVectors(name,
                    groups.pick(s, ids), groups.pick(s, vectors)))).map(VectorService::sum);
        });
    }

    /** Removes the named vectors from the points; the future holds how many of the points exist. */
    public Future<Long> deleteVectors(String name, PointId[] ids, String[] names) {
        CollectionConfig config = configOf(name);
        checkBatch(ids.length, "ids");
        checkVectorNames(config, java.util.Arrays.asList(names));
        if (config.schema() == null) {
            throw QuiverException.badRequest("collection `" + name + "` has one unnamed vector and every point needs it: "
                    + "deleting vectors needs a collection with named or sparse vectors");
        }
        PointGroups groups = PointGroups.of(ids, shards);
        return shards.scatter(groups.owners(), s -> new VectorOp.DeleteVectors(name, groups.pick(s, ids), names))
                .map(VectorService::sum);
    }

    /** Removes the named vectors from the points passing the filter; the future holds how many such points had any. */
    public Future<Long> deleteVectorsWhere(String name, io.quiver.vector.filter.Filter filter, String[] names) {
        CollectionConfig config = configOf(name);
        checkVectorNames(config, java.util.Arrays.asList(names));
        if (config.schema() == null) {
            throw QuiverException.badRequest("collection `" + name + "` has one unnamed vector and every point needs it: "
                    + "deleting vectors needs a collection with named or sparse vectors");
        }
        return strictFilter(name, strict(config), filter, true)
                .compose(v -> shards.broadcast(new VectorOp.DeleteVectorsWhere(name, filter, names)).map(VectorService::sum));
    }

    /** Throws a 400 in Qdrant's words for the first name that is not a vector of the collection. */
    public void checkVectorNames(CollectionConfig config, java.util.Collection<String> names) {
        for (String n : names) {
            boolean known = config.schema() == null ? n.isEmpty() : config.schema().has(n);
            if (!known) {
                throw QuiverException.badRequest(notExistingVector(n));
            }
        }
    }

    public static String notExistingVector(String name) {
        return "Wrong input: Not existing vector name error: " + name;
    }

    private static float[] plainVector(CollectionConfig config, PointVectors v, String what) {
        if (!v.sparse().isEmpty() || v.dense().size() != 1 || !v.dense().containsKey(VectorSchema.UNNAMED)) {
            for (String n : v.dense().keySet()) {
                if (!n.isEmpty()) {
                    throw QuiverException.badRequest(notExistingVector(n));
                }
            }
            for (String n : v.sparse().keySet()) {
                throw QuiverException.badRequest(notExistingVector(n));
            }
            throw QuiverException.badRequest(what + ": the collection's unnamed vector is required");
        }
        float[] f = v.dense().get(VectorSchema.UNNAMED);
        checkVector(config, f, what);
        return f;
    }

    private static void checkVectors(CollectionConfig config, PointVectors v, String what) {
        VectorSchema schema = config.schema();
        for (java.util.Map.Entry<String, float[]> e : v.dense().entrySet()) {
            VectorSchema.Dense d = schema.dense(e.getKey());
            if (d == null) {
                throw QuiverException.badRequest(notExistingVector(e.getKey()));
            }
            if (d.multi()) {
                throw QuiverException.badRequest(what + ": vector `" + e.getKey() + "` is a multivector: give a list of vectors");
            }
            checkDense(d, e.getValue(), what);
        }
        for (String n : v.sparse().keySet()) {
            if (schema.sparse(n) == null) {
                throw QuiverException.badRequest(notExistingVector(n));
            }
        }
        for (java.util.Map.Entry<String, float[][]> e : v.multi().entrySet()) {
            VectorSchema.Dense d = schema.dense(e.getKey());
            if (d == null) {
                throw QuiverException.badRequest(notExistingVector(e.getKey()));
            }
            if (!d.multi()) {
                throw QuiverException.badRequest(what + ": vector `" + e.getKey() + "` is not a multivector: give one vector");
            }
            if (e.getValue().length == 0) {
                throw QuiverException.badRequest(what + ": a multivector needs at least one vector");
            }
            for (float[] row : e.getValue()) {
                checkDense(d, row, what);
            }
        }
    }

    private static void checkDense(VectorSchema.Dense d, float[] v, String what) {
        if (v.length != d.dimension()) {
            throw QuiverException.badRequest("Wrong input: Vector dimension error: expected dim: " + d.dimension()
                    + ", got " + v.length);
        }
        try {
            Vectors.check(v, d.dimension());
        } catch (IllegalArgumentException e) {
            throw QuiverException.badRequest(what + ": " + e.getMessage());
        }
    }

    /** Deletes points; the future holds how many existed. */
    public Future<Long> delete(String name, PointId[] ids) {
        configOf(name);
        checkBatch(ids.length, "ids");
        PointGroups groups = PointGroups.of(ids, shards);
        return shards.scatter(groups.owners(), s -> new VectorOp.Delete(name, groups.pick(s, ids))).map(VectorService::sum);
    }

    /** The most points one search, scroll page or listing may return ({@code vector-max-limit}). */
    public int maxLimit() {
        return limits.maxLimit();
    }

    /** Redis's VLINKS: the point's graph neighbours per layer, from its shard (see {@link VectorOp.Links}). */
    public Future<ShardHits[]> links(String name, PointId id) {
        configOf(name);
        return shards.send(shardOf(id), new VectorOp.Links(name, id));
    }

    /** Replaces one point's payload; the future says whether the point exists. */
    public Future<Boolean> setPayload(String name, PointId id, String payload) {
        configOf(name);
        checkPayload(payload, "point " + id);
        if (payload != null) {
            shards.load().checkMemory(); // setting a payload adds data; removing one frees it
        }
        return shards.send(shardOf(id), new VectorOp.SetPayload(name, id, payload));
    }

    /** The points asked for, in order, null where one does not exist. */
    public Future<PointRecord[]> retrieve(String name, PointId[] ids, boolean withVector, boolean withPayload) {
        configOf(name);
        checkBatch(ids.length, "ids");
        PointGroups groups = PointGroups.of(ids, shards);
        int[] owners = groups.owners();
        return shards.scatter(owners, s -> new VectorOp.Retrieve(name, groups.pick(s, ids), withVector, withPayload))
                .map(parts -> {
                    PointRecord[] out = new PointRecord[ids.length];
                    for (int g = 0; g < owners.length; g++) {
                        PointRecord[] part = parts.get(g);
                        int[] pos = groups.positions(owners[g]);
                        for (int i = 0; i < pos.length; i++) {
                            out[pos[i]] = part[i];
                        }
                    }
                    return out;
                });
    }

    /**
     * One point with its stored vector (unit length for cosine) and norm, for search-by-id and VEMB;
     * the future holds null when the point does not exist.
     */
    public Future<PointRecord> point(String name, PointId id, boolean withPayload) {
        configOf(name);
        return shards.send(shardOf(id), new VectorOp.Retrieve(name, new PointId[]{id}, true, withPayload))
                .map(r -> r[0]);
    }

    public Future<Long> count(String name) {
        configOf(name);
        return shards.broadcast(new VectorOp.Count(name)).map(VectorService::sum);
    }

    // ---- search ----

    /** Searches with one query; its results best first. */
    public Future<List<ScoredPoint>> search(String name, VectorQuery q) {
        return search(name, List.of(q)).map(r -> r.get(0));
    }

    /** Searches with a batch of queries, sent to each shard once; one result list per query, best first. */
    public Future<List<List<ScoredPoint>>> search(String name, List<VectorQuery> queries) {
        CollectionConfig config = configOf(name);
        StrictMode sm = strict(config);
        if (sm != null) {
            if (queries.size() > 1) {
                sm.searchBatch(queries.size());
            }
            List<io.quiver.vector.filter.Filter> filters = new java.util.ArrayList<>();
            for (VectorQuery q : queries) {
                sm.search(q);
                if (q.params().filter() != null) {
                    filters.add(q.params().filter());
                }
            }
            return strictFilters(name, sm, filters, false).compose(v -> inner.search(name, queries));
        }
        int n = queries.size();
        if (n == 0) {
            throw QuiverException.badRequest("the search has no query");
        }
        if (n > limits.maxSearchBatch()) {
            throw QuiverException.badRequest("a batch search may hold at most " + limits.maxSearchBatch()
                    + " queries (vector-max-search-batch), not " + n);
        }
        boolean allPlain = true;
        for (VectorQuery q : queries) {
            allPlain &= q.plain();
        }
        if (config.schema() != null && allPlain && config.schema().dense(VectorSchema.UNNAMED) == null) {
            throw QuiverException.badRequest(notExistingVector(""));
        }
        if (config.schema() != null && allPlain && config.schema().dense(VectorSchema.UNNAMED).multi()) {
            allPlain = false; // the unnamed vector is a multivector: MaxSim, not the plain search
        }
        float[][] prepared = new float[n][];
        for (int i = 0; i < n; i++) {
            VectorQuery q = queries.get(i);
            String what = n == 1 ? "the query" : "query " + i;
            if (q.limit() < 1 || q.offset() < 0 || (long) q.limit() + q.offset() > limits.maxLimit()) {
                throw QuiverException.badRequest(what + ": limit must be at least 1 and limit + offset at most "
                        + limits.maxLimit() + " (vector-max-limit); got limit " + q.limit() + ", offset " + q.offset());
            }
            if (q.params().ef() < 0 || q.params().ef() > limits.maxEf()) {
                throw QuiverException.badRequest(what + ": hnsw_ef/EF must be between 1 and " + limits.maxEf()
                        + " (vector-max-ef), not " + q.params().ef());
            }
            if (!allPlain) {
                continue;
            }
            checkVector(config, q.vector(), what);
            prepared[i] = config.metric().prepare(q.vector());
        }
        if (allPlain) {
            return aggregator.search(config, prepared, queries);
        }
        List<Future<List<ScoredPoint>>> each = new java.util.ArrayList<>(n);
        for (VectorQuery q : queries) {
            each.add(searchInSpace(config, q));
        }
        return Future.all(each).map(all -> all.<List<ScoredPoint>>list());
    }

    // ---- the universal query: prefetch, rescoring, fusion ----

    /**
     * Runs a query tree ({@link QueryPlan}); the root's results, best first, with payloads and
     * vectors when {@code withPayload}/{@code withVector} ask for them.
     */
    public Future<List<ScoredPoint>> query(String name, QueryPlan plan, boolean withPayload, boolean withVector) {
        if (strict(configOf(name)) != null) {
            return checkPlan(name, plan).compose(v -> inner.query(name, plan, withPayload, withVector));
        }
        return run(name, plan).compose(points -> {
            if ((!withPayload && !withVector) || points.isEmpty()) {
                return Future.succeededFuture(points);
            }
            PointId[] ids = points.stream().map(ScoredPoint::id).toArray(PointId[]::new);
            return retrieve(name, ids, withVector, withPayload).map(records -> {
                List<ScoredPoint> out = new java.util.ArrayList<>(points.size());
                for (int i = 0; i < ids.length; i++) {
                    if (records[i] != null) { // deleted meanwhile: never returned
                        out.add(new ScoredPoint(ids[i], points.get(i).score(), records[i]));
                    }
                }
                return out;
            });
        });
    }

    /** A query tree against the collection's strict mode, without running it (the future fails when refused). */
    public Future<Void> checkPlan(String name, QueryPlan plan) {
        StrictMode sm = strict(configOf(name));
        if (sm == null) {
            return Future.succeededFuture();
        }
        List<io.quiver.vector.filter.Filter> filters = new java.util.ArrayList<>();
        strictPlan(sm, plan, filters);
        java.util.Map<String, List<String>> formulaKeys = new java.util.LinkedHashMap<>();
        formulaKeys(plan, formulaKeys);
        Future<Void> checked = strictFilters(name, sm, filters, false);
        if (formulaKeys.isEmpty() || !sm.groupByNeedsIndex()) {
            return checked;
        }
        return checked.compose(v -> payloadSchema(name).map(schema -> {
            sm.formulaKeys(formulaKeys, schema);
            return null;
        }));
    }

    /** The payload variables of every formula stage of a query tree. */
    private static void formulaKeys(QueryPlan plan, java.util.Map<String, List<String>> out) {
        if (plan instanceof QueryPlan.Formula f) {
            f.formula().payloadKeys().forEach(out::putIfAbsent);
        }
        for (QueryPlan p : plan.prefetch()) {
            formulaKeys(p, out);
        }
    }

    /** Every stage of a query tree against strict mode; the filters it holds are added to {@code filters}. */
    private static void strictPlan(StrictMode sm, QueryPlan plan, List<io.quiver.vector.filter.Filter> filters) {
        switch (plan) {
            case QueryPlan.Nearest n -> sm.search(n.query());
            case QueryPlan.Examples e -> sm.search(e.base());
            case QueryPlan.Mmr m -> {
                sm.search(m.nearest());
                sm.queryLimit(m.candidates());
            }
            case QueryPlan.Scroll sc -> {
                sm.queryLimit(sc.limit());
                sm.filter(sc.filter());
            }
            case QueryPlan.OrderBy o -> {
                sm.queryLimit(o.limit());
                sm.filter(o.filter());
            }
            case QueryPlan.Sample sa -> {
                sm.queryLimit(sa.limit());
                sm.filter(sa.filter());
            }
            case QueryPlan.Fusion f -> sm.queryLimit(f.limit());
            case QueryPlan.Formula fo -> {
                sm.queryLimit(fo.limit());
                fo.formula().conditions().forEach(filters::add); // its conditions read payload keys like a filter
            }
        }
        io.quiver.vector.filter.Filter f = switch (plan) {
            case QueryPlan.Nearest n -> n.query().params().filter();
            case QueryPlan.Examples e -> e.base().params().filter();
            case QueryPlan.Mmr m -> m.nearest().params().filter();
            case QueryPlan.Scroll sc -> sc.filter();
            case QueryPlan.OrderBy o -> o.filter();
            case QueryPlan.Sample sa -> sa.filter();
            case QueryPlan.Fusion fu -> null;
            case QueryPlan.Formula fo -> null;
        };
        if (f != null) {
            filters.add(f);
        }
        for (QueryPlan p : plan.prefetch()) {
            strictPlan(sm, p, filters);
        }
    }

    /**
     * The query's results grouped by the payload values at {@code groupBy} (see {@link PointGrouping});
     * {@code ranked} gives the query's results for a limit, best first, with payloads.
     */
    public Future<List<PointGrouping.Group>> groups(java.util.function.IntFunction<Future<List<ScoredPoint>>> ranked,
                                                    String groupBy, int groupSize, int limit) {
        return PointGrouping.groups(ranked, groupBy, groupSize, limit, limits.maxLimit());
    }

    /** Qdrant's distance matrix over a random sample of the points passing the filter (see {@link DistanceMatrix}). */
    public Future<DistanceMatrix.Result> matrix(String name, String using, io.quiver.vector.filter.Filter filter, int sample, int limit) {
        StrictMode sm = strict(configOf(name));
        if (sm != null) {
            sm.queryLimit((long) sample * limit);
            return strictFilter(name, sm, filter, false).compose(v -> inner.matrix(name, using, filter, sample, limit));
        }
        return new DistanceMatrix(this).compute(name, using, filter, sample, limit, limits.maxLimit());
    }

    /** Checks a query-by-examples stage's examples exist (see {@link ExampleSearch#check}); the future fails if not. */
    public Future<Void> checkExamples(String name, QueryPlan.Examples plan) {
        return examples.check(name, plan);
    }

    private Future<List<ScoredPoint>> run(String name, QueryPlan plan) {
        if (plan.limit() < 1) {
            throw QuiverException.badRequest("Validation error in JSON body: [internal.limit: value " + plan.limit()
                    + " invalid, must be 1 or larger]");
        }
        if (plan.limit() < 1 || plan.offset() < 0 || (long) plan.limit() + plan.offset() > limits.maxLimit()) {
            throw QuiverException.badRequest("limit must be at least 1 and limit + offset at most " + limits.maxLimit()
                    + " (vector-max-limit); got limit " + plan.limit() + ", offset " + plan.offset());
        }
        if (plan instanceof QueryPlan.Scroll sc) {
            return scroll(name, sc.filter(), null, sc.limit() + sc.offset(), false, false).map(page -> {
                List<ScoredPoint> out = new java.util.ArrayList<>();
                for (int i = sc.offset(); i < page.points().size(); i++) {
                    out.add(new ScoredPoint(page.points().get(i).id(), 0f, null));
                }
                return out;
            });
        }
        if (plan.prefetch().isEmpty()) {
            switch (plan) {
                case QueryPlan.Examples e -> {
                    return examples.run(name, e, List.of());
                }
                case QueryPlan.OrderBy o -> {
                    return reranks.orderBy(name, o, List.of());
                }
                case QueryPlan.Sample sa -> {
                    return reranks.sample(name, sa, List.of());
                }
                case QueryPlan.Mmr m -> {
                    return reranks.mmr(name, m, List.of());
                }
                case QueryPlan.Formula fo -> throw QuiverException.badRequest(
                        "Bad request: a formula query rescores its prefetches' points: give it a prefetch");
                default -> {
                }
            }
        }
        if (plan instanceof QueryPlan.Nearest n && n.prefetch().isEmpty()) {
            VectorQuery q = n.query();
            return search(name, new VectorQuery(q.vector(), q.limit(), q.offset(), q.params(), q.scoreThreshold(),
                    false, false, q.using(), q.sparse(), q.multi()));
        }
        List<Future<List<ScoredPoint>>> parts = new java.util.ArrayList<>();
        for (QueryPlan p : plan.prefetch()) {
            parts.add(run(name, p));
        }
        return Future.all(parts).compose(all -> {
            List<List<ScoredPoint>> lists = all.list();
            return switch (plan) {
                case QueryPlan.Nearest n -> rescore(name, n.query(), lists);
                case QueryPlan.Fusion f -> Future.succeededFuture(fuse(f, lists));
                case QueryPlan.Examples e -> examples.run(name, e, lists);
                case QueryPlan.OrderBy o -> reranks.orderBy(name, o, lists);
                case QueryPlan.Sample sa -> reranks.sample(name, sa, lists);
                case QueryPlan.Mmr m -> reranks.mmr(name, m, lists);
                case QueryPlan.Formula fo -> reranks.formula(name, fo, lists);
                case QueryPlan.Scroll sc -> throw new IllegalStateException("a scroll stage has no prefetches");
            };
        });
    }

    /** The prefetches' points scored by the query (those lacking its vector are dropped), best first. */
    Future<List<ScoredPoint>> rescore(String name, VectorQuery q, List<List<ScoredPoint>> lists) {
        CollectionConfig config = configOf(name);
        String using = q.using() == null ? VectorSchema.UNNAMED : q.using();
        checkVectorNames(config, List.of(using));
        java.util.LinkedHashSet<PointId> candidates = new java.util.LinkedHashSet<>();
        lists.forEach(l -> l.forEach(p -> candidates.add(p.id())));
        PointId[] ids = candidates.toArray(new PointId[0]);
        if (q.sparse() != null) {
            VectorSchema.Sparse sp = config.schema() == null ? null : config.schema().sparse(using);
            if (sp == null) {
                throw QuiverException.badRequest("Wrong input: vector `" + using + "` is dense: a sparse query cannot search it");
            }
            Future<io.quiver.vector.SparseVector> weighted = sp.idf() ? idfWeighted(name, using, q.sparse())
                    : Future.succeededFuture(q.sparse());
            return weighted.compose(w -> retrieve(name, ids, true, false).map(records -> {
                List<ScoredPoint> scored = new java.util.ArrayList<>();
                for (PointRecord r : records) {
                    io.quiver.vector.SparseVector v = r == null ? null : r.vectors().sparse().get(using);
                    if (v != null) {
                        scored.add(new ScoredPoint(r.id(), v.dot(w), null));
                    }
                }
                return page(scored, Metric.DOT, q);
            }));
        }
        VectorSchema.Dense d = config.schema() == null ? new VectorSchema.Dense("", config.dimension(), config.metric())
                : config.schema().dense(using);
        if (d == null) {
            throw QuiverException.badRequest("Wrong input: vector `" + using + "` is sparse: give the query as {\"indices\": [...], \"values\": [...]}");
        }
        io.quiver.vector.VectorKernels kernels = io.quiver.vector.VectorKernels.active();
        if (d.multi()) {
            float[][] rows = prepareRows(d, q);
            return retrieve(name, ids, true, false).map(records -> {
                List<ScoredPoint> scored = new java.util.ArrayList<>();
                for (PointRecord r : records) {
                    float[][] m = r == null ? null : r.vectors().multi().get(using);
                    if (m != null) {
                        float rank = io.quiver.vector.Vectors.maxSim(kernels, d.metric(), rows, m);
                        scored.add(new ScoredPoint(r.id(), d.metric().score(rank), null));
                    }
                }
                return page(scored, d.metric(), q);
            });
        }
        if (q.multi() != null) {
            throw QuiverException.badRequest("Wrong input: vector `" + using + "` is not a multivector: give one vector");
        }
        checkDense(d, q.vector(), "the query");
        float[] prepared = d.metric().prepare(q.vector());
        return retrieve(name, ids, true, false).map(records -> {
            List<ScoredPoint> scored = new java.util.ArrayList<>();
            for (PointRecord r : records) {
                float[] v = r == null ? null : r.vectors() == null ? r.vector() : r.vectors().dense().get(using);
                if (v != null) {
                    scored.add(new ScoredPoint(r.id(), d.metric().score(d.metric().rank(kernels, prepared, v)), null));
                }
            }
            return page(scored, d.metric(), q);
        });
    }

    /** A multivector query's rows (one vector counts as a matrix of one row), checked and prepared for the space. */
    private static float[][] prepareRows(VectorSchema.Dense d, VectorQuery q) {
        float[][] rows = q.multi() != null ? q.multi() : new float[][]{q.vector()};
        if (rows.length == 0) {
            throw QuiverException.badRequest("the query: a multivector needs at least one vector");
        }
        float[][] prepared = new float[rows.length][];
        for (int i = 0; i < rows.length; i++) {
            checkDense(d, rows[i], "the query");
            prepared[i] = d.metric().prepare(rows[i]);
        }
        return prepared;
    }

    /** Sorted best first (ties by id), then the offset, the limit and the threshold of the stage. */
    private static List<ScoredPoint> page(List<ScoredPoint> scored, Metric metric, VectorQuery q) {
        return page(scored, metric.higherIsBetter(), q.offset(), q.limit(), q.scoreThreshold());
    }

    static List<ScoredPoint> page(List<ScoredPoint> scored, boolean higherIsBetter, int offset, int limit, Float threshold) {
        java.util.Comparator<ScoredPoint> byScore = java.util.Comparator.comparingDouble(ScoredPoint::score);
        scored.sort((higherIsBetter ? byScore.reversed() : byScore).thenComparing(ScoredPoint::id));
        List<ScoredPoint> out = new java.util.ArrayList<>();
        for (int i = offset; i < scored.size() && out.size() < limit; i++) {
            ScoredPoint p = scored.get(i);
            if (threshold != null && (higherIsBetter ? p.score() < threshold : p.score() > threshold)) {
                break;
            }
            out.add(p);
        }
        return out;
    }

    /** RRF or DBSF over the prefetches' lists (see {@link QueryPlan.Fusion}). */
    static List<ScoredPoint> fuse(QueryPlan.Fusion f, List<List<ScoredPoint>> lists) {
        java.util.Map<PointId, Double> scores = new java.util.LinkedHashMap<>();
        for (int li = 0; li < lists.size(); li++) {
            List<ScoredPoint> list = lists.get(li);
            if (f.kind() == QueryPlan.Fusion.Kind.RRF) {
                double w = f.weights() == null ? 1 : f.weights()[li];
                for (int rank = 0; rank < list.size(); rank++) {
                    double s = w <= 0 ? 0 : 1 / ((rank + 1.0) / w + f.k() - 1.0);
                    scores.merge(list.get(rank).id(), s, Double::sum);
                }
            } else {
                double mean = 0, sq = 0;
                for (ScoredPoint p : list) {
                    mean += p.score();
                }
                mean /= Math.max(1, list.size());
                for (ScoredPoint p : list) {
                    sq += (p.score() - mean) * (p.score() - mean);
                }
                // Qdrant uses the sample standard deviation; with fewer than two scores it is 0
                double sd = list.size() < 2 ? 0 : Math.sqrt(sq / (list.size() - 1));
                double low = mean - 3 * sd, high = mean + 3 * sd;
                for (ScoredPoint p : list) {
                    double norm = high == low ? 0.5 : Math.max(0, Math.min(1, (p.score() - low) / (high - low)));
                    scores.merge(p.id(), norm, Double::sum);
                }
            }
        }
        List<ScoredPoint> fused = new java.util.ArrayList<>(scores.size());
        scores.forEach((id, s) -> fused.add(new ScoredPoint(id, (float) (double) s, null)));
        return page(fused, true, f.offset(), f.limit(), f.scoreThreshold());
    }

    /** One query in a named dense or a sparse space (the checks common to all queries are done). */
    private Future<List<ScoredPoint>> searchInSpace(CollectionConfig config, VectorQuery q) {
        String using = q.using() == null ? VectorSchema.UNNAMED : q.using();
        VectorSchema schema = config.schema();
        if (q.sparse() != null) {
            VectorSchema.Sparse sp = schema == null ? null : schema.sparse(using);
            if (sp == null) {
                throw QuiverException.badRequest(schema != null && schema.dense(using) != null
                        ? "Wrong input: vector `" + using + "` is dense: a sparse query cannot search it"
                        : notExistingVector(using));
            }
            Future<io.quiver.vector.SparseVector> weighted = sp.idf() ? idfWeighted(config.name(), using, q.sparse())
                    : Future.succeededFuture(q.sparse());
            return weighted.compose(w -> aggregator.searchSparse(config.name(), using,
                    new io.quiver.vector.SparseVector[]{w}, List.of(q))).map(r -> r.get(0));
        }
        VectorSchema.Dense d = schema == null ? (using.isEmpty() ? new VectorSchema.Dense("", config.dimension(), config.metric()) : null)
                : schema.dense(using);
        if (d == null) {
            throw QuiverException.badRequest(schema != null && schema.sparse(using) != null
                    ? "Wrong input: vector `" + using + "` is sparse: give the query as {\"indices\": [...], \"values\": [...]}"
                    : notExistingVector(using));
        }
        if (d.multi() || q.multi() != null) {
            if (!d.multi()) {
                throw QuiverException.badRequest("Wrong input: vector `" + using + "` is not a multivector: give one vector");
            }
            float[][] rows = prepareRows(d, q);
            return aggregator.searchMulti(config.name(), using, d.metric(), new float[][][]{rows}, List.of(q)).map(r -> r.get(0));
        }
        checkDense(d, q.vector(), "the query");
        return aggregator.searchNamed(config.name(), using, d.metric(), new float[][]{d.metric().prepare(q.vector())}, List.of(q))
                .map(r -> r.get(0));
    }

    /**
     * The query with each weight scaled by its term's inverse document frequency over the whole
     * collection (every shard's counts summed), Qdrant's formula: ln((N - n + 0.5) / (n + 0.5) + 1).
     */
    private Future<io.quiver.vector.SparseVector> idfWeighted(String name, String using, io.quiver.vector.SparseVector q) {
        return shards.broadcast(new VectorOp.SparseStats(name, using, q.indices())).map(parts -> {
            long docs = 0;
            long[] df = new long[q.size()];
            for (long[] p : parts) {
                docs += p[0];
                for (int i = 0; i < df.length; i++) {
                    df[i] += p[i + 1];
                }
            }
            float[] values = new float[q.size()];
            for (int i = 0; i < values.length; i++) {
                double idf = Math.log((docs - df[i] + 0.5) / (df[i] + 0.5) + 1);
                values[i] = (float) (q.values()[i] * idf);
            }
            return new io.quiver.vector.SparseVector(q.indices(), values);
        });
    }

    // ---- payload filters: count, scroll, delete and payload changes by filter ----

    /** How many points pass the filter (null: all); exact. */
    public Future<Long> count(String name, io.quiver.vector.filter.Filter filter) {
        if (filter == null) {
            return count(name);
        }
        StrictMode sm = strict(configOf(name));
        if (sm != null) {
            return strictFilter(name, sm, filter, false).compose(v -> inner.count(name, filter));
        }
        return shards.broadcast(new VectorOp.CountWhere(name, filter)).map(VectorService::sum);
    }

    /**
     * A page of points in id order: the first {@code limit} passing the filter (null: all) from id
     * {@code offset} on (null: the start), and the id the next page starts at (null: no more). Each
     * shard sends its first {@code limit + 1} from the offset, so every matching point comes back
     * exactly once over the pages.
     */
    public Future<ScrollPage> scroll(String name, io.quiver.vector.filter.Filter filter, PointId offset, int limit,
                                     boolean withVector, boolean withPayload) {
        StrictMode sm = strict(configOf(name));
        if (sm != null) {
            sm.queryLimit(limit);
            return strictFilter(name, sm, filter, false).compose(v -> inner.scroll(name, filter, offset, limit, withVector, withPayload));
        }
        if (limit < 1 || limit > limits.maxLimit()) {
            throw QuiverException.badRequest("Validation error in JSON body: [limit: value " + limit
                    + " invalid, must be 1 or more and at most " + limits.maxLimit() + " (vector-max-limit)]");
        }
        return shards.broadcast(new VectorOp.Scroll(name, filter, offset, limit + 1, withVector, withPayload)).map(parts -> {
            List<PointRecord> all = new java.util.ArrayList<>();
            for (PointRecord[] part : parts) {
                for (PointRecord r : part) {
                    if (r != null) {
                        all.add(r);
                    }
                }
            }
            all.sort(java.util.Comparator.comparing(PointRecord::id));
            PointId next = all.size() > limit ? all.get(limit).id() : null;
            return new ScrollPage(all.subList(0, Math.min(limit, all.size())), next);
        });
    }

    /**
     * Qdrant's {@code order_by} scroll: the first {@code limit} entries of the matching points by
     * their values at {@code key} (an integer, float or datetime index; a point once per value),
     * ties by id, from {@code startFrom} on. Each shard sends its first {@code limit}; the merge
     * reads each entry's value back from the payload (a point's k-th entry from a shard is its k-th
     * value in the order).
     */
    public Future<List<PointRecord>> scrollOrdered(String name, io.quiver.vector.filter.Filter filter, String key,
                                                   boolean descending, Double startFrom, int limit, boolean withVector) {
        StrictMode sm = strict(configOf(name));
        if (sm != null) {
            sm.queryLimit(limit);
            return strictFilter(name, sm, filter, false)
                    .compose(v -> inner.scrollOrdered(name, filter, key, descending, startFrom, limit, withVector));
        }
        if (limit < 1 || limit > limits.maxLimit()) {
            throw QuiverException.badRequest("Validation error in JSON body: [limit: value " + limit
                    + " invalid, must be 1 or more and at most " + limits.maxLimit() + " (vector-max-limit)]");
        }
        io.quiver.vector.filter.JsonPath path;
        try {
            path = io.quiver.vector.filter.JsonPath.parse(key);
        } catch (io.quiver.vector.filter.FilterException e) {
            throw QuiverException.badRequest("Format error in JSON body: order_by.key: " + e.getMessage());
        }
        return shards.broadcast(new VectorOp.ScrollOrdered(name, filter, key, descending, startFrom, limit, withVector)).map(parts -> {
            List<Object[]> entries = new java.util.ArrayList<>();
            for (PointRecord[] part : parts) {
                java.util.Map<PointId, Integer> seen = new java.util.HashMap<>();
                for (PointRecord r : part) {
                    if (r == null) {
                        continue;
                    }
                    List<Double> values = new java.util.ArrayList<>();
                    for (Object v : path.values(io.quiver.vector.filter.Payload.parse(r.payload()))) {
                        Double d = io.quiver.vector.PointSelection.orderValue(v, v instanceof String);
                        if (d != null && (startFrom == null || (descending ? d <= startFrom : d >= startFrom))) {
                            values.add(d);
                        }
                    }
                    values.sort(descending ? java.util.Comparator.reverseOrder() : java.util.Comparator.naturalOrder());
                    int k = seen.merge(r.id(), 1, Integer::sum) - 1;
                    entries.add(new Object[]{k < values.size() ? values.get(k) : Double.NaN, r});
                }
            }
            java.util.Comparator<Object[]> byValue = java.util.Comparator.comparingDouble(e -> (Double) e[0]);
            entries.sort((descending ? byValue.reversed() : byValue).thenComparing(e -> ((PointRecord) e[1]).id()));
            List<PointRecord> out = new java.util.ArrayList<>();
            for (int i = 0; i < Math.min(limit, entries.size()); i++) {
                out.add((PointRecord) entries.get(i)[1]);
            }
            return out;
        });
    }

    /** One page of a scroll: its points and where the next page starts (null: none). */
    public record ScrollPage(List<PointRecord> points, PointId nextOffset) {
    }

    /** Deletes the points passing the filter; the future holds how many there were. */
    public Future<Long> deleteWhere(String name, io.quiver.vector.filter.Filter filter) {
        StrictMode sm = strict(configOf(name));
        if (sm != null) {
            return strictFilter(name, sm, filter, true).compose(v -> inner.deleteWhere(name, filter));
        }
        return shards.broadcast(new VectorOp.DeleteWhere(name, filter)).map(VectorService::sum);
    }

    /**
     * A payload operation (set, overwrite, delete keys, clear) on the points named by {@code ids} or
     * passing {@code filter} (exactly one is given); the future holds how many points changed.
     */
    public Future<Long> updatePayload(String name, io.quiver.vector.filter.PayloadChange change, PointId[] ids,
                                      io.quiver.vector.filter.Filter filter, String payload, String[] keys, String key) {
        StrictMode sm = strict(configOf(name));
        if (sm != null) {
            return strictFilter(name, sm, filter, true).compose(v -> inner.updatePayload(name, change, ids, filter, payload, keys, key));
        }
        checkPayload(payload, "the payload");
        if (payload != null) {
            shards.load().checkMemory();
        }
        if (ids != null) {
            checkBatch(ids.length, "points");
            PointGroups groups = PointGroups.of(ids, shards);
            return shards.scatter(groups.owners(), s -> new VectorOp.UpdatePayload(name, change, groups.pick(s, ids), null,
                    payload, keys, key)).map(VectorService::sum);
        }
        return shards.broadcast(new VectorOp.UpdatePayload(name, change, null, filter, payload, keys, key))
                .map(VectorService::sum);
    }

    // ---- payload indexes ----

    /** Adds or replaces a payload index on every shard's part. */
    public Future<Void> createPayloadIndex(String name, io.quiver.vector.PayloadIndexSpec spec) {
        StrictMode sm = strict(configOf(name));
        if (sm != null) {
            return payloadSchema(name).compose(schema -> {
                if (schema.stream().noneMatch(e -> e.spec().field().equals(spec.field()))) {
                    sm.payloadIndexes(schema.size()); // replacing an index adds none
                }
                return inner.createPayloadIndex(name, spec);
            });
        }
        return shards.broadcast(new VectorOp.CreatePayloadIndex(name, spec)).mapEmpty();
    }

    /** Removes a payload index; the future says whether it existed. */
    public Future<Boolean> dropPayloadIndex(String name, String field) {
        configOf(name);
        return shards.broadcast(new VectorOp.DropPayloadIndex(name, field)).map(parts -> parts.contains(Boolean.TRUE));
    }

    /** The collection's payload indexes, each with how many points have the field (summed over shards). */
    public Future<List<io.quiver.vector.PayloadSchemaEntry>> payloadSchema(String name) {
        configOf(name);
        return shards.broadcast(new VectorOp.PayloadSchema(name)).map(parts -> {
            java.util.Map<String, io.quiver.vector.PayloadSchemaEntry> merged = new java.util.LinkedHashMap<>();
            for (io.quiver.vector.PayloadSchemaEntry[] part : parts) {
                for (io.quiver.vector.PayloadSchemaEntry e : part) {
                    merged.merge(e.spec().field(), e, (a, b) -> new io.quiver.vector.PayloadSchemaEntry(a.spec(), a.points() + b.points()));
                }
            }
            return List.copyOf(merged.values());
        });
    }

    /** One value of a facet with how many points hold it. */
    public record FacetHit(Object value, long count) {
    }

    /**
     * Qdrant's facet: the {@code limit} values at {@code key} held by the most points passing the
     * filter (null: all), by count, then by value; exact (every shard sends all its counts).
     */
    public Future<List<FacetHit>> facet(String name, io.quiver.vector.filter.Filter filter, String key, int limit) {
        StrictMode sm = strict(configOf(name));
        if (sm != null) {
            sm.queryLimit(limit);
            return strictFilter(name, sm, filter, false).compose(v -> inner.facet(name, filter, key, limit));
        }
        if (limit < 1 || limit > limits.maxLimit()) {
            throw QuiverException.badRequest("Validation error in JSON body: [limit: value " + limit
                    + " invalid, must be 1 or more and at most " + limits.maxLimit() + " (vector-max-limit)]");
        }
        return shards.broadcast(new VectorOp.Facet(name, filter, key)).map(parts -> {
            java.util.Map<Object, Long> merged = new java.util.HashMap<>();
            for (io.quiver.vector.FacetCounts part : parts) {
                for (int i = 0; i < part.values().length; i++) {
                    merged.merge(part.values()[i], part.counts()[i], Long::sum);
                }
            }
            List<FacetHit> hits = new java.util.ArrayList<>();
            merged.forEach((v, n) -> hits.add(new FacetHit(v, n)));
            hits.sort(java.util.Comparator.comparingLong(FacetHit::count).reversed().thenComparing(h -> h.value(), VectorService::compareFacetValues));
            return List.copyOf(hits.subList(0, Math.min(limit, hits.size())));
        });
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static int compareFacetValues(Object a, Object b) {
        if (a.getClass() != b.getClass()) {
            return a.getClass().getName().compareTo(b.getClass().getName());
        }
        return ((Comparable) a).compareTo(b);
    }

    // ---- checks and helpers ----

    private int shardOf(PointId id) {
        return shards.shardOf(id.bytes());
    }

    private void checkBatch(int n, String what) {
        if (n > limits.maxUpsertBatch()) {
            throw QuiverException.badRequest("one request may name at most " + limits.maxUpsertBatch()
                    + " " + what + " (vector-max-upsert-batch), not " + n);
        }
    }

    /** Throws TOO_LARGE when a payload (JSON text, or null) is over {@code vector-max-payload}. */
    public void checkPayload(String payload, String what) {
        if (payload != null && payload.length() > limits.maxPayload()) {
            throw QuiverException.tooLarge(what + ": the payload is larger than vector-max-payload ("
                    + limits.maxPayload() + " bytes)");
        }
    }

    /**
     * Throws a 400 unless {@code v} fits the collection: its dimension, finite. A zero vector is valid
     * for cosine too, as in Qdrant and in Redis's vector sets: it is kept as zeros, similar to nothing (0).
     */
    public static void checkVector(CollectionConfig config, float[] v, String what) {
        try {
            Vectors.check(v, config.dimension());
        } catch (IllegalArgumentException e) {
            throw QuiverException.badRequest(what + ": " + e.getMessage());
        }
    }

    private static void checkName(String name) {
        if (name == null || name.isEmpty() || name.length() > 255) {
            throw QuiverException.badRequest("a collection name must be 1 to 255 characters");
        }
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (c == '/' || c < 0x20 || c == 0x7f) {
                throw QuiverException.badRequest("a collection name cannot contain '/' or control characters");
            }
        }
    }

    private static long sum(List<Long> parts) {
        long n = 0;
        for (Long p : parts) {
            n += p;
        }
        return n;
    }
}
