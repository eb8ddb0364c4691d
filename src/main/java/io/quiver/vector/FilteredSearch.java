package io.quiver.vector;

import java.util.BitSet;

/**
 * The per-shard planner of a filtered search (Qdrant's approach): the filter is evaluated over the
 * part's points first (one pass over the parsed payloads, or only the named points for a
 * {@code has_id}), which gives the exact number of matches {@code m} out of {@code n} live points.
 * Then:
 * <ul>
 *   <li><b>exact</b> over the matches when there is no graph, the query asks for exactness, or
 *       scanning them costs less than walking the graph: an exact scan costs {@code m} distance
 *       computations, a filtered graph walk about {@code ef · degree · n / m} (it must visit about
 *       {@code n / m} nodes per accepted one it keeps); so exact when {@code m² ≤ ef · degree · n};</li>
 *   <li><b>graph</b> otherwise, with the matches as jvector's accept-ords and the beam widened by
 *       {@code 1 / √(m / n)} (at most 8×), so that the beam still holds enough accepted nodes.</li>
 * </ul>
 * With {@code n = 30,000}, {@code ef = 100} and degree 32 the crossover is near 9,800 matches (a
 * third of the part): at 1 % and 10 % selectivity the search is exact (recall 1), at 50 % it walks
 * the graph with a 1.4× beam. Measured figures: README, "Filtered search".
 */
final class FilteredSearch {
    enum Plan { EXACT, GRAPH }

    /** The widest beam multiplier a selective filter gets. */
    static final double MAX_WIDENING = 8;

    private FilteredSearch() {
    }

    static Plan plan(long matches, long live, int ef, int degree, boolean graphUsable) {
        if (!graphUsable || matches * matches <= (long) ef * degree * live) {
            return Plan.EXACT;
        }
        return Plan.GRAPH;
    }

    static int widenedBeam(int ef, long matches, long live) {
        double selectivity = Math.max(1e-9, (double) matches / Math.max(1, live));
        return (int) Math.ceil(ef * Math.min(MAX_WIDENING, 1 / Math.sqrt(selectivity)));
    }

    /** The filtered graph walk alone, whatever the plan would be (for the benchmark). */
    static ShardHits graphOnly(VectorCollection c, float[] query, int k, SearchParams params) {
        BitSet accepted = c.matching(params.filter());
        int m = accepted.cardinality();
        if (m == 0 || k == 0) {
            return ShardHits.EMPTY;
        }
        int ef = Math.max(k, params.ef() > 0 ? params.ef() : c.config().graphOf(VectorSchema.UNNAMED).searchEf());
        return c.graphIndex().search(query, k, widenedBeam(ef, m, c.store().liveCount()), c.kernels(), accepted::get,
                params.quantization());
    }

    static ShardHits search(VectorCollection c, float[] query, int k, SearchParams params) {
        PointStore store = c.store();
        BitSet accepted = c.matching(params.filter());
        int m = accepted.cardinality();
        if (m == 0 || k == 0) {
            return ShardHits.EMPTY;
        }
        GraphIndex graph = c.graphIndex();
        int ef = Math.max(k, params.ef() > 0 ? params.ef() : c.config().graphOf(VectorSchema.UNNAMED).searchEf());
        Plan plan = plan(m, store.liveCount(), ef, c.config().graphOf(VectorSchema.UNNAMED).maxDegree(), graph != null && !params.exact());
        if (plan == Plan.EXACT) {
            return FlatIndex.search(store, c.config().metric(), c.kernels(), query, k, accepted, m);
        }
        return graph.search(query, k, widenedBeam(ef, m, store.liveCount()), c.kernels(), accepted::get, params.quantization());
    }
}
