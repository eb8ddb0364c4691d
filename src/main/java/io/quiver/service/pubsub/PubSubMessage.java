package io.quiver.service.pubsub;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.MessageCodec;

/**
 * One published message as it travels on the event bus. Immutable: in one JVM every consumer gets
 * the same object; between nodes it crosses as {@code [sharded][channel length][channel][message]}.
 *
 * @param sharded SPUBLISH (a shard channel) rather than PUBLISH
 */
public record PubSubMessage(boolean sharded, byte[] channel, byte[] message) {

    /** The event-bus codec: by reference locally, length-prefixed bytes across nodes. */
    static final class Codec implements MessageCodec<PubSubMessage, PubSubMessage> {
        @Override
        public void encodeToWire(Buffer buffer, PubSubMessage m) {
            buffer.appendByte((byte) (m.sharded ? 1 : 0))
                    .appendInt(m.channel.length).appendBytes(m.channel)
                    .appendInt(m.message.length).appendBytes(m.message);
        }

        @Override
        public PubSubMessage decodeFromWire(int pos, Buffer buffer) {
            boolean sharded = buffer.getByte(pos) != 0;
            int cl = buffer.getInt(pos + 1);
            byte[] channel = buffer.getBytes(pos + 5, pos + 5 + cl);
            int ml = buffer.getInt(pos + 5 + cl);
            byte[] message = buffer.getBytes(pos + 9 + cl, pos + 9 + cl + ml);
            return new PubSubMessage(sharded, channel, message);
        }

        @Override
        public PubSubMessage transform(PubSubMessage m) {
            return m;
        }

        @Override
        public String name() {
            return "quiver-pubsub";
        }

        @Override
        public byte systemCodecID() {
            return -1;
        }
    }
}
