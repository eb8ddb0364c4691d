package io.quiver.service.vector;

import io.quiver.vector.PointId;
import io.quiver.vector.PointRecord;

/**
 * One search result: the id, its public score (see {@link io.quiver.vector.Metric}) and, when the
 * request asked for the payload or vector, the stored record.
 */
public record ScoredPoint(PointId id, float score, PointRecord record) {
}
