package io.quiver.vector;

import io.github.jbellis.jvector.graph.NodesIterator;
import io.github.jbellis.jvector.graph.OnHeapGraphIndex;
import io.github.jbellis.jvector.vector.VectorSimilarityFunction;
import io.github.jbellis.jvector.vector.types.VectorFloat;

import java.io.DataOutput;
import java.io.IOException;
import java.util.BitSet;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A shard part's jvector graph, to be written by a snapshot in the background while the shard goes
 * on inserting into it.
 *
 * <h2>Why in the background, and not on the shard's thread</h2>
 * A graph cannot be copied in a short step: its adjacency is a neighbour list per node (about 32
 * ints per node at the default degree, ~130 MB for a million nodes), and jvector's own
 * {@code OnHeapGraphIndex.save} walks the live structure and refuses a graph that has been mutated
 * since its last {@code cleanup()}, which costs a full pass over the graph. Serialising on the
 * shard's thread would hold the shard for about as long as writing the file (seconds per million
 * nodes), which the snapshot contract forbids. So the shard's copy step takes only the point
 * arrays ({@link PointsImage}: references, milliseconds per million points) and this handle, and
 * the snapshot thread writes the graph from the live structure while the shard goes on:
 * <ul>
 *   <li>jvector's graph is built for concurrent readers: each node's neighbour list is an
 *       immutable object replaced atomically, so every list the writer reads is whole.</li>
 *   <li>The writer keeps only the snapshot's point set: ordinals that hold a vector in the
 *       {@link PointsImage} ({@code members}). Nodes inserted after the copy, and edges to them,
 *       are left out, so the saved graph is over exactly the saved points. An old node whose list
 *       was re-pruned in favour of a new node meanwhile loses that edge: its list is a little
 *       shorter after a restart, which costs a hair of recall until later inserts refill it, never
 *       correctness (hits are filtered by the live points and re-scored exactly).</li>
 *   <li>jvector's cleanup (which removes nodes and frees ordinals for reuse) waits while a writer
 *       runs ({@code GraphIndex.savesRunning}); otherwise a freed ordinal could be reused by a new
 *       point and the writer would save the new point's edges under the old point's ordinal.</li>
 *   <li>Levels and the entry node are taken on the shard's thread at the copy (the entry node is a
 *       member and lives on the top level), so the writer never reads a layer added meanwhile.</li>
 * </ul>
 * On load, jvector's {@code OnHeapGraphIndex.load} reads it back as is (edge scores included) and a
 * {@code GraphIndexBuilder} takes the loaded graph; points the log replays after the snapshot are
 * inserted as usual.
 *
 * <h2>Format</h2>
 * jvector 4's own on-heap graph format, as {@code OnHeapGraphIndex.save} writes it and
 * {@code OnHeapGraphIndex.load} (and {@code GraphIndexBuilder.load}) read it (all big-endian):
 * <pre>
 *   magic 0x75EC4012 (int32), version 4 (int32)
 *   layer count L (int32), then L max degrees (int32 each)
 *   entry node (int32)
 *   L times: node count (int32), then per node: ordinal (int32), neighbour count n (int32),
 *            n times: neighbour ordinal (int32), score (float32)
 * </pre>
 * jvector keeps an edge's score (the similarity of the two nodes' vectors), so the writer, which
 * cannot read jvector's stored scores through its public API, computes each one again from the
 * snapshot's vectors with the same similarity function: the same float jvector stored. That costs
 * the writer, in the background, what it saves the restart (see {@code GraphIndex}).
 */
public final class GraphImage {
    /** jvector's on-heap graph file magic and the format version its loader reads (4.0.x). */
    static final int JVECTOR_MAGIC = OnHeapGraphIndex.MAGIC;
    static final int JVECTOR_VERSION = 4;

    private final OnHeapGraphIndex graph;
    private final VectorSimilarityFunction similarity;
    private final int entryNode;
    private final int[] degrees;
    private final Runnable onRelease;
    private final AtomicBoolean released = new AtomicBoolean();

    GraphImage(OnHeapGraphIndex graph, VectorSimilarityFunction similarity, int entryNode, int[] degrees,
               Runnable onRelease) {
        this.graph = graph;
        this.similarity = similarity;
        this.entryNode = entryNode;
        this.degrees = degrees;
        this.onRelease = onRelease;
    }

    /**
     * Writes the graph restricted to the snapshot's points (ordinals with a vector in
     * {@code points}) in jvector's format. Off the shard's thread.
     *
     * @return the number of nodes written on the base layer
     */
    public long writeTo(DataOutput out, PointsImage points) throws IOException {
        BitSet members = points.withVectors();
        float[][] vectors = points.vectors();
        if (!members.get(entryNode)) {
            throw new IllegalStateException("the graph's entry node " + entryNode + " is not among the saved points");
        }
        out.writeInt(JVECTOR_MAGIC);
        out.writeInt(JVECTOR_VERSION);
        out.writeInt(degrees.length);
        for (int d : degrees) {
            out.writeInt(d);
        }
        out.writeInt(entryNode);
        int[] kept = new int[64];
        long baseNodes = 0;
        for (int level = 0; level < degrees.length; level++) {
            int[] nodes = graph.nodeStream(level).filter(members::get).toArray();
            out.writeInt(nodes.length);
            if (level == 0) {
                baseNodes = nodes.length;
            }
            for (int node : nodes) {
                NodesIterator it = graph.getNeighborsIterator(level, node);
                int n = 0;
                while (it.hasNext()) {
                    int nb = it.nextInt();
                    if (members.get(nb)) {
                        if (n == kept.length) {
                            kept = java.util.Arrays.copyOf(kept, n * 2);
                        }
                        kept[n++] = nb;
                    }
                }
                out.writeInt(node);
                out.writeInt(n);
                VectorFloat<?> from = StoreVectorValues.VTS.createFloatVector(vectors[node]);
                for (int i = 0; i < n; i++) {
                    out.writeInt(kept[i]);
                    out.writeFloat(similarity.compare(from, StoreVectorValues.VTS.createFloatVector(vectors[kept[i]])));
                }
            }
        }
        return baseNodes;
    }

    /** Lets the part's cleanup run again; called once the graph is written, or the snapshot failed. Idempotent. */
    public void release() {
        if (released.compareAndSet(false, true)) {
            onRelease.run();
        }
    }
}
