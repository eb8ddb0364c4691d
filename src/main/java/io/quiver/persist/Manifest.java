package io.quiver.persist;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The data directory's table of contents: which generation directory is in force and how many
 * shards wrote it. Replacing it (temp, fsync, rename) is the one atomic step of a re-sharding: a
 * crash before it leaves the old generation in force, a crash after it the new one.
 *
 * <pre>
 * # Quiver data directory manifest. Written atomically; do not edit.
 * format 1
 * generation 3
 * shards 4
 * </pre>
 */
public record Manifest(int format, long generation, int shards) {
    public static final String FILE_NAME = "MANIFEST";
    public static final int FORMAT = 1;

    static Manifest read(Path file) throws IOException {
        Integer format = null, shards = null;
        Long generation = null;
        int lineNo = 0;
        for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
            lineNo++;
            line = line.trim();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            String[] kv = line.split("\\s+", 2);
            try {
                switch (kv[0]) {
                    case "format" -> format = Integer.parseInt(kv[1]);
                    case "generation" -> generation = Long.parseLong(kv[1]);
                    case "shards" -> shards = Integer.parseInt(kv[1]);
                    default -> throw new CorruptDataException(file, lineNo, "unknown manifest line '" + line + "'");
                }
            } catch (NumberFormatException | ArrayIndexOutOfBoundsException e) {
                throw new CorruptDataException(file, lineNo, "bad manifest line '" + line + "'");
            }
        }
        if (format == null || generation == null || shards == null || shards < 1) {
            throw new CorruptDataException(file, 0, "the manifest lacks format, generation or shards");
        }
        if (format != FORMAT) {
            throw new CorruptDataException(file, 0, "manifest format " + format + " is not readable by this build");
        }
        return new Manifest(format, generation, shards);
    }

    void write(Path file) throws IOException {
        String text = "# Quiver data directory manifest. Written atomically; do not edit.\n"
                + "format " + format + "\ngeneration " + generation + "\nshards " + shards + "\n";
        AtomicFiles.write(file, text.getBytes(StandardCharsets.UTF_8));
    }
}
