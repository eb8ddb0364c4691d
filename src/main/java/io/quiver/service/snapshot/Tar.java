package io.quiver.service.snapshot;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;

/**
 * The POSIX ustar format, as much of it as a snapshot needs: regular files with names of up to 100
 * bytes, written to a file channel (each entry's header is filled in once its size is known, so an
 * entry is streamed, never held in memory) and read back from a stream. {@code tar tf} lists a
 * snapshot; {@code tar xf} unpacks it.
 */
final class Tar {
    static final int BLOCK = 512;

    private Tar() {
    }

    /** Writes entries one after another; {@link #finish} writes the two zero blocks that end an archive. */
    static final class Writer {
        private final FileChannel ch;
        private final long mtimeSeconds;
        private long headerAt = -1;
        private String name;

        Writer(FileChannel ch, long mtimeSeconds) {
            this.ch = ch;
            this.mtimeSeconds = mtimeSeconds;
        }

        /** Starts an entry; its bytes follow through {@link #out}, and {@link #close} ends it. */
        OutputStream entry(String entryName) throws IOException {
            if (headerAt >= 0) {
                throw new IllegalStateException("the entry " + name + " is still open");
            }
            if (entryName.getBytes(StandardCharsets.UTF_8).length > 100) {
                throw new IllegalArgumentException("tar entry name longer than 100 bytes: " + entryName);
            }
            name = entryName;
            headerAt = ch.position();
            ch.write(ByteBuffer.allocate(BLOCK)); // the header, filled in when the entry ends
            return new OutputStream() {
                private final ByteBuffer one = ByteBuffer.allocate(1);

                @Override
                public void write(int b) throws IOException {
                    one.clear();
                    one.put((byte) b).flip();
                    writeFully(one);
                }

                @Override
                public void write(byte[] b, int off, int len) throws IOException {
                    writeFully(ByteBuffer.wrap(b, off, len));
                }

                @Override
                public void close() throws IOException {
                    endEntry();
                }
            };
        }

        private void writeFully(ByteBuffer b) throws IOException {
            while (b.hasRemaining()) {
                ch.write(b);
            }
        }

        private void endEntry() throws IOException {
            if (headerAt < 0) {
                return;
            }
            long end = ch.position();
            long size = end - headerAt - BLOCK;
            int pad = (int) ((BLOCK - size % BLOCK) % BLOCK);
            if (pad > 0) {
                writeFully(ByteBuffer.allocate(pad));
            }
            long after = ch.position();
            ch.position(headerAt);
            writeFully(ByteBuffer.wrap(header(name, size, mtimeSeconds)));
            ch.position(after);
            headerAt = -1;
        }

        void finish() throws IOException {
            if (headerAt >= 0) {
                throw new IllegalStateException("the entry " + name + " is still open");
            }
            writeFully(ByteBuffer.allocate(2 * BLOCK));
        }
    }

    static byte[] header(String name, long size, long mtimeSeconds) {
        byte[] h = new byte[BLOCK];
        byte[] n = name.getBytes(StandardCharsets.UTF_8);
        System.arraycopy(n, 0, h, 0, n.length);
        octal(h, 100, 8, 0644);
        octal(h, 108, 8, 0);
        octal(h, 116, 8, 0);
        octal(h, 124, 12, size);
        octal(h, 136, 12, mtimeSeconds);
        java.util.Arrays.fill(h, 148, 156, (byte) ' '); // the checksum is summed with its own field as spaces
        h[156] = '0'; // a regular file
        byte[] magic = "ustar\u000000".getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(magic, 0, h, 257, magic.length);
        long sum = 0;
        for (byte b : h) {
            sum += b & 0xff;
        }
        octal(h, 148, 7, sum);
        h[155] = ' ';
        return h;
    }

    /** {@code width - 1} octal digits, zero-padded, then a NUL. */
    private static void octal(byte[] h, int at, int width, long value) {
        String s = Long.toOctalString(value);
        if (s.length() > width - 1) {
            throw new IllegalArgumentException("value " + value + " does not fit a tar field of " + width + " bytes");
        }
        s = "0".repeat(width - 1 - s.length()) + s;
        byte[] b = s.getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(b, 0, h, at, b.length);
        h[at + width - 1] = 0;
    }

    /** One entry of an archive being read: its name and size; its bytes are read from the reader. */
    record Entry(String name, long size, char type) {
    }

    /** Reads entries in order from a stream. */
    static final class Reader {
        private final InputStream in;
        private long left; // bytes of the current entry not yet read
        private int pad;

        Reader(InputStream in) {
            this.in = in;
        }

        /** The next entry, or null at the archive's end. Skips what the previous entry left unread. */
        Entry next() throws IOException {
            skip(left + pad);
            left = 0;
            pad = 0;
            byte[] h = new byte[BLOCK];
            if (!readBlock(h)) {
                return null;
            }
            if (allZero(h)) {
                return null;
            }
            long sum = 0;
            for (int i = 0; i < BLOCK; i++) {
                sum += (i >= 148 && i < 156) ? ' ' : h[i] & 0xff;
            }
            long stored = parseOctal(h, 148, 8);
            if (stored != sum) {
                throw new SnapshotFormatException("a tar header's checksum does not match (not a snapshot, or a damaged one)");
            }
            int nameLength = 0;
            while (nameLength < 100 && h[nameLength] != 0) {
                nameLength++;
            }
            String name = new String(h, 0, nameLength, StandardCharsets.UTF_8);
            long size = parseOctal(h, 124, 12);
            char type = (char) (h[156] == 0 ? '0' : h[156]);
            left = size;
            pad = (int) ((BLOCK - size % BLOCK) % BLOCK);
            return new Entry(name, size, type);
        }

        /** The current entry's bytes (reading past them reads nothing). */
        InputStream body() {
            return new InputStream() {
                @Override
                public int read() throws IOException {
                    if (left <= 0) {
                        return -1;
                    }
                    int b = in.read();
                    if (b < 0) {
                        throw new EOFException("the archive ends inside an entry");
                    }
                    left--;
                    return b;
                }

                @Override
                public int read(byte[] b, int off, int len) throws IOException {
                    if (left <= 0) {
                        return -1;
                    }
                    int n = in.read(b, off, (int) Math.min(len, left));
                    if (n < 0) {
                        throw new EOFException("the archive ends inside an entry");
                    }
                    left -= n;
                    return n;
                }
            };
        }

        private boolean readBlock(byte[] h) throws IOException {
            int got = 0;
            while (got < BLOCK) {
                int n = in.read(h, got, BLOCK - got);
                if (n < 0) {
                    if (got == 0) {
                        return false;
                    }
                    throw new EOFException("the archive ends inside a tar header");
                }
                got += n;
            }
            return true;
        }

        private void skip(long n) throws IOException {
            while (n > 0) {
                long s = in.skip(n);
                if (s <= 0) {
                    if (in.read() < 0) {
                        throw new EOFException("the archive ends inside an entry");
                    }
                    s = 1;
                }
                n -= s;
            }
        }
    }

    private static boolean allZero(byte[] b) {
        for (byte x : b) {
            if (x != 0) {
                return false;
            }
        }
        return true;
    }

    private static long parseOctal(byte[] h, int at, int width) {
        long v = 0;
        boolean any = false;
        for (int i = at; i < at + width; i++) {
            byte b = h[i];
            if (b == 0 || b == ' ') {
                if (any) {
                    break;
                }
                continue;
            }
            if (b < '0' || b > '7') {
                throw new SnapshotFormatException("a tar header holds a number that is not octal");
            }
            v = v * 8 + (b - '0');
            any = true;
        }
        return v;
    }
}
