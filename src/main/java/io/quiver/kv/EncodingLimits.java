package io.quiver.kv;

/**
 * Where a hash or a list leaves its compact form (one encoded array in its entry: {@link HashValue},
 * {@link ListValue}) for its large one ({@link LargeHash}, {@link LargeList}): Redis's
 * {@code hash-max-listpack-entries} / {@code hash-max-listpack-value} for hashes, and its default
 * {@code list-max-listpack-size} (-2: one 8 KiB node) for lists. One object is shared by every store
 * of a node and changed by CONFIG SET on any thread (volatile), as Redis's server config is global;
 * a change applies from the next write of each hash, and, as in Redis, a large value never goes
 * back to the compact form.
 */
public final class EncodingLimits {
    /** The most a compact list's encoding may hold before it becomes a {@link LargeList}. */
    public static final int LIST_MAX_BYTES = 8192;

    private volatile int hashMaxEntries;
    private volatile int hashMaxValue;

    public EncodingLimits(int hashMaxEntries, int hashMaxValue) {
        this.hashMaxEntries = hashMaxEntries;
        this.hashMaxValue = hashMaxValue;
    }

    /** Redis's defaults (128 fields, 64 bytes): stores made outside a server. */
    public static EncodingLimits defaults() {
        return new EncodingLimits(128, 64);
    }

    public int hashMaxEntries() {
        return hashMaxEntries;
    }

    public int hashMaxValue() {
        return hashMaxValue;
    }

    public void setHashMaxEntries(int n) {
        hashMaxEntries = n;
    }

    public void setHashMaxValue(int n) {
        hashMaxValue = n;
    }

    /** Whether a compact hash with this encoded value (an entry's value bytes from {@code offset}) is past the limits. */
    boolean hashTooBig(byte[] b, int offset) {
        int[] pos = {offset};
        int n = HashValue.varInt(b, pos);
        if (n > hashMaxEntries) {
            return true;
        }
        int max = hashMaxValue;
        for (int i = 0; i < 2 * n; i++) {
            int l = HashValue.varInt(b, pos);
            if (l > max) {
                return true;
            }
            pos[0] += l;
        }
        return false;
    }

    /** Whether a compact list with this encoded value is past the limit. */
    static boolean listTooBig(int encodedLength) {
        return encodedLength > LIST_MAX_BYTES;
    }
}
