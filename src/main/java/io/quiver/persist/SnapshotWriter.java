package io.quiver.persist;

import java.io.BufferedOutputStream;
import java.io.Closeable;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.zip.CRC32C;

/**
 * Writes one snapshot file (format: {@link SnapshotFormat}) to a temporary path; {@link #commit}
 * fsyncs it and renames it into place. Used off the shard's thread, from the shard's copy.
 *
 * <pre>
 * try (SnapshotWriter w = SnapshotWriter.create(dir, header)) {
 *     w.section(ShardSections.KV, 1, out -> ...);
 *     w.commit();
 * }
 * </pre>
 */
public final class SnapshotWriter implements Closeable {

    /** Writes a section's body; chunking and checksums are done underneath. */
    @FunctionalInterface
    public interface Body {
        void write(DataOutputStream out) throws IOException;
    }

    private final Path dir;
    private final Path temp;
    private final FileChannel channel;
    private final ChunkedOutput chunks;
    private boolean committed;

    private SnapshotWriter(Path dir, Path temp, FileChannel channel) {
        this.dir = dir;
        this.temp = temp;
        this.channel = channel;
        this.chunks = new ChunkedOutput(new BufferedOutputStream(Channels.newOutputStream(channel), 256 * 1024));
    }

    public static SnapshotWriter create(Path dir, SnapshotFormat.Header h) throws IOException {
        Path temp = dir.resolve(SnapshotFormat.TEMP_NAME);
        FileChannel ch = FileChannel.open(temp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING);
        SnapshotWriter w = new SnapshotWriter(dir, temp, ch);
        ByteBuffer b = ByteBuffer.allocate(SnapshotFormat.FILE_HEADER).order(ByteOrder.BIG_ENDIAN);
        b.put(SnapshotFormat.MAGIC).putInt(SnapshotFormat.VERSION).putInt(h.codecVersion()).putLong(h.lastSeq())
                .putLong(h.createdMillis()).putInt(h.shard());
        b.putInt(LogFormat.crc(b.array(), 0, 36));
        w.chunks.raw(b.array());
        return w;
    }

    /** Writes one section: its header chunk, its body in chunks, the empty end chunk. */
    public void section(int type, int version, Body body) throws IOException {
        ByteBuffer h = ByteBuffer.allocate(8).putInt(type).putInt(version);
        chunks.chunk(h.array(), 0, 8);
        DataOutputStream out = new DataOutputStream(chunks.body());
        body.write(out);
        out.flush();
        chunks.endSection();
    }

    /** Ends the file (END section), fsyncs it, renames it into place and fsyncs the directory; returns its size. */
    public long commit() throws IOException {
        section(ShardSections.END, 1, out -> { });
        chunks.flushAll();
        channel.force(true);
        long size = channel.size();
        channel.close();
        AtomicFiles.publish(temp, dir.resolve(SnapshotFormat.FILE_NAME));
        committed = true;
        return size;
    }

    /** Without {@link #commit}: removes the temporary file (a failed or abandoned snapshot). */
    @Override
    public void close() throws IOException {
        if (!committed) {
            channel.close();
            Files.deleteIfExists(temp);
        }
    }

    /** Turns a byte stream into checksummed chunks. */
    private static final class ChunkedOutput {
        private final OutputStream out;
        private final byte[] buf = new byte[SnapshotFormat.MAX_CHUNK];
        private final byte[] header = new byte[SnapshotFormat.CHUNK_HEADER];
        private int n;

        ChunkedOutput(OutputStream out) {
            this.out = out;
        }

        void raw(byte[] b) throws IOException {
            out.write(b);
        }

        void chunk(byte[] b, int off, int len) throws IOException {
            CRC32C crc = new CRC32C();
            crc.update(b, off, len);
            ByteBuffer.wrap(header).putInt(len).putInt((int) crc.getValue());
            out.write(header);
            out.write(b, off, len);
        }

        OutputStream body() {
            return new OutputStream() {
                @Override
                public void write(int b) throws IOException {
                    if (n == buf.length) {
                        flushChunk();
                    }
                    buf[n++] = (byte) b;
                }

                @Override
                public void write(byte[] b, int off, int len) throws IOException {
                    while (len > 0) {
                        if (n == buf.length) {
                            flushChunk();
                        }
                        int take = Math.min(len, buf.length - n);
                        System.arraycopy(b, off, buf, n, take);
                        n += take;
                        off += take;
                        len -= take;
                    }
                }
            };
        }

        private void flushChunk() throws IOException {
            if (n > 0) {
                chunk(buf, 0, n);
                n = 0;
            }
        }

        void endSection() throws IOException {
            flushChunk();
            chunk(buf, 0, 0);
        }

        void flushAll() throws IOException {
            out.flush();
        }
    }
}
