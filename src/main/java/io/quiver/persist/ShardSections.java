package io.quiver.persist;

import io.quiver.kv.KvEntry;
import io.quiver.kv.KvStore;
import io.quiver.shard.Shard;
import io.quiver.shard.ShardImage;
import io.quiver.shard.codec.BinaryReader;
import io.quiver.shard.codec.BinaryWriter;
import io.quiver.shard.codec.CodecException;
import io.quiver.shard.codec.ShardOpCodec;
import io.quiver.vector.CollectionConfig;
import io.quiver.vector.CollectionImage;
import io.quiver.vector.PointId;
import io.quiver.vector.PointsImage;
import io.quiver.vector.StoredPoint;
import io.quiver.vector.VectorCollection;
import io.quiver.vector.VectorKernels;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.BitSet;
import java.util.Map;

/**
 * What a shard's snapshot holds, section by section: the one place that turns a {@link ShardImage}
 * into sections and sections back into a {@link Shard}. The file's framing is {@link SnapshotFormat}.
 * All integers big-endian; "utf" is an int32 byte length then UTF-8 bytes.
 *
 * <pre>
 * Section KV (type 1, version 2): every key-value pair of the shard
 *   count  int64    number of pairs
 *   count times:
 *     length int32  length of the entry
 *     entry         the pair in KvEntry's layout: header (int32: has-expiry bit, type, key length),
 *                   expiry (int64 Unix ms, only with the bit), key, value
 *   (version 1 is the same without expiries: its headers never have the bit, so both read alike;
 *   pairs already expired when the snapshot is loaded are dropped)
 *
 * Section COLLECTION (type 2, version 1): one shard part of one vector collection (versions 2 to 6,
 * and STORED_COLLECTION's 2 to 6, differ only in the config's op-codec layout: 3 and 4, then 5, whose
 * configs end with the collection's quantization, then 6, which adds on_disk after it, then 7, which
 * adds product quantization's compression, then 8 (section version 6), which adds the collection's
 * settings: strict mode, metadata, aliases, then 9 (section version 7), which adds a dense vector's own
 * quantization to the schema, then 10 (section version 8), which adds the turbo4 datatype; an on_disk
 * part's vectors are written here as any other's, and loading writes them into its mapped file)
 *   metadata
 *     config      int32 length, then the op codec's config form (ShardOpCodec.writeConfig: name,
 *                 dimension, metric, index kind, graph parameters, auto threshold, epoch)
 *     upperBound  int32  ordinals handed out: every ordinal below it
 *     live        int32  points
 *     retired     int32  deleted points that are still graph nodes (awaiting jvector's cleanup)
 *   id map: live times, ascending ordinal
 *     ordinal int32, kind u8: 0 = unsigned integer id, int64 follows; 1 = string id, utf follows
 *   vectors: (live + retired) times, ascending ordinal; an ordinal not in the id map is retired
 *     ordinal int32, norm float32 (the length before cosine normalisation), dimension x float32
 *     (as stored: unit length for cosine)
 *   payloads
 *     count int32, then count times: ordinal int32, payload utf (JSON object text)
 *   graph
 *     u8: 0 = no graph (flat, or auto below its threshold); 1 = the jvector graph follows in
 *     jvector's own on-heap format, over exactly the ordinals above (see GraphImage), then
 *     int32 0x51454E44 ("QEND") after it
 *
 *   (version 1's config is the op codec's version-2 form, without the vector schema; version 2's
 *   is version 3's: the schema flag is always 0 here, collections with a schema have section 4)
 *
 * Section DROPPED_COLLECTIONS (type 3, version 1): the highest epoch dropped per collection name
 *   count int32, then count times: name utf, epoch int64
 *   (written only when the shard has any; see VectorOp.DropCollection)
 *
 * Section STORED_COLLECTION (type 4, version 2; version 1 is the same in the op codec's version-3
 * forms, without multivectors): one shard part of a collection with named or
 * sparse vectors (a VectorSchema), as its points; its indexes are rebuilt when loaded
 *   config  int32 length, then the op codec's version-3 config form (with the schema)
 *   count   int32 points
 *   count times: int32 length, then the point in the op codec's forms: id (ShardOpCodec.writeId),
 *           payload (bool presence, utf8), vectors (ShardOpCodec.writePointVectors; dense ones as
 *           stored, unit length for cosine)
 *
 * Section KV_DB (type 5, version 1): the pairs of one database above 0 (SELECT), one section each
 *   db     int32    the database
 *   then as section KV version 2 (count, then the entries)
 *   (written only for databases that hold keys; section KV is always database 0's)
 * </pre>
 * The KV entry is stored as the store keeps it, so loading is one array per pair and no parsing.
 * A collection keeps its ordinals so the saved graph fits the loaded points: the graph is loaded,
 * never rebuilt (only re-sharding rebuilds graphs, see {@link Recovery}).
 */
public final class ShardSections {
    private static final Logger log = LoggerFactory.getLogger(ShardSections.class);

    public static final int END = 0;
    public static final int KV = 1;
    /** One section per collection part. */
    public static final int COLLECTION = 2;
    public static final int DROPPED_COLLECTIONS = 3;
    /** One section per part of a collection with a vector schema. */
    public static final int STORED_COLLECTION = 4;
    public static final int KV_DB = 5;
    /** The payload indexes of one collection part (after its collection section). */
    public static final int PAYLOAD_INDEXES = 8;

    static final int GRAPH_END = 0x51454E44;

    private ShardSections() {
    }

    /** Writes every section of {@code image}; off the shard's thread. */
    public static void write(SnapshotWriter w, ShardImage image) throws IOException {
        w.section(KV, 2, out -> writePairs(out, image.kv()));
        for (ShardImage.DbImage db : image.otherDbs()) {
            w.section(KV_DB, 1, out -> {
                out.writeInt(db.db());
                writePairs(out, db.kv());
            });
        }
        for (CollectionImage c : image.collections()) {
            if (c.stored() != null) {
                w.section(STORED_COLLECTION, 8, out -> writeStoredCollection(out, c));
            } else {
                w.section(COLLECTION, 8, out -> writeCollection(out, c));
            }
            if (!c.payloadIndexes().isEmpty()) {
                w.section(PAYLOAD_INDEXES, 1, out -> {
                    writeUtf(out, c.config().name());
                    out.writeLong(c.config().epoch());
                    BinaryWriter specs = new BinaryWriter(64);
                    specs.varInt(c.payloadIndexes().size());
                    for (io.quiver.vector.PayloadIndexSpec spec : c.payloadIndexes()) {
                        ShardOpCodec.writeIndexSpec(spec, specs);
                    }
                    byte[] b = specs.toByteArray();
                    out.writeInt(b.length);
                    out.write(b);
                });
            }
        }
        if (!image.droppedMarks().isEmpty()) {
            w.section(DROPPED_COLLECTIONS, 1, out -> {
                out.writeInt(image.droppedMarks().size());
                for (Map.Entry<String, Long> e : image.droppedMarks().entrySet()) {
                    writeUtf(out, e.getKey());
                    out.writeLong(e.getValue());
                }
            });
        }
    }

    private static void writeStoredCollection(DataOutputStream out, CollectionImage c) throws IOException {
        BinaryWriter config = new BinaryWriter(64);
        ShardOpCodec.writeConfig(c.config(), config);
        out.writeInt(config.position());
        out.write(config.array(), 0, config.position());
        out.writeInt(c.stored().size());
        BinaryWriter w = new BinaryWriter(256);
        for (StoredPoint p : c.stored()) {
            w.reset();
            ShardOpCodec.writeId(p.id(), w);
            w.bool(p.payload() != null);
            if (p.payload() != null) {
                w.utf8(p.payload());
            }
            ShardOpCodec.writePointVectors(p.vectors(), w);
            out.writeInt(w.position());
            out.write(w.array(), 0, w.position());
        }
    }

    private static VectorCollection loadStoredCollection(SnapshotReader.Section s, VectorKernels kernels,
                                                         io.quiver.vector.VectorFiles files) throws IOException {
        if (s.version() < 1 || s.version() > 8) {
            throw s.corrupt("stored-collection section version " + s.version() + " is not readable by this build");
        }
        int opVersion = switch (s.version()) { // 3: configs end with their quantization; 4: then on_disk; 5: product compression; 6: settings
            case 1 -> 3;
            case 2 -> 4;
            case 3 -> 5;
            case 4 -> 6;
            case 5 -> 7;
            case 6 -> 8;
            case 7 -> 9;
            default -> 10;
        };
        DataInputStream in = s.body();
        try {
            CollectionConfig config = readConfigBlock(s, in, opVersion);
            int count = in.readInt();
            if (count < 0) {
                throw s.corrupt("collection " + config.name() + ": negative point count " + count);
            }
            java.util.List<StoredPoint> points = new java.util.ArrayList<>(count);
            for (int i = 0; i < count; i++) {
                int len = in.readInt();
                if (len < 2 || len > 256 * 1024 * 1024) {
                    throw s.corrupt("collection " + config.name() + ": point " + i + " has an impossible length " + len);
                }
                byte[] b = new byte[len];
                s.readFully(b);
                try {
                    BinaryReader br = new BinaryReader(b);
                    PointId id = ShardOpCodec.readId(br);
                    String payload = br.bool() ? br.utf8() : null;
                    points.add(new StoredPoint(id, payload, ShardOpCodec.readPointVectors(br, opVersion)));
                    br.expectEnd();
                } catch (CodecException e) {
                    throw s.corrupt("collection " + config.name() + ": point " + i + " is unreadable: " + e.getMessage());
                }
            }
            try {
                return VectorCollection.restoreStored(config, kernels, points, files);
            } catch (IllegalArgumentException e) {
                throw s.corrupt("collection " + config.name() + ": a point does not fit the schema: " + e.getMessage());
            }
        } catch (EOFException e) {
            throw s.corrupt("the section ends inside a value");
        }
    }

    private static CollectionConfig readConfigBlock(SnapshotReader.Section s, DataInputStream in, int opVersion) throws IOException {
        int configLength = in.readInt();
        if (configLength < 1 || configLength > 64 * 1024) {
            throw s.corrupt("impossible config length " + configLength);
        }
        byte[] configBytes = new byte[configLength];
        s.readFully(configBytes);
        try {
            BinaryReader br = new BinaryReader(configBytes);
            CollectionConfig config = ShardOpCodec.readConfig(br, opVersion);
            br.expectEnd();
            return config;
        } catch (CodecException e) {
            throw s.corrupt("unreadable collection config: " + e.getMessage());
        }
    }

    /** The pairs, a large hash or list encoded here in the compact layout (the one every build reads). */
    private static void writePairs(DataOutputStream out, io.quiver.kv.KvImage image) throws IOException {
        long count = image.count();
        out.writeLong(count);
        long[] written = {0};
        IOException[] failed = {null};
        image.forEach(e -> {
            if (failed[0] == null) {
                try {
                    out.writeInt(e.length);
                    out.write(e);
                    written[0]++;
                } catch (IOException x) {
                    failed[0] = x;
                }
            }
        });
        if (failed[0] != null) {
            throw failed[0];
        }
        if (written[0] != count) {
            throw new IllegalStateException("image holds " + written[0] + " pairs, its count says " + count);
        }
    }

    private static void writeCollection(DataOutputStream out, CollectionImage c) throws IOException {
        PointsImage p = c.points();
        BinaryWriter config = new BinaryWriter(64);
        ShardOpCodec.writeConfig(c.config(), config);
        out.writeInt(config.position());
        out.write(config.array(), 0, config.position());
        int n = p.upperBound();
        int retired = 0, payloads = 0;
        for (int ord = 0; ord < n; ord++) {
            if (!p.live().get(ord) && p.vectors().has(ord)) {
                retired++;
            }
            if (p.live().get(ord) && p.payloads()[ord] != null) {
                payloads++;
            }
        }
        out.writeInt(n);
        out.writeInt(p.liveCount());
        out.writeInt(retired);
        for (int ord = p.live().nextSetBit(0); ord >= 0 && ord < n; ord = p.live().nextSetBit(ord + 1)) {
            out.writeInt(ord);
            PointId id = p.ids()[ord];
            if (id.isNumber()) {
                out.writeByte(0);
                out.writeLong(id.number());
            } else {
                out.writeByte(1);
                writeUtf(out, id.text());
            }
        }
        ByteBuffer record = ByteBuffer.allocate(8 + 4 * p.dimension());
        float[] scratch = new float[p.dimension()];
        for (int ord = 0; ord < n; ord++) {
            if (!p.vectors().has(ord)) {
                continue;
            }
            float[] v = p.vectors().read(ord, scratch);
            record.clear();
            record.putInt(ord).putFloat(p.norms()[ord]);
            record.asFloatBuffer().put(v);
            out.write(record.array());
        }
        out.writeInt(payloads);
        for (int ord = p.live().nextSetBit(0); ord >= 0 && ord < n; ord = p.live().nextSetBit(ord + 1)) {
            if (p.payloads()[ord] != null) {
                out.writeInt(ord);
                writeUtf(out, p.payloads()[ord]);
            }
        }
        if (c.graph() == null) {
            out.writeByte(0);
        } else {
            out.writeByte(1);
            c.graph().writeTo(out, p);
            out.writeInt(GRAPH_END);
        }
    }

    /**
     * What a load put into the shard.
     *
     * @param graphsLoaded  collection parts whose graph was loaded from the snapshot (not rebuilt)
     * @param graphMillis   time spent loading those graphs
     */
    public record Loaded(long keys, int collections, long points, int graphsLoaded, long graphMillis) {
    }

    /** Loads every section of an open snapshot into {@code shard} (which should be empty). */
    public static Loaded load(SnapshotReader r, Shard shard) throws IOException {
        long keys = 0, points = 0, graphNanos = 0;
        int collections = 0, graphs = 0;
        VectorKernels kernels = VectorKernels.active();
        io.quiver.vector.VectorFiles files = shard.vectorFiles();
        for (SnapshotReader.Section s; (s = r.next()) != null; ) {
            switch (s.type()) {
                case KV -> keys += loadKv(s, shard.kv());
                case KV_DB -> keys += loadDb(s, shard);
                case COLLECTION -> {
                    long t0 = System.nanoTime();
                    VectorCollection c = loadCollection(s, kernels, files);
                    shard.putCollection(c);
                    collections++;
                    points += c.size();
                    if (c.graphLoaded()) {
                        graphs++;
                        graphNanos += System.nanoTime() - t0;
                    }
                    log.info("shard {}: collection {}: {} points and graph ({}) in {} ms", shard.index(),
                            c.config().name(), c.size(), c.graphLoaded() ? "loaded, not rebuilt" : c.hasGraph() ? "built" : "none",
                            (System.nanoTime() - t0) / 1_000_000);
                }
                case STORED_COLLECTION -> {
                    long t0 = System.nanoTime();
                    VectorCollection c = loadStoredCollection(s, kernels, files);
                    shard.putCollection(c);
                    collections++;
                    points += c.size();
                    log.info("shard {}: collection {}: {} points with named/sparse vectors, indexes rebuilt in {} ms",
                            shard.index(), c.config().name(), c.size(), (System.nanoTime() - t0) / 1_000_000);
                }
                case DROPPED_COLLECTIONS -> loadDropped(s, shard);
                case PAYLOAD_INDEXES -> loadPayloadIndexes(s, shard);
                default -> throw r.corrupt(s.offset(), "unknown section type " + s.type()
                        + " (written by a newer Quiver?)");
            }
            s.finish();
        }
        return new Loaded(keys, collections, points, graphs, graphNanos / 1_000_000);
    }

    private static long loadDb(SnapshotReader.Section s, Shard shard) throws IOException {
        if (s.version() != 1) {
            throw s.corrupt("database section version " + s.version() + " is not readable by this build");
        }
        int db;
        try {
            db = s.body().readInt();
        } catch (EOFException e) {
            throw s.corrupt("missing database number");
        }
        if (db < 1 || db >= io.quiver.config.ConfigKeys.MAX_DATABASES) {
            throw s.corrupt("impossible database number " + db);
        }
        return loadPairs(s, shard.kv(db));
    }

    private static long loadKv(SnapshotReader.Section s, KvStore kv) throws IOException {
        if (s.version() != 1 && s.version() != 2) {
            throw s.corrupt("key-value section version " + s.version() + " is not readable by this build");
        }
        return loadPairs(s, kv);
    }

    private static long loadPairs(SnapshotReader.Section s, KvStore kv) throws IOException {
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
            kv.load(entry);
        }
        return count;
    }

    private static VectorCollection loadCollection(SnapshotReader.Section s, VectorKernels kernels,
                                                   io.quiver.vector.VectorFiles files) throws IOException {
        if (s.version() < 1 || s.version() > 8) {
            throw s.corrupt("collection section version " + s.version() + " is not readable by this build");
        }
        DataInputStream in = s.body();
        io.quiver.vector.VectorSlab vectors = null;
        boolean restored = false;
        try {
            CollectionConfig config = readConfigBlock(s, in, switch (s.version()) {
                case 1 -> 2;
                case 2 -> 3;
                case 3 -> 5;
                case 4 -> 6;
                case 5 -> 7;
                case 6 -> 8;
                case 7 -> 9;
                default -> 10;
            });
            if (config.schema() != null) {
                throw s.corrupt("collection " + config.name() + " has a vector schema in a plain collection section");
            }
            String what = "collection " + config.name() + ": ";
            int upperBound = in.readInt(), live = in.readInt(), retired = in.readInt();
            if (upperBound < 0 || live < 0 || retired < 0 || (long) live + retired > upperBound) {
                throw s.corrupt(what + "impossible counts (ordinals " + upperBound + ", live " + live + ", retired " + retired + ")");
            }
            PointId[] ids = new PointId[upperBound];
            BitSet liveBits = new BitSet(upperBound);
            int last = -1;
            for (int i = 0; i < live; i++) {
                int ord = ordinal(s, in, last, upperBound, what);
                last = ord;
                ids[ord] = switch (in.readUnsignedByte()) {
                    case 0 -> PointId.of(in.readLong());
                    case 1 -> new PointId(0, readUtf(s, in));
                    default -> throw s.corrupt(what + "unknown id kind at ordinal " + ord);
                };
                liveBits.set(ord);
            }
            int dim = config.dimension();
            // straight into the part's slab: an on_disk part's vectors go to its mapped file, never all on the heap
            vectors = files.slabFor(config, dim, upperBound);
            float[] norms = new float[upperBound];
            byte[] record = new byte[8 + 4 * dim];
            ByteBuffer rb = ByteBuffer.wrap(record);
            last = -1;
            for (int i = 0; i < live + retired; i++) {
                s.readFully(record);
                int ord = rb.getInt(0);
                if (ord <= last || ord >= upperBound) {
                    throw s.corrupt(what + "vector ordinal " + ord + " out of order or range");
                }
                last = ord;
                norms[ord] = rb.getFloat(4);
                float[] v = new float[dim];
                rb.position(8);
                rb.asFloatBuffer().get(v);
                vectors.put(ord, v);
            }
            for (int ord = liveBits.nextSetBit(0); ord >= 0; ord = liveBits.nextSetBit(ord + 1)) {
                if (!vectors.has(ord)) {
                    throw s.corrupt(what + "point at ordinal " + ord + " has no vector");
                }
            }
            String[] payloads = new String[upperBound];
            int payloadCount = in.readInt();
            if (payloadCount < 0 || payloadCount > live) {
                throw s.corrupt(what + "impossible payload count " + payloadCount);
            }
            last = -1;
            for (int i = 0; i < payloadCount; i++) {
                int ord = ordinal(s, in, last, upperBound, what);
                last = ord;
                if (!liveBits.get(ord)) {
                    throw s.corrupt(what + "payload for ordinal " + ord + ", which is not a point");
                }
                payloads[ord] = readUtf(s, in);
            }
            PointsImage points = new PointsImage(dim, upperBound, ids, vectors, norms, payloads, liveBits, live);
            log.debug("collection {}: {} points read", config.name(), live);
            int graphFlag = in.readUnsignedByte();
            if (graphFlag == 0) {
                VectorCollection c = VectorCollection.restore(config, kernels, points, null, files);
                restored = true;
                return c;
            }
            if (graphFlag != 1) {
                throw s.corrupt(what + "unknown graph flag " + graphFlag);
            }
            SectionGraphReader graph = new SectionGraphReader(in);
            VectorCollection c;
            try {
                c = VectorCollection.restore(config, kernels, points, graph, files);
                restored = true;
            } catch (EOFException e) {
                throw s.corrupt(what + "the section ends inside the graph");
            } catch (IOException | RuntimeException e) {
                throw s.corrupt(what + "the graph cannot be loaded: " + e);
            }
            if (graph.readInt() != GRAPH_END || !graph.atEnd()) {
                c.close();
                throw s.corrupt(what + "the graph does not end where it should");
            }
            if (c.reinsertedAtLoad() > 0) {
                log.warn("{}{} points were missing from the saved graph and were inserted", what, c.reinsertedAtLoad());
            }
            return c;
        } catch (EOFException e) {
            throw s.corrupt("the section ends inside a value");
        } finally {
            if (!restored && vectors != null) {
                vectors.close(); // the part never came to be (a closed part closes its own)
            }
        }
    }

    private static int ordinal(SnapshotReader.Section s, DataInputStream in, int last, int upperBound, String what)
            throws IOException {
        int ord = in.readInt();
        if (ord <= last || ord >= upperBound) {
            throw s.corrupt(what + "ordinal " + ord + " out of order or range");
        }
        return ord;
    }

    private static void loadDropped(SnapshotReader.Section s, Shard shard) throws IOException {
        if (s.version() != 1) {
            throw s.corrupt("dropped-collections section version " + s.version() + " is not readable by this build");
        }
        try {
            int n = s.body().readInt();
            if (n < 0) {
                throw s.corrupt("negative count " + n);
            }
            for (int i = 0; i < n; i++) {
                String name = readUtf(s, s.body());
                shard.markCollectionDropped(name, s.body().readLong());
            }
        } catch (EOFException e) {
            throw s.corrupt("the section ends inside a value");
        }
    }

    private static void loadPayloadIndexes(SnapshotReader.Section s, Shard shard) throws IOException {
        if (s.version() != 1) {
            throw s.corrupt("payload-indexes section version " + s.version() + " is not readable by this build");
        }
        try {
            String name = readUtf(s, s.body());
            long epoch = s.body().readLong();
            int len = s.body().readInt();
            if (len < 1 || len > 64 * 1024 * 1024) {
                throw s.corrupt("impossible length " + len);
            }
            byte[] b = new byte[len];
            s.readFully(b);
            VectorCollection c = shard.collection(name);
            if (c == null || c.config().epoch() != epoch) {
                throw s.corrupt("payload indexes of collection " + name + " (epoch " + epoch + ") without its section before them");
            }
            BinaryReader br = new BinaryReader(b);
            for (int i = br.count(3); i > 0; i--) {
                c.createPayloadIndex(ShardOpCodec.readIndexSpec(br));
            }
            br.expectEnd();
        } catch (CodecException e) {
            throw s.corrupt("payload indexes: " + e.getMessage());
        } catch (EOFException e) {
            throw s.corrupt("the section ends inside a value");
        }
    }

    private static void writeUtf(DataOutputStream out, String text) throws IOException {
        byte[] b = text.getBytes(StandardCharsets.UTF_8);
        out.writeInt(b.length);
        out.write(b);
    }

    private static String readUtf(SnapshotReader.Section s, DataInputStream in) throws IOException {
        int len = in.readInt();
        if (len < 0 || len > 64 * 1024 * 1024) {
            throw s.corrupt("impossible text length " + len);
        }
        byte[] b = new byte[len];
        s.readFully(b);
        return new String(b, StandardCharsets.UTF_8);
    }
}
