package io.quiver.persist;

import java.nio.charset.StandardCharsets;

/**
 * The snapshot file format, written by {@link SnapshotWriter} and read by {@link SnapshotReader}.
 * All integers are big-endian.
 *
 * <pre>
 * File header, 40 bytes:
 *   0   8  magic "QUIVSNAP"
 *   8   4  snapshot format version (1)
 *  12   4  op codec version of the build that wrote it ({@code ShardOpCodec.VERSION})
 *  16   8  last sequence number: every log record up to it is in this snapshot; replay skips them
 *  24   8  when it was taken, epoch milliseconds
 *  32   4  index of the shard that wrote it (informational: files never depend on the shard count)
 *  36   4  CRC32C of bytes 0..35
 *
 * Then sections, one after another. Each section is a sequence of chunks:
 *   one chunk holding the section header: type (int32), section version (int32)
 *   body chunks, each at most 64 KiB of the section's bytes
 *   an empty chunk: the end of the section
 * The last section has type 0 (END) and no body; the file ends right after it.
 *
 * A chunk: length n (int32) | CRC32C of the n bytes (int32) | n bytes.
 * </pre>
 *
 * <p>Chunks make every byte checked, let a reader stream a section of any size, and let an error
 * name the offset of the damaged chunk. Section types ({@link ShardSections}): 1 key-value pairs;
 * vector collections take 2 (one section per collection). A reader refuses an unknown type rather
 * than skip data it does not understand.
 *
 * <p>Files: {@code snapshot.qsnap} in the shard's directory, replaced atomically (written as
 * {@code snapshot.qsnap.tmp}, fsynced, renamed, directory fsynced).
 */
public final class SnapshotFormat {
    public static final byte[] MAGIC = "QUIVSNAP".getBytes(StandardCharsets.US_ASCII);
    public static final int VERSION = 1;
    public static final int FILE_HEADER = 40;
    public static final int CHUNK_HEADER = 8;
    public static final int MAX_CHUNK = 64 * 1024;
    public static final String FILE_NAME = "snapshot.qsnap";
    public static final String TEMP_NAME = "snapshot.qsnap.tmp";

    private SnapshotFormat() {
    }

    /** A parsed file header. */
    public record Header(int version, int codecVersion, long lastSeq, long createdMillis, int shard) {
    }
}
