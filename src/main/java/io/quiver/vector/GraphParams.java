package io.quiver.vector;

/**
 * The jvector graph's parameters. Defaults (see {@link #DEFAULTS}) come from the benchmarks in
 * README.md (Vector search): the default search beam is the construction beam, 100 (as Qdrant's
 * {@code hnsw_ef} defaults to {@code ef_construct}), which gives recall@10 0.958 on the hard
 * synthetic set (100k unit vectors, 100 dimensions, where beam 32 gave 0.894) and 0.998 on Fashion-MNIST.
 *
 * @param maxDegree        most neighbours per node on the base layer (Qdrant's and HNSW's {@code m} is
 *                         half of it; a collection created with {@code hnsw_config.m = 16} gets 32)
 * @param efConstruct      beam width while inserting (Qdrant's {@code ef_construct})
 * @param alpha            Vamana's pruning slack: above 1 keeps longer edges, which helps recall
 * @param neighborOverflow how far past maxDegree a node's list may grow before it is pruned
 * @param searchEf         default search beam (jvector's rerankK), at least k; per query {@code hnsw_ef}/{@code EF}
 */
public record GraphParams(int maxDegree, int efConstruct, float alpha, float neighborOverflow, int searchEf) {
    public static final GraphParams DEFAULTS = new GraphParams(32, 100, 1.2f, 1.2f, 100);

    public GraphParams {
        if (maxDegree < 2 || maxDegree > 512) {
            throw new IllegalArgumentException("graph max degree (m) must be between 2 and 512, not " + maxDegree);
        }
        if (efConstruct < 1 || efConstruct > 4096) {
            throw new IllegalArgumentException("ef_construct must be between 1 and 4096, not " + efConstruct);
        }
        if (!(alpha >= 1f && alpha <= 4f)) {
            throw new IllegalArgumentException("alpha must be between 1.0 and 4.0, not " + alpha);
        }
        if (!(neighborOverflow >= 1f && neighborOverflow <= 4f)) {
            throw new IllegalArgumentException("neighbor_overflow must be between 1.0 and 4.0, not " + neighborOverflow);
        }
        if (searchEf < 1 || searchEf > 65536) {
            throw new IllegalArgumentException("ef must be between 1 and 65536, not " + searchEf);
        }
    }

    public GraphParams withMaxDegree(int m) {
        return new GraphParams(m, efConstruct, alpha, neighborOverflow, searchEf);
    }

    public GraphParams withEfConstruct(int ef) {
        return new GraphParams(maxDegree, ef, alpha, neighborOverflow, searchEf);
    }

    public GraphParams withAlpha(float a) {
        return new GraphParams(maxDegree, efConstruct, a, neighborOverflow, searchEf);
    }

    public GraphParams withNeighborOverflow(float o) {
        return new GraphParams(maxDegree, efConstruct, alpha, o, searchEf);
    }

    public GraphParams withSearchEf(int ef) {
        return new GraphParams(maxDegree, efConstruct, alpha, neighborOverflow, ef);
    }
}
