package io.quiver.shard.codec;

/** Bytes that do not decode: truncated, out of range, or an unknown type id. */
public final class CodecException extends RuntimeException {
    public CodecException(String message) {
        super(message);
    }
}
