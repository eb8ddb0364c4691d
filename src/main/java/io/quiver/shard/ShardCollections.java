package io.quiver.shard;

import io.quiver.error.ErrorCode;
import io.quiver.error.QuiverException;
import io.quiver.vector.CollectionConfig;
import io.quiver.vector.CollectionShardInfo;
import io.quiver.vector.PointRecord;
import io.quiver.vector.ShardHits;
import io.quiver.vector.VectorCollection;
import io.quiver.vector.VectorKernels;

import java.util.HashMap;
import java.util.Map;

/**
 * One shard's parts of the vector collections, by name, and the code that applies {@link VectorOp}s
 * to them. Plain Java, touched only on the shard's context (through {@link Shard#execute}).
 */
final class ShardCollections {
    private final int shard;
    private final Map<String, VectorCollection> parts = new HashMap<>();
    private final VectorKernels kernels = VectorKernels.active();

    ShardCollections(int shard) {
        this.shard = shard;
    }

    Object execute(VectorOp op) {
        try {
            return apply(op);
        } catch (IllegalArgumentException e) {
            // the vector package reports bad input this way; it is the client's error
            throw QuiverException.badRequest(e.getMessage());
        }
    }

    private Object apply(VectorOp op) {
        return switch (op) {
            case VectorOp.CreateCollection c -> {
                VectorCollection old = parts.get(c.config().name());
                if (old == null || old.config().epoch() < c.config().epoch()) {
                    replace(c.config());
                }
                yield Boolean.TRUE;
            }
            case VectorOp.DropCollection d -> {
                VectorCollection old = parts.remove(d.name());
                if (old != null) {
                    old.close();
                }
                yield old != null;
            }
            case VectorOp.DropAll a -> {
                parts.values().forEach(VectorCollection::close);
                parts.clear();
                yield Boolean.TRUE;
            }
            case VectorOp.Upsert u -> {
                VectorCollection c = parts.get(u.collection());
                if (u.config() != null) {
                    if (c == null || c.config().epoch() < u.config().epoch()) {
                        c = replace(u.config());
                    } else if (c.config().epoch() > u.config().epoch()) {
                        throw new QuiverException(ErrorCode.NOT_FOUND, "Collection `" + u.collection()
                                + "` was dropped while the upsert was on its way");
                    }
                }
                yield (long) require(c, u.collection()).upsert(u.ids(), u.vectors(), u.payloads(), u.keepPayloads());
            }
            // Reads and deletes on a part this shard does not have see an empty part: the router
            // checked the catalog (the authority on which collections exist) before sending them.
            case VectorOp.Delete d -> {
                VectorCollection c = parts.get(d.collection());
                yield c == null ? 0L : (long) c.delete(d.ids());
            }
            case VectorOp.SetPayload s -> {
                VectorCollection c = parts.get(s.collection());
                yield c != null && c.setPayload(s.id(), s.payload());
            }
            case VectorOp.Retrieve r -> {
                VectorCollection c = parts.get(r.collection());
                yield c == null ? new PointRecord[r.ids().length] : c.retrieve(r.ids(), r.withVector(), r.withPayload());
            }
            case VectorOp.Search s -> {
                VectorCollection c = parts.get(s.collection());
                ShardHits[] out = new ShardHits[s.queries().length];
                for (int i = 0; i < out.length; i++) {
                    out[i] = c == null ? ShardHits.EMPTY : c.search(s.queries()[i], s.ks()[i], s.params()[i]);
                }
                yield out;
            }
            case VectorOp.Count c -> {
                VectorCollection part = parts.get(c.collection());
                yield part == null ? 0L : (long) part.size();
            }
            case VectorOp.Info i -> {
                VectorCollection c = parts.get(i.collection());
                yield c == null ? new CollectionShardInfo(shard, 0, 0, "absent", 0, 0) : c.info(shard);
            }
        };
    }

    /** A fresh, empty part for the config, closing any part it replaces. */
    private VectorCollection replace(CollectionConfig config) {
        VectorCollection fresh = new VectorCollection(config, kernels);
        VectorCollection old = parts.put(config.name(), fresh);
        if (old != null) {
            old.close();
        }
        return fresh;
    }

    private static VectorCollection require(VectorCollection c, String name) {
        if (c == null) {
            throw new QuiverException(ErrorCode.NOT_FOUND, "Collection `" + name + "` doesn't exist!");
        }
        return c;
    }

    /** A part, for tests and the in-process benchmark that drive a {@link Shard} directly. */
    VectorCollection get(String name) {
        return parts.get(name);
    }
}
