package io.quiver.persist;

import java.io.Closeable;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * The data directory's layout, and the lock that keeps two servers out of one directory.
 *
 * <pre>
 * data/
 *   LOCK                        locked (flock) while a server uses the directory
 *   MANIFEST                    generation in force and its shard count ({@link Manifest})
 *   gen-000001/                 one generation: the files of one shard layout
 *     shard-0/
 *       snapshot.qsnap          the latest snapshot ({@link SnapshotFormat}); absent before the first
 *       log-00000000000000000001.qlog   append logs ({@link LogFormat}), named by first sequence number
 *     shard-1/ ...
 * </pre>
 * A new generation is written only when the shard count changes (every key re-distributed); the
 * old one is deleted once the manifest names the new one.
 */
public final class DataDirectory implements Closeable {
    private final Path root;
    private final FileChannel lockChannel;
    private final FileLock lock;

    private DataDirectory(Path root, FileChannel lockChannel, FileLock lock) {
        this.root = root;
        this.lockChannel = lockChannel;
        this.lock = lock;
    }

    /** Creates the directory if needed and locks it; fails if another server holds it. */
    public static DataDirectory open(Path root) throws IOException {
        Files.createDirectories(root);
        FileChannel ch = FileChannel.open(root.resolve("LOCK"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        FileLock lock;
        try {
            lock = ch.tryLock();
        } catch (OverlappingFileLockException e) {
            lock = null;
        }
        if (lock == null) {
            ch.close();
            throw new IOException("data directory " + root.toAbsolutePath() + " is in use by another Quiver server");
        }
        return new DataDirectory(root, ch, lock);
    }

    public Path root() {
        return root;
    }

    /** The manifest, or null in a directory that has none yet. */
    public Manifest readManifest() throws IOException {
        Path f = root.resolve(Manifest.FILE_NAME);
        return Files.exists(f) ? Manifest.read(f) : null;
    }

    public void writeManifest(Manifest m) throws IOException {
        m.write(root.resolve(Manifest.FILE_NAME));
    }

    public Path generationDir(long generation) {
        return root.resolve(String.format("gen-%06d", generation));
    }

    public Path shardDir(long generation, int shard) {
        return generationDir(generation).resolve("shard-" + shard);
    }

    /** Creates a generation's shard directories, durably. */
    public void createGeneration(long generation, int shards) throws IOException {
        Path gen = generationDir(generation);
        deleteTree(gen); // a leftover of a crash before its manifest was written
        Files.createDirectories(gen);
        for (int i = 0; i < shards; i++) {
            Files.createDirectories(shardDir(generation, i));
            AtomicFiles.fsyncDirectory(shardDir(generation, i));
        }
        AtomicFiles.fsyncDirectory(gen);
        AtomicFiles.fsyncDirectory(root);
    }

    /** Deletes every generation directory but {@code keep} (leftovers of an interrupted re-sharding). */
    public void deleteGenerationsExcept(long keep) throws IOException {
        try (Stream<Path> s = Files.list(root)) {
            for (Path p : s.toList()) {
                String name = p.getFileName().toString();
                if (name.startsWith("gen-") && Files.isDirectory(p) && !p.equals(generationDir(keep))) {
                    deleteTree(p);
                }
            }
        }
        AtomicFiles.fsyncDirectory(root);
    }

    static void deleteTree(Path p) throws IOException {
        if (!Files.exists(p)) {
            return;
        }
        try (Stream<Path> s = Files.walk(p)) {
            List<Path> all = s.sorted(Comparator.reverseOrder()).toList();
            for (Path x : all) {
                Files.deleteIfExists(x);
            }
        }
    }

    @Override
    public void close() throws IOException {
        lock.release();
        lockChannel.close();
    }
}
