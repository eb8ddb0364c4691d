package io.quiver.shard;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.MessageCodec;

/**
 * Event-bus codec for shard messages inside one JVM: the object itself is delivered, nothing is
 * serialized. Sending one over the wire fails loudly; clustering brings a wire codec.
 */
public final class LocalCodec<T> implements MessageCodec<T, T> {
    private final String name;

    public LocalCodec(Class<T> type) {
        this.name = "quiver-local-" + type.getSimpleName();
    }

    @Override
    public void encodeToWire(Buffer buffer, T t) {
        throw new UnsupportedOperationException(name + " is local-only; shard messages do not leave this JVM yet");
    }

    @Override
    public T decodeFromWire(int pos, Buffer buffer) {
        throw new UnsupportedOperationException(name + " is local-only");
    }

    @Override
    public T transform(T t) {
        return t;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public byte systemCodecID() {
        return -1;
    }
}
