package io.quiver.vector.filter;

/** A filter that cannot be parsed or makes no sense; its message is shown to the client as is. */
public final class FilterException extends IllegalArgumentException {
    public FilterException(String message) {
        super(message);
    }
}
