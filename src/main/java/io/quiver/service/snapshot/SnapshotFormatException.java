package io.quiver.service.snapshot;

import io.quiver.error.ErrorCode;
import io.quiver.error.QuiverException;

/** A file offered as a snapshot that is not one, or is damaged: the client's error (400), nothing is changed. */
final class SnapshotFormatException extends QuiverException {
    SnapshotFormatException(String message) {
        super(ErrorCode.BAD_REQUEST, "Bad request: the snapshot cannot be read: " + message);
    }
}
