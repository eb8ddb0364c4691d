package io.quiver.persist;

import java.io.BufferedInputStream;
import java.io.Closeable;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * Reads a snapshot file (format: {@link SnapshotFormat}) section by section, checking every chunk.
 * Any damage throws {@link CorruptDataException} naming the file and the offset of the chunk.
 *
 * <pre>
 * try (SnapshotReader r = SnapshotReader.open(path)) {
 *     for (SnapshotReader.Section s; (s = r.next()) != null; ) { ... read s.body() ...; s.finish(); }
 * }
 * </pre>
 */
public final class SnapshotReader implements Closeable {
    private final Path file;
    private final InputStream in;
    private final SnapshotFormat.Header header;
    private long pos;
    private Section open;

    private SnapshotReader(Path file, InputStream in) throws IOException {
        this.file = file;
        this.in = in;
        byte[] h = readExactly(SnapshotFormat.FILE_HEADER, "the file header");
        if (!Arrays.equals(h, 0, 8, SnapshotFormat.MAGIC, 0, 8)) {
            throw corrupt(0, "not a Quiver snapshot (bad magic)");
        }
        ByteBuffer b = ByteBuffer.wrap(h);
        if (b.getInt(36) != LogFormat.crc(h, 0, 36)) {
            throw corrupt(0, "file header checksum mismatch");
        }
        int version = b.getInt(8);
        if (version != SnapshotFormat.VERSION) {
            throw corrupt(8, "snapshot format version " + version + " is not readable by this build (reads "
                    + SnapshotFormat.VERSION + ")");
        }
        header = new SnapshotFormat.Header(version, b.getInt(12), b.getLong(16), b.getLong(24), b.getInt(32));
    }

    public static SnapshotReader open(Path file) throws IOException {
        return new SnapshotReader(file, new BufferedInputStream(Files.newInputStream(file), 256 * 1024));
    }

    public SnapshotFormat.Header header() {
        return header;
    }

    public Path file() {
        return file;
    }

    /** The next section, or null after the END section (the file must end there). */
    public Section next() throws IOException {
        if (open != null && !open.finished) {
            throw new IllegalStateException("finish() the previous section first");
        }
        long at = pos;
        byte[] h = readChunk();
        if (h.length != 8) {
            throw corrupt(at, "expected a section header chunk (8 bytes), found " + h.length + " bytes");
        }
        ByteBuffer b = ByteBuffer.wrap(h);
        Section s = new Section(b.getInt(), b.getInt(), at);
        if (s.type == ShardSections.END) {
            if (readChunk().length != 0 || in.read() != -1) {
                throw corrupt(at, "data after the END section");
            }
            return null;
        }
        open = s;
        return s;
    }

    public CorruptDataException corrupt(long offset, String problem) {
        return new CorruptDataException(file, offset, problem);
    }

    /** Reads one chunk, checks its checksum, returns its bytes (empty for an end chunk). */
    private byte[] readChunk() throws IOException {
        long at = pos;
        byte[] h = readExactly(SnapshotFormat.CHUNK_HEADER, "a chunk header");
        ByteBuffer b = ByteBuffer.wrap(h);
        int len = b.getInt(), crc = b.getInt();
        if (len < 0 || len > SnapshotFormat.MAX_CHUNK) {
            throw corrupt(at, "chunk length " + len + " is impossible");
        }
        byte[] data = readExactly(len, "a chunk of " + len + " bytes");
        if (LogFormat.crc(data, 0, len) != crc) {
            throw corrupt(at, "chunk checksum mismatch");
        }
        return data;
    }

    private byte[] readExactly(int n, String what) throws IOException {
        byte[] out = new byte[n];
        int done = 0;
        while (done < n) {
            int r = in.read(out, done, n - done);
            if (r < 0) {
                throw corrupt(pos + done, "the file ends inside " + what);
            }
            done += r;
        }
        pos += n;
        return out;
    }

    @Override
    public void close() throws IOException {
        in.close();
    }

    /** One section: its type, version, and its body as a stream that ends at the section's end. */
    public final class Section {
        private final int type;
        private final int version;
        private final long offset;
        private final DataInputStream body;
        private byte[] chunk = new byte[0];
        private int chunkPos;
        private long chunkOffset;
        private boolean ended;
        private boolean finished;

        private Section(int type, int version, long offset) {
            this.type = type;
            this.version = version;
            this.offset = offset;
            this.body = new DataInputStream(new InputStream() {
                @Override
                public int read() throws IOException {
                    if (!fill()) {
                        return -1;
                    }
                    return chunk[chunkPos++] & 0xFF;
                }

                @Override
                public int read(byte[] b, int off, int len) throws IOException {
                    if (len == 0) {
                        return 0;
                    }
                    if (!fill()) {
                        return -1;
                    }
                    int take = Math.min(len, chunk.length - chunkPos);
                    System.arraycopy(chunk, chunkPos, b, off, take);
                    chunkPos += take;
                    return take;
                }
            });
        }

        private boolean fill() throws IOException {
            while (chunkPos == chunk.length) {
                if (ended) {
                    return false;
                }
                chunkOffset = pos;
                chunk = readChunk();
                chunkPos = 0;
                if (chunk.length == 0) {
                    ended = true;
                    return false;
                }
            }
            return true;
        }

        public int type() {
            return type;
        }

        public int version() {
            return version;
        }

        /** Where the section starts in the file. */
        public long offset() {
            return offset;
        }

        /** Offset of the chunk being read: for error messages about the section's content. */
        public long currentOffset() {
            return chunkOffset;
        }

        public DataInputStream body() {
            return body;
        }

        /** A problem with this section's content, at the chunk being read. */
        public CorruptDataException corrupt(String problem) {
            return SnapshotReader.this.corrupt(chunkOffset, "section type " + type + ": " + problem);
        }

        /** Checks the section was read to its end (a reader that stops early means a format mismatch). */
        public void finish() throws IOException {
            if (fill()) {
                throw corrupt("bytes left after the section's content");
            }
            finished = true;
        }

        /** Reads exactly {@code b.length} bytes of the body, or reports the section as cut short. */
        public void readFully(byte[] b) throws IOException {
            try {
                body.readFully(b);
            } catch (EOFException e) {
                throw corrupt("the section ends inside a value");
            }
        }
    }
}
