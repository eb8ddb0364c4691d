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

    private final VectorService vectors;

    public VectorSets(VectorService vectors) {
        this.vectors = vectors;
    }

    /**
     * VREM: removes the element; when it was the set's last, the set itself goes (Redis deletes an
     * empty vector set's key). The future says whether the element existed.
     */
    public Future<Boolean> remove(String name, PointId element) {
        return vectors.delete(name, new PointId[]{element}).compose(removed -> {
            if (removed == 0) {
                return Future.succeededFuture(false);
            }
            return vectors.count(name).compose(left -> left > 0 ? Future.succeededFuture(true)
                    : vectors.drop(name).map(dropped -> true));
        });
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
