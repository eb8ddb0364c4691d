package io.quiver.service.snapshot;

import io.quiver.shard.PartCapture;
import io.quiver.shard.ShardOp;
import io.quiver.shard.VectorOp;
import io.quiver.shard.codec.BinaryWriter;
import io.quiver.shard.codec.CodecException;
import io.quiver.shard.codec.ShardOpCodec;
import io.quiver.vector.CollectionConfig;
import io.quiver.vector.PayloadIndexSpec;
import io.quiver.vector.PointId;
import io.quiver.vector.PointVectors;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;

import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.CRC32C;

/**
 * A collection snapshot's file: a POSIX tar archive ({@link Tar}) of
 * <pre>
 * quiver-snapshot.json   {"format": "quiver-collection-snapshot", "version": 1, "collection": name,
 *                         "op_codec_version": N, "shards": N, "points": N, "created": ISO time}
 * shard-0.qops           shard 0's part: the operations that rebuild it ({@link PartCapture}:
 * shard-1.qops ...         a creation with the config, its points as stored, its payload indexes)
 * </pre>
 * A {@code .qops} entry is {@code "QOPS"}, the op codec version (int32), then records back to back:
 * length (int32), CRC32C of the op's bytes (int32), the op in {@link ShardOpCodec}'s form. Integers
 * are big-endian. Older op codec versions stay readable (the codec reads every layout it ever wrote).
 *
 * <p>A full snapshot ({@code POST /snapshots}) is the same, one directory per collection:
 * {@code quiver-snapshot.json} ({@code "format": "quiver-full-snapshot", "collections": {"0": name, ...}}),
 * then {@code collections/0/quiver-snapshot.json}, {@code collections/0/shard-0.qops}, ...
 */
final class SnapshotArchive {
    static final String MANIFEST = "quiver-snapshot.json";
    static final String COLLECTION_FORMAT = "quiver-collection-snapshot";
    static final String FULL_FORMAT = "quiver-full-snapshot";
    static final int VERSION = 1;
    private static final byte[] OPS_MAGIC = "QOPS".getBytes(StandardCharsets.US_ASCII);
    private static final int MAX_RECORD = Integer.MAX_VALUE - 64;

    private SnapshotArchive() {
    }

    /** Writes one collection's parts (one per shard, in shard order) under {@code prefix}; returns its point count. */
    static long writeCollection(Tar.Writer tar, String prefix, String name, List<PartCapture> parts, String created)
            throws IOException {
        long points = 0;
        for (PartCapture p : parts) {
            points += countPoints(p);
        }
        JsonObject manifest = new JsonObject().put("format", COLLECTION_FORMAT).put("version", VERSION)
                .put("collection", name).put("op_codec_version", ShardOpCodec.VERSION).put("shards", parts.size())
                .put("points", points).put("created", created);
        try (OutputStream out = tar.entry(prefix + MANIFEST)) {
            out.write(manifest.encodePrettily().getBytes(StandardCharsets.UTF_8));
        }
        for (int i = 0; i < parts.size(); i++) {
            try (DataOutputStream out = new DataOutputStream(new BufferedOutputStream(tar.entry(prefix + "shard-" + i + ".qops"), 1 << 16))) {
                out.write(OPS_MAGIC);
                out.writeInt(ShardOpCodec.VERSION);
                BinaryWriter w = new BinaryWriter(4096);
                CRC32C crc = new CRC32C();
                IOException[] failed = {null};
                parts.get(i).forEachOp(op -> {
                    if (failed[0] != null) {
                        return;
                    }
                    w.reset();
                    ShardOpCodec.encode(op, w);
                    crc.reset();
                    crc.update(w.array(), 0, w.position());
                    try {
                        out.writeInt(w.position());
                        out.writeInt((int) crc.getValue());
                        out.write(w.array(), 0, w.position());
                    } catch (IOException e) {
                        failed[0] = e;
                    }
                });
                if (failed[0] != null) {
                    throw failed[0];
                }
            }
        }
        return points;
    }

    private static long countPoints(PartCapture p) {
        if (p.image() != null) {
            return p.image().liveCount();
        }
        long n = 0;
        if (p.ops() != null) {
            for (VectorOp<?> op : p.ops()) {
                if (op instanceof VectorOp.PutPrepared u) {
                    n += u.ids().length;
                } else if (op instanceof VectorOp.PutStored u) {
                    n += u.ids().length;
                }
            }
        }
        return n;
    }

    static void writeFullManifest(Tar.Writer tar, List<String> names, String created) throws IOException {
        JsonObject collections = new JsonObject();
        for (int i = 0; i < names.size(); i++) {
            collections.put(Integer.toString(i), names.get(i));
        }
        JsonObject manifest = new JsonObject().put("format", FULL_FORMAT).put("version", VERSION)
                .put("collections", collections).put("created", created);
        try (OutputStream out = tar.entry(MANIFEST)) {
            out.write(manifest.encodePrettily().getBytes(StandardCharsets.UTF_8));
        }
    }

    /** What a collection snapshot holds, merged over its shards' parts: ready to be placed on this server's shards. */
    record Contents(CollectionConfig config, List<PointId> ids, List<float[]> vectors, List<Float> norms, List<PointVectors> pointVectors,
                    List<String> payloads, List<PayloadIndexSpec> indexes) {
        boolean stored() {
            return config.schema() != null;
        }
    }

    /** Reads a collection snapshot; throws {@link SnapshotFormatException} when it is not one, or is damaged. */
    static Contents readCollection(InputStream in) throws IOException {
        Tar.Reader tar = new Tar.Reader(in);
        Tar.Entry first = tar.next();
        if (first == null || !first.name().equals(MANIFEST)) {
            throw new SnapshotFormatException("it does not begin with " + MANIFEST
                    + " (Quiver recovers the snapshots it wrote; a Qdrant snapshot's segments are not readable here)");
        }
        JsonObject manifest;
        try {
            manifest = new JsonObject(new String(tar.body().readAllBytes(), StandardCharsets.UTF_8));
        } catch (DecodeException e) {
            throw new SnapshotFormatException(MANIFEST + " is not JSON");
        }
        if (FULL_FORMAT.equals(manifest.getValue("format"))) {
            throw new SnapshotFormatException("it is a full snapshot (POST /snapshots), not a collection's");
        }
        if (!COLLECTION_FORMAT.equals(manifest.getValue("format"))) {
            throw new SnapshotFormatException(MANIFEST + " names format " + manifest.getValue("format")
                    + ", not " + COLLECTION_FORMAT);
        }
        if (!(manifest.getValue("version") instanceof Number v) || v.intValue() != VERSION) {
            throw new SnapshotFormatException("snapshot format version " + manifest.getValue("version")
                    + " is not readable by this build (reads " + VERSION + ")");
        }
        Object shardsField = manifest.getValue("shards");
        int shards = shardsField instanceof Number n ? n.intValue() : -1;
        CollectionConfig config = null;
        List<PointId> ids = new ArrayList<>();
        List<float[]> vectors = new ArrayList<>();
        List<Float> norms = new ArrayList<>();
        List<PointVectors> pointVectors = new ArrayList<>();
        List<String> payloads = new ArrayList<>();
        Map<String, PayloadIndexSpec> indexes = new LinkedHashMap<>();
        int seen = 0;
        for (Tar.Entry e = tar.next(); e != null; e = tar.next()) {
            if (!e.name().matches("shard-\\d+\\.qops")) {
                throw new SnapshotFormatException("unexpected entry " + e.name());
            }
            seen++;
            DataInputStream body = new DataInputStream(new java.io.BufferedInputStream(tar.body(), 1 << 16));
            byte[] magic = new byte[4];
            int codecVersion;
            try {
                body.readFully(magic);
                codecVersion = body.readInt();
            } catch (EOFException ex) {
                throw new SnapshotFormatException(e.name() + " is cut short");
            }
            if (!java.util.Arrays.equals(magic, OPS_MAGIC)) {
                throw new SnapshotFormatException(e.name() + " does not begin with QOPS");
            }
            CRC32C crc = new CRC32C();
            long record = 0;
            while (true) {
                int length;
                try {
                    length = body.readInt();
                } catch (EOFException end) {
                    break;
                }
                record++;
                int sum;
                byte[] b;
                try {
                    sum = body.readInt();
                    if (length < 1 || length > MAX_RECORD) {
                        throw new SnapshotFormatException(e.name() + ": record " + record + " has an impossible length " + length);
                    }
                    b = new byte[length];
                    body.readFully(b);
                } catch (EOFException ex) {
                    throw new SnapshotFormatException(e.name() + ": record " + record + " is cut short");
                }
                crc.reset();
                crc.update(b, 0, b.length);
                if ((int) crc.getValue() != sum) {
                    throw new SnapshotFormatException(e.name() + ": record " + record + " fails its checksum");
                }
                ShardOp<?> op;
                try {
                    op = ShardOpCodec.decode(b, codecVersion);
                } catch (CodecException ex) {
                    throw new SnapshotFormatException(e.name() + ": record " + record + " is unreadable: " + ex.getMessage());
                }
                switch (op) {
                    case VectorOp.CreateCollection c -> {
                        if (config == null) {
                            config = c.config();
                        } else if (!sameCollection(config, c.config())) {
                            throw new SnapshotFormatException(e.name() + " holds another collection's config than the others");
                        }
                    }
                    case VectorOp.PutPrepared u -> {
                        requireConfig(config, e);
                        for (int i = 0; i < u.ids().length; i++) {
                            ids.add(u.ids()[i]);
                            vectors.add(u.vectors()[i]);
                            norms.add(u.norms()[i]);
                            payloads.add(u.payloads()[i]);
                        }
                    }
                    case VectorOp.PutStored u -> {
                        requireConfig(config, e);
                        for (int i = 0; i < u.ids().length; i++) {
                            ids.add(u.ids()[i]);
                            pointVectors.add(u.vectors()[i]);
                            payloads.add(u.payloads()[i]);
                        }
                    }
                    case VectorOp.CreatePayloadIndex ci -> {
                        requireConfig(config, e);
                        indexes.put(ci.spec().field(), ci.spec());
                    }
                    default -> throw new SnapshotFormatException(e.name() + ": record " + record + " is a "
                            + op.getClass().getSimpleName() + ", which no snapshot holds");
                }
            }
        }
        if (shards >= 0 && seen != shards) {
            throw new SnapshotFormatException(MANIFEST + " names " + shards + " shards, the archive holds " + seen);
        }
        if (config == null) {
            throw new SnapshotFormatException("no shard part holds the collection's config");
        }
        if ((config.schema() != null && !vectors.isEmpty()) || (config.schema() == null && !pointVectors.isEmpty())) {
            throw new SnapshotFormatException("its points do not fit the collection's kind of vectors");
        }
        return new Contents(config, ids, vectors, norms, pointVectors, payloads, List.copyOf(indexes.values()));
    }

    private static boolean sameCollection(CollectionConfig a, CollectionConfig b) {
        return a.equals(b);
    }

    private static void requireConfig(CollectionConfig config, Tar.Entry e) {
        if (config == null) {
            throw new SnapshotFormatException(e.name() + " has points before its collection's config");
        }
    }
}
