package io.quiver.router;

import io.quiver.vector.SearchParams;

/**
 * A search as the front ends hand it to {@link VectorRouter#search}: one or more query vectors
 * (raw, checked and prepared by the router) and what to return.
 *
 * @param vectors        the query vectors (a batch when more than one)
 * @param limit          results per query
 * @param offset         results to skip first (Qdrant's paging)
 * @param params         graph beam and exactness
 * @param scoreThreshold keep only results at least this good (a minimum similarity, or a maximum
 *                       euclidean distance), or null
 * @param withPayload    fetch payloads of the results
 * @param withVector     fetch vectors of the results
 */
public record VectorQuery(float[][] vectors, int limit, int offset, SearchParams params, Float scoreThreshold,
                          boolean withPayload, boolean withVector) {
}
