package io.quiver.shard;

import io.quiver.kv.KvStore;

/**
 * One shard's state and the code that applies operations to it. Plain Java with no Vert.x in it:
 * {@link ShardVerticle} feeds it from the event bus on the shard's own context, tests and recovery
 * feed it directly. Not thread-safe by design.
 */
public final class Shard {
    private final int index;
    private final KvStore kv = new KvStore();
    private final ShardCollections collections;
    private long opsExecuted;
    /** Written after each batch, read by metrics on other threads. */
    private volatile long publishedKeys;

    public Shard(int index) {
        this.index = index;
        this.collections = new ShardCollections(index);
    }

    public int index() {
        return index;
    }

    public ShardResults executeBatch(ShardBatch batch) {
        ShardOp[] ops = batch.ops();
        Object[] results = new Object[ops.length];
        for (int i = 0; i < ops.length; i++) {
            try {
                results[i] = execute(ops[i]);
            } catch (RuntimeException e) {
                results[i] = ShardFailure.of(e);
            }
        }
        publishedKeys = kv.size();
        return new ShardResults(results);
    }

    public Object execute(ShardOp op) {
        opsExecuted++;
        return switch (op) {
            case KvOp k -> executeKv(k);
            case VectorOp v -> collections.execute(v);
            case AdminOp a -> executeAdmin(a);
        };
    }

    private Object executeKv(KvOp op) {
        return switch (op) {
            case KvOp.Get g -> kv.getEntry(g.key());
            case KvOp.Set s -> kv.set(s.key(), s.value(), s.condition());
            case KvOp.Delete d -> {
                long n = 0;
                for (byte[] k : d.keys()) {
                    n += kv.delete(k) ? 1 : 0;
                }
                yield n;
            }
            case KvOp.Exists e -> {
                long n = 0;
                for (byte[] k : e.keys()) {
                    n += kv.contains(k) ? 1 : 0;
                }
                yield n;
            }
            case KvOp.MultiGet m -> {
                byte[][] out = new byte[m.keys().length][];
                for (int i = 0; i < out.length; i++) {
                    out[i] = kv.getEntry(m.keys()[i]);
                }
                yield out;
            }
            case KvOp.MultiSet m -> {
                for (int i = 0; i < m.keys().length; i++) {
                    kv.set(m.keys()[i], m.values()[i], io.quiver.kv.SetCondition.ALWAYS);
                }
                yield Boolean.TRUE;
            }
        };
    }

    private Object executeAdmin(AdminOp op) {
        return switch (op) {
            case AdminOp.KeyCount c -> (long) kv.size();
            case AdminOp.FlushAll f -> {
                kv.clear();
                yield Boolean.TRUE;
            }
            case AdminOp.Stats s -> stats();
        };
    }

    public ShardStats stats() {
        return new ShardStats(index, kv.size(), kv.memoryEstimate(), opsExecuted);
    }

    /** The key count as of the last batch; safe to read from any thread. */
    public long publishedKeyCount() {
        return publishedKeys;
    }

    public KvStore kv() {
        return kv;
    }

    /** This shard's part of a vector collection, or null (tests and the in-process benchmark). */
    public io.quiver.vector.VectorCollection collection(String name) {
        return collections.get(name);
    }
}
