package io.quiver.vector;

import io.github.jbellis.jvector.graph.NodesIterator;
import io.github.jbellis.jvector.graph.OnHeapGraphIndex;
import io.github.jbellis.jvector.vector.VectorSimilarityFunction;
import io.github.jbellis.jvector.vector.types.VectorFloat;

import java.io.DataOutput;
import java.io.IOException;

/**
 * A shard part's jvector graph exactly as it was at a snapshot's copy step, written out later by
 * the snapshot thread while the shard goes on inserting, deleting and cleaning up.
 *
 * <h2>Why a copy of references is an exact copy</h2>
 * jvector keeps each node's neighbour list as an immutable object: every insert, re-prune or
 * cleanup repair builds a new list and swaps it in (copy-on-write, so concurrent searches always
 * read a whole list). The copy step, on the shard's thread where nothing mutates the graph, takes
 * per level the node ordinals and, per node, an iterator over its current list (jvector's public
 * {@code getNeighborsIterator}, which holds that list object). That is one reference per node and
 * level, about 40 ns a node once warm (tens of milliseconds per million nodes), while the lists
 * themselves (about 32 ints per node) are never copied. Whatever the shard does to its graph afterwards replaces lists; the captured ones
 * stay as they were. So the file holds the graph at the copy, edge for edge:
 * <ul>
 *   <li>nodes marked deleted but not yet cleaned up are saved too, as waypoints (their vectors are
 *       in the {@link PointsImage}, retired), and marked deleted again on load;</li>
 *   <li>jvector's cleanup may run during the write: it frees ordinals in the live store only, the
 *       image's arrays keep the vectors the saved edges need.</li>
 * </ul>
 * An earlier version wrote from the live graph and dropped edges to nodes added after the copy;
 * under heavy writes some saved points lost every incoming edge and a search after restart could
 * not reach them.
 *
 * <h2>Format</h2>
 * jvector 4's own on-heap graph format, as {@code OnHeapGraphIndex.save} writes it and
 * {@code OnHeapGraphIndex.load} reads it (all big-endian):
 * <pre>
 *   magic 0x75EC4012 (int32), version 4 (int32)
 *   layer count L (int32), then L max degrees (int32 each)
 *   entry node (int32)
 *   L times: node count (int32), then per node: ordinal (int32), neighbour count n (int32),
 *            n times: neighbour ordinal (int32), score (float32)
 * </pre>
 * jvector keeps an edge's score (the similarity of the two nodes' vectors); its public API does not
 * expose the stored scores, so the writer computes each again from the image's vectors with the
 * same similarity function: the same float jvector stored. That costs the writer, in the
 * background, what it saves the restart (see {@code GraphIndex}).
 */
public final class GraphImage {
    /** jvector's on-heap graph file magic and the format version its loader reads (4.0.x). */
    static final int JVECTOR_MAGIC = OnHeapGraphIndex.MAGIC;
    static final int JVECTOR_VERSION = 4;

    private final VectorSimilarityFunction similarity;
    private final int entryNode;
    private final int[] degrees;
    /** Per level, the nodes' ordinals, and per node its neighbour list as of the copy. */
    private final int[][] nodes;
    private final NodesIterator[][] neighbours;

    /** Takes the copy. On the shard's thread only: the graph must not change meanwhile. */
    GraphImage(OnHeapGraphIndex graph, VectorSimilarityFunction similarity, int entryNode, int[] degrees) {
        this.similarity = similarity;
        this.entryNode = entryNode;
        this.degrees = degrees;
        this.nodes = new int[degrees.length][];
        this.neighbours = new NodesIterator[degrees.length][];
        for (int level = 0; level < degrees.length; level++) {
            int[] ords = graph.nodeStream(level).toArray();
            NodesIterator[] lists = new NodesIterator[ords.length];
            for (int i = 0; i < ords.length; i++) {
                lists[i] = graph.getNeighborsIterator(level, ords[i]);
            }
            nodes[level] = ords;
            neighbours[level] = lists;
        }
    }

    /**
     * Writes the copied graph in jvector's format, once (the copy's iterators are consumed). Off
     * the shard's thread; {@code points} is the same copy step's image, which holds a vector for
     * every node (live or retired).
     *
     * @return the number of nodes written on the base layer
     */
    public long writeTo(DataOutput out, PointsImage points) throws IOException {
        StoredVectors vectors = points.vectors();
        float[] fromScratch = new float[points.dimension()], toScratch = new float[points.dimension()];
        out.writeInt(JVECTOR_MAGIC);
        out.writeInt(JVECTOR_VERSION);
        out.writeInt(degrees.length);
        for (int d : degrees) {
            out.writeInt(d);
        }
        out.writeInt(entryNode);
        for (int level = 0; level < degrees.length; level++) {
            int[] ords = nodes[level];
            out.writeInt(ords.length);
            for (int i = 0; i < ords.length; i++) {
                int node = ords[i];
                NodesIterator it = neighbours[level][i];
                VectorFloat<?> from = vectorOf(vectors, node, fromScratch);
                out.writeInt(node);
                out.writeInt(it.size());
                while (it.hasNext()) {
                    int nb = it.nextInt();
                    out.writeInt(nb);
                    out.writeFloat(similarity.compare(from, vectorOf(vectors, nb, toScratch)));
                }
            }
        }
        return nodes[0].length;
    }

    /** The node's vector, wrapped without a copy (a mapped one read into {@code scratch}). */
    private static VectorFloat<?> vectorOf(StoredVectors vectors, int ord, float[] scratch) {
        if (!vectors.has(ord)) {
            // every node had a vector at the copy; a miss means the copy and the image disagree
            throw new IllegalStateException("graph node " + ord + " has no vector in the snapshot's points");
        }
        return StoreVectorValues.VTS.createFloatVector(vectors.read(ord, scratch));
    }
}
