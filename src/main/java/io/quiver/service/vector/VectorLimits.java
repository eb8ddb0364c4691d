package io.quiver.service.vector;

import io.quiver.config.ConfigKeys;
import io.quiver.config.QuiverConfig;
import io.quiver.vector.GraphParams;
import io.quiver.vector.IndexKind;

/** The vector limits and defaults from the configuration, read once per front end. */
public record VectorLimits(int maxDimension, int maxLimit, int maxEf, int maxSearchBatch, int maxUpsertBatch,
                           long maxPayload, IndexKind defaultIndex, int autoThreshold, GraphParams defaultGraph) {

    public static VectorLimits of(QuiverConfig c) {
        return new VectorLimits(c.get(ConfigKeys.VECTOR_MAX_DIMENSION), c.get(ConfigKeys.VECTOR_MAX_LIMIT),
                c.get(ConfigKeys.VECTOR_MAX_EF), c.get(ConfigKeys.VECTOR_MAX_SEARCH_BATCH),
                c.get(ConfigKeys.VECTOR_MAX_UPSERT_BATCH), c.get(ConfigKeys.VECTOR_MAX_PAYLOAD),
                IndexKind.parse(c.get(ConfigKeys.VECTOR_INDEX)), c.get(ConfigKeys.VECTOR_AUTO_THRESHOLD),
                GraphParams.DEFAULTS.withMaxDegree(c.get(ConfigKeys.VECTOR_GRAPH_M))
                        .withEfConstruct(c.get(ConfigKeys.VECTOR_GRAPH_EF_CONSTRUCT))
                        .withSearchEf(c.get(ConfigKeys.VECTOR_GRAPH_EF)));
    }
}
