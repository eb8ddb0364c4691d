package io.quiver.shard.codec;

import io.quiver.shard.ShardBatch;
import io.quiver.shard.ShardOp;
import io.quiver.shard.ShardResults;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.eventbus.MessageCodec;

/**
 * The event-bus codecs of the two shard messages, {@link ShardBatch} and {@link ShardResults}.
 * Inside one JVM the object itself is delivered ({@link #transform}: nothing is serialized); to
 * another JVM it travels in its binary form: the ops by {@link ShardOpCodec}, the replies by
 * {@link ShardReplyCodec}, each framed by a length.
 *
 * <p>A batch's wire form: {@code [op layout version: varint][has deadline: bool][budget ns:
 * varlong][op count: varint][op]...}. Its {@code startNanos} is not sent: the receiving JVM starts
 * the budget when the batch arrives. A results' wire form: {@code [count: varint][reply]...[clock:
 * count + 1 varlongs]}, the clock being offsets from the batch's start (see {@link ShardResults}).
 */
public abstract class ShardMessageCodec<T> implements MessageCodec<T, T> {
    private final String name;

    private ShardMessageCodec(String name) {
        this.name = name;
    }

    /** Registers both as the default codecs of their types; once per Vert.x instance. */
    public static void register(EventBus bus) {
        bus.registerDefaultCodec(ShardBatch.class, batches());
        bus.registerDefaultCodec(ShardResults.class, results());
    }

    public static MessageCodec<ShardBatch, ShardBatch> batches() {
        return new BatchCodec();
    }

    public static MessageCodec<ShardResults, ShardResults> results() {
        return new ResultsCodec();
    }

    public static byte[] encodeBatch(ShardBatch batch) {
        BinaryWriter w = new BinaryWriter(64);
        w.varInt(ShardOpCodec.VERSION).bool(batch.hasDeadline()).varLong(batch.hasDeadline() ? batch.budgetNanos() : 0);
        w.varInt(batch.ops().length);
        for (ShardOp<?> op : batch.ops()) {
            ShardOpCodec.encode(op, w);
        }
        return w.toByteArray();
    }

    /** A batch read from another JVM: its budget starts now, on this JVM's clock. */
    public static ShardBatch decodeBatch(byte[] bytes) {
        BinaryReader r = new BinaryReader(bytes);
        int version = r.varInt();
        boolean timed = r.bool();
        long budget = r.varLong();
        ShardOp<?>[] ops = new ShardOp<?>[r.count(1)];
        for (int i = 0; i < ops.length; i++) {
            ops[i] = ShardOpCodec.decode(r, version);
        }
        r.expectEnd();
        return new ShardBatch(ops, timed ? budget : ShardBatch.NO_DEADLINE, System.nanoTime());
    }

    public static byte[] encodeResults(ShardResults results) {
        BinaryWriter w = new BinaryWriter(64);
        w.varInt(results.results().length);
        for (Object reply : results.results()) {
            ShardReplyCodec.encode(reply, w);
        }
        for (long t : results.clock()) {
            w.varLong(t);
        }
        return w.toByteArray();
    }

    public static ShardResults decodeResults(byte[] bytes) {
        BinaryReader r = new BinaryReader(bytes);
        Object[] replies = new Object[r.count(1)];
        for (int i = 0; i < replies.length; i++) {
            replies[i] = ShardReplyCodec.decode(r);
        }
        long[] clock = new long[replies.length + 1];
        for (int i = 0; i < clock.length; i++) {
            clock[i] = r.varLong();
        }
        r.expectEnd();
        return new ShardResults(replies, clock);
    }

    abstract byte[] encode(T message);

    abstract T decode(byte[] bytes);

    @Override
    public void encodeToWire(Buffer buffer, T message) {
        byte[] bytes = encode(message);
        buffer.appendInt(bytes.length).appendBytes(bytes);
    }

    @Override
    public T decodeFromWire(int pos, Buffer buffer) {
        int length = buffer.getInt(pos);
        return decode(buffer.getBytes(pos + 4, pos + 4 + length));
    }

    @Override
    public T transform(T message) {
        return message;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public byte systemCodecID() {
        return -1;
    }

    private static final class BatchCodec extends ShardMessageCodec<ShardBatch> {
        BatchCodec() {
            super("quiver-shard-batch");
        }

        @Override
        byte[] encode(ShardBatch message) {
            return encodeBatch(message);
        }

        @Override
        ShardBatch decode(byte[] bytes) {
            return decodeBatch(bytes);
        }
    }

    private static final class ResultsCodec extends ShardMessageCodec<ShardResults> {
        ResultsCodec() {
            super("quiver-shard-results");
        }

        @Override
        byte[] encode(ShardResults message) {
            return encodeResults(message);
        }

        @Override
        ShardResults decode(byte[] bytes) {
            return decodeResults(bytes);
        }
    }
}
