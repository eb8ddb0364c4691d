package io.quiver.shard;

import io.quiver.error.ErrorCode;
import io.quiver.error.QuiverException;

/** The result of one operation in a batch that failed; the others in the batch are unaffected. */
public record ShardFailure(ErrorCode code, String message) {
    public static ShardFailure of(Throwable t) {
        QuiverException q = QuiverException.of(t);
        return new ShardFailure(q.code(), q.getMessage());
    }

    public QuiverException toException() {
        return new QuiverException(code, message);
    }
}
