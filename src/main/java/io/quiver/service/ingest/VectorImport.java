package io.quiver.service.ingest;

import io.quiver.client.ShardClient;
import io.quiver.error.QuiverException;
import io.quiver.service.vector.ImportStatus;
import io.quiver.service.vector.VectorService;
import io.quiver.shard.VectorOp;
import io.quiver.vector.CollectionConfig;
import io.quiver.vector.Metric;
import io.quiver.vector.PointId;
import io.quiver.vector.io.VectorFormat;
import io.quiver.vector.io.VectorReader;
import io.quiver.vector.io.VectorRow;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * One import of a vector file (.fvecs, .npy, .jsonl) into a collection, on the caller's thread (one
 * of the ingestion's own): reads the source as a stream, checks each row as an upsert is checked
 * ({@link VectorService#checkVector}), groups rows by owning shard and sends them as
 * {@link VectorOp.Upsert}s of {@value #BATCH} points through a {@link ShardFeeder}. Ids are row
 * numbers (from 0) unless the file gives them (jsonl). Progress (rows, rows/s, percent) is logged
 * every two seconds and kept in the {@link ImportStatus} collection info shows.
 *
 * <p>An import stops at the first malformed row; the rows before it stay imported, and the error is
 * in the import status.
 */
final class VectorImport {
    private static final Logger log = LoggerFactory.getLogger(VectorImport.class);
    static final int BATCH = 512;
    private static final long PROGRESS_EVERY_NANOS = TimeUnit.SECONDS.toNanos(2);
    private static final long CREATE_WAIT_SECONDS = 60;

    private final ShardClient shards;
    private final VectorService vectors;
    private final ShardFeeder feeder;
    private final String collection;
    private final Metric createWith;
    private final ImportSource source;
    private final VectorFormat format;
    private final ImportStatus status;
    private final List<List<PointId>> ids = new ArrayList<>();
    private final List<List<float[]>> rows = new ArrayList<>();
    private final List<List<String>> payloads = new ArrayList<>();
    private CollectionConfig config;

    VectorImport(ShardClient shards, VectorService vectors, String collection, Metric createWith, ImportSource source,
                 VectorFormat format, ImportStatus status) {
        this.shards = shards;
        this.vectors = vectors;
        this.feeder = new ShardFeeder(shards);
        this.collection = collection;
        this.createWith = createWith;
        this.source = source;
        this.format = format;
        this.status = status;
        for (int i = 0; i < shards.shardCount(); i++) {
            ids.add(new ArrayList<>());
            rows.add(new ArrayList<>());
            payloads.add(new ArrayList<>());
        }
    }

    long run() throws Exception {
        long start = System.nanoTime(), lastLog = start;
        long count = 0;
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
                add(count, row);
                count++;
                if ((count & 255) == 0) {
                    status.progress(count, in.count);
                    long now = System.nanoTime();
                    if (now - lastLog > PROGRESS_EVERY_NANOS) {
                        lastLog = now;
                        log.info("importing {} into {}: {} rows, {}, {} rows/s", source.shown, collection, count,
                                percent(in.count), Math.round(count / ((now - start) / 1e9)));
                    }
                }
                failIfShardFailed();
            }
            for (int s = 0; s < shards.shardCount(); s++) {
                send(s);
            }
            feeder.awaitAll();
            failIfShardFailed();
            status.progress(count, in.count);
        }
        log.info("imported {} rows from {} into {} in {} s", count, source.shown, collection,
                String.format("%.1f", (System.nanoTime() - start) / 1e9));
        return count;
    }

    private String percent(long read) {
        return source.length > 0 ? String.format("%.1f%%", 100.0 * read / source.length) : read + " bytes";
    }

    /** The target collection's config; created now (size from the file) if absent and allowed. */
    private CollectionConfig collectionFor(int dimension) throws Exception {
        CollectionConfig c;
        if (vectors.exists(collection) || createWith == null) {
            c = vectors.configOf(collection);
        } else {
            c = vectors.ensure(vectors.defaultConfig(collection, dimension, createWith))
                    .toCompletionStage().toCompletableFuture().get(CREATE_WAIT_SECONDS, TimeUnit.SECONDS);
        }
        vectors.recordImport(c, status);
        if (c.dimension() != dimension) {
            throw QuiverException.badRequest("the file's vectors have " + dimension + " dimensions, the collection "
                    + collection + " has " + c.dimension());
        }
        return c;
    }

    private void add(long rowNumber, VectorRow row) throws InterruptedException {
        PointId id;
        try {
            id = row.id() == null ? PointId.of(rowNumber) : row.id() instanceof Long l ? PointId.of(l) : PointId.of((String) row.id());
        } catch (IllegalArgumentException e) {
            throw QuiverException.badRequest("row " + rowNumber + ": " + e.getMessage());
        }
        VectorService.checkVector(config, row.vector(), "row " + rowNumber);
        vectors.checkPayload(row.payload(), "row " + rowNumber);
        int s = shards.shardOf(id.bytes());
        ids.get(s).add(id);
        rows.get(s).add(row.vector());
        payloads.get(s).add(row.payload());
        if (ids.get(s).size() >= BATCH) {
            send(s);
        }
    }

    private void send(int s) throws InterruptedException {
        if (ids.get(s).isEmpty()) {
            return;
        }
        VectorOp.Upsert op = new VectorOp.Upsert(collection, config, ids.get(s).toArray(new PointId[0]),
                rows.get(s).toArray(new float[0][]), payloads.get(s).toArray(new String[0]), false);
        ids.get(s).clear();
        rows.get(s).clear();
        payloads.get(s).clear();
        feeder.send(s, op);
    }

    private void failIfShardFailed() {
        Throwable t = feeder.failure();
        if (t != null) {
            throw t instanceof QuiverException q ? q : new IllegalStateException("a shard failed: " + t.getMessage(), t);
        }
    }
}
