package io.quiver.persist;

import io.github.jbellis.jvector.disk.RandomAccessReader;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * jvector's reader interface over a snapshot section's stream, read front to back: what
 * {@code OnHeapGraphIndex.load} needs (it only reads forward), without first copying a graph of
 * hundreds of megabytes into one buffer. Big-endian, as jvector writes. Seeking is refused.
 * It reads ahead, so whatever follows the graph in the section must be read through it too.
 */
final class SectionGraphReader implements RandomAccessReader {
    private final InputStream in;
    private final ByteBuffer buf = ByteBuffer.allocate(64 * 1024).order(ByteOrder.BIG_ENDIAN);
    private long position;

    SectionGraphReader(InputStream in) {
        this.in = in;
        buf.limit(0);
    }

    /** Makes at least {@code n} bytes (at most the buffer's size) available, or throws EOF. */
    private void need(int n) throws IOException {
        if (buf.remaining() >= n) {
            return;
        }
        buf.compact();
        while (buf.position() < n) {
            int r = in.read(buf.array(), buf.position(), buf.capacity() - buf.position());
            if (r < 0) {
                buf.flip();
                throw new EOFException("the section ends inside the graph");
            }
            buf.position(buf.position() + r);
        }
        buf.flip();
    }

    /** Whether every byte of the stream has been read (none buffered, none left). */
    boolean atEnd() throws IOException {
        return buf.remaining() == 0 && in.read() < 0;
    }

    @Override
    public int readInt() throws IOException {
        need(4);
        position += 4;
        return buf.getInt();
    }

    @Override
    public float readFloat() throws IOException {
        need(4);
        position += 4;
        return buf.getFloat();
    }

    @Override
    public long readLong() throws IOException {
        need(8);
        position += 8;
        return buf.getLong();
    }

    @Override
    public void readFully(byte[] b) throws IOException {
        int off = 0;
        while (off < b.length) {
            need(1);
            int take = Math.min(buf.remaining(), b.length - off);
            buf.get(b, off, take);
            off += take;
        }
        position += b.length;
    }

    @Override
    public void readFully(ByteBuffer dst) throws IOException {
        while (dst.hasRemaining()) {
            need(1);
            int take = Math.min(buf.remaining(), dst.remaining());
            ByteBuffer slice = buf.slice(buf.position(), take);
            dst.put(slice);
            buf.position(buf.position() + take);
            position += take;
        }
    }

    @Override
    public void readFully(long[] dst) throws IOException {
        for (int i = 0; i < dst.length; i++) {
            dst[i] = readLong();
        }
    }

    @Override
    public void read(int[] dst, int off, int len) throws IOException {
        for (int i = 0; i < len; i++) {
            dst[off + i] = readInt();
        }
    }

    @Override
    public void read(float[] dst, int off, int len) throws IOException {
        for (int i = 0; i < len; i++) {
            dst[off + i] = readFloat();
        }
    }

    @Override
    public void seek(long offset) {
        throw new UnsupportedOperationException("a snapshot section is read front to back");
    }

    @Override
    public long getPosition() {
        return position;
    }

    @Override
    public long length() {
        throw new UnsupportedOperationException("a snapshot section's length is known only at its end");
    }

    @Override
    public void close() {
    }
}
