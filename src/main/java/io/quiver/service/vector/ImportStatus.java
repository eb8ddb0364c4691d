package io.quiver.service.vector;

/**
 * Progress of one import into a collection, written by the importer's thread and read by collection
 * info on any event loop (volatile fields: single writer, many readers).
 */
public final class ImportStatus {
    private final String source;
    private final long startMillis = System.currentTimeMillis();
    private volatile long rows;
    private volatile long bytesRead;
    private volatile long totalBytes = -1;
    private volatile String state = "running";
    private volatile String error;

    public ImportStatus(String source) {
        this.source = source;
    }

    public void progress(long rows, long bytesRead) {
        this.rows = rows;
        this.bytesRead = bytesRead;
    }

    public void totalBytes(long total) {
        this.totalBytes = total;
    }

    public void finished() {
        state = "done";
    }

    public void failed(String message) {
        error = message;
        state = "failed";
    }

    public String source() {
        return source;
    }

    public String state() {
        return state;
    }

    public String error() {
        return error;
    }

    public long rows() {
        return rows;
    }

    /** Percent of the source read, or -1 when its size is unknown. */
    public double percent() {
        long total = totalBytes;
        return total <= 0 ? (state.equals("done") ? 100 : -1) : Math.min(100.0, 100.0 * bytesRead / total);
    }

    public double rowsPerSecond() {
        double secs = Math.max(0.001, (System.currentTimeMillis() - startMillis) / 1000.0);
        return rows / secs;
    }
}
