package io.quiver.vector;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.BitSet;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Vectors in a memory-mapped file (Qdrant's {@code on_disk: true}): ordinal {@code o} is
 * {@code dimension} native-order floats at byte {@code o × 4 × dimension}, mapped in chunks of a
 * power-of-two number of vectors (about 16 MiB each) as the part grows, so nothing is remapped and
 * a chunk's buffer never changes. The floats are off the heap: the OS pages them in when a
 * rescore or an exact search reads them and may drop them again, so a part's RAM is its codes,
 * graph and ids. Reads copy into the caller's scratch array (the kernels work on arrays).
 *
 * <p>The file is not the durable copy (the log and snapshots are): it is written afresh when a
 * part is restored, and deleted when the part closes. Writes come from the owning shard's thread
 * only; a snapshot's {@link #view} is read on the writer's thread while the shard goes on, which
 * is safe because a stored vector is never overwritten while a view is out (see {@link #pinned}).
 * Reads and writes use absolute bulk copies ({@code FloatBuffer.get/put(index, array, ...)}), which
 * leave the buffers' positions alone, so concurrent readers need no locks. A closed slab's
 * mappings go when the garbage collector frees its buffers (Java has no explicit unmap before
 * its final foreign-memory API); the file is deleted at once.
 */
final class MappedSlab implements VectorSlab {
    private static final long CHUNK_BYTES = 16L << 20;

    private final Path file;
    private final FileChannel channel;
    private final int dimension;
    private final long vectorBytes;
    private final int chunkShift;
    private final int chunkMask;
    private FloatBuffer[] chunks = new FloatBuffer[4];
    private int chunkCount;
    private final BitSet stored = new BitSet();
    private int count;
    private final AtomicInteger pins = new AtomicInteger();
    private boolean closed;

    /**
     * Opens (creating or truncating) {@code file}; with {@code unlink} the name is removed at once,
     * so the file lives only as long as this slab's channel and mappings (nothing is left behind,
     * even by a killed process).
     */
    MappedSlab(Path file, int dimension, boolean unlink) throws IOException {
        this.dimension = dimension;
        this.vectorBytes = 4L * dimension;
        int perChunk = Integer.highestOneBit((int) Math.max(1, Math.min(1 << 20, CHUNK_BYTES / vectorBytes)));
        this.chunkShift = Integer.numberOfTrailingZeros(perChunk);
        this.chunkMask = perChunk - 1;
        this.channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING);
        if (unlink) {
            Files.deleteIfExists(file);
        }
        this.file = unlink ? null : file;
    }

    private int offset(int ord) {
        return (ord & chunkMask) * dimension;
    }

    @Override
    public boolean has(int ord) {
        return stored.get(ord);
    }

    @Override
    public float[] get(int ord) {
        return read(ord, new float[dimension]);
    }

    @Override
    public float[] read(int ord, float[] scratch) {
        chunks[ord >>> chunkShift].get(offset(ord), scratch, 0, dimension);
        return scratch;
    }

    @Override
    public void put(int ord, float[] v) {
        if (closed) {
            throw new IllegalStateException("the vector file is closed");
        }
        int c = ord >>> chunkShift;
        while (chunkCount <= c) {
            mapChunk();
        }
        chunks[c].put(offset(ord), v, 0, dimension);
        if (!stored.get(ord)) {
            stored.set(ord);
            count++;
        }
    }

    private void mapChunk() {
        long size = (chunkMask + 1L) * vectorBytes;
        try {
            // mapping past the end grows the file (sparse: only written pages take disk space)
            FloatBuffer buf = channel.map(FileChannel.MapMode.READ_WRITE, chunkCount * size, size)
                    .order(ByteOrder.nativeOrder()).asFloatBuffer();
            if (chunkCount == chunks.length) {
                chunks = Arrays.copyOf(chunks, chunks.length * 2);
            }
            chunks[chunkCount++] = buf;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot grow the vector file " + (file == null ? "(unlinked)" : file) + ": "
                    + e.getMessage(), e);
        }
    }

    @Override
    public void remove(int ord) {
        if (stored.get(ord)) {
            stored.clear(ord);
            count--;
        }
    }

    @Override
    public StoredVectors view(int upperBound) {
        pins.incrementAndGet();
        FloatBuffer[] bufs = Arrays.copyOf(chunks, chunkCount);
        BitSet has = stored.get(0, upperBound);
        return new StoredVectors() {
            private boolean released;

            public boolean has(int ord) {
                return has.get(ord);
            }

            public float[] get(int ord) {
                return read(ord, new float[dimension]);
            }

            public float[] read(int ord, float[] scratch) {
                bufs[ord >>> chunkShift].get(offset(ord), scratch, 0, dimension);
                return scratch;
            }

            public synchronized void release() {
                if (!released) {
                    released = true;
                    pins.decrementAndGet();
                }
            }
        };
    }

    @Override
    public boolean pinned() {
        return pins.get() > 0;
    }

    @Override
    public long heapBytes() {
        return stored.size() / 8 + 8L * chunks.length + 64;
    }

    @Override
    public long mappedBytes() {
        return count * vectorBytes;
    }

    /** Bytes the file spans (mapped chunks; sparse, so its disk use is what was written). */
    long fileBytes() {
        return chunkCount * (chunkMask + 1L) * vectorBytes;
    }

    /** Deletes the file and closes it; the mappings go with the buffers (views still being read keep theirs). */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        chunks = new FloatBuffer[0];
        chunkCount = 0;
        stored.clear();
        count = 0;
        try {
            if (file != null) {
                Files.deleteIfExists(file);
            }
            channel.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
