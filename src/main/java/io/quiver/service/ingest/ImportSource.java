package io.quiver.service.ingest;

import io.quiver.error.QuiverException;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * Where an import reads from: a local file that must lie inside the configured {@code import-dir}
 * (checked after resolving symbolic links, so {@code ..} and links cannot escape it), or an http(s)
 * URL read as a stream (nothing is copied to disk first).
 */
final class ImportSource {
    private static final HttpClient HTTP = HttpClient.newBuilder()
            .followRedirects(HttpClient.Redirect.NORMAL).connectTimeout(Duration.ofSeconds(10)).build();

    final String shown;
    private final Path file;
    private final URI url;

    private ImportSource(String shown, Path file, URI url) {
        this.shown = shown;
        this.file = file;
        this.url = url;
    }

    /** A local path, confined to {@code importDir}; a 400 when it is outside or unreadable. */
    static ImportSource file(String importDir, String path) {
        if (importDir == null || importDir.isEmpty()) {
            throw QuiverException.badRequest("importing local files is disabled: set the configuration key import-dir "
                    + "to the directory imports may read from");
        }
        Path base;
        Path real;
        try {
            base = Path.of(importDir).toRealPath();
            real = base.resolve(path).normalize().toRealPath();
        } catch (IOException | java.nio.file.InvalidPathException e) {
            throw QuiverException.badRequest("cannot read import file '" + path + "' under import-dir: " + e.getMessage());
        }
        if (!real.startsWith(base)) {
            throw QuiverException.badRequest("import path '" + path + "' is outside import-dir");
        }
        if (!Files.isRegularFile(real) || !Files.isReadable(real)) {
            throw QuiverException.badRequest("import path '" + path + "' is not a readable file");
        }
        return new ImportSource(real.toString(), real, null);
    }

    /** An http or https URL. */
    static ImportSource url(String url) {
        URI uri;
        try {
            uri = URI.create(url);
        } catch (IllegalArgumentException e) {
            throw QuiverException.badRequest("malformed import url: " + e.getMessage());
        }
        if (uri.getScheme() == null || !(uri.getScheme().equalsIgnoreCase("http") || uri.getScheme().equalsIgnoreCase("https"))
                || uri.getHost() == null) {
            throw QuiverException.badRequest("an import url must be http:// or https:// with a host, not '" + url + "'");
        }
        return new ImportSource(url, null, uri);
    }

    /** The stream's length when known, else -1. Filled in by {@link #open}. */
    long length = -1;

    /** Opens the stream (blocking: call it on the importer's thread). */
    CountingStream open() throws IOException, InterruptedException {
        if (file != null) {
            length = Files.size(file);
            return new CountingStream(Files.newInputStream(file));
        }
        HttpResponse<InputStream> r = HTTP.send(HttpRequest.newBuilder(url).GET().build(), HttpResponse.BodyHandlers.ofInputStream());
        if (r.statusCode() != 200) {
            r.body().close();
            throw new IOException("GET " + url + " answered HTTP " + r.statusCode());
        }
        length = r.headers().firstValueAsLong("Content-Length").orElse(-1);
        return new CountingStream(r.body());
    }

    /** Counts bytes read, for progress. */
    static final class CountingStream extends FilterInputStream {
        volatile long count;

        CountingStream(InputStream in) {
            super(in);
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            if (b >= 0) {
                count++;
            }
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n = super.read(b, off, len);
            if (n > 0) {
                count += n;
            }
            return n;
        }
    }
}
