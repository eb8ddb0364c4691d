package io.quiver.service.snapshot;

import io.quiver.catalog.Catalog;
import io.quiver.client.ShardClient;
import io.quiver.error.ErrorCode;
import io.quiver.error.QuiverException;
import io.quiver.shard.PartCapture;
import io.quiver.shard.VectorOp;
import io.quiver.vector.CollectionConfig;
import io.quiver.vector.PayloadIndexSpec;
import io.quiver.vector.PointId;
import io.quiver.vector.PointVectors;
import io.vertx.core.Future;
import io.vertx.core.Vertx;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.function.Function;
import java.util.stream.IntStream;

/**
 * Qdrant's snapshots over the shards, for one event loop: a collection's snapshot, its recovery,
 * and full snapshots of every collection.
 * <ul>
 *   <li><b>A snapshot is one cut</b>: every shard is locked for one transaction (the scheme of
 *       MULTI/EXEC, {@code shard.ShardTransactions}), each copies its part
 *       ({@link VectorOp.CapturePart}: references, milliseconds), the locks end, and the file
 *       ({@link SnapshotArchive}) is written from the copies on a worker thread while the shards go on.</li>
 *   <li><b>A recovery replaces the collection in one step</b>: the file is read and checked on a
 *       worker; the catalog gives the collection a new epoch; the points are placed by this
 *       server's shard count (a snapshot taken with another count recovers too); then, with every
 *       shard locked for one transaction, each shard replaces its part ({@link VectorOp.RestorePart}),
 *       logged as one record per shard that recovery after a crash applies on all shards or on none.
 *       Graphs are rebuilt by inserting.</li>
 * </ul>
 * Locks need every shard on this node: in cluster mode the transaction refuses them.
 */
public final class CollectionSnapshots {
    private final ShardClient shards;
    private final Catalog catalog;
    private final SnapshotStore store;
    /** Runs {@code body} over services whose operations hold every shard's lock (a transaction). */
    private final Function<Function<CollectionSnapshots, Future<Object>>, Future<Object>> locked;

    public CollectionSnapshots(ShardClient shards, Catalog catalog, SnapshotStore store,
                               Function<Function<CollectionSnapshots, Future<Object>>, Future<Object>> locked) {
        this.shards = shards;
        this.catalog = catalog;
        this.store = store;
        this.locked = locked;
    }

    // ---- a collection's snapshots ----

    public Future<SnapshotStore.Description> create(String name) {
        requireExists(name);
        return captureLocked(List.of(name)).compose(parts -> blocking(() -> {
            try {
                return store.write(store.collectionDir(name), store.newName(name),
                        tar -> SnapshotArchive.writeCollection(tar, "", name, parts.get(0), Instant.now().toString()));
            } finally {
                parts.get(0).forEach(PartCapture::release);
            }
        }));
    }

    public Future<List<SnapshotStore.Description>> list(String name) {
        requireExists(name);
        return blocking(() -> store.list(store.collectionDir(name)));
    }

    /** The file of a collection's snapshot, to be sent; NOT_FOUND when there is none of that name. */
    public Future<Path> file(String name, String snapshot) {
        requireExists(name);
        return blocking(() -> {
            Path p = store.find(store.collectionDir(name), snapshot);
            if (p == null) {
                throw QuiverException.notFound("Snapshot " + snapshot + " not found");
            }
            return p;
        });
    }

    public Future<Boolean> delete(String name, String snapshot) {
        requireExists(name);
        return blocking(() -> {
            if (!store.delete(store.collectionDir(name), snapshot)) {
                throw QuiverException.notFound("Snapshot " + snapshot + " not found");
            }
            return true;
        });
    }

    /**
     * Recovers collection {@code name} (created if absent, replaced if present) from the snapshot at
     * {@code location} ({@link SnapshotStore#fetch}), checked against {@code checksum} when given.
     */
    public Future<Boolean> recover(String name, String location, String checksum, String apiKey) {
        store.collectionDir(name); // the name's check, before any file is read
        SnapshotStore.checkChecksumShape(checksum, "JSON body");
        return blocking(() -> {
            SnapshotStore.Source source = store.fetch(location, apiKey);
            try {
                return read(source.file(), checksum);
            } finally {
                source.done();
            }
        }).compose(contents -> replace(name, contents));
    }

    /** As {@link #recover}, from an uploaded file (deleted afterwards, recovered or not). */
    public Future<Boolean> recoverUploaded(String name, Path upload, String checksum) {
        store.collectionDir(name);
        return blocking(() -> {
            try {
                return read(upload, checksum);
            } finally {
                Files.deleteIfExists(upload);
            }
        }).compose(contents -> replace(name, contents));
    }

    /** Renames an upload so that nothing else deletes it: it is this recovery's now (and deleted by it). */
    public Future<Path> takeOver(Path upload) {
        return blocking(() -> {
            Path mine = upload.resolveSibling(upload.getFileName() + ".recovering");
            Files.move(upload, mine);
            return mine;
        });
    }

    /** Where uploads are received: inside the snapshots directory. */
    public Path uploadsDir() {
        try {
            return store.uploadsDir();
        } catch (IOException e) {
            throw new QuiverException(ErrorCode.INTERNAL, "cannot create the snapshots directory: " + e.getMessage());
        }
    }

    private static SnapshotArchive.Contents read(Path file, String checksum) throws IOException {
        SnapshotStore.verify(file, checksum);
        try (InputStream in = new java.io.BufferedInputStream(Files.newInputStream(file), 1 << 16)) {
            return SnapshotArchive.readCollection(in);
        }
    }

    private Future<Boolean> replace(String name, SnapshotArchive.Contents c) {
        // strict mode and metadata come with the snapshot; aliases are names of this server's, so the
        // collection keeps the ones it had (none when it is new), as Qdrant keeps its alias table apart
        CollectionConfig existing = catalog.get(name);
        CollectionConfig renamed = c.config().withName(name).withEpoch(0);
        CollectionConfig wanted = renamed.withSettings(renamed.settings().withAliases(
                existing == null ? List.of() : existing.settings().aliases()));
        Future<?> removed = existing == null ? Future.succeededFuture() : catalog.remove(name);
        return removed.compose(x -> catalog.claim(wanted)).compose(claim -> {
            if (!claim.created()) {
                return Future.failedFuture(new QuiverException(ErrorCode.CONFLICT, "Collection `" + name
                        + "` was created again while its snapshot was being recovered"));
            }
            VectorOp.RestorePart[] ops = placeOnShards(claim.config(), c);
            return locked.apply(s -> s.restoreParts(ops).map(v -> (Object) v)).map(v -> true);
        });
    }

    /** Each shard's part of the recovered points: this server's shard count decides where each goes. */
    private VectorOp.RestorePart[] placeOnShards(CollectionConfig config, SnapshotArchive.Contents c) {
        int n = shards.shardCount();
        List<List<Integer>> at = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            at.add(new ArrayList<>());
        }
        for (int i = 0; i < c.ids().size(); i++) {
            at.get(shards.shardOf(c.ids().get(i).bytes())).add(i);
        }
        PayloadIndexSpec[] indexes = c.indexes().toArray(new PayloadIndexSpec[0]);
        VectorOp.RestorePart[] out = new VectorOp.RestorePart[n];
        for (int s = 0; s < n; s++) {
            List<Integer> mine = at.get(s);
            VectorOp<Long> points = null;
            if (!mine.isEmpty()) {
                PointId[] ids = new PointId[mine.size()];
                String[] payloads = new String[mine.size()];
                for (int k = 0; k < ids.length; k++) {
                    ids[k] = c.ids().get(mine.get(k));
                    payloads[k] = c.payloads().get(mine.get(k));
                }
                if (c.stored()) {
                    PointVectors[] v = new PointVectors[ids.length];
                    for (int k = 0; k < ids.length; k++) {
                        v[k] = c.pointVectors().get(mine.get(k));
                    }
                    points = new VectorOp.PutStored(config.name(), ids, v, payloads);
                } else {
                    float[][] v = new float[ids.length][];
                    float[] norms = new float[ids.length];
                    for (int k = 0; k < ids.length; k++) {
                        v[k] = c.vectors().get(mine.get(k));
                        norms[k] = c.norms().get(mine.get(k));
                    }
                    points = new VectorOp.PutPrepared(config.name(), ids, v, norms, payloads);
                }
            }
            out[s] = new VectorOp.RestorePart(config, points, indexes);
        }
        return out;
    }

    // ---- full snapshots: every collection, one cut ----

    public Future<SnapshotStore.Description> createFull() {
        List<String> names = catalog.names();
        return captureLocked(names).compose(parts -> blocking(() -> {
            try {
                String created = Instant.now().toString();
                return store.write(store.root(), store.newName("full-snapshot"), tar -> {
                    SnapshotArchive.writeFullManifest(tar, names, created);
                    for (int i = 0; i < names.size(); i++) {
                        SnapshotArchive.writeCollection(tar, "collections/" + i + "/", names.get(i), parts.get(i), created);
                    }
                });
            } finally {
                parts.forEach(p -> p.forEach(PartCapture::release));
            }
        }));
    }

    public Future<List<SnapshotStore.Description>> listFull() {
        return blocking(() -> store.list(store.root()));
    }

    public Future<Path> fullFile(String snapshot) {
        return blocking(() -> {
            Path p = store.find(store.root(), snapshot);
            if (p == null) {
                throw QuiverException.notFound("Full storage snapshot " + snapshot + " not found");
            }
            return p;
        });
    }

    public Future<Boolean> deleteFull(String snapshot) {
        return blocking(() -> {
            if (!store.delete(store.root(), snapshot)) {
                throw QuiverException.notFound("Full storage snapshot " + snapshot + " not found");
            }
            return true;
        });
    }

    // ---- the steps that run inside the locks (over a transaction's shard client) ----

    /** Every shard's part of each collection, captured with every shard locked: one cut of all of them. */
    @SuppressWarnings("unchecked")
    private Future<List<List<PartCapture>>> captureLocked(List<String> names) {
        return locked.apply(s -> s.captureParts(names).map(v -> (Object) v)).map(v -> (List<List<PartCapture>>) v);
    }

    private Future<List<List<PartCapture>>> captureParts(List<String> names) {
        List<Future<List<PartCapture>>> each = new ArrayList<>();
        for (String name : names) {
            each.add(shards.broadcast(new VectorOp.CapturePart(name)));
        }
        return Future.all(each).map(all -> {
            List<List<PartCapture>> out = new ArrayList<>();
            for (int i = 0; i < each.size(); i++) {
                out.add(all.resultAt(i));
            }
            return out;
        });
    }

    private Future<List<Long>> restoreParts(VectorOp.RestorePart[] ops) {
        return shards.scatter(IntStream.range(0, ops.length).toArray(), s -> ops[s]);
    }

    private void requireExists(String name) {
        if (catalog.get(name) == null) {
            throw QuiverException.notFound("Collection `" + name + "` doesn't exist!");
        }
    }

    private static <T> Future<T> blocking(Callable<T> work) {
        return Vertx.currentContext().owner().executeBlocking(work, false);
    }
}
