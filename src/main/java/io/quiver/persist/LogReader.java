package io.quiver.persist;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Reads an append-log file (format: {@link LogFormat}) from the start, handing each intact record
 * to a visitor, and says where the valid part ends. A torn tail is reported, not thrown: the
 * caller truncates it. Corruption before the tail throws {@link CorruptDataException} with the
 * file and offset.
 */
public final class LogReader {

    /** Receives each record; {@code offset} is where the record starts in the file. */
    @FunctionalInterface
    public interface Visitor {
        void record(LogFormat.FileHeader header, long seq, byte[] payload, long offset);
    }

    /**
     * What a scan found.
     *
     * @param header   the file header; null when the file is too short to hold one (a crash right after creation)
     * @param validEnd where the last intact record ends: the length the file should be truncated to
     * @param records  intact records read
     * @param nextSeq  the sequence number the next record would have
     * @param tornTail why the tail after {@code validEnd} was cut, or null when the file ends cleanly
     */
    public record Result(LogFormat.FileHeader header, long validEnd, long records, long nextSeq, String tornTail) {
    }

    private final Path file;
    private final FileChannel ch;
    private final long size;
    private final ByteBuffer buf = ByteBuffer.allocate(1 << 16);
    private long bufStart; // file offset of buf's position 0
    private long pos;

    private LogReader(Path file, FileChannel ch) throws IOException {
        this.file = file;
        this.ch = ch;
        this.size = ch.size();
        buf.limit(0);
    }

    public static Result scan(Path file, Visitor visitor) throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            return new LogReader(file, ch).run(visitor);
        }
    }

    private Result run(Visitor visitor) throws IOException {
        if (size < LogFormat.FILE_HEADER) {
            return new Result(null, 0, 0, -1, "the file is " + size + " bytes, shorter than its header");
        }
        byte[] hb = read(LogFormat.FILE_HEADER);
        LogFormat.FileHeader header = LogFormat.parseFileHeader(hb);
        if (header == null) {
            if (allZero(hb) && restIsZero()) {
                return new Result(null, 0, 0, -1, "the header is all zero bytes");
            }
            throw new CorruptDataException(file, 0, "not a Quiver log file, or its header checksum does not match");
        }
        if (header.version() != LogFormat.VERSION) {
            throw new CorruptDataException(file, 8, "log format version " + header.version()
                    + " is not readable by this build (reads " + LogFormat.VERSION + ")");
        }
        long seq = header.firstSeq();
        long records = 0;
        while (true) {
            long at = pos;
            long remaining = size - at;
            if (remaining == 0) {
                return new Result(header, at, records, seq, null);
            }
            if (remaining < LogFormat.RECORD_HEADER) {
                return new Result(header, at, records, seq, "an incomplete record header (" + remaining + " bytes) at offset " + at);
            }
            byte[] rh = read(LogFormat.RECORD_HEADER);
            if (LogFormat.intAt(rh, 12) != LogFormat.crc(rh, 0, 12)) {
                if (allZero(rh) && restIsZero()) {
                    return new Result(header, at, records, seq, "a zero-filled tail at offset " + at);
                }
                throw new CorruptDataException(file, at, "record header checksum mismatch");
            }
            int length = LogFormat.intAt(rh, 0);
            long recordSeq = LogFormat.longAt(rh, 4);
            if (length <= 0 || length > LogFormat.MAX_PAYLOAD) {
                throw new CorruptDataException(file, at, "record length " + length + " is impossible");
            }
            if (remaining - LogFormat.RECORD_HEADER < length) {
                return new Result(header, at, records, seq, "a record of " + length + " bytes at offset " + at
                        + " cut off after " + (remaining - LogFormat.RECORD_HEADER));
            }
            byte[] payload = read(length);
            if (LogFormat.intAt(rh, 16) != LogFormat.crc(payload, 0, length)) {
                if (pos == size) {
                    return new Result(header, at, records, seq, "the last record (offset " + at
                            + ") fails its checksum: an interrupted write");
                }
                throw new CorruptDataException(file, at, "record payload checksum mismatch (sequence " + recordSeq + ")");
            }
            if (recordSeq != seq) {
                throw new CorruptDataException(file, at, "record has sequence number " + recordSeq + " where " + seq
                        + " was expected");
            }
            visitor.record(header, recordSeq, payload, at);
            seq++;
            records++;
        }
    }

    private byte[] read(int n) throws IOException {
        byte[] out = new byte[n];
        int done = 0;
        while (done < n) {
            if (!buf.hasRemaining()) {
                bufStart = pos;
                buf.clear();
                if (n - done >= buf.capacity()) { // a large payload: straight into the array
                    ByteBuffer direct = ByteBuffer.wrap(out, done, n - done);
                    while (direct.hasRemaining()) {
                        if (ch.read(direct, pos + (direct.position() - done)) < 0) {
                            throw new IOException("unexpected end of " + file);
                        }
                    }
                    pos += n - done;
                    buf.limit(0);
                    return out;
                }
                int r = ch.read(buf, pos);
                buf.flip();
                if (r <= 0) {
                    throw new IOException("unexpected end of " + file);
                }
            }
            int take = Math.min(n - done, buf.remaining());
            buf.get(out, done, take);
            done += take;
            pos += take;
        }
        return out;
    }

    private boolean restIsZero() throws IOException {
        while (pos < size) {
            byte[] chunk = read((int) Math.min(8192, size - pos));
            if (!allZero(chunk)) {
                return false;
            }
        }
        return true;
    }

    private static boolean allZero(byte[] b) {
        for (byte x : b) {
            if (x != 0) {
                return false;
            }
        }
        return true;
    }
}
