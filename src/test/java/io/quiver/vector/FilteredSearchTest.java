package io.quiver.vector;

import io.quiver.vector.filter.Filter;
import io.quiver.vector.filter.Payload;
import io.quiver.vector.filter.QdrantFilterParser;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Filtered search on one part: exact search over the matches equals brute force, the planner's
 * choice keeps recall, and the planner picks exact for selective filters and the graph otherwise.
 */
class FilteredSearchTest {
    private static final VectorKernels KERNELS = VectorKernels.active();
    private static final int N = 4000, DIM = 24;

    /** Points with payload {"bucket": i % 100, "tag": ["even"|"odd"]}; a graph part. */
    private static VectorCollection part(Random r, float[][] vectors) {
        VectorCollection c = new VectorCollection(new CollectionConfig("f", DIM, Metric.EUCLIDEAN, IndexKind.GRAPH,
                GraphParams.DEFAULTS.withMaxDegree(16), 0), KERNELS);
        PointId[] ids = new PointId[N];
        String[] payloads = new String[N];
        for (int i = 0; i < N; i++) {
            ids[i] = PointId.of(i);
            payloads[i] = "{\"bucket\": " + (i % 100) + ", \"tag\": [\"" + (i % 2 == 0 ? "even" : "odd") + "\"]}";
        }
        c.upsert(ids, vectors, payloads, false);
        return c;
    }

    private static float[][] random(Random r, int n) {
        float[][] v = new float[n][DIM];
        for (float[] row : v) {
            for (int i = 0; i < DIM; i++) {
                row[i] = r.nextFloat() * 2 - 1;
            }
        }
        return v;
    }

    private static Filter bucketsBelow(int b) {
        return QdrantFilterParser.parse(Payload.parseValue("{\"must\": [{\"key\": \"bucket\", \"range\": {\"lt\": " + b + "}}]}"));
    }

    /** Brute force over the points passing "bucket < b": ids best first (ties by id). */
    private static PointId[] bruteForce(float[][] vectors, float[] q, int k, int b) {
        List<Integer> ok = new ArrayList<>();
        for (int i = 0; i < N; i++) {
            if (i % 100 < b) {
                ok.add(i);
            }
        }
        ok.sort(Comparator.<Integer>comparingDouble(i -> Metric.EUCLIDEAN.rank(KERNELS, q, vectors[i])).reversed()
                .thenComparing(i -> i));
        return ok.subList(0, Math.min(k, ok.size())).stream().map(PointId::of).toArray(PointId[]::new);
    }

    @Test
    void exactFilteredSearchEqualsBruteForceOverTheMatches() {
        Random r = new Random(11);
        float[][] vectors = random(r, N);
        VectorCollection c = part(r, vectors);
        for (int b : new int[]{1, 10, 50, 100}) {
            for (int t = 0; t < 5; t++) {
                float[] q = random(r, 1)[0];
                ShardHits hits = c.search(q, 10, new SearchParams(0, true, bucketsBelow(b)));
                assertArrayEquals(bruteForce(vectors, q, 10, b), hits.ids(), "bucket < " + b);
            }
        }
    }

    @Test
    void thePlannersAnswerKeepsRecallAtEverySelectivity() {
        Random r = new Random(12);
        float[][] vectors = random(r, N);
        VectorCollection c = part(r, vectors);
        for (int b : new int[]{1, 10, 50}) {
            int found = 0, wanted = 0;
            for (int t = 0; t < 30; t++) {
                float[] q = random(r, 1)[0];
                Set<PointId> truth = new HashSet<>(List.of(bruteForce(vectors, q, 10, b)));
                ShardHits hits = c.search(q, 10, new SearchParams(0, false, bucketsBelow(b)));
                for (PointId id : hits.ids()) {
                    assertTrue(((int) id.number()) % 100 < b, "a returned point passes the filter");
                    found += truth.contains(id) ? 1 : 0;
                }
                wanted += truth.size();
            }
            double recall = (double) found / wanted;
            assertTrue(recall >= 0.95, "recall at " + b + "% selectivity: " + recall);
        }
    }

    @Test
    void thePlannerScansSelectiveFiltersAndWalksTheGraphForBroadOnes() {
        assertEquals(FilteredSearch.Plan.EXACT, FilteredSearch.plan(300, 30_000, 100, 32, true));
        assertEquals(FilteredSearch.Plan.EXACT, FilteredSearch.plan(3_000, 30_000, 100, 32, true));
        assertEquals(FilteredSearch.Plan.GRAPH, FilteredSearch.plan(15_000, 30_000, 100, 32, true));
        assertEquals(FilteredSearch.Plan.EXACT, FilteredSearch.plan(15_000, 30_000, 100, 32, false));
    }

    @Test
    void aSelectiveFilterWidensTheBeam() {
        assertEquals(100, FilteredSearch.widenedBeam(100, 30_000, 30_000));
        assertEquals(142, FilteredSearch.widenedBeam(100, 15_000, 30_000));
        assertEquals(800, FilteredSearch.widenedBeam(100, 3, 30_000));
    }

    @Test
    void countScrollAndMatchingIdsFollowTheFilter() {
        Random r = new Random(13);
        VectorCollection c = part(r, random(r, N));
        assertEquals(400, c.count(bucketsBelow(10)));
        PointRecord[] page = c.scroll(bucketsBelow(10), PointId.of(95), 3, false, true);
        assertEquals(List.of(PointId.of(100), PointId.of(101), PointId.of(102)), List.of(page[0].id(), page[1].id(), page[2].id()));
        assertTrue(page[0].payload().contains("\"bucket\""));
    }

    @Test
    void aChangedPayloadIsFilteredByItsNewValue() {
        Random r = new Random(14);
        VectorCollection c = part(r, random(r, N));
        c.setPayload(PointId.of(99), "{\"bucket\": 0}");
        assertEquals(41, c.count(bucketsBelow(1)));
    }
}
