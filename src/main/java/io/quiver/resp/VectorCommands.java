package io.quiver.resp;

import io.quiver.error.QuiverException;
import io.quiver.service.vector.ScoredPoint;
import io.quiver.service.vector.VectorQuery;
import io.quiver.service.vector.VectorService;
import io.quiver.service.vector.VectorSets;
import io.quiver.vector.CollectionConfig;
import io.quiver.vector.GraphParams;
import io.quiver.vector.Metric;
import io.quiver.vector.Quantization;
import io.quiver.vector.PointId;
import io.quiver.vector.SearchParams;
import io.quiver.vector.VectorSchema;
import io.vertx.core.Future;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Redis 8's vector-set commands over Quiver collections: a vector set is a collection (VADD on a
 * missing key creates a cosine one from the first vector's dimension) and an element is a point
 * whose id is the element name. Replies and error words follow Redis; scores are Redis's
 * {@code 1 - cosine_distance / 2}, in 0..1, for cosine collections (a collection made over HTTP with
 * Dot or Euclid reports Qdrant's score). A new set is created as Redis creates it, with Q8 (int8 scalar
 * quantization: the graph is walked by codes and its candidates rescored with the float32 originals,
 * which Quiver keeps) unless NOQUANT is given; BIN is binary quantization (one bit per component,
 * walked by XOR popcount and likewise rescored).
 */
final class VectorCommands {
    private static final int DEFAULT_COUNT = 10;
    /** Redis's bounds: EF (VADD's build beam, VSIM's search beam) at most 1,000,000; M from 4 to 4096. */
    static final long MAX_EF = 1_000_000, MIN_M = 4, MAX_M = 4096;

    private VectorCommands() {
    }

    /**
     * VADD key [REDUCE dim] (FP32 blob | VALUES n v1..vn) element [CAS] [NOQUANT|Q8|BIN] [EF n]
     * [SETATTR json] [M n] → 1 when added, 0 when an existing element was updated.
     */
    static void vadd(Call call) {
        VectorService vectors = call.vectors();
        String key = call.argString(1);
        int i = 2;
        if (call.argIs(i, "reduce")) {
            call.error("ERR REDUCE (random projection) is not supported by Quiver");
            return;
        }
        VectorArg vec = parseVector(call, i);
        if (vec == null) {
            return;
        }
        i = vec.next;
        if (i >= call.argc()) {
            call.reply(RespReply.SYNTAX_ERROR);
            return;
        }
        PointId element = element(call, i++);
        String attributes = null;
        Integer ef = null, m = null;
        Quantization quant = null; // null: none given (Redis's default, Q8, for a new set; any for an existing one)
        for (; i < call.argc(); i++) {
            if (call.argIs(i, "cas")) {
                continue;
            }
            if (call.argIs(i, "noquant") || call.argIs(i, "q8") || call.argIs(i, "bin")) {
                quant = call.argIs(i, "q8") ? Quantization.scalar(1f, true)
                        : call.argIs(i, "bin") ? Quantization.binary(false, Quantization.QueryEncoding.UNSET, true) : Quantization.NONE;
                continue;
            }
            if (i + 1 < call.argc() && call.argIs(i, "ef")) {
                ef = (int) bounded(call, ++i, 1, MAX_EF, "invalid EF");
            } else if (i + 1 < call.argc() && call.argIs(i, "m")) {
                m = (int) bounded(call, ++i, MIN_M, MAX_M, "invalid M");
            } else if (i + 1 < call.argc() && call.argIs(i, "setattr")) {
                attributes = attributes(call.arg(++i));
            } else {
                call.error("ERR invalid option after element");
                return;
            }
        }
        CollectionConfig wanted = vectors.defaultConfig(key, vec.values.length, Metric.COSINE);
        GraphParams graph = wanted.graph();
        try {
            if (ef != null) {
                graph = graph.withEfConstruct(ef);
            }
            if (m != null) {
                graph = graph.withMaxDegree(2 * m); // Redis's M is the upper-layer degree; the base layer has 2M
            }
        } catch (IllegalArgumentException e) {
            call.error("ERR " + e.getMessage());
            return;
        }
        if (graph != wanted.graph()) {
            wanted = vectors.config(key, vec.values.length, Metric.COSINE, wanted.index(), graph, wanted.autoThreshold());
        }
        wanted = wanted.withQuantization(quant == null ? Quantization.scalar(1f, true) : quant);
        Quantization asked = quant;
        Integer askedM = m, askedEf = ef;
        VectorService.checkVector(wanted, vec.values, "the vector"); // before ensure: a bad VADD creates no key
        String attrs = attributes;
        call.replyWith(call.services().vectorSets().add(wanted, config -> {
            if (config.dimension() != vec.values.length) {
                return Future.failedFuture(QuiverException.badRequest("Vector dimension mismatch - got "
                        + vec.values.length + " but set has " + config.dimension()));
            }
            if (asked != null && asked.kind() != config.quantizationOf(VectorSchema.UNNAMED).kind()) {
                return Future.failedFuture(QuiverException.badRequest("asked quantization mismatch with existing vector set"));
            }
            if (askedM != null && 2 * askedM != config.graph().maxDegree()) {
                return Future.failedFuture(QuiverException.badRequest("asked M value mismatch with existing vector set"));
            }
            if (askedEf != null && askedEf != config.graph().efConstruct()) {
                // Redis's EF is each insertion's beam; Quiver's graph builds with one beam, fixed when the set is made
                return Future.failedFuture(QuiverException.badRequest("asked EF " + askedEf + " differs from this set's build beam ("
                        + config.graph().efConstruct() + "): Quiver takes EF when a set is created only"));
            }
            return vectors.upsert(key, new PointId[]{element}, new float[][]{vec.values}, new String[]{attrs}, attrs == null);
        }), added -> RespReply.bool(added > 0));
    }

    /**
     * VSIM key (ELE element | FP32 blob | VALUES n v1..vn) [WITHSCORES] [WITHATTRIBS] [COUNT n]
     * [EPSILON d] [EF n] [TRUTH] [NOTHREAD] → elements best first (with score and attributes after each).
     */
    static void vsim(Call call) {
        VectorService vectors = call.vectors();
        String key = call.argString(1);
        boolean byElement = call.argIs(2, "ele");
        VectorArg vec = null;
        PointId element = null;
        int i;
        if (byElement) {
            element = element(call, 3);
            i = 4;
        } else {
            vec = parseVector(call, 2);
            if (vec == null) {
                return;
            }
            i = vec.next;
        }
        boolean withScores = false, withAttribs = false, truth = false;
        int count = DEFAULT_COUNT, ef = 0;
        Double epsilon = null;
        io.quiver.vector.filter.Filter filter = null;
        int filterEf = 0;
        for (; i < call.argc(); i++) {
            if (call.argIs(i, "withscores")) {
                withScores = true;
            } else if (call.argIs(i, "withattribs")) {
                withAttribs = true;
            } else if (call.argIs(i, "truth")) {
                truth = true;
            } else if (call.argIs(i, "nothread")) {
                continue;
            } else if (i + 1 < call.argc() && call.argIs(i, "count")) {
                count = (int) bounded(call, ++i, 1, Integer.MAX_VALUE, "invalid COUNT");
            } else if (i + 1 < call.argc() && call.argIs(i, "ef")) {
                ef = (int) bounded(call, ++i, 1, MAX_EF, "invalid EF");
            } else if (i + 1 < call.argc() && call.argIs(i, "epsilon")) {
                Double d = parseDouble(call.argString(++i));
                if (d == null || d <= 0) {
                    call.error("ERR invalid EPSILON");
                    return;
                }
                epsilon = d;
            } else if (i + 1 < call.argc() && call.argIs(i, "filter-ef")) {
                filterEf = (int) bounded(call, ++i, 1, Integer.MAX_VALUE, "invalid FILTER-EF");
            } else if (i + 1 < call.argc() && call.argIs(i, "filter")) {
                String expression = call.argString(++i);
                try {
                    filter = io.quiver.vector.filter.ExpressionParser.parse(expression);
                } catch (io.quiver.vector.filter.FilterException e) {
                    call.error("ERR syntax error in FILTER expression: " + e.getMessage());
                    return;
                }
            } else {
                call.error("ERR syntax error in VSIM command");
                return;
            }
        }
        if (!vectors.exists(key)) {
            call.reply(RespReply.EMPTY_ARRAY);
            return;
        }
        CollectionConfig config = vectors.configOf(key);
        if (!byElement && vec.values.length != config.dimension()) {
            call.error("ERR Vector dimension mismatch - got " + vec.values.length + " but set has " + config.dimension());
            return;
        }
        // FILTER-EF is Redis's beam for filtered searches: with a filter it sets the graph's beam
        SearchParams params = new SearchParams(filter != null && filterEf > 0 ? Math.max(ef, filterEf) : ef, truth, filter);
        boolean scores = withScores, attribs = withAttribs;
        Float threshold = epsilon == null ? null : scoreThreshold(config.metric(), epsilon);
        Future<float[]> query = byElement
                ? elementVector(vectors, key, element)
                : Future.succeededFuture(vec.values);
        int k = count;
        Future<List<ScoredPoint>> found = query.compose(q -> vectors.search(key,
                new VectorQuery(q, k, 0, params, threshold, attribs, false)));
        call.replyWith(found, points -> {
            List<RespReply> out = new ArrayList<>();
            for (ScoredPoint p : points) {
                double score = redisScore(config.metric(), p.score());
                out.add(RespReply.bulk(p.id().toString()));
                if (scores) {
                    out.add(RespReply.bulk(formatDouble(score)));
                }
                if (attribs) {
                    out.add(RespReply.bulk(p.record() == null ? null : p.record().payload()));
                }
            }
            return RespReply.array(out);
        });
    }

    /** VREM key element → 1 if removed, 0 if absent (RESP3: a boolean); removing the last element deletes the set. */
    static void vrem(Call call) {
        VectorService vectors = call.vectors();
        String key = call.argString(1);
        if (!vectors.exists(key)) {
            call.reply(RespReply.FALSE);
            return;
        }
        call.replyWith(call.services().vectorSets().remove(key, element(call, 2)), RespReply::bool);
    }

    /** VCARD key → the number of elements (0 for a missing key). */
    static void vcard(Call call) {
        VectorService vectors = call.vectors();
        String key = call.argString(1);
        if (!vectors.exists(key)) {
            call.reply(RespReply.ZERO);
            return;
        }
        call.replyWith(vectors.count(key), RespReply::integer);
    }

    /** VDIM key → the dimension; an error for a missing key. */
    static void vdim(Call call) {
        VectorService vectors = call.vectors();
        String key = call.argString(1);
        if (!vectors.exists(key)) {
            call.error("ERR key does not exist");
            return;
        }
        call.reply(RespReply.integer(vectors.configOf(key).dimension()));
    }

    /** VEMB key element → the element's vector as it was added (cosine sets store a unit vector and its norm). */
    static void vemb(Call call) {
        VectorService vectors = call.vectors();
        String key = call.argString(1);
        if (call.argc() > 3) {
            call.error(call.argIs(3, "raw") ? "ERR VEMB RAW is not supported: Quiver stores plain float32"
                    : "ERR syntax error");
            return;
        }
        if (!vectors.exists(key)) {
            call.reply(RespReply.NULL_ARRAY);
            return;
        }
        call.replyWith(vectors.point(key, element(call, 2), false), r -> {
            if (r == null) {
                return RespReply.NULL_ARRAY;
            }
            List<RespReply> out = new ArrayList<>(r.vector().length);
            for (float f : r.vector()) {
                out.add(RespReply.bulk(formatDouble(f * r.norm())));
            }
            return RespReply.array(out);
        });
    }

    /** VINFO key → a flat array of field, value pairs; nil for a missing key. */
    static void vinfo(Call call) {
        VectorService vectors = call.vectors();
        String key = call.argString(1);
        if (!vectors.exists(key)) {
            call.reply(RespReply.NULL_ARRAY);
            return;
        }
        call.replyWith(vectors.info(key), info -> {
            CollectionConfig c = info.config();
            long graphParts = info.shards().stream().filter(s -> s.indexState().equals("graph")).count();
            return RespReply.map(List.of(
                    RespReply.bulk("quant-type"), RespReply.bulk(switch (c.quantizationOf(VectorSchema.UNNAMED).kind()) {
                        case SCALAR_INT8 -> "int8";
                        case BINARY -> "bin";
                        case PRODUCT -> "pq"; // a Qdrant collection's product quantization: Redis has no such type
                        case TURBO -> "turbo"; // Qdrant's TurboQuant: Redis has no such type
                        case NONE -> "f32";
                    }),
                    RespReply.bulk("distance"), RespReply.bulk(c.metric().qdrantName().toLowerCase()),
                    RespReply.bulk("vector-dim"), RespReply.integer(c.dimension()),
                    RespReply.bulk("size"), RespReply.integer(info.points()),
                    RespReply.bulk("index"), RespReply.bulk(c.index().wireName()),
                    RespReply.bulk("graph-shards"), RespReply.integer(graphParts),
                    RespReply.bulk("shards"), RespReply.integer(info.shards().size()),
                    RespReply.bulk("hnsw-m"), RespReply.integer(c.graph().maxDegree() / 2),
                    RespReply.bulk("ef-construct"), RespReply.integer(c.graph().efConstruct()),
                    RespReply.bulk("memory-bytes"), RespReply.integer(info.memoryBytes())));
        });
    }

    /**
     * VSETATTR key element attributes → 1 if set, 0 if the key or element does not exist; "" removes
     * the attributes. As in Redis any string is kept as given: FILTER reads it when it is a JSON
     * object and skips the element otherwise.
     */
    static void vsetattr(Call call) {
        VectorService vectors = call.vectors();
        String key = call.argString(1);
        String attributes = attributes(call.arg(3));
        if (!vectors.exists(key)) {
            call.reply(RespReply.FALSE);
            return;
        }
        call.replyWith(vectors.setPayload(key, element(call, 2), attributes), RespReply::bool);
    }

    /**
     * VRANDMEMBER key [count] → one random element (nil for a missing key); with a count an array:
     * a positive count gives that many distinct elements (all when fewer), a negative one |count|
     * elements that may repeat, 0 an empty array.
     */
    static void vrandmember(Call call) {
        VectorService vectors = call.vectors();
        String key = call.argString(1);
        if (call.argc() > 3) {
            call.error("ERR wrong number of arguments for 'vrandmember' command");
            return;
        }
        boolean withCount = call.argc() == 3;
        long count = 1;
        if (withCount) {
            Long n = io.quiver.kv.StringNumbers.parseLong(call.arg(2));
            if (n == null) {
                call.error("ERR COUNT value is not an integer");
                return;
            }
            if (n < -vectors.maxLimit() * 100L || n == Long.MIN_VALUE) {
                call.error("ERR COUNT value is out of range: at most " + vectors.maxLimit() * 100L
                        + " elements with repeats (100 x vector-max-limit)");
                return;
            }
            count = n;
        }
        if (!vectors.exists(key) || (withCount && count == 0)) {
            call.reply(withCount ? RespReply.EMPTY_ARRAY : RespReply.NULL_BULK);
            return;
        }
        call.replyWith(call.services().vectorSets().randomMembers(key, count), picked -> {
            if (!withCount) {
                return picked.isEmpty() ? RespReply.NULL_BULK : RespReply.bulk(picked.get(0).toString());
            }
            return RespReply.bulkStrings(picked.stream().map(PointId::toString).toList());
        });
    }

    /**
     * VLINKS key element [WITHSCORES] → the element's neighbours in its shard part's graph, one
     * array per layer from the top layer down to layer 0 (with WITHSCORES each neighbour is followed
     * by its Redis similarity score; a map per layer in RESP3); nil for a missing key or element.
     */
    static void vlinks(Call call) {
        VectorService vectors = call.vectors();
        String key = call.argString(1);
        if (call.argc() > 4 || (call.argc() == 4 && !call.argIs(3, "withscores"))) {
            call.error("ERR wrong number of arguments for 'vlinks' command");
            return;
        }
        boolean withScores = call.argc() == 4;
        if (!vectors.exists(key)) {
            call.reply(RespReply.NULL_BULK);
            return;
        }
        Metric metric = vectors.configOf(key).metric();
        call.replyWith(vectors.links(key, element(call, 2)), layers -> {
            if (layers == null) {
                return RespReply.NULL_BULK;
            }
            if (layers.length == 0) {
                throw QuiverException.badRequest("VLINKS: the element's shard part has no graph yet "
                        + "(it is searched exactly while smaller than vector-auto-threshold)");
            }
            List<RespReply> out = new ArrayList<>(layers.length);
            for (io.quiver.vector.ShardHits layer : layers) {
                List<RespReply> items = new ArrayList<>();
                for (int n = 0; n < layer.size(); n++) {
                    items.add(RespReply.bulk(layer.ids()[n].toString()));
                    if (withScores) {
                        items.add(RespReply.dbl(Double.parseDouble(formatDouble(redisScore(metric, metric.score(layer.ranks()[n]))))));
                    }
                }
                out.add(withScores ? RespReply.map(items) : RespReply.array(items));
            }
            return RespReply.array(out);
        });
    }

    /**
     * VRANGE key start end [count] → element names in byte order between start ({@code -}, or
     * {@code [name} inclusive, {@code (name} exclusive) and end ({@code +}, {@code [name},
     * {@code (name}), at most count of them (negative or absent: all).
     */
    static void vrange(Call call) {
        VectorService vectors = call.vectors();
        String key = call.argString(1);
        if (call.argc() > 5) {
            call.error("ERR wrong number of arguments for 'vrange' command");
            return;
        }
        VectorSets.Bound start = bound(call.arg(2));
        VectorSets.Bound end = bound(call.arg(3));
        if (start == null || end == null) {
            call.error("ERR invalid range: start and end must be '-', '+', or an element name after '[' (inclusive) or '(' (exclusive)");
            return;
        }
        long count = -1;
        if (call.argc() == 5) {
            Long n = io.quiver.kv.StringNumbers.parseLong(call.arg(4));
            if (n == null) {
                call.error("ERR COUNT value is not an integer");
                return;
            }
            count = n;
        }
        if (!vectors.exists(key) || count == 0) {
            call.reply(RespReply.EMPTY_ARRAY);
            return;
        }
        call.replyWith(call.services().vectorSets().range(key, start, end, count),
                names -> RespReply.bulkStrings(names.stream().map(PointId::toString).toList()));
    }

    private static VectorSets.Bound bound(byte[] arg) {
        if (arg.length == 1 && arg[0] == '-') {
            return VectorSets.Bound.MIN;
        }
        if (arg.length == 1 && arg[0] == '+') {
            return VectorSets.Bound.MAX;
        }
        if (arg.length >= 1 && (arg[0] == '[' || arg[0] == '(')) {
            return new VectorSets.Bound(java.util.Arrays.copyOfRange(arg, 1, arg.length), arg[0] == '[');
        }
        return null;
    }

    /** VGETATTR key element → the attributes JSON, or nil. */
    static void vgetattr(Call call) {
        VectorService vectors = call.vectors();
        String key = call.argString(1);
        if (!vectors.exists(key)) {
            call.reply(RespReply.NULL_BULK);
            return;
        }
        call.replyWith(vectors.retrieve(key, new PointId[]{element(call, 2)}, false, true),
                r -> r[0] == null ? RespReply.NULL_BULK : RespReply.bulk(r[0].payload()));
    }

    /** VISMEMBER key element → 1 or 0 (RESP3: a boolean). */
    static void vismember(Call call) {
        VectorService vectors = call.vectors();
        String key = call.argString(1);
        if (!vectors.exists(key)) {
            call.reply(RespReply.FALSE);
            return;
        }
        call.replyWith(vectors.retrieve(key, new PointId[]{element(call, 2)}, false, false),
                r -> RespReply.bool(r[0] != null));
    }

    // ---- argument parsing ----

    /** A parsed vector argument and the position after it. */
    private record VectorArg(float[] values, int next) {
    }

    /** {@code FP32 blob} or {@code VALUES n v1..vn} at position i; replies with an error and returns null if bad. */
    private static VectorArg parseVector(Call call, int i) {
        if (i + 1 < call.argc() && call.argIs(i, "fp32")) {
            byte[] blob = call.arg(i + 1);
            if (blob.length == 0 || blob.length % 4 != 0) {
                call.error("ERR invalid vector specification: FP32 blob length must be a positive multiple of 4");
                return null;
            }
            float[] v = new float[blob.length / 4];
            ByteBuffer.wrap(blob).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(v);
            return new VectorArg(v, i + 2);
        }
        if (i + 1 < call.argc() && call.argIs(i, "values")) {
            long n;
            try {
                n = call.argLong(i + 1);
            } catch (QuiverException e) {
                call.error("ERR invalid vector specification: VALUES needs a count");
                return null;
            }
            if (n < 1 || i + 2 + n > call.argc()) {
                call.error("ERR invalid vector specification: VALUES " + n + " needs that many numbers");
                return null;
            }
            float[] v = new float[(int) n];
            for (int k = 0; k < n; k++) {
                Double d = parseDouble(call.argString(i + 2 + k));
                if (d == null) {
                    call.error("ERR invalid vector specification: '" + call.argString(i + 2 + k) + "' is not a number");
                    return null;
                }
                v[k] = d.floatValue();
            }
            return new VectorArg(v, i + 2 + (int) n);
        }
        call.error("ERR invalid vector specification: use FP32 <blob> or VALUES <n> <v1> ... <vn>");
        return null;
    }

    private static PointId element(Call call, int i) {
        try {
            return PointId.of(new String(call.arg(i), StandardCharsets.UTF_8));
        } catch (IllegalArgumentException e) {
            throw QuiverException.badRequest("invalid element: " + e.getMessage());
        }
    }

    private static Double parseDouble(String s) {
        try {
            double d = Double.parseDouble(s.trim());
            return Double.isNaN(d) ? null : d;
        } catch (NumberFormatException e) {
            return null;
        }
    }

    /**
     * Attributes as Redis keeps them: any string, as given (FILTER reads those that are JSON
     * objects); the empty string means none.
     */
    private static String attributes(byte[] given) {
        return given.length == 0 ? null : new String(given, StandardCharsets.UTF_8);
    }

    /** An integer argument within [min, max], or Redis's error words for that option (after "ERR "). */
    private static long bounded(Call call, int i, long min, long max, String error) {
        Long v = io.quiver.kv.StringNumbers.parseLong(call.arg(i));
        if (v == null || v < min || v > max) {
            throw QuiverException.badRequest(error); // "ERR " + the words
        }
        return v;
    }

    /** The element's stored vector (unit length: cosine sets) as the query for VSIM ELE. */
    private static Future<float[]> elementVector(VectorService vectors, String key, PointId element) {
        return vectors.point(key, element, false).map(r -> {
            if (r == null) {
                throw QuiverException.badRequest("element not found in set");
            }
            return r.vector();
        });
    }

    /**
     * EPSILON d keeps the elements whose Redis score is at least 1 - d: for cosine sets, whose Redis
     * score is (1 + cos) / 2, the similarity threshold cos >= 1 - 2d; for dot sets, whose score is the
     * similarity itself, 1 - d. A euclidean collection (made over HTTP) has no similarity to bound.
     */
    private static float scoreThreshold(Metric metric, double epsilon) {
        return switch (metric) {
            case COSINE -> (float) (1 - 2 * epsilon);
            case DOT -> (float) (1 - epsilon);
            case EUCLIDEAN, MANHATTAN -> throw QuiverException.badRequest("EPSILON is not supported on a "
                    + metric.qdrantName() + " collection: its scores are distances, not similarities");
        };
    }

    /** Redis's score for cosine: 1 - distance/2 with distance = 1 - cos, i.e. (1 + cos) / 2 in 0..1. */
    static double redisScore(Metric metric, float score) {
        return metric == Metric.COSINE ? Math.max(0, Math.min(1, 1 - (1 - (double) score) / 2)) : score;
    }

    /**
     * A number as a bulk string: the shortest text that reads back as the same float32 (the
     * precision Quiver stores), without a trailing ".0" on whole numbers.
     */
    static String formatDouble(double d) {
        float f = (float) d;
        if (f == Math.rint(f) && Math.abs(f) < 1e7) {
            return Long.toString((long) f);
        }
        return Float.toString(f);
    }
}
