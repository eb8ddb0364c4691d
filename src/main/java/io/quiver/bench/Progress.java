package io.quiver.bench;

import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A progress bar on stderr for the benchmark's long steps (generating data, ground truth, building
 * an index). Thread-safe: worker threads call {@link #add}. On a terminal it redraws one line a few
 * times a second; otherwise (a log file, a test) it prints a line every few seconds. The launcher
 * says which with {@code -Dquiver.progress=tty}.
 *
 * <pre>  ground truth [##########..........]  50%  500/1,000 queries  95/s  ETA 5s</pre>
 */
final class Progress implements AutoCloseable {
    private static final boolean TTY = "tty".equals(System.getProperty("quiver.progress"));
    private static final long INTERVAL_NANOS = (TTY ? 200 : 5000) * 1_000_000L;
    private static final int WIDTH = 20;

    private final String label;
    private final String unit;
    private final long total;
    private final long startNanos = System.nanoTime();
    private final AtomicLong done = new AtomicLong();
    private final AtomicLong lastPrint = new AtomicLong(startNanos);

    private Progress(String label, long total, String unit) {
        this.label = label;
        this.total = Math.max(1, total);
        this.unit = unit;
    }

    static Progress start(String label, long total, String unit) {
        return new Progress(label, total, unit);
    }

    /** Counts {@code n} more units done; prints when the last print is old enough. */
    void add(long n) {
        done.addAndGet(n);
        long now = System.nanoTime();
        long last = lastPrint.get();
        if (now - last >= INTERVAL_NANOS && lastPrint.compareAndSet(last, now)) {
            print(now, false);
        }
    }

    /** Prints the final line: everything done, time taken. */
    @Override
    public void close() {
        print(System.nanoTime(), true);
    }

    private synchronized void print(long now, boolean last) {
        long d = Math.min(done.get(), total);
        double secs = Math.max(1e-9, (now - startNanos) / 1e9);
        double rate = d / secs;
        int filled = (int) (WIDTH * d / total);
        String bar = "#".repeat(filled) + ".".repeat(WIDTH - filled);
        String tail = last ? String.format(Locale.ROOT, "in %.1fs", secs)
                : String.format(Locale.ROOT, "ETA %s", rate > 0 ? Math.round((total - d) / rate) + "s" : "?");
        String line = String.format(Locale.ROOT, "  %s [%s] %3d%%  %,d/%,d %s  %,.0f/s  %s", label, bar, 100 * d / total, d,
                total, unit, rate, tail);
        if (TTY) {
            System.err.print("\r" + line + (last ? "\n" : ""));
        } else {
            System.err.println(line);
        }
        System.err.flush();
    }
}
