package io.quiver.persist;

import java.nio.file.Path;

/**
 * A data file that cannot be trusted: a checksum mismatch, a record out of sequence, an unknown
 * section. Names the file and the byte offset so a person can look at it (and the
 * {@code skip-corrupt-data} key says how to start anyway).
 */
public final class CorruptDataException extends RuntimeException {
    private final Path file;
    private final long offset;

    public CorruptDataException(Path file, long offset, String problem) {
        super(file + " is corrupt at offset " + offset + ": " + problem);
        this.file = file;
        this.offset = offset;
    }

    public Path file() {
        return file;
    }

    public long offset() {
        return offset;
    }
}
