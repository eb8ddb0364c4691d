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
 * and restricted to the snapshot's points when the graph grew after the copy.
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
        image.release();
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
    void nodesAddedAfterTheCopyAreLeftOutWithTheirEdges() throws IOException {
        Random r = new Random(2);
        PointStore store = new PointStore(DIM);
        GraphIndex g = graphOf(store, r, 400);
        g.markDeleted(store.ordinalOf(PointId.of(7)));
        store.retire(store.ordinalOf(PointId.of(7))); // a deleted point: still a node, kept as a waypoint
        PointsImage points = store.image();
        GraphImage image = g.image();
        add(store, g, r, 400, 700);                  // the shard goes on inserting while the snapshot is written
        assertEquals(0, g.cleanupIfDue(true).length, "cleanup waits while a snapshot writes the graph");
        byte[] bytes = written(image, points);

        PointStore restored = PointStore.restore(points);
        GraphIndex loaded = new GraphIndex(restored, Metric.EUCLIDEAN, PARAMS, new ByteBufferReader(ByteBuffer.wrap(bytes)));
        OnHeapGraphIndex lg = loaded.graph();
        assertEquals(400, lg.size(0), "exactly the snapshot's points (the deleted one included) are nodes");
        for (int level = 0; level <= lg.getMaxLevel(); level++) {
            int lvl = level;
            lg.nodeStream(level).forEach(node -> {
                assertTrue(node < 400, "node " + node + " was added after the copy");
                NodesIterator it = lg.getNeighborsIterator(lvl, node);
                while (it.hasNext()) {
                    assertTrue(it.nextInt() < 400, "an edge to a node added after the copy");
                }
            });
        }
        assertEquals(1, g.cleanupIfDue(true).length, "cleanup runs again once the image is released");
    }
}
