package io.quiver.shard.codec;

import io.quiver.shard.ShardOp;

/**
 * One row of the {@link ShardOpCodec} table: the stable type id of one {@link ShardOp} record, and
 * how to write and read its fields.
 *
 * @param id      the byte that names the type on disk and on the wire; never reused for another type
 * @param type    the record class
 * @param replyType what the op answers (its {@link ShardOp} type parameter), which {@link ShardReplyCodec} carries
 * @param encoder writes the fields (not the id)
 * @param decoder reads them back; gets the format version the bytes were written with
 */
public record OpCodec<T extends ShardOp<?>>(int id, Class<T> type, Class<?> replyType, Encoder<T> encoder,
                                           Decoder<T> decoder) {

    @FunctionalInterface
    public interface Encoder<T> {
        void encode(T op, BinaryWriter out);
    }

    @FunctionalInterface
    public interface Decoder<T> {
        T decode(BinaryReader in, int version);
    }

    @SuppressWarnings("unchecked")
    void encodeUnchecked(ShardOp<?> op, BinaryWriter out) {
        encoder.encode((T) op, out);
    }
}
