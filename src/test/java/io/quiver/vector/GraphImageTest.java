package io.quiver.vector;

import io.github.jbellis.jvector.disk.ByteBufferReader;
import io.github.jbellis.jvector.graph.NodesIterator;
import io.github.jbellis.jvector.graph.OnHeapGraphIndex;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The graph a snapshot writes: jvector's own format (byte for byte what {@code OnHeapGraphIndex.save}
 * writes, edge scores included), loadable by jvector's {@code OnHeapGraphIndex.load},
 * and exactly the graph at the snapshot's copy step whatever the shard did to it since.
 */
class GraphImageTest {
    private static final GraphParams PARAMS = GraphParams.DEFAULTS.withMaxDegree(16).withEfConstruct(40);
    private static final VectorKernels KERNELS = VectorKernels.active();
    private static final int DIM = 8;

    private static float[] random(Random r) {
        float[] v = new float[DIM];
        for (int i = 0; i < DIM; i++) {
            v[i] = r.nextFloat() * 2 - 1;
        }
        return v;
    }

    private static GraphIndex graphOf(PointStore store, Random r, int n) {
        GraphIndex g = new GraphIndex(store, Metric.EUCLIDEAN, PARAMS);
        add(store, g, r, 0, n);
        return g;
    }

    private static void add(PointStore store, GraphIndex g, Random r, int from, int to) {
        for (int i = from; i < to; i++) {
            g.add(store.add(PointId.of(i), random(r), 1f, null));
        }
    }

    private static byte[] written(GraphImage image, PointsImage points) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        image.writeTo(new DataOutputStream(bytes), points);
        return bytes.toByteArray();
    }

    /** What jvector's own save() writes for the graph. */
    private static byte[] savedByJvector(OnHeapGraphIndex graph) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        graph.setAllMutationsCompleted(); // save() refuses a graph mutated since its last cleanup
        graph.save(new DataOutputStream(bytes));
        return bytes.toByteArray();
    }

    @Test
    void aQuiescentGraphIsWrittenAsJvectorSavesItAndLoadsToTheSameSearches() throws IOException {
        Random r = new Random(1);
        PointStore store = new PointStore(DIM);
        GraphIndex g = graphOf(store, r, 600);
        PointsImage points = store.image();
        byte[] ours = written(g.image(), points);
        OnHeapGraphIndex jvectorGraph = g.graph();
        assertArrayEquals(savedByJvector(jvectorGraph), ours, "jvector's own format, scores included");

        PointStore restored = PointStore.restore(points);
        GraphIndex loaded = new GraphIndex(restored, Metric.EUCLIDEAN, PARAMS, new ByteBufferReader(ByteBuffer.wrap(ours)));
        assertTrue(loaded.loaded());
        assertEquals(600, loaded.liveNodes());
        for (int q = 0; q < 20; q++) {
            float[] query = random(r);
            ShardHits a = g.search(query, 10, 32, KERNELS), b = loaded.search(query, 10, 32, KERNELS);
            assertArrayEquals(a.ids(), b.ids(), "query " + q);
        }
    }

    @Test
    void theCopyIsWrittenEdgeForEdgeWhateverTheGraphDoesAfterIt() throws IOException {
        Random r = new Random(2);
        PointStore store = new PointStore(DIM);
        GraphIndex g = graphOf(store, r, 400);
        int deleted = store.ordinalOf(PointId.of(7));
        g.markDeleted(deleted);
        store.retire(deleted);                       // deleted, not cleaned up: still a node, a waypoint
        PointsImage points = store.image();
        GraphImage image = g.image();
        byte[] atCopy = savedByJvector(g.graph());

        add(store, g, r, 400, 700);                  // the shard goes on while the snapshot is written:
        for (int id = 100; id < 200; id++) {         // inserts re-prune old lists, deletes and a cleanup
            int ord = store.ordinalOf(PointId.of(id)); // repair them and free ordinals that new points reuse
            g.markDeleted(ord);
            store.retire(ord);
        }
        int[] removed = g.cleanupIfDue(true);
        assertEquals(101, removed.length, "cleanup does not wait for the snapshot");
        for (int ord : removed) {
            store.release(ord);
        }
        add(store, g, r, 700, 800);
        assertTrue(java.util.stream.IntStream.range(700, 800).anyMatch(id -> store.ordinalOf(PointId.of(id)) < 400),
                "new points reuse freed ordinals");

        byte[] bytes = written(image, points);
        assertArrayEquals(atCopy, bytes, "the graph as it was at the copy, edges and scores included");

        PointStore restored = PointStore.restore(points);
        GraphIndex loaded = new GraphIndex(restored, Metric.EUCLIDEAN, PARAMS, new ByteBufferReader(ByteBuffer.wrap(bytes)));
        assertEquals(400, loaded.graph().size(0), "the snapshot's points, the deleted one included, are nodes");
        assertFalse(restored.isLive(deleted));
    }
}
