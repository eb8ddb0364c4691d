package io.quiver.service.ingest;

import io.quiver.client.ShardClient;
import io.quiver.config.ConfigKeys;
import io.quiver.config.QuiverConfig;
import io.quiver.error.QuiverException;
import io.quiver.service.vector.ImportStatus;
import io.quiver.service.vector.VectorService;
import io.quiver.vector.Metric;
import io.quiver.vector.io.VectorFormat;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Ingestion, one code path for both kinds: a key-value file at start ({@code load}) and vector
 * files into collections (at start, {@code vector-import}, or over HTTP). Each runs on a thread of
 * its own and sends through the server's background shard client, bounded by a {@link ShardFeeder};
 * vector rows are checked by the {@link VectorService}, as upserts are. One per server.
 */
public final class IngestService {
    private static final Logger log = LoggerFactory.getLogger(IngestService.class);

    /** A started import: its live status, and a future that completes with the rows imported. */
    public record Job(ImportStatus status, Future<Long> done) {
    }

    private final ShardClient shards;
    private final VectorService vectors;
    private final String importDir;
    private final boolean urlsAllowed;
    private final long maxKeySize;
    private final long maxValueSize;

    /** @param shards a client that counts but does not refuse (the feeders bound themselves) */
    public IngestService(ShardClient shards, VectorService vectors, QuiverConfig config) {
        this.shards = shards;
        this.vectors = vectors;
        this.importDir = config.get(ConfigKeys.IMPORT_DIR);
        this.urlsAllowed = config.get(ConfigKeys.IMPORT_URLS);
        this.maxKeySize = config.get(ConfigKeys.MAX_KEY_SIZE);
        this.maxValueSize = config.get(ConfigKeys.MAX_VALUE_SIZE);
    }

    /**
     * Loads the key-value file {@code file} (see {@link KeyValueLoad} for its format); an empty name
     * loads nothing.
     */
    public Future<Void> loadKeyValueFile(String file) {
        if (file.isEmpty()) {
            return Future.succeededFuture();
        }
        Path path = Path.of(file);
        if (!Files.isReadable(path)) {
            return Future.failedFuture(new IOException("load: cannot read " + path.toAbsolutePath()));
        }
        return onOwnThread("quiver-loader", () -> {
            new KeyValueLoad(shards, maxKeySize, maxValueSize, path).run();
            return null;
        });
    }

    /**
     * Starts importing. Exactly one of {@code path} and {@code url} is given. With {@code createWith}
     * the collection is created if absent (its dimension from the file); without it, it must exist.
     * Bad sources and formats fail here, before the thread starts.
     */
    public Job startImport(String collection, Metric createWith, String path, String url, String format) {
        if (url != null && !urlsAllowed) {
            throw QuiverException.badRequest("importing from URLs is disabled (configuration key import-urls)");
        }
        ImportSource source = path != null ? ImportSource.file(importDir, path) : ImportSource.url(url);
        VectorFormat fmt;
        try {
            fmt = VectorFormat.of(format, path != null ? path : url);
        } catch (IllegalArgumentException e) {
            throw QuiverException.badRequest(e.getMessage());
        }
        if (createWith == null) {
            vectors.configOf(collection); // NOT_FOUND before anything starts
        }
        ImportStatus status = new ImportStatus(source.shown);
        if (vectors.exists(collection)) {
            vectors.recordImport(vectors.configOf(collection), status);
        }
        Future<Long> done = onOwnThread("quiver-import-" + collection, () -> {
            try {
                long rows = new VectorImport(shards, vectors, collection, createWith, source, fmt, status).run();
                status.finished();
                return rows;
            } catch (Throwable e) {
                String msg = e instanceof QuiverException || e instanceof IOException ? e.getMessage() : e.toString();
                status.failed(msg);
                log.warn("import into {} from {} failed: {}", collection, source.shown, msg);
                throw e instanceof QuiverException q ? q : QuiverException.badRequest("import failed: " + msg);
            }
        });
        return new Job(status, done);
    }

    /**
     * Starts the imports named by the configuration key {@code vector-import}
     * ({@code NAME:DISTANCE:SOURCE}, comma-separated) and completes when all are done.
     */
    public Future<Void> importConfigured(String entries) {
        if (entries == null || entries.isBlank()) {
            return Future.succeededFuture();
        }
        List<Future<Long>> jobs = new ArrayList<>();
        for (String entry : entries.split(",")) {
            String[] parts = entry.trim().split(":", 3);
            if (parts.length != 3) {
                return Future.failedFuture(new IllegalArgumentException("vector-import entry '" + entry
                        + "' is not NAME:DISTANCE:SOURCE"));
            }
            String src = parts[2];
            boolean isUrl = src.startsWith("http://") || src.startsWith("https://");
            try {
                jobs.add(startImport(parts[0], Metric.parse(parts[1]), isUrl ? null : src, isUrl ? src : null, null).done());
            } catch (RuntimeException e) {
                return Future.failedFuture(new IllegalArgumentException("vector-import entry '" + entry + "': " + e.getMessage()));
            }
        }
        return Future.all(jobs).mapEmpty();
    }

    @FunctionalInterface
    private interface Work<T> {
        T run() throws Exception;
    }

    /** Runs blocking work on a daemon thread of its own; its future carries no Vert.x context. */
    private static <T> Future<T> onOwnThread(String name, Work<T> work) {
        Promise<T> done = Promise.promise();
        Thread t = new Thread(() -> {
            try {
                done.complete(work.run());
            } catch (Throwable e) {
                done.fail(e);
            }
        }, name);
        t.setDaemon(true);
        t.start();
        return done.future();
    }
}
