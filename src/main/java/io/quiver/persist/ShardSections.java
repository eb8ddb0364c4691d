package io.quiver.persist;

import io.quiver.kv.KvEntry;
import io.quiver.kv.KvStore;
import io.quiver.shard.Shard;
import io.quiver.shard.ShardImage;

import java.io.EOFException;
import java.io.IOException;

/**
 * What a shard's snapshot holds, section by section: the one place that turns a {@link ShardImage}
 * into sections and sections back into a {@link Shard}. The file's framing is {@link SnapshotFormat}.
 *
 * <pre>
 * Section KV (type 1, version 1): every key-value pair of the shard
 *   count  int64    number of pairs
 *   count times:
 *     length int32  length of the entry
 *     entry         the pair in KvEntry's layout: key length (int32), key, value
 * </pre>
 * The entry is stored as the store keeps it, so loading is one array per pair and no parsing.
 *
 * <p>Vector collections: type 2, one section per collection (see the project notes on how the
 * vector branch plugs in).
 */
public final class ShardSections {
    public static final int END = 0;
    public static final int KV = 1;
    /** Reserved for vector collections: one section per collection. */
    public static final int COLLECTION = 2;

    private ShardSections() {
    }

    /** Writes every section of {@code image}. */
    public static void write(SnapshotWriter w, ShardImage image) throws IOException {
        byte[][] slots = image.kvSlots();
        w.section(KV, 1, out -> {
            out.writeLong(image.kvCount());
            long written = 0;
            for (byte[] e : slots) {
                if (e != null) {
                    out.writeInt(e.length);
                    out.write(e);
                    written++;
                }
            }
            if (written != image.kvCount()) {
                throw new IllegalStateException("image holds " + written + " pairs, its count says " + image.kvCount());
            }
        });
    }

    /** What a load put into the shard. */
    public record Loaded(long keys) {
    }

    /** Loads every section of an open snapshot into {@code shard} (which should be empty). */
    public static Loaded load(SnapshotReader r, Shard shard) throws IOException {
        long keys = 0;
        for (SnapshotReader.Section s; (s = r.next()) != null; ) {
            switch (s.type()) {
                case KV -> keys += loadKv(s, shard.kv());
                default -> throw r.corrupt(s.offset(), "unknown section type " + s.type()
                        + " (written by a newer Quiver?)");
            }
            s.finish();
        }
        return new Loaded(keys);
    }

    private static long loadKv(SnapshotReader.Section s, KvStore kv) throws IOException {
        if (s.version() != 1) {
            throw s.corrupt("key-value section version " + s.version() + " is not readable by this build");
        }
        long count;
        try {
            count = s.body().readLong();
        } catch (EOFException e) {
            throw s.corrupt("missing pair count");
        }
        if (count < 0) {
            throw s.corrupt("negative pair count " + count);
        }
        kv.ensureCapacity(kv.size() + count);
        for (long i = 0; i < count; i++) {
            int len;
            try {
                len = s.body().readInt();
            } catch (EOFException e) {
                throw s.corrupt("the section holds " + i + " pairs, its count says " + count);
            }
            if (len < 4 || len > Integer.MAX_VALUE - 16) {
                throw s.corrupt("pair " + i + " has an impossible length " + len);
            }
            byte[] entry = new byte[len];
            s.readFully(entry);
            if (!KvEntry.isWellFormed(entry)) {
                throw s.corrupt("pair " + i + " has a key length past its end");
            }
            kv.putEntry(entry);
        }
        return count;
    }
}
