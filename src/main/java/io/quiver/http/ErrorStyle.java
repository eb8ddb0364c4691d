package io.quiver.http;

/** The JSON shape of an error reply. */
public enum ErrorStyle {
    /** {@code {"error": {"code": "not_found", "message": "..."}}} */
    QUIVER,
    /** Qdrant's: {@code {"status": {"error": "..."}, "time": 0.0001}} */
    QDRANT
}
