package io.quiver.service.ingest;

import io.quiver.client.ShardClient;
import io.quiver.shard.KvOp;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Loads a key-value file (the {@code load} key, at start): one pair per line, the key, one space or
 * tab, then the value to the end of the line (a trailing CR is dropped). Runs on the caller's
 * thread (one of the ingestion's own), sends pairs to their shards in batches through a
 * {@link ShardFeeder}, logs progress every two seconds, reports the first ten malformed lines by
 * number and counts the rest, and goes on.
 */
final class KeyValueLoad {
    private static final Logger log = LoggerFactory.getLogger(KeyValueLoad.class);
    static final int BATCH_PAIRS = 1000;
    private static final long PROGRESS_EVERY_NANOS = TimeUnit.SECONDS.toNanos(2);
    private static final int MALFORMED_SHOWN = 10;

    private final ShardClient shards;
    private final ShardFeeder feeder;
    private final Path file;
    private final int shardCount;
    private final long maxKey;
    private final long maxValue;
    private final List<List<byte[]>> batchKeys = new ArrayList<>();
    private final List<List<byte[]>> batchValues = new ArrayList<>();

    long lines;
    long loaded;
    long malformed;

    KeyValueLoad(ShardClient shards, long maxKey, long maxValue, Path file) {
        this.shards = shards;
        this.feeder = new ShardFeeder(shards);
        this.file = file;
        this.shardCount = shards.shardCount();
        this.maxKey = maxKey;
        this.maxValue = maxValue;
        for (int i = 0; i < shardCount; i++) {
            batchKeys.add(new ArrayList<>());
            batchValues.add(new ArrayList<>());
        }
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
        feeder.awaitAll();
        Throwable failed = feeder.failure();
        if (failed != null) {
            throw new IOException("load failed in a shard: " + failed.getMessage(), failed);
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
        int shard = shards.shardOf(key);
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
        KvOp.MultiSet op = new KvOp.MultiSet(keys.toArray(new byte[0][]), batchValues.get(shard).toArray(new byte[0][]));
        keys.clear();
        batchValues.get(shard).clear();
        feeder.send(shard, op);
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
