package io.quiver.vector.io;

import java.io.IOException;

/** The import file is not what its format says it should be; the message says where. */
public final class VectorFormatException extends IOException {
    public VectorFormatException(String message) {
        super(message);
    }
}
