package io.quiver.persist;

import io.quiver.shard.codec.BinaryWriter;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.zip.CRC32C;

/**
 * The append log's file format, written by {@link AppendLog} and read by {@link LogReader}.
 * All integers are big-endian.
 *
 * <pre>
 * File header, 32 bytes:
 *   0   8  magic "QUIVRLOG"
 *   8   4  log format version (1)
 *  12   4  op codec version of every record payload in the file ({@code ShardOpCodec.VERSION})
 *  16   8  first sequence number: the sequence number of the file's first record
 *  24   4  index of the shard that wrote it (informational: files never depend on the shard count)
 *  28   4  CRC32C of bytes 0..27
 *
 * Then records, back to back, each a 20-byte header and a payload:
 *   0   4  payload length n (at least 1)
 *   4   8  sequence number: the file's first sequence number for the first record, then +1 each
 *  12   4  CRC32C of bytes 0..11: a torn or flipped length is caught before it is trusted
 *  16   4  CRC32C of the payload
 *  20   n  payload: one ShardOp in the binary codec ({@code ShardOpCodec}), a change the shard made
 * </pre>
 *
 * <p>A crash can leave the last record incomplete (a "torn tail"): too few bytes for its header or
 * payload, a zero-filled tail, or a last record whose payload checksum fails. Recovery truncates it
 * and goes on: under {@code appendfsync always} such a record was never acknowledged. A record that
 * fails its checksum with more data after it is corruption, and stops the start.
 *
 * <p>Files are named {@code log-<first sequence number, 20 digits>.qlog}, so their names sort in
 * sequence order. A snapshot records the last sequence number it holds; logs wholly below it are
 * deleted once the snapshot is on disk, and replay skips records at or below it.
 */
public final class LogFormat {
    public static final byte[] MAGIC = "QUIVRLOG".getBytes(StandardCharsets.US_ASCII);
    public static final int VERSION = 1;
    public static final int FILE_HEADER = 32;
    public static final int RECORD_HEADER = 20;
    /** Largest payload accepted on reading: far above any legal op, well below what would exhaust memory. */
    public static final int MAX_PAYLOAD = Integer.MAX_VALUE - 64;
    static final String PREFIX = "log-", SUFFIX = ".qlog";

    private static final VarHandle INT = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.BIG_ENDIAN);
    private static final VarHandle LONG = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.BIG_ENDIAN);

    private LogFormat() {
    }

    public static String fileName(long firstSeq) {
        return PREFIX + String.format("%020d", firstSeq) + SUFFIX;
    }

    /** The first sequence number in a log file's name, or -1 when the name is not a log's. */
    public static long firstSeqOf(String fileName) {
        if (!fileName.startsWith(PREFIX) || !fileName.endsWith(SUFFIX)
                || fileName.length() != PREFIX.length() + 20 + SUFFIX.length()) {
            return -1;
        }
        try {
            return Long.parseLong(fileName.substring(PREFIX.length(), PREFIX.length() + 20));
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    /** The 32-byte file header. */
    public static byte[] fileHeader(int codecVersion, long firstSeq, int shard) {
        byte[] h = new byte[FILE_HEADER];
        System.arraycopy(MAGIC, 0, h, 0, 8);
        INT.set(h, 8, VERSION);
        INT.set(h, 12, codecVersion);
        LONG.set(h, 16, firstSeq);
        INT.set(h, 24, shard);
        INT.set(h, 28, crc(h, 0, 28));
        return h;
    }

    /** A parsed file header. */
    public record FileHeader(int version, int codecVersion, long firstSeq, int shard) {
    }

    /** Parses a file header; null when the magic or checksum does not match. */
    static FileHeader parseFileHeader(byte[] h) {
        for (int i = 0; i < 8; i++) {
            if (h[i] != MAGIC[i]) {
                return null;
            }
        }
        if ((int) INT.get(h, 28) != crc(h, 0, 28)) {
            return null;
        }
        return new FileHeader((int) INT.get(h, 8), (int) INT.get(h, 12), (long) LONG.get(h, 16), (int) INT.get(h, 24));
    }

    /** Reserves a record header; write the payload after it, then call {@link #finishRecord}. */
    static int beginRecord(BinaryWriter out) {
        return out.skip(RECORD_HEADER);
    }

    /** Fills in the header of the record that starts at {@code start} and ends at the writer's position. */
    static void finishRecord(BinaryWriter out, int start, long seq) {
        byte[] b = out.array();
        int payloadLength = out.position() - start - RECORD_HEADER;
        INT.set(b, start, payloadLength);
        LONG.set(b, start + 4, seq);
        INT.set(b, start + 12, crc(b, start, 12));
        INT.set(b, start + 16, crc(b, start + RECORD_HEADER, payloadLength));
    }

    static int crc(byte[] b, int off, int len) {
        CRC32C c = new CRC32C();
        c.update(b, off, len);
        return (int) c.getValue();
    }

    static int intAt(byte[] b, int off) {
        return (int) INT.get(b, off);
    }

    static long longAt(byte[] b, int off) {
        return (long) LONG.get(b, off);
    }
}
