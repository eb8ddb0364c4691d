package io.quiver.shard;

import io.quiver.vector.CollectionConfig;
import io.quiver.vector.CollectionShardInfo;
import io.quiver.vector.PointId;
import io.quiver.vector.PointRecord;
import io.quiver.vector.PointVectors;
import io.quiver.vector.SparseVector;
import io.quiver.vector.SearchParams;
import io.quiver.vector.ShardHits;

/**
 * Vector-collection operations on one shard's part of a collection. Points of one operation all
 * belong to the shard it is sent to; creating, dropping and searching go to every shard.
 */
public sealed interface VectorOp<R> extends ShardOp<R> {

    /**
     * Reply: {@code true}. Creates the shard's part. A part of the same epoch is kept (a first
     * VADD's upsert may have created it already); a part of an older epoch is left over from a dropped
     * collection and is replaced.
     */
    record CreateCollection(CollectionConfig config) implements VectorOp<Boolean> {
        public boolean writes() { return true; }
    }

    /**
     * Reply: whether the shard has a part of that name and epoch. Replaces the part's config by
     * {@code config}, which differs from it only in what may change while a collection lives (its
     * {@link io.quiver.vector.CollectionSettings}, its auto threshold and, for a collection with
     * named vectors, the spaces of its schema: one added starts empty, one dropped goes with its
     * vectors): Qdrant's {@code PATCH /collections/{c}}, alias actions and named-vector changes. Logged as it is.
     */
    record Reconfigure(CollectionConfig config) implements VectorOp<Boolean> {
        public boolean writes() { return true; }
    }

    /**
     * Reply: whether the shard had a part of that name and epoch. Drops the part if
     * its epoch is at most {@code epoch} (a newer incarnation whose create overtook this drop stays),
     * and remembers the name as dropped up to {@code epoch}, so a create or upsert of that
     * incarnation still on its way is refused when it arrives: a dropped collection's late points
     * never reappear, not even after a restart.
     */
    record DropCollection(String name, long epoch) implements VectorOp<Boolean> {
        public boolean writes() { return true; }
    }

    /**
     * Reply: {@code true}. FLUSHALL: a {@link DropCollection} for each collection the
     * catalog removed, {@code names[i]} of epoch {@code epochs[i]}.
     */
    record DropAll(String[] names, long[] epochs) implements VectorOp<Boolean> {
        public DropAll {
            if (names.length != epochs.length) {
                throw new IllegalArgumentException("one epoch per name");
            }
        }

        public boolean writes() { return true; }
    }

    /**
     * Reply: how many ids were new.
     *
     * @param config       the collection's config as the catalog knows it, or null (tests and the
     *                     in-process benchmark drive a shard directly): the part is created from it
     *                     when the shard has none (a first VADD's points may arrive before the create
     *                     broadcast), a part of an older epoch is replaced (it belongs to a dropped
     *                     collection), and an upsert of an older epoch than the part is refused (its
     *                     collection was dropped while it was in flight)
     * @param payloads     JSON object texts or nulls, parallel to ids; null array: no payloads
     * @param keepPayloads a null payload keeps a replaced point's payload instead of clearing it
     */
    record Upsert(String collection, CollectionConfig config, PointId[] ids, float[][] vectors,
                  String[] payloads, boolean keepPayloads) implements VectorOp<Long> {
        public boolean writes() { return true; }
    }

    /** Reply: how many of the ids existed and were deleted. */
    record Delete(String collection, PointId[] ids) implements VectorOp<Long> {
        public boolean writes() { return true; }
    }

    /** Reply: whether the point exists (its payload is replaced; null removes it). */
    record SetPayload(String collection, PointId id, String payload) implements VectorOp<Boolean> {
        public boolean writes() { return true; }
    }

    /** Reply: records parallel to ids, null where a point does not exist. */
    record Retrieve(String collection, PointId[] ids, boolean withVector, boolean withPayload) implements VectorOp<PointRecord[]> {
        public boolean writes() { return false; }
    }

    /**
     * Reply: this shard's top {@code ks[i]} for each query i. Every query of a
     * batch travels in one operation, so a batch search costs one message per shard.
     *
     * @param queries checked and prepared ({@link io.quiver.vector.Metric#prepare}) by the vector service
     * @param ks      hits wanted per query
     * @param params  beam and exactness per query
     */
    record Search(String collection, float[][] queries, int[] ks, SearchParams[] params) implements VectorOp<ShardHits[]> {
        public boolean writes() { return false; }
    }

    /** Reply: live points in this shard's part. */
    record Count(String collection) implements VectorOp<Long> {
        public boolean writes() { return false; }
    }

    /**
     * Reply: the point's neighbours in its part's graph, one {@link ShardHits} per layer from the
     * top layer down to layer 0 (ranks: similarity to the point); an empty array when the point is
     * not a graph node (its part is searched exactly), null when the point does not exist.
     */
    record Links(String collection, PointId id) implements VectorOp<ShardHits[]> {
        public boolean writes() { return false; }
    }

    /** Reply: the shard's part, as collection info shows it. */
    record Info(String collection) implements VectorOp<CollectionShardInfo> {
        public boolean writes() { return false; }
    }

    // ---- collections with named and sparse vectors (a VectorSchema) ----

    /**
     * Reply: how many ids were new. Inserts or replaces whole points, each with any subset of the
     * schema's vectors ({@code config} as in {@link Upsert}: null in the log).
     */
    record UpsertPoints(String collection, CollectionConfig config, PointId[] ids, PointVectors[] vectors,
                        String[] payloads) implements VectorOp<Long> {
        public boolean writes() { return true; }
    }

    /** Reply: how many of the points exist. Sets the given vectors of existing points, keeping the others. */
    record UpdateVectors(String collection, PointId[] ids, PointVectors[] vectors) implements VectorOp<Long> {
        public boolean writes() { return true; }
    }

    /** Reply: how many of the points exist. Removes the named vectors from them. */
    record DeleteVectors(String collection, PointId[] ids, String[] names) implements VectorOp<Long> {
        public boolean writes() { return true; }
    }

    /** Reply: as {@link Search}, in the dense space {@code using} ({@code ""}: the unnamed vector). */
    record SearchNamed(String collection, String using, float[][] queries, int[] ks, SearchParams[] params)
            implements VectorOp<ShardHits[]> {
        public boolean writes() { return false; }
    }

    /** Reply: this shard's top {@code ks[i]} by exact MaxSim for each query i (rows prepared), in multivector space {@code using}. */
    record SearchMulti(String collection, String using, float[][][] queries, int[] ks) implements VectorOp<ShardHits[]> {
        public boolean writes() { return false; }
    }

    /** Reply: this shard's top {@code ks[i]} by exact sparse dot product for each query i, in space {@code using}. */
    record SearchSparse(String collection, String using, SparseVector[] queries, int[] ks) implements VectorOp<ShardHits[]> {
        public boolean writes() { return false; }
    }

    /**
     * Reply: this shard's number of documents in sparse space {@code using}, then the number holding
     * each of {@code terms} (summed over shards they give the idf modifier's collection-wide figures).
     */
    record SparseStats(String collection, String using, int[] terms) implements VectorOp<long[]> {
        public boolean writes() { return false; }
    }

    // ---- payload filters (issue 12: ids 74-120) ----

    /**
     * Reply: as the wrapped search. A search ({@link Search}, {@link SearchNamed}, {@link SearchSparse},
     * {@link SearchMulti}) whose query i returns only points passing {@code filters[i]} (null: no filter).
     * The plain search ops keep their layout; the filters travel beside them.
     */
    record Filtered(io.quiver.vector.filter.Filter[] filters, VectorOp<ShardHits[]> search) implements VectorOp<ShardHits[]> {
        public Filtered {
            if (search instanceof Filtered) {
                throw new IllegalArgumentException("a filtered search wraps a plain search");
            }
        }

        public boolean writes() { return false; }
    }

    /** Reply: how many of this shard's points pass the filter. */
    record CountWhere(String collection, io.quiver.vector.filter.Filter filter) implements VectorOp<Long> {
        public boolean writes() { return false; }
    }

    /**
     * Reply: this shard's first {@code limit} points passing the filter (null: all) with id at least
     * {@code from} (null: from the start), in id order.
     */
    record Scroll(String collection, io.quiver.vector.filter.Filter filter, PointId from, int limit,
                  boolean withVector, boolean withPayload) implements VectorOp<PointRecord[]> {
        public boolean writes() { return false; }
    }

    /** Reply: how many points passed the filter and were deleted (logged as the {@link Delete} of their ids). */
    record DeleteWhere(String collection, io.quiver.vector.filter.Filter filter) implements VectorOp<Long> {
        public boolean writes() { return true; }
    }

    /**
     * Reply: how many points were changed. Qdrant's payload operations on the points named by
     * {@code ids} (those that exist) or passing {@code filter} (one of the two is null): SET merges
     * {@code payload}'s keys in (at {@code key}, a path into nested objects, when given), OVERWRITE
     * replaces the payload, DELETE_KEYS removes the {@code keys} (paths), CLEAR removes the payload.
     * Logged as the {@link SetPayload} of each changed point's resulting payload.
     */
    record UpdatePayload(String collection, io.quiver.vector.filter.PayloadChange change, PointId[] ids, io.quiver.vector.filter.Filter filter,
                         String payload, String[] keys, String key) implements VectorOp<Long> {
        public boolean writes() { return true; }
    }

    /** Reply: whether the index is new or changed. Adds or replaces a payload index of the shard's part. */
    record CreatePayloadIndex(String collection, io.quiver.vector.PayloadIndexSpec spec) implements VectorOp<Boolean> {
        public boolean writes() { return true; }
    }

    /** Reply: whether the part had that index. */
    record DropPayloadIndex(String collection, String field) implements VectorOp<Boolean> {
        public boolean writes() { return true; }
    }

    /** Reply: the part's payload indexes, each with how many of its points have the field. */
    record PayloadSchema(String collection) implements VectorOp<io.quiver.vector.PayloadSchemaEntry[]> {
        public boolean writes() { return false; }
    }

    /**
     * Reply: this shard's first {@code limit} entries ordered by the payload field {@code key} (which
     * needs an integer, float or datetime index), each point once per value it holds there; from
     * {@code startFrom} on (null: the start; datetimes as microseconds), with payloads (the merge
     * reads the values from them).
     */
    record ScrollOrdered(String collection, io.quiver.vector.filter.Filter filter, String key, boolean descending,
                         Double startFrom, int limit, boolean withVector) implements VectorOp<PointRecord[]> {
        public boolean writes() { return false; }
    }

    /**
     * Reply: for each value at {@code key} (which needs a keyword, integer, bool or uuid index) of
     * this shard's points passing the filter (null: all), how many of them hold it; every value, so
     * the merge is exact.
     */
    record Facet(String collection, io.quiver.vector.filter.Filter filter, String key) implements VectorOp<io.quiver.vector.FacetCounts> {
        public boolean writes() { return false; }
    }

    /**
     * Reply: as the wrapped write ({@link Upsert}, {@link UpsertPoints} or {@link UpdateVectors}),
     * applied to those of its points that {@code mode} lets through, an existing point only when it
     * passes {@code updateFilter} (null: always). Decided and applied in one step on the shard; the
     * log holds the wrapped write reduced to those points, never this op.
     */
    record Conditional(io.quiver.vector.UpdateMode mode, io.quiver.vector.filter.Filter updateFilter, VectorOp<Long> write)
            implements VectorOp<Long> {
        public Conditional {
            if (!(write instanceof Upsert || write instanceof UpsertPoints || write instanceof UpdateVectors)) {
                throw new IllegalArgumentException("a conditional write wraps an upsert or a vector update");
            }
        }

        public boolean writes() { return true; }
    }

    /**
     * Reply: how many points passed the filter and had one of the vectors (logged as the
     * {@link DeleteVectors} of their ids).
     */
    record DeleteVectorsWhere(String collection, io.quiver.vector.filter.Filter filter, String[] names) implements VectorOp<Long> {
        public boolean writes() { return true; }
    }

    // ---- collection snapshots (Qdrant's /collections/{c}/snapshots) ----

    /**
     * A read over every shard of a cluster (a search, a count, a scroll...) as one router sent it,
     * with the epoch of the slot table it routed by ({@link SlotView}). The shard runs {@code read}
     * only when its own node's table has that epoch, and answers only for the points of slots that
     * table gives this node; otherwise (and while points of slots it gave away are not yet purged)
     * it answers TRYAGAIN and the router sends the whole read again. Reply: {@code read}'s.
     */
    record AtEpoch<R>(long epoch, VectorOp<R> read) implements VectorOp<R> {
        public boolean writes() { return false; }
    }

    /**
     * Reply: the shard's part of the collection as of now ({@link PartCapture}; not present when the
     * shard has none). A copy of references on the shard's thread; the snapshot is written from it
     * elsewhere. Sent to every shard inside one transaction's locks, so the parts are one cut.
     */
    record CapturePart(String collection) implements VectorOp<PartCapture> {
        public boolean writes() { return false; }
    }

    /**
     * Reply: how many ids were new. Puts points of a collection without a vector schema as a part
     * stores them: vectors prepared for the metric (unit length for cosine) with their original
     * norms, so they keep their bits (upserting a cosine vector again would normalise it again).
     * A snapshot holds its points this way, and its recovery logs them this way.
     */
    record PutPrepared(String collection, PointId[] ids, float[][] vectors, float[] norms, String[] payloads)
            implements VectorOp<Long> {
        public PutPrepared {
            if (ids.length != vectors.length || ids.length != norms.length || ids.length != payloads.length) {
                throw new IllegalArgumentException("ids, vectors, norms and payloads must have the same length");
            }
        }

        public boolean writes() { return true; }
    }

    /** Reply: how many ids were new. As {@link PutPrepared}, for a collection with a vector schema: points as stored. */
    record PutStored(String collection, PointId[] ids, PointVectors[] vectors, String[] payloads) implements VectorOp<Long> {
        public PutStored {
            if (ids.length != vectors.length || ids.length != payloads.length) {
                throw new IllegalArgumentException("ids, vectors and payloads must have the same length");
            }
        }

        public boolean writes() { return true; }
    }

    /**
     * Reply: how many points the part holds now. Replaces the shard's part of {@code config.name()}
     * in one step with a new part of {@code config} (a newer epoch than any the shard has for the
     * name): creates it (an older part is dropped by that), applies {@code points} (a
     * {@link PutPrepared} or {@link PutStored} of this shard's points; null: none) and
     * creates the payload {@code indexes}. Logged as those canonical operations, never as itself;
     * sent inside one transaction's locks, so they are logged as one record per shard and recovery
     * applies all shards' records or none.
     */
    record RestorePart(CollectionConfig config, VectorOp<Long> points, io.quiver.vector.PayloadIndexSpec[] indexes)
            implements VectorOp<Long> {
        public RestorePart {
            if (points != null && !(points instanceof PutPrepared || points instanceof PutStored)) {
                throw new IllegalArgumentException("a restored part's points are put as stored");
            }
        }

        public boolean writes() { return true; }
    }
}
