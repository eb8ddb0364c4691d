package io.quiver.service.pubsub;

import java.util.Arrays;

/** A channel or pattern name as a map key: the bytes, compared by content. */
public record ChannelName(byte[] bytes) {
    @Override
    public boolean equals(Object o) {
        return o instanceof ChannelName c && Arrays.equals(c.bytes, bytes);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(bytes);
    }

    @Override
    public String toString() {
        return new String(bytes, java.nio.charset.StandardCharsets.UTF_8);
    }
}
