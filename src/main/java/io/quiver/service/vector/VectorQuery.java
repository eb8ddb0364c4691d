package io.quiver.service.vector;

import io.quiver.vector.SearchParams;

/**
 * One query as the front ends hand it to {@link VectorRouter#search} (a batch is a list of them):
 * the raw query vector (checked and prepared by the router) and what to return.
 *
 * @param vector         the query vector
 * @param limit          results wanted
 * @param offset         results to skip first (Qdrant's paging)
 * @param params         graph beam and exactness
 * @param scoreThreshold keep only results at least this good (a minimum similarity, or a maximum
 *                       euclidean distance), or null
 * @param withPayload    fetch the results' payloads
 * @param withVector     fetch the results' vectors
 * @param using          the vector space searched: {@code ""} for the unnamed vector, else a named
 *                       dense or sparse vector of the collection's schema
 * @param sparse         the query of a sparse search (then {@code vector} is null), else null
 * @param multi          the rows of a multivector (MaxSim) query (then {@code vector} is null), else null
 */
public record VectorQuery(float[] vector, int limit, int offset, SearchParams params, Float scoreThreshold,
                          boolean withPayload, boolean withVector, String using, io.quiver.vector.SparseVector sparse,
                          float[][] multi) {
    public VectorQuery(float[] vector, int limit, int offset, SearchParams params, Float scoreThreshold,
                       boolean withPayload, boolean withVector, String using, io.quiver.vector.SparseVector sparse) {
        this(vector, limit, offset, params, scoreThreshold, withPayload, withVector, using, sparse, null);
    }

    public VectorQuery(float[] vector, int limit, int offset, SearchParams params, Float scoreThreshold,
                       boolean withPayload, boolean withVector) {
        this(vector, limit, offset, params, scoreThreshold, withPayload, withVector, "", null);
    }

    /** Whether this is the plain kind every collection answers: the unnamed dense vector. */
    public boolean plain() {
        return sparse == null && multi == null && (using == null || using.isEmpty());
    }
}
