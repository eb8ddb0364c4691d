package io.quiver.service.snapshot;

import io.quiver.error.ErrorCode;
import io.quiver.error.QuiverException;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Pattern;

/**
 * The snapshot files of the whole server (one for every event loop), under the {@code snapshots-dir}
 * ({@code <data-dir>/snapshots} by default), laid out as Qdrant lays them out:
 * <pre>
 * snapshots/
 *   full-snapshot-2026-12-07-10-11-12.snapshot            full snapshots (POST /snapshots)
 *   full-snapshot-2026-12-07-10-11-12.snapshot.checksum   its SHA-256, hex
 *   &lt;collection&gt;/&lt;collection&gt;-&lt;id&gt;-&lt;time&gt;.snapshot        a collection's snapshots
 *   &lt;collection&gt;/&lt;...&gt;.snapshot.checksum
 *   .tmp/                                                 downloads and uploads being checked
 * </pre>
 * A snapshot is written as a hidden temporary file, fsynced, its checksum file written, then renamed
 * into place: a listing never shows a half-written one. Blocking: called on worker threads only.
 */
public final class SnapshotStore {
    private static final DateTimeFormatter NAME_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd-HH-mm-ss", Locale.ROOT);
    private static final DateTimeFormatter CREATION_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss", Locale.ROOT);
    private static final Pattern SHA256 = Pattern.compile("[0-9a-fA-F]{64}");
    static final String SUFFIX = ".snapshot";
    static final String CHECKSUM_SUFFIX = ".checksum";

    private final Path root;
    /** Part of every snapshot name, as Qdrant puts its instance id there: names of two servers never meet. */
    private final long instanceId = ThreadLocalRandom.current().nextLong(1L << 40, 1L << 50);
    private final AtomicLong downloads = new AtomicLong();

    public SnapshotStore(Path root) {
        this.root = root.toAbsolutePath().normalize();
    }

    public Path root() {
        return root;
    }

    /** One snapshot as Qdrant's {@code SnapshotDescription} shows it. */
    public record Description(String name, String creationTime, long size, String checksum) {
    }

    /** The directory of a collection's snapshots; refuses a name that would lead out of it. */
    Path collectionDir(String collection) {
        if (collection.isEmpty() || collection.equals(".") || collection.equals("..") || collection.startsWith(".")
                || collection.contains("/") || collection.contains("\\") || collection.indexOf('\0') >= 0) {
            throw QuiverException.badRequest("Bad request: collection name `" + collection
                    + "` cannot name a snapshot directory (no `/`, `\\`, NUL, or leading `.`)");
        }
        return root.resolve(collection);
    }

    String newName(String prefix) {
        return prefix + "-" + instanceId + "-" + LocalDateTime.now(ZoneOffset.UTC).format(NAME_TIME);
    }

    /** Writes a new snapshot into {@code dir} named {@code base} (plus a counter if taken), from {@code body}. */
    Description write(Path dir, String base, TarBody body) throws IOException {
        Files.createDirectories(dir);
        String name = base + SUFFIX;
        for (int n = 1; Files.exists(dir.resolve(name)); n++) {
            name = base + "-" + n + SUFFIX;
        }
        Path tmp = dir.resolve("." + name + ".tmp-" + System.nanoTime());
        try {
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
                Tar.Writer tar = new Tar.Writer(ch, Instant.now().getEpochSecond());
                body.write(tar);
                tar.finish();
                ch.force(true);
            }
            String checksum = sha256(tmp);
            Path sum = dir.resolve(name + CHECKSUM_SUFFIX);
            Files.writeString(sum, checksum, StandardCharsets.US_ASCII);
            move(tmp, dir.resolve(name));
            fsyncDirectory(dir);
            return describe(dir.resolve(name));
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    /** What {@link #write} runs: the archive's entries. */
    @FunctionalInterface
    interface TarBody {
        void write(Tar.Writer tar) throws IOException;
    }

    /** The snapshots in {@code dir}, oldest first (none when it does not exist). */
    List<Description> list(Path dir) throws IOException {
        List<Description> out = new ArrayList<>();
        if (!Files.isDirectory(dir)) {
            return out;
        }
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, "*" + SUFFIX)) {
            for (Path p : files) {
                if (!p.getFileName().toString().startsWith(".") && Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)) {
                    out.add(describe(p));
                }
            }
        }
        out.sort(java.util.Comparator.comparing(Description::creationTime).thenComparing(Description::name));
        return out;
    }

    /** The snapshot file of that name in {@code dir}, or null: a name is a file name there, nothing else. */
    Path find(Path dir, String name) {
        if (name == null || !name.endsWith(SUFFIX) || name.startsWith(".") || name.contains("/") || name.contains("\\")
                || name.indexOf('\0') >= 0) {
            return null;
        }
        Path p = dir.resolve(name);
        return p.getParent().equals(dir) && Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS) ? p : null;
    }

    boolean delete(Path dir, String name) throws IOException {
        Path p = find(dir, name);
        if (p == null) {
            return false;
        }
        Files.deleteIfExists(dir.resolve(name + CHECKSUM_SUFFIX));
        Files.delete(p);
        fsyncDirectory(dir);
        return true;
    }

    private Description describe(Path p) throws IOException {
        String name = p.getFileName().toString();
        Path sum = p.resolveSibling(name + CHECKSUM_SUFFIX);
        String checksum = Files.isRegularFile(sum) ? Files.readString(sum, StandardCharsets.US_ASCII).trim() : null;
        Instant mtime = Files.getLastModifiedTime(p).toInstant();
        return new Description(name, LocalDateTime.ofInstant(mtime, ZoneOffset.UTC).format(CREATION_TIME), Files.size(p), checksum);
    }

    // ---- recovery: where a snapshot comes from ----

    /** A snapshot file to read, and whether it is a temporary copy (a download) to delete after. */
    record Source(Path file, boolean temporary) {
        void done() throws IOException {
            if (temporary) {
                Files.deleteIfExists(file);
            }
        }
    }

    /**
     * Qdrant's {@code location} of {@code PUT .../snapshots/recover}, with its rules and words: a
     * {@code file://} URI with an absolute path (no host, or {@code localhost}) of an existing file
     * inside the snapshots directory, or an {@code http(s)://} URL on this host (localhost,
     * 127.0.0.0/8, ::1), fetched into {@code .tmp/} (with {@code api-key} when given). Anything else
     * is refused by name.
     */
    Source fetch(String location, String apiKey) throws IOException {
        URI uri;
        try {
            uri = new URI(location);
        } catch (URISyntaxException e) {
            throw QuiverException.badRequest("Bad request: Invalid snapshot URI: " + e.getMessage());
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        switch (scheme) {
            case "file" -> {
                String host = uri.getRawAuthority();
                if (host != null && !host.isEmpty() && !host.equalsIgnoreCase("localhost")) {
                    throw QuiverException.badRequest("Bad request: Invalid snapshot URI, file path must be absolute or on localhost");
                }
                String path = uri.getPath();
                if (path == null || !path.startsWith("/")) {
                    throw QuiverException.badRequest("Bad request: Invalid snapshot URI, file path must be absolute or on localhost");
                }
                Path p = Path.of(path);
                if (!Files.exists(p)) {
                    throw QuiverException.badRequest("Bad request: Snapshot file \"" + path + "\" does not exist");
                }
                Path real = p.toRealPath();
                if (!real.startsWith(root.toRealPath())) {
                    throw new QuiverException(ErrorCode.FORBIDDEN, "Forbidden: Snapshot file path must be inside the snapshots directory ("
                            + root + ")");
                }
                if (!Files.isRegularFile(real)) {
                    throw QuiverException.badRequest("Bad request: Snapshot file \"" + path + "\" is not a file");
                }
                return new Source(real, false);
            }
            case "http", "https" -> {
                String host = uri.getHost();
                if (host == null || !onThisHost(host)) {
                    throw QuiverException.badRequest("Bad request: Quiver recovers snapshots from http(s) URLs on this host only "
                            + "(localhost, 127.0.0.0/8, ::1), not from " + (host == null ? "a URL without a host" : host));
                }
                return new Source(download(uri, apiKey), true);
            }
            default -> throw QuiverException.badRequest("Bad request: Invalid snapshot URI `" + location
                    + "`: Quiver recovers from file:// paths in the snapshots directory and http(s) URLs on this host");
        }
    }

    private static boolean onThisHost(String host) {
        String h = host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
        if (h.equalsIgnoreCase("localhost")) {
            return true;
        }
        if (!h.matches("[0-9.]+") && !h.contains(":")) {
            return false; // a name other than localhost: never resolved, so no DNS answer decides where the server reaches
        }
        try {
            return InetAddress.getByName(h).isLoopbackAddress();
        } catch (UnknownHostException e) {
            return false;
        }
    }

    private Path download(URI uri, String apiKey) throws IOException {
        Path dir = root.resolve(".tmp");
        Files.createDirectories(dir);
        Path target = dir.resolve("download-" + downloads.incrementAndGet() + "-" + System.nanoTime() + SUFFIX);
        HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10))
                .followRedirects(HttpClient.Redirect.NEVER).build();
        HttpRequest.Builder req = HttpRequest.newBuilder(uri).timeout(Duration.ofMinutes(10)).GET();
        if (apiKey != null) {
            req.header("api-key", apiKey);
        }
        try {
            HttpResponse<Path> r = client.send(req.build(), HttpResponse.BodyHandlers.ofFile(target));
            if (r.statusCode() != 200) {
                Files.deleteIfExists(target);
                throw QuiverException.badRequest("Bad request: Failed to download snapshot from " + uri + ": HTTP status "
                        + r.statusCode());
            }
            return target;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            Files.deleteIfExists(target);
            throw new IOException("interrupted while downloading " + uri, e);
        } catch (IOException e) {
            Files.deleteIfExists(target);
            throw QuiverException.badRequest("Bad request: Failed to download snapshot from " + uri + ": " + e);
        } finally {
            client.close();
        }
    }

    /** A file for an upload being received (deleted once recovered or refused). */
    Path uploadsDir() throws IOException {
        Path dir = root.resolve(".tmp");
        Files.createDirectories(dir);
        return dir;
    }

    // ---- checksums ----

    /** Checks a client's {@code checksum} (Qdrant's validation words); null passes. */
    public static void checkChecksumShape(String checksum, String where) {
        if (checksum != null && !SHA256.matcher(checksum).matches()) {
            throw QuiverException.badRequest("Validation error in " + where + ": [checksum: invalid_sha256_hash]");
        }
    }

    static void verify(Path file, String expected) throws IOException {
        if (expected == null) {
            return;
        }
        String actual = sha256(file);
        if (!actual.equalsIgnoreCase(expected)) {
            throw QuiverException.badRequest("Bad request: Snapshot checksum mismatch: expected " + expected.toLowerCase(Locale.ROOT)
                    + ", got " + actual);
        }
    }

    static String sha256(Path file) throws IOException {
        MessageDigest md;
        try {
            md = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        try (InputStream in = Files.newInputStream(file)) {
            byte[] buf = new byte[1 << 16];
            for (int n; (n = in.read(buf)) > 0; ) {
                md.update(buf, 0, n);
            }
        }
        return HexFormat.of().formatHex(md.digest());
    }

    private static void move(Path from, Path to) throws IOException {
        try {
            Files.move(from, to, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(from, to);
        }
    }

    private static void fsyncDirectory(Path dir) {
        try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
            ch.force(true);
        } catch (IOException e) {
            // some file systems cannot fsync a directory; the files themselves are fsynced
        }
    }
}
