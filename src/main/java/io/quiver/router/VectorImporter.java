package io.quiver.router;

import io.quiver.config.ConfigKeys;
import io.quiver.config.QuiverConfig;
import io.quiver.error.QuiverException;
import io.quiver.shard.KeyHash;
import io.quiver.shard.ShardAddress;
import io.quiver.shard.ShardBatch;
import io.quiver.shard.ShardFailure;
import io.quiver.shard.ShardOp;
import io.quiver.shard.ShardResults;
import io.quiver.shard.VectorOp;
import io.quiver.vector.CollectionConfig;
import io.quiver.vector.Metric;
import io.quiver.vector.PointId;
import io.quiver.vector.Vectors;
import io.quiver.vector.io.VectorFormat;
import io.quiver.vector.io.VectorReader;
import io.quiver.vector.io.VectorRow;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Loads a vector file (.fvecs, .npy, .jsonl) into a collection, off the event loops: a thread of its
 * own reads the source as a stream, checks each row, groups rows by owning shard and sends them as
 * {@link VectorOp.Upsert}s of {@value #BATCH} points over the event bus, with a bounded number in
 * flight (so a fast file cannot flood slow shards). Ids are row numbers (from 0) unless the file
 * gives them (jsonl). Progress (rows, rows/s, percent) is logged every two seconds and kept in the
 * catalog, where collection info shows it.
 *
 * <p>An import stops at the first malformed row; the rows before it stay imported, and the error is
 * in the import status.
 */
public final class VectorImporter {
    private static final Logger log = LoggerFactory.getLogger(VectorImporter.class);
    static final int BATCH = 512;
    private static final long PROGRESS_EVERY_NANOS = TimeUnit.SECONDS.toNanos(2);

    /** A started import: its live status, and a future that completes with the rows imported. */
    public record Job(ImportStatus status, Future<Long> done) {
    }

    private final Vertx vertx;
    private final VectorCatalog catalog;
    private final VectorLimits limits;
    private final String importDir;
    private final boolean urlsAllowed;
    private final int shardCount;
    private final DeliveryOptions delivery = new DeliveryOptions().setLocalOnly(true).setSendTimeout(300_000);

    public VectorImporter(Vertx vertx, QuiverConfig config, VectorCatalog catalog) {
        this.vertx = vertx;
        this.catalog = catalog;
        this.limits = VectorLimits.of(config);
        this.importDir = config.get(ConfigKeys.IMPORT_DIR);
        this.urlsAllowed = config.get(ConfigKeys.IMPORT_URLS);
        this.shardCount = config.shardCount();
    }

    /**
     * Starts importing. Exactly one of {@code path} and {@code url} is given. With {@code createWith}
     * the collection is created if absent (its dimension from the file); without it, it must exist.
     * Bad sources and formats fail here, before the thread starts.
     */
    public Job start(String collection, Metric createWith, String path, String url, String format) {
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
        if (createWith == null && catalog.get(collection) == null) {
            throw QuiverException.notFound("Collection `" + collection + "` doesn't exist!");
        }
        ImportStatus status = new ImportStatus(source.shown);
        catalog.recordImport(collection, status);
        Promise<Long> done = Promise.promise();
        Thread t = new Thread(() -> {
            try {
                long rows = new Run(collection, createWith, source, fmt, status).run();
                status.finished();
                done.complete(rows);
            } catch (Throwable e) {
                String msg = e instanceof QuiverException || e instanceof IOException ? e.getMessage() : e.toString();
                status.failed(msg);
                log.warn("import into {} from {} failed: {}", collection, source.shown, msg);
                done.fail(e instanceof QuiverException q ? q : QuiverException.badRequest("import failed: " + msg));
            }
        }, "quiver-import-" + collection);
        t.setDaemon(true);
        t.start();
        return new Job(status, done.future());
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
                jobs.add(start(parts[0], Metric.parse(parts[1]), isUrl ? null : src, isUrl ? src : null, null).done());
            } catch (RuntimeException e) {
                return Future.failedFuture(new IllegalArgumentException("vector-import entry '" + entry + "': " + e.getMessage()));
            }
        }
        return Future.all(jobs).mapEmpty();
    }

    /** One import's state, on its own thread. */
    private final class Run {
        private final String collection;
        private final Metric createWith;
        private final ImportSource source;
        private final VectorFormat format;
        private final ImportStatus status;
        private final Semaphore inFlight = new Semaphore(Math.max(4, 2 * shardCount));
        private final AtomicReference<Throwable> shardError = new AtomicReference<>();
        private final List<List<PointId>> ids = new ArrayList<>();
        private final List<List<float[]>> vectors = new ArrayList<>();
        private final List<List<String>> payloads = new ArrayList<>();
        private CollectionConfig config;

        Run(String collection, Metric createWith, ImportSource source, VectorFormat format, ImportStatus status) {
            this.collection = collection;
            this.createWith = createWith;
            this.source = source;
            this.format = format;
            this.status = status;
            for (int i = 0; i < shardCount; i++) {
                ids.add(new ArrayList<>());
                vectors.add(new ArrayList<>());
                payloads.add(new ArrayList<>());
            }
        }

        long run() throws Exception {
            long start = System.nanoTime(), lastLog = start;
            long rows = 0;
            try (ImportSource.CountingStream in = source.open()) {
                status.totalBytes(source.length);
                log.info("importing {} into collection {} ({} bytes)", source.shown, collection,
                        source.length < 0 ? "unknown" : source.length);
                VectorReader reader = format.open(in);
                VectorRow row;
                while ((row = reader.next()) != null) {
                    if (config == null) {
                        config = collectionFor(row.vector().length);
                    }
                    add(rows, row);
                    rows++;
                    if ((rows & 255) == 0) {
                        status.progress(rows, in.count);
                        long now = System.nanoTime();
                        if (now - lastLog > PROGRESS_EVERY_NANOS) {
                            lastLog = now;
                            log.info("importing {} into {}: {} rows, {}, {} rows/s", source.shown, collection, rows,
                                    percent(in.count), Math.round(rows / ((now - start) / 1e9)));
                        }
                    }
                    failIfShardFailed();
                }
                for (int s = 0; s < shardCount; s++) {
                    send(s);
                }
                inFlight.acquire(Math.max(4, 2 * shardCount)); // every batch answered
                failIfShardFailed();
                status.progress(rows, in.count);
            }
            log.info("imported {} rows from {} into {} in {} s", rows, source.shown, collection,
                    String.format("%.1f", (System.nanoTime() - start) / 1e9));
            return rows;
        }

        private String percent(long read) {
            return source.length > 0 ? String.format("%.1f%%", 100.0 * read / source.length) : read + " bytes";
        }

        /** The target collection's config; created now (size from the file) if absent and allowed. */
        private CollectionConfig collectionFor(int dimension) throws Exception {
            CatalogEntry e = catalog.get(collection);
            if (e == null) {
                if (createWith == null) {
                    throw QuiverException.notFound("Collection `" + collection + "` doesn't exist!");
                }
                if (dimension > limits.maxDimension()) {
                    throw QuiverException.badRequest("the file's vectors have " + dimension
                            + " dimensions, more than vector-max-dimension (" + limits.maxDimension() + ")");
                }
                VectorCatalog.Claimed claimed = catalog.getOrCreate(new CollectionConfig(collection, dimension, createWith,
                        limits.defaultIndex(), limits.defaultGraph(), limits.autoThreshold()));
                e = claimed.entry();
                catalog.recordImport(collection, status);
                if (claimed.created()) {
                    for (int s = 0; s < shardCount; s++) {
                        request(s, new VectorOp.CreateCollection(e.config()));
                    }
                }
            }
            if (e.config().dimension() != dimension) {
                throw QuiverException.badRequest("the file's vectors have " + dimension + " dimensions, the collection "
                        + collection + " has " + e.config().dimension());
            }
            return e.config();
        }

        private void add(long rowNumber, VectorRow row) throws Exception {
            PointId id;
            try {
                id = row.id() == null ? PointId.of(rowNumber) : row.id() instanceof Long l ? PointId.of(l) : PointId.of((String) row.id());
                Vectors.check(row.vector(), config.dimension());
                if (config.metric() == Metric.COSINE && Vectors.norm(row.vector()) == 0) {
                    throw new IllegalArgumentException("a zero vector cannot be used with the Cosine metric");
                }
            } catch (IllegalArgumentException e) {
                throw QuiverException.badRequest("row " + rowNumber + ": " + e.getMessage());
            }
            if (row.payload() != null && row.payload().length() > limits.maxPayload()) {
                throw QuiverException.tooLarge("row " + rowNumber + ": payload larger than vector-max-payload");
            }
            int s = KeyHash.shardOf(id.bytes(), shardCount);
            ids.get(s).add(id);
            vectors.get(s).add(row.vector());
            payloads.get(s).add(row.payload());
            if (ids.get(s).size() >= BATCH) {
                send(s);
            }
        }

        private void send(int s) throws InterruptedException {
            if (ids.get(s).isEmpty()) {
                return;
            }
            VectorOp op = new VectorOp.Upsert(collection, config, ids.get(s).toArray(new PointId[0]),
                    vectors.get(s).toArray(new float[0][]), payloads.get(s).toArray(new String[0]), false);
            ids.get(s).clear();
            vectors.get(s).clear();
            payloads.get(s).clear();
            inFlight.acquire();
            vertx.eventBus().<ShardResults>request(ShardAddress.of(s), new ShardBatch(new ShardOp[]{op}), delivery)
                    .onComplete(ar -> {
                        if (ar.failed()) {
                            shardError.compareAndSet(null, ar.cause());
                        } else if (ar.result().body().results()[0] instanceof ShardFailure f) {
                            shardError.compareAndSet(null, f.toException());
                        }
                        inFlight.release();
                    });
        }

        /** Sends one op and waits for its answer (collection creation before the first rows). */
        private void request(int s, ShardOp op) throws Exception {
            var reply = vertx.eventBus().<ShardResults>request(ShardAddress.of(s), new ShardBatch(new ShardOp[]{op}), delivery)
                    .toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
            if (reply.body().results()[0] instanceof ShardFailure f) {
                throw f.toException();
            }
        }

        private void failIfShardFailed() {
            Throwable t = shardError.get();
            if (t != null) {
                throw t instanceof QuiverException q ? q : new IllegalStateException("a shard failed: " + t.getMessage(), t);
            }
        }
    }
}
