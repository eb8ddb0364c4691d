package io.quiver.app;

import io.quiver.config.ConfigKeys;
import io.quiver.config.QuiverConfig;
import io.quiver.shard.KeyHash;
import io.quiver.shard.KvOp;
import io.quiver.shard.ShardAddress;
import io.quiver.shard.ShardBatch;
import io.quiver.shard.ShardFailure;
import io.quiver.shard.ShardLoad;
import io.quiver.shard.ShardOp;
import io.quiver.shard.ShardResults;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Loads a key-value file at start: one pair per line, the key, one space or tab, then the value to
 * the end of the line (a trailing CR is dropped). Reads on a thread of its own, sends pairs to their
 * shards in batches over the event bus (a bounded number in flight), logs progress every two
 * seconds, reports the first ten malformed lines by number and counts the rest, and goes on.
 */
final class BulkLoader {
    private static final Logger log = LoggerFactory.getLogger(BulkLoader.class);
    static final int BATCH_PAIRS = 1000;
    private static final long PROGRESS_EVERY_NANOS = TimeUnit.SECONDS.toNanos(2);
    private static final int MALFORMED_SHOWN = 10;

    private final Vertx vertx;
    private final ShardLoad load;
    private final Path file;
    private final int shardCount;
    private final long maxKey;
    private final long maxValue;
    private final Semaphore inFlight;
    private final AtomicReference<Throwable> shardError = new AtomicReference<>();
    private final List<List<byte[]>> batchKeys = new ArrayList<>();
    private final List<List<byte[]>> batchValues = new ArrayList<>();
    private final DeliveryOptions delivery = new DeliveryOptions().setLocalOnly(true).setSendTimeout(120_000);

    long lines;
    long loaded;
    long malformed;

    BulkLoader(Vertx vertx, QuiverConfig config, ShardLoad load, Path file) {
        this.vertx = vertx;
        this.load = load;
        this.file = file;
        this.shardCount = config.shardCount();
        this.maxKey = config.get(ConfigKeys.MAX_KEY_SIZE);
        this.maxValue = config.get(ConfigKeys.MAX_VALUE_SIZE);
        this.inFlight = new Semaphore(Math.max(4, 2 * shardCount));
        for (int i = 0; i < shardCount; i++) {
            batchKeys.add(new ArrayList<>());
            batchValues.add(new ArrayList<>());
        }
    }

    static Future<Void> loadIfConfigured(Vertx vertx, QuiverConfig config, ShardLoad load) {
        String name = config.get(ConfigKeys.LOAD);
        if (name.isEmpty()) {
            return Future.succeededFuture();
        }
        Path path = Path.of(name);
        if (!Files.isReadable(path)) {
            return Future.failedFuture(new IOException("load: cannot read " + path.toAbsolutePath()));
        }
        Promise<Void> done = Promise.promise();
        Thread t = new Thread(() -> {
            try {
                new BulkLoader(vertx, config, load, path).run();
                done.complete();
            } catch (Throwable e) {
                done.fail(e);
            }
        }, "quiver-loader");
        t.setDaemon(true);
        t.start();
        return done.future();
    }

    private byte[] line = new byte[4096];
    private int lineLength;
    private boolean lineTooLong;

    void run() throws IOException, InterruptedException {
        long size = Files.size(file);
        long start = System.nanoTime(), lastLog = start;
        log.info("loading {} ({} bytes) into {} shards", file, size, shardCount);
        byte[] chunk = new byte[1 << 20];
        long bytesRead = 0;
        try (InputStream in = Files.newInputStream(file)) {
            int n;
            while ((n = in.read(chunk)) > 0) {
                bytesRead += n;
                for (int p = 0; p < n; ) {
                    int nl = indexOfNewline(chunk, p, n);
                    appendToLine(chunk, p, nl < 0 ? n : nl);
                    if (nl < 0) {
                        break;
                    }
                    endLine();
                    p = nl + 1;
                }
                long now = System.nanoTime();
                if (now - lastLog >= PROGRESS_EVERY_NANOS) {
                    progress(bytesRead, size, start, now);
                    lastLog = now;
                }
            }
        }
        if (lineLength > 0 || lineTooLong) {
            endLine(); // a last line without a newline
        }
        for (int s = 0; s < shardCount; s++) {
            sendBatch(s);
        }
        inFlight.acquire(Math.max(4, 2 * shardCount)); // every batch answered
        if (shardError.get() != null) {
            throw new IOException("load failed in a shard: " + shardError.get().getMessage(), shardError.get());
        }
        double secs = (System.nanoTime() - start) / 1e9;
        if (malformed > MALFORMED_SHOWN) {
            log.warn("load: {} malformed lines in all ({} shown above)", malformed, MALFORMED_SHOWN);
        }
        log.info("loaded {}: {} pairs from {} lines in {} s ({} lines/s), {} malformed lines skipped",
                file.getFileName(), loaded, lines, String.format("%.1f", secs), Math.round(lines / Math.max(secs, 1e-9)), malformed);
    }

    private static int indexOfNewline(byte[] b, int from, int to) {
        for (int i = from; i < to; i++) {
            if (b[i] == '\n') {
                return i;
            }
        }
        return -1;
    }

    /** Adds bytes to the current line, remembering (not storing) a line over the longest legal one. */
    private void appendToLine(byte[] b, int from, int to) {
        int n = to - from;
        long lineLimit = maxKey + 1 + maxValue + 1; // + 1 for a trailing CR
        if (lineTooLong || lineLength + (long) n > lineLimit) {
            lineTooLong = true;
            return;
        }
        if (lineLength + n > line.length) {
            line = Arrays.copyOf(line, (int) Math.min(lineLimit, Math.max((long) line.length * 2, lineLength + n)));
        }
        System.arraycopy(b, from, line, lineLength, n);
        lineLength += n;
    }

    private void endLine() throws InterruptedException {
        lines++;
        if (lineTooLong) {
            malformed("line is longer than max-key-size + 1 + max-value-size");
        } else {
            accept(line, lineLength > 0 && line[lineLength - 1] == '\r' ? lineLength - 1 : lineLength);
        }
        lineLength = 0;
        lineTooLong = false;
    }

    private void accept(byte[] line, int len) throws InterruptedException {
        if (len == 0) {
            malformed("empty line");
            return;
        }
        int sep = -1;
        for (int i = 0; i < len; i++) {
            if (line[i] == ' ' || line[i] == '\t') {
                sep = i;
                break;
            }
        }
        if (sep < 0) {
            malformed("no space or tab between key and value");
            return;
        }
        if (sep == 0) {
            malformed("empty key (line starts with a space or tab)");
            return;
        }
        if (sep > maxKey) {
            malformed("key is longer than max-key-size (" + maxKey + " bytes)");
            return;
        }
        if (len - sep - 1 > maxValue) {
            malformed("value is longer than max-value-size (" + maxValue + " bytes)");
            return;
        }
        byte[] key = Arrays.copyOfRange(line, 0, sep);
        byte[] value = Arrays.copyOfRange(line, sep + 1, len);
        int shard = KeyHash.shardOf(key, shardCount);
        batchKeys.get(shard).add(key);
        batchValues.get(shard).add(value);
        loaded++;
        if (batchKeys.get(shard).size() >= BATCH_PAIRS) {
            sendBatch(shard);
        }
    }

    private void sendBatch(int shard) throws InterruptedException {
        List<byte[]> keys = batchKeys.get(shard);
        if (keys.isEmpty()) {
            return;
        }
        ShardOp op = new KvOp.MultiSet(keys.toArray(new byte[0][]), batchValues.get(shard).toArray(new byte[0][]));
        keys.clear();
        batchValues.get(shard).clear();
        inFlight.acquire();
        load.sent(shard, 1); // counted in the shard's queue, never refused: the loader bounds itself
        vertx.eventBus().<ShardResults>request(ShardAddress.of(shard), new ShardBatch(new ShardOp[]{op}), delivery)
                .onComplete(ar -> {
                    if (ar.failed()) {
                        shardError.compareAndSet(null, ar.cause());
                    } else if (ar.result().body().results()[0] instanceof ShardFailure f) {
                        shardError.compareAndSet(null, f.toException());
                    }
                    inFlight.release();
                });
    }

    private void malformed(String why) {
        malformed++;
        if (malformed <= MALFORMED_SHOWN) {
            log.warn("load: {} line {} is malformed: {}", file.getFileName(), lines, why);
        }
    }

    private void progress(long read, long size, long start, long now) {
        double secs = (now - start) / 1e9;
        double rate = lines / secs;
        double fraction = size == 0 ? 1 : (double) read / size;
        double eta = fraction > 0 ? secs / fraction - secs : 0;
        log.info("loading {}: {} lines, {}%, {} lines/s, ETA {} s, {} malformed",
                file.getFileName(), lines, String.format("%.1f", 100 * fraction), Math.round(rate),
                Math.round(eta), malformed);
    }
}
