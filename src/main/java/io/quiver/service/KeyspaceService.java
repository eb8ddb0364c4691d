package io.quiver.service;

import io.quiver.kv.GlobPattern;
import io.quiver.kv.ScanPage;
import io.quiver.service.vector.VectorService;
import io.vertx.core.Future;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The keyspace as Redis shows it: every key has a type, and vector sets (Quiver's vector
 * collections, the same objects over Qdrant's API) are keys of type {@code vectorset} beside the
 * strings. The commands that work on keys of any type (EXISTS, DEL, TYPE, SCAN, KEYS, DBSIZE) are
 * answered here from both; everything else about strings is {@link KeyValueService}'s.
 * Vector sets live in database 0: in the other databases ({@link #inDb}) every key is a string.
 */
public final class KeyspaceService {
    /** The types a key can have, as TYPE names them. */
    public enum KeyType {
        NONE("none"), STRING("string"), HASH("hash"), LIST("list"), VECTORSET("vectorset");

        private final String wireName;

        KeyType(String wireName) {
            this.wireName = wireName;
        }

        public String wireName() {
            return wireName;
        }

        /** The type of this name, or null for a name Redis knows that Quiver holds none of (list, hash, ...). */
        public static KeyType named(String name) {
            for (KeyType t : values()) {
                if (t != NONE && t.wireName.equalsIgnoreCase(name)) {
                    return t;
                }
            }
            return null;
        }
    }

    private final KeyValueService kv;
    private final VectorService vectors;
    /** Whether this view's database holds the vector sets (database 0). */
    private final boolean holdsVectorSets;
    private final KeyspaceService[] views;

    KeyspaceService(KeyValueService kv, VectorService vectors) {
        this(kv, vectors, new KeyspaceService[kv.databases()]);
        views[0] = this;
    }

    private KeyspaceService(KeyValueService kv, VectorService vectors, KeyspaceService[] views) {
        this.kv = kv;
        this.vectors = vectors;
        this.holdsVectorSets = kv.db() == 0;
        this.views = views;
    }

    /** The keyspace of database {@code db}; throws Redis's error for a number out of range. */
    public KeyspaceService inDb(long db) {
        KeyValueService other = kv.inDb(db);
        KeyspaceService v = views[(int) db];
        if (v == null) {
            v = views[(int) db] = new KeyspaceService(other, vectors, views);
        }
        return v;
    }

    /** The string commands of this keyspace's database. */
    public KeyValueService kv() {
        return kv;
    }

    /** FLUSHDB: this database's keys; in database 0 its vector sets too. */
    public Future<Void> flush() {
        Future<Void> strings = kv.flush();
        return holdsVectorSets ? strings.compose(v -> vectors.dropAll()) : strings;
    }

    private static String name(byte[] key) {
        return new String(key, StandardCharsets.UTF_8);
    }

    /** Whether {@code key} names a vector set. */
    public boolean isVectorSet(byte[] key) {
        return holdsVectorSets && vectors.any() && vectors.exists(name(key));
    }

    /** Refuses a string command on a vector set's name with Redis's WRONGTYPE. */
    public void requireNotVectorSet(byte[] key) {
        if (isVectorSet(key)) {
            throw io.quiver.error.QuiverException.wrongType();
        }
    }

    /** SET over a vector set's name replaces it, as Redis's SET replaces a key of any type: the set is dropped first. */
    public Future<Void> replaceIfVectorSet(byte[] key) {
        return isVectorSet(key) ? vectors.drop(name(key)).mapEmpty() : Future.succeededFuture();
    }

    public Future<KeyType> type(byte[] key) {
        if (isVectorSet(key)) {
            return Future.succeededFuture(KeyType.VECTORSET);
        }
        return kv.typeOf(key).map(t -> t == 0 ? KeyType.NONE : t == 2 ? KeyType.HASH : t == 3 ? KeyType.LIST : KeyType.STRING);
    }

    /** How many of the keys exist, of any type (a key named twice counts twice). */
    public Future<Long> exists(byte[][] keys) {
        long sets = 0;
        for (byte[] k : keys) {
            sets += isVectorSet(k) ? 1 : 0;
        }
        long vectorSets = sets;
        return kv.exists(keys).map(n -> n + vectorSets);
    }

    /** Removes the keys, of any type; how many existed. */
    public Future<Long> delete(byte[][] keys) {
        List<Future<Boolean>> drops = new ArrayList<>();
        for (byte[] k : keys) {
            if (isVectorSet(k)) {
                drops.add(vectors.drop(name(k)));
            }
        }
        Future<Long> strings = kv.delete(keys);
        return Future.all(drops).compose(all -> strings.map(n -> {
            long dropped = 0;
            for (Future<Boolean> d : drops) {
                dropped += d.result() ? 1 : 0;
            }
            return n + dropped;
        }));
    }

    /** Keys of every type. */
    public Future<Long> size() {
        long sets = holdsVectorSets ? vectors.names().size() : 0;
        return kv.keyCount().map(n -> n + sets);
    }

    /**
     * One SCAN step. Vector sets come in the first step (cursor 0), then the strings shard by shard;
     * {@code type} null means every type.
     */
    public Future<ScanPage> scan(long cursor, int count, byte[] pattern, KeyType type) {
        List<byte[]> first = holdsVectorSets && cursor == 0 && (type == null || type == KeyType.VECTORSET)
                ? vectorSetNames(pattern) : List.of();
        if (type == KeyType.VECTORSET) {
            return Future.succeededFuture(new ScanPage(0, first.toArray(new byte[0][])));
        }
        int entryType = switch (type) {
            case STRING -> io.quiver.kv.KvEntry.STRING;
            case HASH -> io.quiver.kv.KvEntry.HASH;
            case LIST -> io.quiver.kv.KvEntry.LIST;
            case null, default -> -1;
        };
        return kv.scan(cursor, count, pattern, entryType).map(page -> {
            if (first.isEmpty()) {
                return page;
            }
            List<byte[]> keys = new ArrayList<>(first);
            keys.addAll(List.of(page.keys()));
            return new ScanPage(page.cursor(), keys.toArray(new byte[0][]));
        });
    }

    /** KEYS: every key of any type matching {@code pattern}. */
    public Future<List<byte[]>> keys(byte[] pattern) {
        List<byte[]> sets = holdsVectorSets ? vectorSetNames(pattern) : List.of();
        return kv.keys(pattern).map(strings -> {
            List<byte[]> out = new ArrayList<>(sets);
            out.addAll(strings);
            return out;
        });
    }

    private List<byte[]> vectorSetNames(byte[] pattern) {
        GlobPattern glob = pattern == null ? null : GlobPattern.of(pattern);
        List<byte[]> out = new ArrayList<>();
        for (String n : vectors.names()) {
            byte[] b = n.getBytes(StandardCharsets.UTF_8);
            if (glob == null || glob.matches(b)) {
                out.add(b);
            }
        }
        return out;
    }
}
