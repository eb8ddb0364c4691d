package io.quiver.service.vector;

import io.quiver.vector.PointId;
import io.quiver.vector.PointRecord;
import io.vertx.core.Future;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Redis 8's vector-set rules that are more than one collection operation, composed over
 * {@link VectorService}: an element removed last deletes the set, random members, and ranges of
 * element names in byte order. A vector set's element is a point whose id is the element's name.
 */
public final class VectorSets {
    /** Ids fetched per scroll page while listing a set's elements. */
    private static final int PAGE = 1000;

    /** Element names in Redis's order: byte by byte, as memcmp compares them. */
    public static final Comparator<PointId> BYTE_ORDER =
            (a, b) -> Arrays.compareUnsigned(bytes(a), bytes(b));

    /** How many times VADD makes its set anew when a drop keeps racing it (each retry needs a drop). */
    private static final int ADD_ATTEMPTS = 16;

    /**
     * Runs a body with every shard of the set held against everyone else's operations (the
     * transactions' cross-shard locks, see {@code shard.ShardTransactions}); the body sees the vector
     * service of the holder. Completes with the body's result, or with false when no such hold is
     * possible (a cluster whose shards live on several nodes: no lock spans nodes).
     */
    @FunctionalInterface
    public interface Exclusive {
        Future<Boolean> run(java.util.function.Function<VectorService, Future<Boolean>> body);
    }

    private final VectorService vectors;
    private final Exclusive exclusive;

    public VectorSets(VectorService vectors, Exclusive exclusive) {
        this.vectors = vectors;
        this.exclusive = exclusive;
    }

    /**
     * VREM: removes the element; when it was the set's last, the set itself goes (Redis deletes an
     * empty vector set's key). The future says whether the element existed.
     *
     * <p>Why a VADD racing it is never lost: the emptiness that decides the drop is counted with
     * every shard held ({@link Exclusive}), and the drop happens under the same hold, so no VADD's
     * write can land between the count and the drop. A VADD that did land before is counted (the set
     * stays); one that arrives after finds the set's incarnation dropped, wrote nothing, and makes
     * the set anew ({@link #add}). The first count, without the hold, only spares the common case
     * (elements left) the locks: elements are never added to a count of zero by a delete.
     */
    public Future<Boolean> remove(String name, PointId element) {
        return Future.<Long>succeededFuture().compose(v -> vectors.delete(name, new PointId[]{element}))
                .recover(e -> gone(e) ? Future.succeededFuture(0L) : Future.failedFuture(e))
                .compose(removed -> {
                    if (removed == 0) {
                        return Future.succeededFuture(false);
                    }
                    return Future.<Long>succeededFuture().compose(v -> vectors.count(name))
                            .compose(left -> left > 0 ? Future.succeededFuture(true)
                                    : exclusive.run(held -> dropIfEmpty(held, name)).map(dropped -> true))
                            .recover(e -> gone(e) ? Future.succeededFuture(true) : Future.failedFuture(e));
                });
    }

    /** With every shard held: drops the set if it (still, or in a newer incarnation) has no element. */
    private static Future<Boolean> dropIfEmpty(VectorService held, String name) {
        if (!held.exists(name)) {
            return Future.succeededFuture(false); // another VREM or a DEL dropped it meanwhile
        }
        return held.count(name).compose(left -> left > 0 ? Future.succeededFuture(false) : held.drop(name));
    }

    /**
     * VADD's write: the set's config (making the set from {@code ifAbsent} when there is none), then
     * {@code write} with it. When the set was dropped under the write (a VREM emptied it, a DEL
     * dropped it; the write's shard refuses a dropped incarnation, so nothing was written), the set
     * is made anew and written again, as a VADD after the drop would: the VADD is not refused.
     */
    public Future<Long> add(io.quiver.vector.CollectionConfig ifAbsent,
                            java.util.function.Function<io.quiver.vector.CollectionConfig, Future<Long>> write) {
        return add(ifAbsent, write, ADD_ATTEMPTS);
    }

    private Future<Long> add(io.quiver.vector.CollectionConfig ifAbsent,
                             java.util.function.Function<io.quiver.vector.CollectionConfig, Future<Long>> write, int attempts) {
        return vectors.ensure(ifAbsent).compose(write)
                .recover(e -> attempts > 1 && gone(e) ? add(ifAbsent, write, attempts - 1) : Future.failedFuture(e));
    }

    /** Whether a failure says the set (or the incarnation an operation was sent to) no longer exists. */
    private static boolean gone(Throwable e) {
        return e instanceof io.quiver.error.QuiverException q && q.code() == io.quiver.error.ErrorCode.NOT_FOUND;
    }

    /**
     * VRANDMEMBER with a count: for a positive count that many distinct elements (all of them when
     * the set has fewer), for a negative one |count| elements drawn independently (repeats possible).
     */
    public Future<List<PointId>> randomMembers(String name, long count) {
        return allIds(name).map(all -> {
            ThreadLocalRandom random = ThreadLocalRandom.current();
            List<PointId> out = new ArrayList<>();
            if (all.isEmpty() || count == 0) {
                return out;
            }
            if (count < 0) {
                for (long i = 0; i < -count; i++) {
                    out.add(all.get(random.nextInt(all.size())));
                }
                return out;
            }
            int want = (int) Math.min(count, all.size());
            for (int i = 0; i < want; i++) { // a partial Fisher-Yates shuffle: the first want are a uniform sample
                int j = i + random.nextInt(all.size() - i);
                PointId t = all.get(i);
                all.set(i, all.get(j));
                all.set(j, t);
                out.add(all.get(i));
            }
            return out;
        });
    }

    /** One end of a VRANGE: an element name and whether it is included, or no bound (-/+). */
    public record Bound(byte[] name, boolean inclusive) {
        public static final Bound MIN = new Bound(null, true);
        public static final Bound MAX = new Bound(null, true);
    }

    /**
     * VRANGE: the elements between the bounds in byte order, at most {@code count} of them
     * (negative: all).
     */
    public Future<List<PointId>> range(String name, Bound start, Bound end, long count) {
        return allIds(name).map(all -> {
            all.sort(BYTE_ORDER);
            List<PointId> out = new ArrayList<>();
            for (PointId id : all) {
                if (count >= 0 && out.size() >= count) {
                    break;
                }
                byte[] b = bytes(id);
                if (!afterStart(b, start) || !beforeEnd(b, end)) {
                    continue;
                }
                out.add(id);
            }
            return out;
        });
    }

    private static boolean afterStart(byte[] b, Bound start) {
        if (start == Bound.MIN) {
            return true;
        }
        if (start == Bound.MAX) {
            return false;
        }
        int c = Arrays.compareUnsigned(b, start.name());
        return start.inclusive() ? c >= 0 : c > 0;
    }

    private static boolean beforeEnd(byte[] b, Bound end) {
        if (end == Bound.MAX) {
            return true;
        }
        if (end == Bound.MIN) {
            return false;
        }
        int c = Arrays.compareUnsigned(b, end.name());
        return end.inclusive() ? c <= 0 : c < 0;
    }

    /** Every element of the set (a scroll over all shards, page by page). */
    private Future<List<PointId>> allIds(String name) {
        List<PointId> out = new ArrayList<>();
        return collect(name, null, out).map(v -> out);
    }

    private Future<Void> collect(String name, PointId offset, List<PointId> out) {
        return vectors.scroll(name, null, offset, Math.min(PAGE, vectors.maxLimit()), false, false).compose(page -> {
            for (PointRecord r : page.points()) {
                out.add(r.id());
            }
            return page.nextOffset() == null ? Future.succeededFuture() : collect(name, page.nextOffset(), out);
        });
    }

    private static byte[] bytes(PointId id) {
        return id.toString().getBytes(StandardCharsets.UTF_8);
    }
}
