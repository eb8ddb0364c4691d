package io.quiver.shard.codec;

import io.quiver.vector.PointId;
import io.quiver.vector.filter.Condition;
import io.quiver.vector.filter.ExpressionParser;
import io.quiver.vector.filter.Filter;
import io.quiver.vector.filter.FilterException;
import io.quiver.vector.filter.JsonPath;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The binary form of a {@link Filter}, as ops carry it: {@code [tag u8][fields]} per condition, tags
 * stable forever (a new condition kind takes a new tag). Keys travel as their text and are parsed
 * again; an expression travels as its source and is compiled again.
 */
public final class FilterCodec {
    private static final int FILTER = 0, MATCH_VALUE = 1, MATCH_ANY = 2, MATCH_EXCEPT = 3, MATCH_TEXT = 4, RANGE = 5,
            DATETIME_RANGE = 6, GEO_BOX = 7, GEO_RADIUS = 8, GEO_POLYGON = 9, VALUES_COUNT = 10, IS_EMPTY = 11,
            IS_NULL = 12, HAS_ID = 13, HAS_VECTOR = 14, NESTED = 15, EXPRESSION = 16, MATCH_TEXT_ANY = 17,
            MATCH_PREFIX = 18, SLICE = 19;
    private static final int MAX_DEPTH = 64;

    private FilterCodec() {
    }

    /** A filter or null: presence (bool), then the filter. */
    public static void writeNullable(Filter f, BinaryWriter w) {
        w.bool(f != null);
        if (f != null) {
            write(f, w);
        }
    }

    public static Filter readNullable(BinaryReader r) {
        return r.bool() ? (Filter) read(r, 0) : null;
    }

    public static Filter readFilter(BinaryReader r) {
        if (!(read(r, 0) instanceof Filter f)) {
            throw new CodecException("expected a filter");
        }
        return f;
    }

    public static void write(Condition c, BinaryWriter w) {
        switch (c) {
            case Filter f -> {
                w.u8(FILTER);
                writeList(f.must(), w);
                writeList(f.should(), w);
                writeList(f.mustNot(), w);
                w.bool(f.minShould() != null);
                if (f.minShould() != null) {
                    writeList(f.minShould().conditions(), w);
                    w.varInt(f.minShould().minCount());
                }
            }
            case Condition.MatchValue m -> {
                w.u8(MATCH_VALUE).utf8(m.key().text());
                writeValue(m.value(), w);
            }
            case Condition.MatchAny m -> {
                w.u8(MATCH_ANY).utf8(m.key().text()).varInt(m.any().size());
                m.any().forEach(v -> writeValue(v, w));
            }
            case Condition.MatchExcept m -> {
                w.u8(MATCH_EXCEPT).utf8(m.key().text()).varInt(m.except().size());
                m.except().forEach(v -> writeValue(v, w));
            }
            case Condition.MatchText m -> {
                if (m.anyToken()) {
                    w.u8(MATCH_TEXT_ANY).utf8(m.key().text()).utf8(m.text());
                } else {
                    w.u8(MATCH_TEXT).utf8(m.key().text()).utf8(m.text()).bool(m.phrase());
                }
            }
            case Condition.MatchPrefix m -> w.u8(MATCH_PREFIX).utf8(m.key().text()).utf8(m.prefix());
            case Condition.Range r -> {
                w.u8(RANGE).utf8(r.key().text());
                writeDouble(r.gt(), w);
                writeDouble(r.gte(), w);
                writeDouble(r.lt(), w);
                writeDouble(r.lte(), w);
            }
            case Condition.DatetimeRange r -> {
                w.u8(DATETIME_RANGE).utf8(r.key().text());
                writeLong(r.gt(), w);
                writeLong(r.gte(), w);
                writeLong(r.lt(), w);
                writeLong(r.lte(), w);
            }
            case Condition.GeoBox b -> {
                w.u8(GEO_BOX).utf8(b.key().text());
                f64(b.topLeftLon(), w);
                f64(b.topLeftLat(), w);
                f64(b.bottomRightLon(), w);
                f64(b.bottomRightLat(), w);
            }
            case Condition.GeoRadius g -> {
                w.u8(GEO_RADIUS).utf8(g.key().text());
                f64(g.lon(), w);
                f64(g.lat(), w);
                f64(g.radius(), w);
            }
            case Condition.GeoPolygon p -> {
                w.u8(GEO_POLYGON).utf8(p.key().text());
                writeRing(p.exterior(), w);
                w.varInt(p.interiors().size());
                p.interiors().forEach(ring -> writeRing(ring, w));
            }
            case Condition.ValuesCount v -> {
                w.u8(VALUES_COUNT).utf8(v.key().text());
                writeLong(v.gt(), w);
                writeLong(v.gte(), w);
                writeLong(v.lt(), w);
                writeLong(v.lte(), w);
            }
            case Condition.IsEmpty e -> w.u8(IS_EMPTY).utf8(e.key().text());
            case Condition.IsNull n -> w.u8(IS_NULL).utf8(n.key().text());
            case Condition.HasId h -> {
                w.u8(HAS_ID).varInt(h.ids().size());
                h.ids().forEach(id -> ShardOpCodec.writeId(id, w));
            }
            case Condition.HasVector h -> w.u8(HAS_VECTOR).utf8(h.name());
            case Condition.Slice sl -> w.u8(SLICE).varInt(sl.total()).varInt(sl.index());
            case Condition.Nested n -> {
                w.u8(NESTED).utf8(n.key().text());
                write(n.filter(), w);
            }
            case Condition.Expression e -> w.u8(EXPRESSION).utf8(e.source());
        }
    }

    private static Condition read(BinaryReader r, int depth) {
        if (depth > MAX_DEPTH) {
            throw new CodecException("filter nested too deeply");
        }
        try {
            int tag = r.u8();
            return switch (tag) {
                case FILTER -> {
                    List<Condition> must = readList(r, depth), should = readList(r, depth), mustNot = readList(r, depth);
                    Filter.MinShould ms = r.bool() ? new Filter.MinShould(readList(r, depth), r.varInt()) : null;
                    yield new Filter(must, should, mustNot, ms);
                }
                case MATCH_VALUE -> new Condition.MatchValue(path(r), readValue(r));
                case MATCH_ANY, MATCH_EXCEPT -> {
                    JsonPath key = path(r);
                    int n = r.count(2);
                    List<Object> values = new ArrayList<>(n);
                    for (int i = 0; i < n; i++) {
                        values.add(readValue(r));
                    }
                    yield tag == MATCH_ANY ? new Condition.MatchAny(key, values) : new Condition.MatchExcept(key, values);
                }
                case MATCH_TEXT -> new Condition.MatchText(path(r), r.utf8(), r.bool(), null);
                case MATCH_TEXT_ANY -> new Condition.MatchText(path(r), r.utf8(), false, null, true);
                case MATCH_PREFIX -> new Condition.MatchPrefix(path(r), r.utf8());
                case RANGE -> new Condition.Range(path(r), readDouble(r), readDouble(r), readDouble(r), readDouble(r));
                case DATETIME_RANGE -> new Condition.DatetimeRange(path(r), readLong(r), readLong(r), readLong(r), readLong(r));
                case GEO_BOX -> new Condition.GeoBox(path(r), f64(r), f64(r), f64(r), f64(r));
                case GEO_RADIUS -> new Condition.GeoRadius(path(r), f64(r), f64(r), f64(r));
                case GEO_POLYGON -> {
                    JsonPath key = path(r);
                    double[][] exterior = readRing(r);
                    int n = r.count(1);
                    List<double[][]> holes = new ArrayList<>(n);
                    for (int i = 0; i < n; i++) {
                        holes.add(readRing(r));
                    }
                    yield new Condition.GeoPolygon(key, exterior, holes);
                }
                case VALUES_COUNT -> new Condition.ValuesCount(path(r), readLong(r), readLong(r), readLong(r), readLong(r));
                case IS_EMPTY -> new Condition.IsEmpty(path(r));
                case IS_NULL -> new Condition.IsNull(path(r));
                case HAS_ID -> {
                    int n = r.count(2);
                    Set<PointId> ids = new LinkedHashSet<>();
                    for (int i = 0; i < n; i++) {
                        ids.add(ShardOpCodec.readId(r));
                    }
                    yield new Condition.HasId(ids);
                }
                case HAS_VECTOR -> new Condition.HasVector(r.utf8());
                case SLICE -> {
                    int total = r.varInt(), index = r.varInt();
                    if (total < 1 || index < 0 || index >= total) {
                        throw new CodecException("a slice needs 0 <= index < total");
                    }
                    yield new Condition.Slice(total, index);
                }
                case NESTED -> {
                    JsonPath key = path(r);
                    if (!(read(r, depth + 1) instanceof Filter f)) {
                        throw new CodecException("a nested condition holds a filter");
                    }
                    yield new Condition.Nested(key, f);
                }
                case EXPRESSION -> ExpressionParser.parse(r.utf8()).must().get(0);
                default -> throw new CodecException("unknown filter condition tag " + tag);
            };
        } catch (FilterException e) {
            throw new CodecException("impossible filter: " + e.getMessage());
        }
    }

    private static void writeList(List<Condition> list, BinaryWriter w) {
        w.varInt(list.size());
        list.forEach(c -> write(c, w));
    }

    private static List<Condition> readList(BinaryReader r, int depth) {
        int n = r.count(1);
        List<Condition> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            out.add(read(r, depth + 1));
        }
        return out;
    }

    private static JsonPath path(BinaryReader r) {
        return JsonPath.parse(r.utf8());
    }

    /** A match value: 0 string, 1 integer, 2 bool. */
    /** A keyword, integer or bool: kind (u8), then the value (match values, facet values). */
    static void writeValue(Object v, BinaryWriter w) {
        switch (v) {
            case String s -> w.u8(0).utf8(s);
            case Long l -> w.u8(1).i64(l);
            case Boolean b -> w.u8(2).bool(b);
            default -> throw new IllegalArgumentException("a match value is a string, an integer or a bool, not " + v);
        }
    }

    static Object readValue(BinaryReader r) {
        return switch (r.u8()) {
            case 0 -> r.utf8();
            case 1 -> r.i64();
            case 2 -> r.bool();
            default -> throw new CodecException("unknown match value kind");
        };
    }

    private static void f64(double d, BinaryWriter w) {
        w.i64(Double.doubleToRawLongBits(d));
    }

    private static double f64(BinaryReader r) {
        return Double.longBitsToDouble(r.i64());
    }

    private static void writeDouble(Double d, BinaryWriter w) {
        w.bool(d != null);
        if (d != null) {
            f64(d, w);
        }
    }

    private static Double readDouble(BinaryReader r) {
        return r.bool() ? f64(r) : null;
    }

    private static void writeLong(Long l, BinaryWriter w) {
        w.bool(l != null);
        if (l != null) {
            w.i64(l);
        }
    }

    private static Long readLong(BinaryReader r) {
        return r.bool() ? r.i64() : null;
    }

    private static void writeRing(double[][] ring, BinaryWriter w) {
        w.varInt(ring.length);
        for (double[] p : ring) {
            f64(p[0], w);
            f64(p[1], w);
        }
    }

    private static double[][] readRing(BinaryReader r) {
        double[][] ring = new double[r.count(16)][];
        for (int i = 0; i < ring.length; i++) {
            ring[i] = new double[]{f64(r), f64(r)};
        }
        return ring;
    }
}
