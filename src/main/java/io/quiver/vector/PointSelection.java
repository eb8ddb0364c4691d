package io.quiver.vector;

import io.quiver.vector.filter.Filter;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.Collections;
import java.util.List;
import java.util.PriorityQueue;

/** Points chosen by a filter: for count, scroll, and deletes and payload changes by filter. */
final class PointSelection {
    private PointSelection() {
    }

    /** The ids of the points passing {@code f} (null: every point). */
    static List<PointId> matchingIds(VectorCollection c, Filter f) {
        MultiSpacePart mp = c.multiPart();
        List<PointId> out = new ArrayList<>();
        if (mp != null) {
            for (PointId id : mp.ids()) {
                if (f == null || mp.accepts(f, id)) {
                    out.add(id);
                }
            }
            return out;
        }
        PointStore store = c.store();
        BitSet b = f == null ? store.liveBits() : c.matching(f);
        for (int ord = b.nextSetBit(0); ord >= 0; ord = b.nextSetBit(ord + 1)) {
            out.add(store.id(ord));
        }
        return out;
    }

    /** The first {@code limit} matching points with id at least {@code from}, in id order. */
    static PointRecord[] scroll(VectorCollection c, Filter f, PointId from, int limit, boolean withVector, boolean withPayload) {
        PriorityQueue<PointId> worst = new PriorityQueue<>(Collections.reverseOrder());
        for (PointId id : matchingIds(c, f)) {
            if (from != null && id.compareTo(from) < 0) {
                continue;
            }
            worst.offer(id);
            if (worst.size() > limit) {
                worst.poll();
            }
        }
        PointId[] ids = new PointId[worst.size()];
        for (int i = ids.length - 1; i >= 0; i--) {
            ids[i] = worst.poll();
        }
        return c.retrieve(ids, withVector, withPayload);
    }
}
