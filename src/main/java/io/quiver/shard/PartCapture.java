package io.quiver.shard;

import io.quiver.vector.CollectionConfig;
import io.quiver.vector.CollectionImage;
import io.quiver.vector.PayloadIndexSpec;
import io.quiver.vector.PointId;
import io.quiver.vector.PointVectors;
import io.quiver.vector.PointsImage;
import io.quiver.vector.StoredPoint;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Predicate;

/**
 * One shard's part of a collection as of one moment ({@link VectorOp.CapturePart}), in the form a
 * collection snapshot stores: the canonical operations that rebuild it on an empty shard, a
 * {@link VectorOp.CreateCollection} with the part's config, then its points as the part stores
 * them, bit for bit ({@link VectorOp.PutPrepared}: vectors prepared for the metric with their
 * norms; or, for a collection with a vector schema, {@link VectorOp.PutStored}), in chunks, then a
 * {@link VectorOp.CreatePayloadIndex} per payload index.
 *
 * <p>Taken on the shard's thread as a copy of references ({@link CollectionImage}); the operations
 * are made from it later, off the shard, by whoever writes them. Across JVMs (the reply codec) it
 * travels as those operations ({@code ops} set, {@code image} null).
 *
 * @param image the part's image (null when it came as operations, or when the shard has no part)
 * @param ops   the operations, when it came as operations (else null)
 */
public record PartCapture(CollectionImage image, List<VectorOp<?>> ops) {
    /** Points per upsert operation. */
    public static final int CHUNK = 512;

    public static PartCapture of(CollectionImage image) {
        return new PartCapture(image, null);
    }

    /** Whether the shard had a part of the collection. */
    public boolean present() {
        return image != null || (ops != null && !ops.isEmpty());
    }

    /** Hands each operation, in order, to {@code out}; none when the shard had no part. */
    public void forEachOp(Consumer<VectorOp<?>> out) {
        if (ops != null) {
            ops.forEach(out);
            return;
        }
        if (image == null) {
            return;
        }
        emit(image, id -> true, out);
    }

    /**
     * The operations that put the points of {@code image} whose ids hash to slots {@code [first,
     * last]} into another shard's part as they are stored here (a slot range moving between cluster
     * nodes): the part's creation, those points in chunks, its payload indexes. Returns them with
     * the number of points. Does not release {@code image}.
     */
    public static PointsChunk opsOfSlots(CollectionImage image, int first, int last) {
        List<VectorOp<?>> out = new ArrayList<>();
        int count = emit(image, id -> {
            int slot = KeyHash.slot(id.bytes());
            return slot >= first && slot <= last;
        }, out::add);
        return new PointsChunk(image.config().name(), count, out);
    }

    /**
     * The part's creation, the points {@code keep} accepts in chunks, then its payload indexes, to
     * {@code out}; returns how many points.
     */
    private static int emit(CollectionImage image, Predicate<PointId> keep, Consumer<VectorOp<?>> out) {
        CollectionConfig config = image.config();
        String name = config.name();
        out.accept(new VectorOp.CreateCollection(config));
        int count = 0;
        if (image.stored() != null) {
            List<StoredPoint> picked = new ArrayList<>(CHUNK);
            for (StoredPoint p : image.stored()) {
                if (keep.test(p.id())) {
                    count++;
                    picked.add(p);
                    if (picked.size() == CHUNK) {
                        out.accept(putStored(name, picked));
                    }
                }
            }
            if (!picked.isEmpty()) {
                out.accept(putStored(name, picked));
            }
        } else {
            PointsImage p = image.points();
            BitSet live = p.live();
            List<Integer> ords = new ArrayList<>(CHUNK);
            for (int ord = live.nextSetBit(0); ord >= 0; ord = live.nextSetBit(ord + 1)) {
                if (!keep.test(p.ids()[ord])) {
                    continue;
                }
                count++;
                ords.add(ord);
                if (ords.size() == CHUNK) {
                    out.accept(put(name, p, ords));
                }
            }
            if (!ords.isEmpty()) {
                out.accept(put(name, p, ords));
            }
        }
        for (PayloadIndexSpec spec : image.payloadIndexes()) {
            out.accept(new VectorOp.CreatePayloadIndex(name, spec));
        }
        return count;
    }

    /** The stored points picked, as one operation (and the list emptied for the next chunk). */
    private static VectorOp.PutStored putStored(String name, List<StoredPoint> picked) {
        int n = picked.size();
        PointId[] ids = new PointId[n];
        PointVectors[] vectors = new PointVectors[n];
        String[] payloads = new String[n];
        for (int i = 0; i < n; i++) {
            StoredPoint p = picked.get(i);
            ids[i] = p.id();
            vectors[i] = p.vectors();
            payloads[i] = p.payload();
        }
        picked.clear();
        return new VectorOp.PutStored(name, ids, vectors, payloads);
    }

    /** The points at {@code ords} as stored (a copy of each vector: a mapped part's are read out of its file). */
    private static VectorOp.PutPrepared put(String name, PointsImage p, List<Integer> ords) {
        int n = ords.size();
        PointId[] ids = new PointId[n];
        float[][] vectors = new float[n][];
        float[] norms = new float[n];
        String[] payloads = new String[n];
        for (int i = 0; i < n; i++) {
            int ord = ords.get(i);
            ids[i] = p.ids()[ord];
            vectors[i] = p.vectors().read(ord, new float[p.dimension()]).clone();
            norms[i] = p.norms()[ord];
            payloads[i] = p.payloads()[ord];
        }
        ords.clear();
        return new VectorOp.PutPrepared(name, ids, vectors, norms, payloads);
    }

    /** The operations as a list (the reply codec's form). */
    public List<VectorOp<?>> toOps() {
        List<VectorOp<?>> out = new ArrayList<>();
        forEachOp(out::add);
        return out;
    }

    /** Done with it: releases what the image pins (mapped vectors). */
    public void release() {
        if (image != null && image.points() != null) {
            image.points().release();
        }
    }
}
