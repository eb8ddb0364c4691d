package io.quiver.vector;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

/**
 * Where a shard puts the memory-mapped vector files of its {@code on_disk} collection parts
 * ({@link MappedSlab}). With persistence on: {@code vectors/} in the shard's data directory, one
 * {@code .qvec} file per part, emptied when the shard starts (the files are rebuilt from the
 * snapshot and log, which are the durable copy) and deleted when a part is dropped. With
 * persistence off: a directory under {@code java.io.tmpdir}, each file unlinked as soon as it is
 * opened, so nothing outlives the process. {@link #NONE} refuses {@code on_disk} by name.
 */
public final class VectorFiles {
    /** No directory: an {@code on_disk} collection is refused. */
    public static final VectorFiles NONE = new VectorFiles(null, false);

    private static final AtomicLong SEQ = new AtomicLong();

    private final Path dir;
    private final boolean unlink;

    private VectorFiles(Path dir, boolean unlink) {
        this.dir = dir;
        this.unlink = unlink;
    }

    /** A shard's own directory for its vector files; leftovers of an earlier run are deleted now. */
    public static VectorFiles in(Path dir) {
        if (Files.isDirectory(dir)) {
            try (Stream<Path> s = Files.list(dir)) {
                for (Path p : s.toList()) {
                    if (p.getFileName().toString().endsWith(".qvec")) {
                        Files.delete(p);
                    }
                }
            } catch (IOException e) {
                throw new UncheckedIOException("cannot clear the vector files in " + dir + ": " + e.getMessage(), e);
            }
        }
        return new VectorFiles(dir, false);
    }

    /** For a server without persistence: unlinked files under {@code java.io.tmpdir}. */
    public static VectorFiles temporary() {
        return new VectorFiles(Path.of(System.getProperty("java.io.tmpdir"), "quiver-vectors-" + ProcessHandle.current().pid()), true);
    }

    public boolean available() {
        return dir != null;
    }

    /** The directory (null for {@link #NONE}). */
    public Path directory() {
        return dir;
    }

    /** A new mapped slab for a part labelled {@code label} (its collection's name). */
    VectorSlab open(String label, int dimension) {
        if (dir == null) {
            throw new IllegalArgumentException("on_disk vectors need a directory for their memory-mapped file, and this shard has none");
        }
        String safe = label.replaceAll("[^A-Za-z0-9_-]", "_");
        if (safe.length() > 60) {
            safe = safe.substring(0, 60);
        }
        Path file = dir.resolve(safe + "-" + SEQ.incrementAndGet() + ".qvec");
        try {
            Files.createDirectories(dir);
            return new MappedSlab(file, dimension, unlink);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open the vector file " + file + ": " + e.getMessage(), e);
        }
    }

    /** The slab a part of {@code config} keeps its vectors in: mapped when the config says {@code on_disk}. */
    public VectorSlab slabFor(CollectionConfig config, int dimension, int capacity) {
        if (config.turbo4()) {
            return new TurboSlab(dimension); // 4-bit codes on the heap, whatever on_disk says: an eighth of the floats
        }
        return config.onDiskOf(VectorSchema.UNNAMED) ? open(config.name(), dimension) : VectorSlab.heap(dimension, capacity);
    }
}
