package io.quiver.vector;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** One shard's part of a collection, driven directly (no server): exactness, writes, graph upkeep. */
class VectorCollectionTest {
    private static final VectorKernels KERNELS = VectorKernels.active();

    private static VectorCollection collection(int dim, Metric metric, IndexKind index, int autoThreshold) {
        return new VectorCollection(new CollectionConfig("t", dim, metric, index, GraphParams.DEFAULTS.withMaxDegree(16),
                autoThreshold), KERNELS);
    }

    private static float[][] random(Random r, int n, int dim) {
        float[][] v = new float[n][dim];
        for (float[] row : v) {
            for (int i = 0; i < dim; i++) {
                row[i] = r.nextFloat() * 2 - 1;
            }
        }
        return v;
    }

    private static PointId[] ids(int from, int n) {
        PointId[] ids = new PointId[n];
        for (int i = 0; i < n; i++) {
            ids[i] = PointId.of(from + i);
        }
        return ids;
    }

    /** Brute force in double precision: ids ordered by score (best first), ties by id. */
    private static List<Long> bruteForce(float[][] data, float[] q, Metric metric, int k) {
        List<long[]> scored = new ArrayList<>();
        List<Long> out = new ArrayList<>();
        double[] score = new double[data.length];
        for (int i = 0; i < data.length; i++) {
            double s = 0, nq = 0, nv = 0;
            for (int d = 0; d < q.length; d++) {
                switch (metric) {
                    case DOT -> s += (double) q[d] * data[i][d];
                    case COSINE -> {
                        s += (double) q[d] * data[i][d];
                        nq += (double) q[d] * q[d];
                        nv += (double) data[i][d] * data[i][d];
                    }
                    case EUCLIDEAN -> s -= ((double) q[d] - data[i][d]) * ((double) q[d] - data[i][d]);
                    case MANHATTAN -> s -= Math.abs((double) q[d] - data[i][d]);
                }
            }
            score[i] = metric == Metric.COSINE ? s / Math.sqrt(nq * nv) : s;
            scored.add(new long[]{i});
        }
        scored.sort(Comparator.<long[]>comparingDouble(a -> -score[(int) a[0]]).thenComparingLong(a -> a[0]));
        for (int i = 0; i < k; i++) {
            out.add(scored.get(i)[0]);
        }
        return out;
    }

    private static List<Long> numbers(ShardHits h) {
        List<Long> out = new ArrayList<>();
        for (PointId id : h.ids()) {
            out.add(id.number());
        }
        return out;
    }

    @Test
    void flatSearchMatchesBruteForceForEveryMetric() {
        Random r = new Random(1);
        float[][] data = random(r, 500, 37);
        for (Metric metric : Metric.values()) {
            VectorCollection c = collection(37, metric, IndexKind.FLAT, 0);
            c.upsert(ids(0, data.length), data, null, false);
            for (float[] q : random(r, 20, 37)) {
                assertEquals(bruteForce(data, q, metric, 10), numbers(c.search(metric.prepare(q), 10, SearchParams.DEFAULT)), metric.name());
            }
        }
    }

    /** Answers of one search per query, for comparing a batch with. */
    private static void assertSameAsOneByOne(VectorCollection c, float[][] queries, int[] ks, SearchParams[] params) {
        ShardHits[] batch = c.search(queries, ks, params);
        assertEquals(queries.length, batch.length);
        for (int i = 0; i < queries.length; i++) {
            ShardHits one = c.search(queries[i], ks[i], params[i]);
            assertArrayEquals(one.ids(), batch[i].ids(), "query " + i);
            assertArrayEquals(one.ranks(), batch[i].ranks(), "query " + i);
        }
    }

    @Test
    void batchedExactSearchAnswersAsOneSearchPerQueryForEveryMetric() {
        Random r = new Random(11);
        float[][] data = random(r, 700, 37);
        for (Metric metric : Metric.values()) {
            VectorCollection c = collection(37, metric, IndexKind.FLAT, 0);
            c.upsert(ids(0, data.length), data, null, false);
            c.delete(ids(100, 50)); // holes in the ordinals
            float[][] queries = random(r, 13, 37);
            int[] ks = new int[queries.length];
            SearchParams[] params = new SearchParams[queries.length];
            for (int i = 0; i < queries.length; i++) {
                queries[i] = metric.prepare(queries[i]);
                ks[i] = 1 + 7 * i; // 1 .. 85, different per query
                params[i] = SearchParams.DEFAULT;
            }
            assertSameAsOneByOne(c, queries, ks, params);
            for (int i = 0; i < queries.length; i++) {
                assertEquals(bruteForceWithout(data, queries[i], metric, ks[i], 100, 150), numbers(c.search(queries, ks, params)[i]),
                        metric.name() + " query " + i);
            }
        }
    }

    /** {@link #bruteForce} over the rows outside [from, to) (deleted), ids as in the data. */
    private static List<Long> bruteForceWithout(float[][] data, float[] q, Metric metric, int k, int from, int to) {
        float[][] kept = new float[data.length - (to - from)][];
        long[] id = new long[kept.length];
        for (int i = 0, n = 0; i < data.length; i++) {
            if (i < from || i >= to) {
                id[n] = i;
                kept[n++] = data[i];
            }
        }
        List<Long> out = new ArrayList<>();
        for (long pos : bruteForce(kept, q, metric, k)) {
            out.add(id[(int) pos]);
        }
        return out;
    }

    @Test
    void batchedExactSearchBreaksTiesByIdAsASingleSearchDoes() {
        VectorCollection c = collection(3, Metric.DOT, IndexKind.FLAT, 0);
        float[][] same = new float[200][];
        java.util.Arrays.fill(same, new float[]{1, 2, 3});
        c.upsert(ids(1000, 200), same, null, false);
        c.upsert(ids(0, 1), new float[][]{{0, 0, 1}}, null, false);
        float[][] queries = {{1, 1, 1}, {0, 0, 1}, {-1, -1, -1}};
        assertSameAsOneByOne(c, queries, new int[]{5, 10, 3}, new SearchParams[]{SearchParams.DEFAULT, SearchParams.DEFAULT,
                SearchParams.DEFAULT});
        assertEquals(List.of(1000L, 1001L, 1002L, 1003L, 1004L), numbers(c.search(queries, new int[]{5, 10, 3},
                new SearchParams[]{SearchParams.DEFAULT, SearchParams.DEFAULT, SearchParams.DEFAULT})[0]));
    }

    @Test
    void aBatchMixingExactAndGraphQueriesAnswersEachAsAsked() {
        Random r = new Random(12);
        float[][] data = random(r, 400, 16);
        VectorCollection c = collection(16, Metric.EUCLIDEAN, IndexKind.GRAPH, 0);
        c.upsert(ids(0, data.length), data, null, false);
        float[][] queries = random(r, 6, 16);
        SearchParams exact = new SearchParams(0, true), graph = new SearchParams(40, false);
        SearchParams[] params = {exact, graph, exact, exact, graph, exact};
        int[] ks = {10, 10, 3, 500, 10, 1};
        assertSameAsOneByOne(c, queries, ks, params);
        assertEquals(400, c.search(queries, ks, params)[3].size(), "k above the size returns every point");
    }

    @Test
    void aBatchOnAnEmptyPartFindsNothing() {
        VectorCollection c = collection(4, Metric.COSINE, IndexKind.FLAT, 0);
        ShardHits[] hits = c.search(new float[][]{{1, 0, 0, 0}, {0, 1, 0, 0}}, new int[]{3, 3},
                new SearchParams[]{SearchParams.DEFAULT, SearchParams.DEFAULT});
        assertEquals(0, hits[0].size());
        assertEquals(0, hits[1].size());
    }

    @Test
    void flatScoresAreTheMetricsPublicScores() {
        VectorCollection c = collection(2, Metric.EUCLIDEAN, IndexKind.FLAT, 0);
        c.upsert(ids(0, 1), new float[][]{{3, 4}}, null, false);
        ShardHits h = c.search(new float[]{0, 0}, 1, SearchParams.DEFAULT);
        assertEquals(5f, Metric.EUCLIDEAN.score(h.ranks()[0]), 1e-6f);
        VectorCollection cos = collection(2, Metric.COSINE, IndexKind.FLAT, 0);
        cos.upsert(ids(0, 1), new float[][]{{10, 0}}, null, false);
        assertEquals(Math.sqrt(0.5), Metric.COSINE.score(cos.search(Metric.COSINE.prepare(new float[]{1, 1}), 1, SearchParams.DEFAULT).ranks()[0]), 1e-6);
        VectorCollection l1 = collection(2, Metric.MANHATTAN, IndexKind.FLAT, 0);
        l1.upsert(ids(0, 1), new float[][]{{3, -4}}, null, false);
        assertEquals(7f, Metric.MANHATTAN.score(l1.search(new float[]{0, 0}, 1, SearchParams.DEFAULT).ranks()[0]), 1e-6f);
    }

    @Test
    void manhattanHasNoGraph() {
        assertFalse(Metric.MANHATTAN.graphable());
        assertThrows(IllegalStateException.class, Metric.MANHATTAN::jvectorFunction);
    }

    @Test
    void cosineGraphRanksByDotProductOnUnitVectorsAndScoresAsExactSearch() {
        assertEquals(io.github.jbellis.jvector.vector.VectorSimilarityFunction.DOT_PRODUCT, Metric.COSINE.jvectorFunction());
        Random r = new Random(5);
        float[][] data = random(r, 1500, 24);
        for (float[] v : data) {
            float scale = 0.1f + 20 * r.nextFloat(); // far from unit length: only the stored unit copies make the dot product the cosine
            for (int d = 0; d < v.length; d++) {
                v[d] *= scale;
            }
        }
        VectorCollection graph = collection(24, Metric.COSINE, IndexKind.GRAPH, 0);
        VectorCollection flat = collection(24, Metric.COSINE, IndexKind.FLAT, 0);
        graph.upsert(ids(0, data.length), data, null, false);
        flat.upsert(ids(0, data.length), data, null, false);
        int found = 0, total = 0;
        for (float[] q : random(r, 40, 24)) {
            float[] p = Metric.COSINE.prepare(q);
            List<Long> truth = bruteForce(data, q, Metric.COSINE, 10);
            ShardHits g = graph.search(p, 10, new SearchParams(64, false));
            ShardHits exact = flat.search(p, 10, SearchParams.DEFAULT);
            for (int i = 0; i < g.size(); i++) {
                found += truth.contains(g.ids()[i].number()) ? 1 : 0;
                int j = java.util.Arrays.asList(exact.ids()).indexOf(g.ids()[i]);
                if (j >= 0) {
                    assertEquals(exact.ranks()[j], g.ranks()[i], "a point's cosine is the same from the graph as from exact search");
                }
            }
            total += 10;
        }
        assertTrue(found >= 0.95 * total, "recall " + found + "/" + total);
    }

    @Test
    void aLargeBatchIsInsertedInParallelAndEveryPointIsReachable() {
        Random r = new Random(8);
        float[][] data = random(r, 3000, 12);
        VectorCollection c = collection(12, Metric.EUCLIDEAN, IndexKind.GRAPH, 0);
        c.upsert(ids(0, data.length), data, null, false); // one batch, far above GraphIndex.PARALLEL_INSERT_MIN
        assertEquals(3000, c.info(0).indexedVectors());
        int self = 0;
        for (int i = 0; i < data.length; i += 3) {
            self += c.search(data[i], 1, new SearchParams(64, false)).ids()[0].number() == i ? 1 : 0;
        }
        assertEquals(1000, self, "every point found by its own vector");
        float[][] again = random(r, 3000, 12); // replacing every point in one batch, ids repeated within it
        PointId[] twice = new PointId[200];
        for (int i = 0; i < 200; i++) {
            twice[i] = PointId.of(i % 100);
        }
        c.upsert(twice, java.util.Arrays.copyOf(again, 200), null, false);
        assertEquals(3000, c.size());
        for (int i = 0; i < 100; i++) {
            assertEquals(PointId.of(i), c.search(again[100 + i], 1, new SearchParams(64, false)).ids()[0],
                    "the later vector of an id given twice in one batch wins");
        }
    }

    @Test
    void graphSearchFindsNearlyAllTrueNeighbours() {
        Random r = new Random(2);
        float[][] data = random(r, 2000, 16);
        VectorCollection c = collection(16, Metric.EUCLIDEAN, IndexKind.GRAPH, 0);
        c.upsert(ids(0, data.length), data, null, false);
        int found = 0, total = 0;
        for (float[] q : random(r, 50, 16)) {
            List<Long> truth = bruteForce(data, q, Metric.EUCLIDEAN, 10);
            for (long id : numbers(c.search(q, 10, new SearchParams(64, false)))) {
                found += truth.contains(id) ? 1 : 0;
            }
            total += 10;
        }
        assertTrue(found >= 0.95 * total, "recall " + (double) found / total);
    }

    @Test
    void compressedGraphSearchRerankedExactlyStillFindsTheNeighbours() {
        Random r = new Random(4);
        float[][] data = random(r, 2000, 16);
        VectorCollection c = collection(16, Metric.EUCLIDEAN, IndexKind.GRAPH, 0);
        c.upsert(ids(0, 1500), java.util.Arrays.copyOf(data, 1500), null, false);
        c.compress(4);
        // points added after training are encoded with the same codebooks
        c.upsert(ids(1500, 500), java.util.Arrays.copyOfRange(data, 1500, 2000), null, false);
        int found = 0, total = 0;
        for (float[] q : random(r, 50, 16)) {
            List<Long> truth = bruteForce(data, q, Metric.EUCLIDEAN, 10);
            ShardHits hits = c.search(q, 10, new SearchParams(64, false));
            for (long id : numbers(hits)) {
                found += truth.contains(id) ? 1 : 0;
            }
            total += 10;
            // reranked and re-scored exactly: the scores are the true distances
            assertEquals(-bruteForceDistance(data[(int) hits.ids()[0].number()], q), hits.ranks()[0], 1e-3);
        }
        assertTrue(found >= 0.9 * total, "recall " + (double) found / total);
        assertThrows(IllegalStateException.class, () -> collection(16, Metric.EUCLIDEAN, IndexKind.FLAT, 0).compress(4));
    }

    private static double bruteForceDistance(float[] a, float[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            s += ((double) a[i] - b[i]) * ((double) a[i] - b[i]);
        }
        return s;
    }

    @Test
    void exactParameterBypassesTheGraph() {
        Random r = new Random(3);
        float[][] data = random(r, 1000, 8);
        VectorCollection c = collection(8, Metric.DOT, IndexKind.GRAPH, 0);
        c.upsert(ids(0, data.length), data, null, false);
        for (float[] q : random(r, 10, 8)) {
            assertEquals(bruteForce(data, q, Metric.DOT, 20), numbers(c.search(q, 20, new SearchParams(0, true))));
        }
    }

    @Test
    void upsertOfAnExistingIdMovesThePoint() {
        for (IndexKind kind : List.of(IndexKind.FLAT, IndexKind.GRAPH)) {
            VectorCollection c = collection(2, Metric.EUCLIDEAN, kind, 0);
            c.upsert(ids(0, 3), new float[][]{{0, 0}, {10, 10}, {20, 20}}, null, false);
            assertEquals(0, c.upsert(ids(0, 1), new float[][]{{30, 30}}, null, false));
            assertEquals(3, c.size());
            assertEquals(List.of(0L), numbers(c.search(new float[]{31, 31}, 1, SearchParams.DEFAULT)), kind.name());
            assertEquals(List.of(1L), numbers(c.search(new float[]{0, 0}, 1, SearchParams.DEFAULT)), kind.name());
        }
    }

    @Test
    void deletedPointsAreNeverReturned() {
        Random r = new Random(4);
        float[][] data = random(r, 600, 8);
        VectorCollection c = collection(8, Metric.EUCLIDEAN, IndexKind.GRAPH, 0);
        c.upsert(ids(0, data.length), data, null, false);
        PointId[] gone = ids(0, 300);
        assertEquals(300, c.delete(gone));
        for (float[] q : data) {
            for (PointId id : c.search(q, 10, SearchParams.DEFAULT).ids()) {
                assertTrue(id.number() >= 300, "deleted id " + id + " returned");
            }
        }
        assertEquals(300, c.size());
    }

    @Test
    void graphCleanupReclaimsDeletedNodesAndReusesTheirSlots() {
        Random r = new Random(5);
        VectorCollection c = collection(8, Metric.EUCLIDEAN, IndexKind.GRAPH, 0);
        float[][] data = random(r, 400, 8);
        for (int from = 0; from < 400; from += 50) { // small batches insert in order: the entry node is the first point
            c.upsert(ids(from, 50), java.util.Arrays.copyOfRange(data, from, from + 50), null, false);
        }
        c.delete(ids(0, 200));                      // 200 >= 64 and >= 10%: cleanup runs in the delete
        assertEquals(0, c.info(0).deletedPending());
        assertEquals(200, c.info(0).indexedVectors());
        long before = c.info(0).memoryBytes();
        float[][] more = random(r, 200, 8);
        c.upsert(ids(1000, 200), more, null, false); // reuses the freed ordinals
        assertEquals(400, c.size());
        assertTrue(c.info(0).memoryBytes() < before * 2.2, "memory grew past reuse: " + before + " -> " + c.info(0).memoryBytes());
        int found = 0;
        for (int i = 0; i < 200; i++) {
            found += c.search(more[i], 1, new SearchParams(64, false)).ids()[0].number() == 1000 + i ? 1 : 0;
        }
        assertTrue(found >= 195, "re-added points found " + found + "/200");
    }

    /**
     * Writers that insert, delete and replace in small batches (the shape of a live feed) delete
     * jvector's entry node now and then. Every live point must stay reachable: searching for its
     * own vector with a beam as wide as the part finds it first. (Inserted while the entry node
     * was marked deleted, points used to get no edges at all: thousands of misses in this loop.)
     */
    @Test
    void everyLivePointStaysReachableThroughInterleavedInsertsDeletesAndReplacements() {
        for (int seed = 0; seed < 3; seed++) {
            Random r = new Random(seed);
            VectorCollection c = collection(8, Metric.EUCLIDEAN, IndexKind.GRAPH, 0);
            java.util.Map<PointId, float[]> live = new java.util.HashMap<>();
            for (int batch = 0; batch < 200; batch++) {
                PointId[] added = ids(batch * 10, 10);
                float[][] vectors = random(r, 10, 8);
                c.upsert(added, vectors, null, false);
                for (int i = 0; i < 10; i++) {
                    live.put(added[i], vectors[i]);
                }
                if (batch > 0) { // a third of the previous batch goes
                    PointId[] gone = {PointId.of(batch * 10 - 10), PointId.of(batch * 10 - 7), PointId.of(batch * 10 - 4)};
                    c.delete(gone);
                    for (PointId id : gone) {
                        live.remove(id);
                    }
                }
                if (batch % 7 == 0) { // and one point gets a new vector
                    PointId moved = PointId.of(batch * 10 + 1);
                    float[] to = random(r, 1, 8)[0];
                    c.upsert(new PointId[]{moved}, new float[][]{to}, null, false);
                    live.put(moved, to);
                }
            }
            assertEquals(live.size(), c.size());
            SearchParams everything = new SearchParams(live.size(), false);
            for (var e : live.entrySet()) {
                ShardHits hits = c.search(e.getValue(), 1, everything);
                assertEquals(e.getKey(), hits.ids()[0], "seed " + seed + ": point " + e.getKey() + " is unreachable");
            }
        }
    }

    @Test
    void autoIndexSwitchesToAGraphAtItsThreshold() {
        Random r = new Random(6);
        VectorCollection c = collection(4, Metric.DOT, IndexKind.AUTO, 100);
        c.upsert(ids(0, 99), random(r, 99, 4), null, false);
        assertFalse(c.hasGraph());
        assertEquals("flat", c.info(0).indexState());
        c.upsert(ids(99, 1), random(r, 1, 4), null, false);
        assertTrue(c.hasGraph());
        assertEquals(100, c.info(0).indexedVectors());
    }

    @Test
    void aBadVectorInABatchLeavesThePartUnchanged() {
        VectorCollection c = collection(2, Metric.DOT, IndexKind.FLAT, 0);
        c.upsert(ids(0, 1), new float[][]{{1, 1}}, new String[]{"{\"a\":1}"}, false);
        assertThrows(IllegalArgumentException.class,
                () -> c.upsert(ids(0, 2), new float[][]{{5, 5}, {Float.NaN, 1}}, null, false));
        assertThrows(IllegalArgumentException.class, () -> c.upsert(ids(5, 1), new float[][]{{1, 2, 3}}, null, false));
        PointRecord rec = c.retrieve(ids(0, 1), true, true)[0];
        assertArrayEquals(new float[]{1, 1}, rec.vector());
        assertEquals("{\"a\":1}", rec.payload());
        assertEquals(1, c.size());
    }

    @Test
    void keepPayloadsKeepsAttributesOnVectorUpdate() {
        VectorCollection c = collection(2, Metric.DOT, IndexKind.FLAT, 0);
        c.upsert(ids(0, 1), new float[][]{{1, 1}}, new String[]{"{\"a\":1}"}, true);
        c.upsert(ids(0, 1), new float[][]{{2, 2}}, new String[]{null}, true);
        assertEquals("{\"a\":1}", c.retrieve(ids(0, 1), false, true)[0].payload());
        c.upsert(ids(0, 1), new float[][]{{2, 2}}, new String[]{null}, false);
        assertNull(c.retrieve(ids(0, 1), false, true)[0].payload());
    }

    @Test
    void cosineStoresUnitVectorsAndTheOriginalNorm() {
        VectorCollection c = collection(2, Metric.COSINE, IndexKind.FLAT, 0);
        c.upsert(ids(0, 1), new float[][]{{3, 4}}, null, false);
        PointRecord rec = c.retrieve(ids(0, 1), true, false)[0];
        assertArrayEquals(new float[]{0.6f, 0.8f}, rec.vector(), 1e-6f);
        assertEquals(5f, rec.norm(), 1e-6f);
    }
}
