package io.quiver.testing;

import io.quiver.cli.RespClient;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.IntSupplier;

/**
 * A client writing to a cluster while it changes: {@code threads} connections, each SETting its own
 * keys ({@code w<thread>:<n>}, cycling over {@code keysPerThread}) one request at a time, each value
 * new ({@code <thread>:<seq>}), and remembering the last value each key was acknowledged with
 * ({@code +OK}). An error reply or a broken connection is retried with the same value (on another
 * node when the connection broke, as a client with several seeds does) until it is acknowledged, so
 * the last acknowledged value of a key is the one it must hold. Every fourth acknowledged write is
 * read back at once through the same connection ({@link #staleReads} lists any that read another value).
 */
public final class AcknowledgedWriter implements AutoCloseable {
    private final List<Thread> threads = new ArrayList<>();
    private final Map<String, String> acknowledged = new ConcurrentHashMap<>();
    private final AtomicLong acks = new AtomicLong();
    private final AtomicLong retries = new AtomicLong();
    private final List<String> errors = new CopyOnWriteArrayList<>();
    private final List<Throwable> failures = new CopyOnWriteArrayList<>();
    private final List<String> staleReads = new CopyOnWriteArrayList<>();
    private final String password;
    private volatile boolean stop;

    /**
     * Starts writing. {@code portFor} gives a thread the RESP port of a node to (re)connect to; it is
     * asked again after a connection breaks. With a {@code password}, each connection sends AUTH first.
     */
    public AcknowledgedWriter(int threadCount, int keysPerThread, String password, java.util.function.IntUnaryOperator portFor) {
        this.password = password;
        for (int t = 0; t < threadCount; t++) {
            int thread = t;
            Thread th = new Thread(() -> write(thread, keysPerThread, () -> portFor.applyAsInt(thread)), "writer-" + t);
            th.setDaemon(true);
            threads.add(th);
            th.start();
        }
    }

    private void write(int thread, int keys, IntSupplier port) {
        RespClient c = null;
        long seq = 0;
        try {
            while (!stop) {
                String key = "w" + thread + ":" + (seq % keys);
                String value = thread + ":" + seq;
                for (int attempt = 0; ; attempt++) {
                    if (attempt > 2000) {
                        throw new AssertionError("SET " + key + " was never acknowledged; last errors " + lastErrors());
                    }
                    try {
                        if (c == null) {
                            c = new RespClient("127.0.0.1", port.getAsInt(), 10_000);
                            if (password != null && !(c.call("AUTH", password) instanceof RespClient.Status)) {
                                throw new AssertionError("AUTH refused");
                            }
                        }
                        Object r = c.call("SET", key, value);
                        if (r instanceof RespClient.Status s && s.text().equals("OK")) {
                            acknowledged.put(key, value);
                            acks.incrementAndGet();
                            readBack(c, key, value);
                            break;
                        }
                        errors.add(String.valueOf(r instanceof RespClient.Error e ? e.text() : r));
                    } catch (IOException e) {
                        errors.add("connection: " + e);
                        closeQuietly(c);
                        c = null;
                    }
                    retries.incrementAndGet();
                    Thread.sleep(5);
                }
                seq++;
            }
        } catch (Throwable e) {
            failures.add(e);
        } finally {
            closeQuietly(c);
        }
    }

    /**
     * Every few writes, the key is read back at once through the same node: after an acknowledged
     * SET no node may answer from an owner that no longer has the key's newest value.
     */
    private void readBack(RespClient c, String key, String value) throws IOException {
        if (acks.get() % 4 != 0) {
            return;
        }
        Object r = c.call("GET", key);
        if (r instanceof RespClient.Error e) {
            errors.add("GET: " + e.text()); // refused (TRYAGAIN, CLUSTERDOWN): no value, so nothing stale
            return;
        }
        String read = r == null ? null : new String((byte[]) r, java.nio.charset.StandardCharsets.UTF_8);
        if (!value.equals(read)) {
            staleReads.add("GET " + key + " right after SET " + value + " read " + read);
        }
    }

    /** Reads that did not see the write acknowledged just before them. */
    public List<String> staleReads() {
        return List.copyOf(staleReads);
    }

    private static void closeQuietly(RespClient c) {
        if (c != null) {
            try {
                c.close();
            } catch (IOException ignored) {
                // going away anyway
            }
        }
    }

    private List<String> lastErrors() {
        int n = errors.size();
        return errors.subList(Math.max(0, n - 5), n);
    }

    /** Writes acknowledged so far. */
    public long acknowledgedWrites() {
        return acks.get();
    }

    /** Writes that had to be sent again (an error reply or a broken connection), and the distinct errors seen. */
    public String retrySummary() {
        return retries.get() + " retries, errors seen: " + new java.util.TreeSet<>(errors.stream()
                .map(e -> e.length() > 120 ? e.substring(0, 120) : e).toList());
    }

    /** Stops writing (each thread finishes its write in flight); returns every key's last acknowledged value. */
    public Map<String, String> stop() throws InterruptedException {
        stop = true;
        for (Thread t : threads) {
            t.join(60_000);
        }
        if (!failures.isEmpty()) {
            throw new AssertionError("a writer failed", failures.get(0));
        }
        return Map.copyOf(acknowledged);
    }

    @Override
    public void close() throws InterruptedException {
        stop = true;
        for (Thread t : threads) {
            t.join(60_000);
        }
    }
}
