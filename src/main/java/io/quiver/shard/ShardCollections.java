package io.quiver.shard;

import io.quiver.error.ErrorCode;
import io.quiver.error.QuiverException;
import io.quiver.vector.CollectionConfig;
import io.quiver.vector.CollectionImage;
import io.quiver.vector.CollectionShardInfo;
import io.quiver.vector.PointRecord;
import io.quiver.vector.ShardHits;
import io.quiver.vector.VectorCollection;
import io.quiver.vector.VectorKernels;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * One shard's parts of the vector collections, by name, and the code that applies {@link VectorOp}s
 * to them. Plain Java, touched only on the shard's context (through {@link Shard#execute}).
 *
 * <p>Epochs: the catalog numbers every creation of a name. A shard keeps, besides its parts, the
 * highest epoch it was told to drop per name ({@code dropped}), so a create or upsert of a dropped
 * incarnation that arrives after the drop (the event bus does not order messages from different
 * front ends) is refused instead of bringing the collection's points back. That record is part of
 * the shard's state: logged (as the drops), and kept in snapshots.
 *
 * <p>Every change is reported to the journal in canonical form, right after it is applied: a
 * creation (also when an upsert's config created the part), a drop that removed something or
 * raised a drop mark, an upsert with the payloads it actually stored and no config (its part is
 * created by the logged creation before it), a delete that removed points, a payload change that
 * found its point. Replaying them through {@link Shard#execute} rebuilds the same parts.
 */
final class ShardCollections {
    private final int shard;
    private final Map<String, VectorCollection> parts = new HashMap<>();
    /** Name → highest epoch dropped (see the class comment). */
    private final Map<String, Long> dropped = new HashMap<>();
    private final VectorKernels kernels = VectorKernels.active();
    /** Where {@code on_disk} parts keep their memory-mapped vector files. */
    private final io.quiver.vector.VectorFiles files;

    ShardCollections(int shard, io.quiver.vector.VectorFiles files) {
        this.shard = shard;
        this.files = files;
    }

    io.quiver.vector.VectorFiles files() {
        return files;
    }

    Object execute(VectorOp<?> op, ShardJournal journal) {
        try {
            return apply(op, journal);
        } catch (IllegalArgumentException e) {
            // the vector package reports bad input this way; it is the client's error
            throw QuiverException.badRequest(e.getMessage());
        }
    }

    private Object apply(VectorOp<?> op, ShardJournal journal) {
        return switch (op) {
            case VectorOp.CreateCollection c -> {
                create(c.config(), journal);
                yield Boolean.TRUE;
            }
            case VectorOp.Reconfigure r -> {
                VectorCollection part = parts.get(r.config().name());
                boolean applies = part != null && part.config().epoch() == r.config().epoch();
                if (applies) {
                    part.reconfigure(r.config());
                    journal.append(r);
                }
                yield applies;
            }
            case VectorOp.DropCollection d -> {
                Boolean removed = drop(d.name(), d.epoch());
                if (removed != null) {
                    journal.append(d);
                }
                yield removed != null && removed;
            }
            case VectorOp.DropAll a -> {
                boolean changed = false;
                for (int i = 0; i < a.names().length; i++) {
                    changed |= drop(a.names()[i], a.epochs()[i]) != null;
                }
                if (changed) {
                    journal.append(a);
                }
                yield Boolean.TRUE;
            }
            case VectorOp.Upsert u -> {
                VectorCollection c = parts.get(u.collection());
                if (u.config() != null) {
                    long epoch = u.config().epoch();
                    if (c == null || c.config().epoch() < epoch) {
                        c = create(u.config(), journal);
                        if (c == null) {
                            throw droppedInFlight(u.collection());
                        }
                    } else if (c.config().epoch() > epoch) {
                        throw droppedInFlight(u.collection());
                    }
                }
                VectorCollection part = require(c, u.collection());
                String[] applied = u.keepPayloads() ? new String[u.ids().length] : null;
                long added = part.upsert(u.ids(), u.vectors(), u.payloads(), u.keepPayloads(), applied);
                journal.append(new VectorOp.Upsert(u.collection(), null, u.ids(), u.vectors(),
                        applied != null ? applied : u.payloads(), false));
                yield added;
            }
            // Reads and deletes on a part this shard does not have see an empty part: the vector service
            // checked the catalog (the authority on which collections exist) before sending them.
            case VectorOp.Delete d -> {
                VectorCollection c = parts.get(d.collection());
                long n = c == null ? 0L : (long) c.delete(d.ids());
                if (n > 0) {
                    journal.append(d);
                }
                yield n;
            }
            case VectorOp.SetPayload s -> {
                VectorCollection c = parts.get(s.collection());
                boolean found = c != null && c.setPayload(s.id(), s.payload());
                if (found) {
                    journal.append(s);
                }
                yield found;
            }
            case VectorOp.Retrieve r -> {
                VectorCollection c = parts.get(r.collection());
                yield c == null ? new PointRecord[r.ids().length] : c.retrieve(r.ids(), r.withVector(), r.withPayload());
            }
            case VectorOp.Search s -> {
                VectorCollection c = parts.get(s.collection());
                yield c == null ? empty(s.queries().length) : c.search(s.queries(), s.ks(), s.params());
            }
            case VectorOp.Count c -> {
                VectorCollection part = parts.get(c.collection());
                yield part == null ? 0L : (long) part.size();
            }
            case VectorOp.UpsertPoints u -> {
                VectorCollection c = parts.get(u.collection());
                if (u.config() != null) {
                    long epoch = u.config().epoch();
                    if (c == null || c.config().epoch() < epoch) {
                        c = create(u.config(), journal);
                        if (c == null) {
                            throw droppedInFlight(u.collection());
                        }
                    } else if (c.config().epoch() > epoch) {
                        throw droppedInFlight(u.collection());
                    }
                }
                long added = require(c, u.collection()).upsertPoints(u.ids(), u.vectors(), u.payloads());
                journal.append(u.config() == null ? u : new VectorOp.UpsertPoints(u.collection(), null, u.ids(),
                        u.vectors(), u.payloads()));
                yield added;
            }
            case VectorOp.UpdateVectors u -> {
                VectorCollection c = parts.get(u.collection());
                long found = c == null ? 0L : c.updateVectors(u.ids(), u.vectors());
                if (found > 0) {
                    journal.append(u);
                }
                yield found;
            }
            case VectorOp.DeleteVectors d -> {
                VectorCollection c = parts.get(d.collection());
                long found = c == null ? 0L : c.deleteVectors(d.ids(), d.names());
                if (found > 0) {
                    journal.append(d);
                }
                yield found;
            }
            case VectorOp.SearchNamed s -> {
                VectorCollection c = parts.get(s.collection());
                yield c == null ? empty(s.queries().length) : c.searchNamed(s.using(), s.queries(), s.ks(), s.params());
            }
            case VectorOp.SearchSparse s -> {
                VectorCollection c = parts.get(s.collection());
                ShardHits[] out = new ShardHits[s.queries().length];
                for (int i = 0; i < out.length; i++) {
                    out[i] = c == null ? ShardHits.EMPTY : c.searchSparse(s.using(), s.queries()[i], s.ks()[i]);
                }
                yield out;
            }
            case VectorOp.SearchMulti s -> {
                VectorCollection c = parts.get(s.collection());
                ShardHits[] out = new ShardHits[s.queries().length];
                for (int i = 0; i < out.length; i++) {
                    out[i] = c == null ? ShardHits.EMPTY : c.searchMulti(s.using(), s.queries()[i], s.ks()[i]);
                }
                yield out;
            }
            case VectorOp.SparseStats st -> {
                VectorCollection c = parts.get(st.collection());
                yield c == null ? new long[st.terms().length + 1] : c.sparseStats(st.using(), st.terms());
            }
            case VectorOp.Filtered f -> filteredSearch(f);
            case VectorOp.CountWhere c -> {
                VectorCollection part = parts.get(c.collection());
                yield part == null ? 0L : part.count(c.filter());
            }
            case VectorOp.Scroll sc -> {
                VectorCollection part = parts.get(sc.collection());
                yield part == null ? new PointRecord[0]
                        : part.scroll(sc.filter(), sc.from(), sc.limit(), sc.withVector(), sc.withPayload());
            }
            case VectorOp.DeleteWhere d -> {
                VectorCollection part = parts.get(d.collection());
                if (part == null) {
                    yield 0L;
                }
                io.quiver.vector.PointId[] ids = part.matchingIds(d.filter()).toArray(new io.quiver.vector.PointId[0]);
                long n = ids.length == 0 ? 0L : part.delete(ids);
                if (n > 0) {
                    journal.append(new VectorOp.Delete(d.collection(), ids)); // canonical: the ids it removed
                }
                yield n;
            }
            case VectorOp.UpdatePayload u -> updatePayload(u, journal);
            case VectorOp.ScrollOrdered so -> {
                VectorCollection part = parts.get(so.collection());
                yield part == null ? new PointRecord[0]
                        : part.scrollOrdered(so.filter(), so.key(), so.descending(), so.startFrom(), so.limit(), so.withVector());
            }
            case VectorOp.Conditional cw -> conditional(cw, journal);
            case VectorOp.DeleteVectorsWhere dw -> {
                VectorCollection part = parts.get(dw.collection());
                if (part == null) {
                    yield 0L;
                }
                io.quiver.vector.PointId[] ids = part.matchingIds(dw.filter()).toArray(new io.quiver.vector.PointId[0]);
                yield ids.length == 0 ? 0L : (Long) apply(new VectorOp.DeleteVectors(dw.collection(), ids, dw.names()), journal);
            }
            case VectorOp.Facet fa -> {
                VectorCollection part = parts.get(fa.collection());
                yield part == null ? new io.quiver.vector.FacetCounts(new Object[0], new long[0]) : part.facet(fa.filter(), fa.key());
            }
            case VectorOp.CreatePayloadIndex ci -> {
                VectorCollection c = parts.get(ci.collection());
                boolean changed = c != null && c.createPayloadIndex(ci.spec());
                if (changed) {
                    journal.append(ci);
                }
                yield changed;
            }
            case VectorOp.DropPayloadIndex di -> {
                VectorCollection c = parts.get(di.collection());
                boolean removed = c != null && c.dropPayloadIndex(di.field());
                if (removed) {
                    journal.append(di);
                }
                yield removed;
            }
            case VectorOp.PayloadSchema ps -> {
                VectorCollection c = parts.get(ps.collection());
                yield c == null ? new io.quiver.vector.PayloadSchemaEntry[0] : c.payloadSchema();
            }
            case VectorOp.Links l -> {
                VectorCollection c = parts.get(l.collection());
                yield c == null ? null : c.links(l.id());
            }
            case VectorOp.CapturePart cp -> {
                VectorCollection c = parts.get(cp.collection());
                yield c == null ? new PartCapture(null, java.util.List.of()) : PartCapture.of(c.image());
            }
            case VectorOp.RestorePart rp -> restore(rp, journal);
            // the shard unwraps it (Shard.clusterRead): it needs the node's slot table, not only the parts
            case VectorOp.AtEpoch<?> ae -> throw new IllegalStateException("a read at an epoch is run by its shard");
            case VectorOp.PutPrepared pp -> {
                VectorCollection c = require(parts.get(pp.collection()), pp.collection());
                if (c.hasSchema()) {
                    throw new IllegalArgumentException("collection `" + pp.collection() + "` has a vector schema: its points are put with their named vectors");
                }
                int before = c.size();
                for (int i = 0; i < pp.ids().length; i++) {
                    if (pp.vectors()[i].length != c.config().dimension()) {
                        throw new IllegalArgumentException("point " + pp.ids()[i] + " has " + pp.vectors()[i].length
                                + " dimensions, the collection " + c.config().dimension());
                    }
                    c.putPrepared(pp.ids()[i], pp.vectors()[i], pp.norms()[i], pp.payloads()[i]);
                }
                journal.append(pp);
                yield (long) (c.size() - before);
            }
            case VectorOp.PutStored ps -> {
                VectorCollection c = require(parts.get(ps.collection()), ps.collection());
                io.quiver.vector.VectorSchema schema = c.config().schema();
                if (schema == null) {
                    throw new IllegalArgumentException("collection `" + ps.collection() + "` has one unnamed vector: its points are put prepared");
                }
                for (io.quiver.vector.PointVectors pv : ps.vectors()) {
                    for (var e : pv.dense().entrySet()) {
                        io.quiver.vector.VectorSchema.Dense d = schema.dense(e.getKey());
                        if (d == null || d.multi() || d.dimension() != e.getValue().length) {
                            throw new IllegalArgumentException("vector `" + e.getKey() + "` does not fit the collection's schema");
                        }
                    }
                    for (var e : pv.multi().entrySet()) {
                        io.quiver.vector.VectorSchema.Dense d = schema.dense(e.getKey());
                        if (d == null || !d.multi()) {
                            throw new IllegalArgumentException("multivector `" + e.getKey() + "` does not fit the collection's schema");
                        }
                    }
                    for (String name : pv.sparse().keySet()) {
                        if (schema.sparse(name) == null) {
                            throw new IllegalArgumentException("sparse vector `" + name + "` does not fit the collection's schema");
                        }
                    }
                }
                int before = c.size();
                for (int i = 0; i < ps.ids().length; i++) {
                    c.putStored(new io.quiver.vector.StoredPoint(ps.ids()[i], ps.payloads()[i], ps.vectors()[i]));
                }
                journal.append(ps);
                yield (long) (c.size() - before);
            }
            case VectorOp.Info i -> {
                VectorCollection c = parts.get(i.collection());
                yield c == null ? new CollectionShardInfo(shard, 0, 0, "absent", 0, 0, "none", 0) : c.info(shard);
            }
        };
    }

    private ShardHits[] filteredSearch(VectorOp.Filtered f) {
        io.quiver.vector.filter.Filter[] filters = f.filters();
        return switch (f.search()) {
            case VectorOp.Search s -> {
                VectorCollection c = parts.get(s.collection());
                ShardHits[] out = new ShardHits[s.queries().length];
                for (int i = 0; i < out.length; i++) {
                    out[i] = c == null ? ShardHits.EMPTY : c.search(s.queries()[i], s.ks()[i], s.params()[i].withFilter(filters[i]));
                }
                yield out;
            }
            case VectorOp.SearchNamed s -> {
                VectorCollection c = parts.get(s.collection());
                ShardHits[] out = new ShardHits[s.queries().length];
                for (int i = 0; i < out.length; i++) {
                    out[i] = c == null ? ShardHits.EMPTY
                            : c.searchNamed(s.using(), s.queries()[i], s.ks()[i], s.params()[i].withFilter(filters[i]));
                }
                yield out;
            }
            case VectorOp.SearchSparse s -> {
                VectorCollection c = parts.get(s.collection());
                ShardHits[] out = new ShardHits[s.queries().length];
                for (int i = 0; i < out.length; i++) {
                    out[i] = c == null ? ShardHits.EMPTY : c.searchSparse(s.using(), s.queries()[i], s.ks()[i], filters[i]);
                }
                yield out;
            }
            case VectorOp.SearchMulti s -> {
                VectorCollection c = parts.get(s.collection());
                ShardHits[] out = new ShardHits[s.queries().length];
                for (int i = 0; i < out.length; i++) {
                    out[i] = c == null ? ShardHits.EMPTY : c.searchMulti(s.using(), s.queries()[i], s.ks()[i], filters[i]);
                }
                yield out;
            }
            default -> throw new IllegalArgumentException("a filter applies to searches only");
        };
    }

    /**
     * A conditional write: the points its mode and update filter let through, written as the plain
     * write reduced to them (which logs itself in that form); 0 when none is.
     */
    private long conditional(VectorOp.Conditional cw, ShardJournal journal) {
        VectorOp<Long> w = cw.write();
        String name = switch (w) {
            case VectorOp.Upsert u -> u.collection();
            case VectorOp.UpsertPoints u -> u.collection();
            case VectorOp.UpdateVectors u -> u.collection();
            default -> throw new IllegalArgumentException("a conditional write wraps an upsert or a vector update");
        };
        io.quiver.vector.PointId[] ids = switch (w) {
            case VectorOp.Upsert u -> u.ids();
            case VectorOp.UpsertPoints u -> u.ids();
            case VectorOp.UpdateVectors u -> u.ids();
            default -> throw new IllegalArgumentException("a conditional write wraps an upsert or a vector update");
        };
        VectorCollection c = parts.get(name);
        int[] keep = new int[ids.length];
        int n = 0;
        for (int i = 0; i < ids.length; i++) {
            boolean exists = c != null && c.contains(ids[i]);
            boolean passes = !exists || cw.updateFilter() == null || c.passes(cw.updateFilter(), ids[i]);
            if (cw.mode().writes(exists, passes)) {
                keep[n++] = i;
            }
        }
        if (n == 0) {
            return 0L;
        }
        if (n == ids.length) {
            return (Long) apply(w, journal);
        }
        int[] k = java.util.Arrays.copyOf(keep, n);
        VectorOp<Long> reduced = switch (w) {
            case VectorOp.Upsert u -> new VectorOp.Upsert(u.collection(), u.config(), pick(u.ids(), k),
                    pick(u.vectors(), k), u.payloads() == null ? null : pick(u.payloads(), k), u.keepPayloads());
            case VectorOp.UpsertPoints u -> new VectorOp.UpsertPoints(u.collection(), u.config(), pick(u.ids(), k),
                    pick(u.vectors(), k), u.payloads() == null ? null : pick(u.payloads(), k));
            case VectorOp.UpdateVectors u -> new VectorOp.UpdateVectors(u.collection(), pick(u.ids(), k), pick(u.vectors(), k));
            default -> throw new IllegalArgumentException("a conditional write wraps an upsert or a vector update");
        };
        return (Long) apply(reduced, journal);
    }

    private static <T> T[] pick(T[] a, int[] positions) {
        T[] out = java.util.Arrays.copyOf(a, positions.length);
        for (int i = 0; i < positions.length; i++) {
            out[i] = a[positions[i]];
        }
        return out;
    }

    /** Applies a payload operation point by point, logging each changed point's resulting payload. */
    private long updatePayload(VectorOp.UpdatePayload u, ShardJournal journal) {
        VectorCollection c = parts.get(u.collection());
        if (c == null) {
            return 0L;
        }
        java.util.List<io.quiver.vector.PointId> targets;
        if (u.ids() != null) {
            targets = new java.util.ArrayList<>();
            for (io.quiver.vector.PointId id : u.ids()) {
                if (c.retrieve(new io.quiver.vector.PointId[]{id}, false, false)[0] != null) {
                    targets.add(id);
                }
            }
        } else {
            targets = c.matchingIds(u.filter());
        }
        long changed = 0;
        for (io.quiver.vector.PointId id : targets) {
            String before = c.payloadOf(id);
            String after = switch (u.change()) {
                case SET -> io.quiver.vector.filter.PayloadEdit.set(before, u.payload(), u.key());
                case OVERWRITE -> u.payload();
                case DELETE_KEYS -> before == null ? null : io.quiver.vector.filter.PayloadEdit.deleteKeys(before, java.util.List.of(u.keys()));
                case CLEAR -> null;
            };
            if (after != null && after.equals("{}")) {
                after = null; // Qdrant shows an emptied payload as {}; no payload reads back the same
            }
            if (java.util.Objects.equals(before, after)) {
                changed++;
                continue;
            }
            c.setPayload(id, after);
            journal.append(new VectorOp.SetPayload(u.collection(), id, after));
            changed++;
        }
        return changed;
    }

    /**
     * A collection snapshot's recovery on this shard: a fresh part of the new epoch replaces the old
     * one (the creation drops it), then its points and payload indexes; each step logs itself in
     * canonical form (inside the recovery's transaction, held and logged as one record).
     */
    private long restore(VectorOp.RestorePart rp, ShardJournal journal) {
        CollectionConfig config = rp.config();
        VectorCollection existing = parts.get(config.name());
        if (existing != null && existing.config().epoch() >= config.epoch()) {
            throw new QuiverException(ErrorCode.CONFLICT, "Collection `" + config.name()
                    + "` was created again while its snapshot was being recovered");
        }
        VectorCollection part = create(config, journal);
        if (part == null) {
            throw droppedInFlight(config.name());
        }
        if (rp.points() != null) {
            apply(rp.points(), journal);
        }
        for (io.quiver.vector.PayloadIndexSpec spec : rp.indexes()) {
            apply(new VectorOp.CreatePayloadIndex(config.name(), spec), journal);
        }
        return part.size();
    }

    /**
     * Applies a creation: a part of the same or a newer epoch is kept (a first VADD's upsert may
     * have created it already); an epoch this shard was told to drop is refused (null); otherwise a
     * fresh part replaces any older one, and the creation is logged.
     */
    private VectorCollection create(CollectionConfig config, ShardJournal journal) {
        VectorCollection old = parts.get(config.name());
        if (old != null && old.config().epoch() >= config.epoch()) {
            return old;
        }
        Long droppedThrough = dropped.get(config.name());
        if (droppedThrough != null && config.epoch() <= droppedThrough) {
            return null;
        }
        VectorCollection fresh = new VectorCollection(config, kernels, files);
        parts.put(config.name(), fresh);
        if (old != null) {
            old.close();
        }
        dropped.remove(config.name()); // the part's epoch now refuses anything older
        journal.append(new VectorOp.CreateCollection(config));
        return fresh;
    }

    /**
     * Drops the part of that name if its epoch is at most {@code epoch}, and raises the name's drop
     * mark to {@code epoch}. Returns null when nothing changed, else whether a part was removed.
     */
    private Boolean drop(String name, long epoch) {
        VectorCollection old = parts.get(name);
        if (old != null && old.config().epoch() > epoch) {
            return null; // a newer incarnation's create overtook this drop: it stays, and refuses older upserts itself
        }
        boolean removed = false;
        if (old != null) {
            parts.remove(name);
            old.close();
            removed = true;
        }
        Long through = dropped.get(name);
        boolean raised = through == null || through < epoch;
        if (raised) {
            dropped.put(name, epoch);
        }
        return removed || raised ? removed : null;
    }

    /** The answer of a shard that has no part of the collection: no hits for any of the queries. */
    private static ShardHits[] empty(int queries) {
        ShardHits[] out = new ShardHits[queries];
        java.util.Arrays.fill(out, ShardHits.EMPTY);
        return out;
    }

    private static QuiverException droppedInFlight(String name) {
        return new QuiverException(ErrorCode.NOT_FOUND, "Collection `" + name
                + "` was dropped while the upsert was on its way");
    }

    private static VectorCollection require(VectorCollection c, String name) {
        if (c == null) {
            throw new QuiverException(ErrorCode.NOT_FOUND, "Collection `" + name + "` doesn't exist!");
        }
        return c;
    }

    // ---- persistence: the snapshot's copy step, loading, recovery ----

    /** The copy step: one image per part (see {@link CollectionImage}). */
    List<CollectionImage> images() {
        List<CollectionImage> out = new ArrayList<>(parts.size());
        for (VectorCollection c : parts.values()) {
            out.add(c.image());
        }
        return out;
    }

    Map<String, Long> droppedMarks() {
        return Map.copyOf(dropped);
    }

    /** Loading a snapshot or re-sharding: puts a part as it is, replacing any of the same name. */
    void put(VectorCollection part) {
        VectorCollection old = parts.put(part.config().name(), part);
        if (old != null && old != part) {
            old.close();
        }
    }

    /** Empties the shard's vector state (a snapshot that turned out unusable part-way through loading). */
    void clear() {
        parts.values().forEach(VectorCollection::close);
        parts.clear();
        dropped.clear();
    }

    void markDropped(String name, long epoch) {
        dropped.merge(name, epoch, Math::max);
    }

    Collection<VectorCollection> all() {
        return parts.values();
    }

    long memoryEstimate() {
        long sum = 0;
        for (VectorCollection c : parts.values()) {
            sum += c.memoryEstimate();
        }
        return sum;
    }

    /**
     * The smallest {@code wal_config.wal_capacity_mb} of the collections this shard holds a part of,
     * in bytes, or 0 when none sets one: the shard's log starts anew (by a snapshot) once it reaches it.
     */
    long walCapacityBytes() {
        long least = 0;
        for (VectorCollection c : parts.values()) {
            long mb = c.config().settings().walCapacityMb();
            if (mb > 0 && (least == 0 || mb < least)) {
                least = mb;
            }
        }
        return least * 1024 * 1024;
    }

    long points() {
        long n = 0;
        for (VectorCollection c : parts.values()) {
            n += c.size();
        }
        return n;
    }

    /** The first part's name after {@code after} in name order (null: the first of all), or null. */
    String nameAfter(String after) {
        String best = null;
        for (String n : parts.keySet()) {
            if ((after == null || n.compareTo(after) > 0) && (best == null || n.compareTo(best) < 0)) {
                best = n;
            }
        }
        return best;
    }

    /** By part: the ids of its points whose slot is in {@code [first, last]} and passes {@code pick}. */
    Map<String, io.quiver.vector.PointId[]> idsOfSlots(int first, int last, java.util.function.IntPredicate pick) {
        Map<String, io.quiver.vector.PointId[]> out = new HashMap<>();
        for (var e : parts.entrySet()) {
            List<io.quiver.vector.PointId> ids = new ArrayList<>();
            for (io.quiver.vector.PointId id : e.getValue().matchingIds(null)) {
                int slot = KeyHash.slot(id.bytes());
                if (slot >= first && slot <= last && pick.test(slot)) {
                    ids.add(id);
                }
            }
            if (!ids.isEmpty()) {
                out.put(e.getKey(), ids.toArray(new io.quiver.vector.PointId[0]));
            }
        }
        return out;
    }

    /**
     * {@code result} of the read {@code op} reduced to the points of slots {@code owns} accepts: this
     * shard holds copies of points another node still owns (a slot move under way). Hits and scroll
     * pages are filtered (a copy is the same point as its owner's, so what it pushed out of this
     * shard's top k or page is not in the cluster's either); counts are counted again. Reads whose
     * answer cannot be reduced so answer TRYAGAIN until the move's switch.
     */
    Object ownedOnly(VectorOp<?> op, Object result, java.util.function.IntPredicate owns) {
        java.util.function.Predicate<io.quiver.vector.PointId> keep = id -> owns.test(KeyHash.slot(id.bytes()));
        return switch (result) {
            case ShardHits[] hits -> {
                ShardHits[] out = new ShardHits[hits.length];
                for (int i = 0; i < hits.length; i++) {
                    out[i] = hits[i] == null ? null : ownedHits(hits[i], keep);
                }
                yield out;
            }
            case PointRecord[] records -> {
                List<PointRecord> out = new ArrayList<>(records.length);
                for (PointRecord r : records) {
                    if (r == null || keep.test(r.id())) {
                        out.add(r);
                    }
                }
                yield out.toArray(new PointRecord[0]);
            }
            default -> switch (op) {
                case VectorOp.Count c -> ownedCount(c.collection(), null, keep);
                case VectorOp.CountWhere c -> ownedCount(c.collection(), c.filter(), keep);
                case VectorOp.Info i -> {
                    CollectionShardInfo info = (CollectionShardInfo) result;
                    long owned = ownedCount(i.collection(), null, keep);
                    long foreign = info.points() - owned;
                    yield new CollectionShardInfo(info.shard(), owned, Math.max(0, info.indexedVectors() - foreign),
                            info.indexState(), info.deletedPending(), info.memoryBytes(), info.graphOrigin(), info.mappedBytes());
                }
                default -> throw new QuiverException(ErrorCode.TRY_AGAIN, "points are moving to shard " + shard
                        + " from another node; this read over every shard waits for the move's switch");
            };
        };
    }

    private static ShardHits ownedHits(ShardHits h, java.util.function.Predicate<io.quiver.vector.PointId> keep) {
        int n = 0;
        for (io.quiver.vector.PointId id : h.ids()) {
            if (keep.test(id)) {
                n++;
            }
        }
        if (n == h.ids().length) {
            return h;
        }
        io.quiver.vector.PointId[] ids = new io.quiver.vector.PointId[n];
        float[] ranks = new float[n];
        for (int i = 0, k = 0; i < h.ids().length; i++) {
            if (keep.test(h.ids()[i])) {
                ids[k] = h.ids()[i];
                ranks[k++] = h.ranks()[i];
            }
        }
        return new ShardHits(ids, ranks);
    }

    private long ownedCount(String name, io.quiver.vector.filter.Filter filter,
                            java.util.function.Predicate<io.quiver.vector.PointId> keep) {
        VectorCollection c = parts.get(name);
        if (c == null) {
            return 0L;
        }
        long n = 0;
        for (io.quiver.vector.PointId id : c.matchingIds(filter)) {
            if (keep.test(id)) {
                n++;
            }
        }
        return n;
    }

    /** A part, for tests and the in-process benchmark that drive a {@link Shard} directly. */
    VectorCollection get(String name) {
        return parts.get(name);
    }
}
