package io.quiver.vector;

import io.quiver.vector.filter.Filter;
import io.quiver.vector.filter.Payload;
import io.quiver.vector.filter.QdrantFilterParser;
import org.junit.jupiter.api.Test;

import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.function.IntFunction;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/**
 * Payload indexes keep postings (value to points) that narrow a filter before it is checked: an
 * indexed part answers every filter as an unindexed one does, through upserts, payload changes and
 * deletes, and its candidates are exactly the points holding the value asked for.
 */
class PayloadPostingsTest {
    private static final int N = 3000, DIM = 4;
    private static final List<String> INDEXES = List.of("kind:keyword", "n:integer", "price:float", "at:datetime", "ok:bool");

    private static VectorCollection part() {
        return new VectorCollection(new CollectionConfig("p", DIM, Metric.EUCLIDEAN, IndexKind.FLAT, GraphParams.DEFAULTS, 0),
                VectorKernels.active());
    }

    private static void index(VectorCollection c) {
        for (String s : INDEXES) {
            String[] f = s.split(":");
            c.createPayloadIndex(new PayloadIndexSpec(f[0], f[1], null));
        }
    }

    /** A payload of mixed shapes: arrays, a number where a keyword is usual, missing fields, nulls. */
    private static String payload(Random r) {
        StringBuilder b = new StringBuilder("{");
        switch (r.nextInt(5)) {
            case 0 -> b.append("\"kind\": ").append(r.nextInt(3));                             // an integer, not a keyword
            case 1 -> b.append("\"kind\": [\"k").append(r.nextInt(8)).append("\", \"k").append(r.nextInt(8)).append("\"]");
            case 2 -> b.append("\"kind\": null");
            default -> b.append("\"kind\": \"k").append(r.nextInt(8)).append('"');
        }
        if (r.nextInt(4) > 0) {
            b.append(", \"n\": ").append(r.nextInt(4) == 0 ? "[" + r.nextInt(50) + ", " + r.nextInt(50) + "]" : r.nextInt(50));
        }
        if (r.nextInt(4) > 0) {
            b.append(", \"price\": ").append(r.nextInt(3) == 0 ? String.valueOf(r.nextInt(20)) : String.valueOf(r.nextInt(2000) / 100.0));
        }
        if (r.nextInt(3) > 0) {
            b.append(", \"at\": \"2026-0").append(1 + r.nextInt(9)).append("-1").append(r.nextInt(9)).append("T10:00:00Z\"");
        }
        if (r.nextBoolean()) {
            b.append(", \"ok\": ").append(r.nextBoolean());
        }
        return b.append('}').toString();
    }

    private static String condition(Random r) {
        return switch (r.nextInt(6)) {
            case 0 -> "{\"key\": \"kind\", \"match\": {\"value\": \"k" + r.nextInt(9) + "\"}}";
            case 1 -> r.nextBoolean() ? "{\"key\": \"kind\", \"match\": {\"any\": [\"k" + r.nextInt(9) + "\", \"k" + r.nextInt(9) + "\"]}}"
                    : "{\"key\": \"kind\", \"match\": {\"any\": [" + r.nextInt(3) + ", " + r.nextInt(3) + "]}}";
            case 2 -> "{\"key\": \"n\", \"match\": {\"value\": " + r.nextInt(50) + "}}";
            case 3 -> {
                String[] ops = {"gt", "gte", "lt", "lte"};
                String a = ops[r.nextInt(4)], z = ops[r.nextInt(4)];
                yield "{\"key\": \"" + (r.nextBoolean() ? "price" : "n") + "\", \"range\": {\"" + a + "\": " + r.nextInt(20)
                        + (a.equals(z) ? "" : ", \"" + z + "\": " + r.nextInt(50)) + "}}";
            }
            case 4 -> "{\"key\": \"at\", \"range\": {\"gte\": \"2026-0" + (1 + r.nextInt(9)) + "-01T00:00:00Z\", \"lt\": \"2026-0"
                    + (1 + r.nextInt(9)) + "-15T00:00:00Z\"}}";
            default -> "{\"key\": \"ok\", \"match\": {\"value\": " + r.nextBoolean() + "}}";
        };
    }

    private static Filter filter(Random r) {
        String must = condition(r) + (r.nextBoolean() ? ", " + condition(r) : "");
        String not = r.nextInt(3) == 0 ? ", \"must_not\": [" + condition(r) + "]" : "";
        return QdrantFilterParser.parse(Payload.parseValue("{\"must\": [" + must + "]" + not + "}"));
    }

    private static void upsert(VectorCollection c, int from, int to, IntFunction<String> payloads) {
        PointId[] ids = new PointId[to - from];
        float[][] v = new float[to - from][DIM];
        String[] p = new String[to - from];
        for (int i = from; i < to; i++) {
            ids[i - from] = PointId.of(i);
            v[i - from][0] = i;
            p[i - from] = payloads.apply(i);
        }
        c.upsert(ids, v, p, false);
    }

    private static void assertSameMatches(VectorCollection indexed, VectorCollection plain, Random r, String when) {
        for (int t = 0; t < 120; t++) {
            Filter f = filter(r);
            assertEquals(new HashSet<>(plain.matchingIds(f)), new HashSet<>(indexed.matchingIds(f)), when + ": " + f);
        }
    }

    @Test
    void anIndexedPartMatchesWhatAnUnindexedOneMatchesThroughEveryChange() {
        Random r = new Random(5);
        String[] payloads = new String[N];
        for (int i = 0; i < N; i++) {
            payloads[i] = payload(r);
        }
        VectorCollection indexed = part(), plain = part();
        upsert(indexed, 0, N / 2, i -> payloads[i]);
        upsert(plain, 0, N / 2, i -> payloads[i]);
        index(indexed); // built over the points already there, then kept up to date
        upsert(indexed, N / 2, N, i -> payloads[i]);
        upsert(plain, N / 2, N, i -> payloads[i]);
        assertSameMatches(indexed, plain, r, "after upserts");

        for (int i = 0; i < N; i += 3) {
            String p = r.nextInt(5) == 0 ? null : payload(r);
            indexed.setPayload(PointId.of(i), p);
            plain.setPayload(PointId.of(i), p);
        }
        PointId[] gone = new PointId[N / 7];
        for (int i = 0; i < gone.length; i++) {
            gone[i] = PointId.of(i * 7);
        }
        indexed.delete(gone);
        plain.delete(gone);
        upsert(indexed, 0, N / 10, i -> payloads[N - 1 - i]); // re-used ordinals, new payloads
        upsert(plain, 0, N / 10, i -> payloads[N - 1 - i]);
        assertSameMatches(indexed, plain, r, "after payload changes, deletes and re-upserts");
    }

    @Test
    void aMatchOnAnIndexedKeywordReadsOnlyThePointsHoldingIt() {
        VectorCollection c = part();
        c.createPayloadIndex(new PayloadIndexSpec("tenant", "keyword", null));
        upsert(c, 0, N, i -> "{\"tenant\": \"t" + (i % 100) + "\"}");
        Filter f = QdrantFilterParser.parse(Payload.parseValue("{\"must\": [{\"key\": \"tenant\", \"match\": {\"value\": \"t7\"}}]}"));
        assertEquals(N / 100, c.store().postings().candidates(f).cardinality());
        assertEquals(N / 100, c.count(f));
    }

    @Test
    void aChangedOrDeletedPayloadLeavesItsOldValuesPosting() {
        VectorCollection c = part();
        c.createPayloadIndex(new PayloadIndexSpec("tenant", "keyword", null));
        upsert(c, 0, 100, i -> "{\"tenant\": \"t" + (i % 10) + "\"}");
        c.setPayload(PointId.of(7), "{\"tenant\": \"t8\"}");
        c.delete(new PointId[]{PointId.of(17)});
        Filter t7 = QdrantFilterParser.parse(Payload.parseValue("{\"must\": [{\"key\": \"tenant\", \"match\": {\"value\": \"t7\"}}]}"));
        Filter t8 = QdrantFilterParser.parse(Payload.parseValue("{\"must\": [{\"key\": \"tenant\", \"match\": {\"value\": \"t8\"}}]}"));
        assertEquals(8, c.store().postings().candidates(t7).cardinality());
        assertEquals(11, c.store().postings().candidates(t8).cardinality());
    }

    @Test
    void aDroppedIndexNarrowsNothing() {
        VectorCollection c = part();
        c.createPayloadIndex(new PayloadIndexSpec("tenant", "keyword", null));
        upsert(c, 0, 100, i -> "{\"tenant\": \"t" + (i % 10) + "\"}");
        c.dropPayloadIndex("tenant");
        Filter f = QdrantFilterParser.parse(Payload.parseValue("{\"must\": [{\"key\": \"tenant\", \"match\": {\"value\": \"t1\"}}]}"));
        assertNull(c.store().postings().candidates(f));
        assertEquals(10, c.count(f));
    }

    @Test
    void anIntegerIndexWithoutRangeLeavesRangesToTheScan() {
        VectorCollection c = part();
        c.createPayloadIndex(new PayloadIndexSpec("n", "integer", "{\"type\": \"integer\", \"lookup\": true, \"range\": false}"));
        upsert(c, 0, 100, i -> "{\"n\": " + i + "}");
        Filter range = QdrantFilterParser.parse(Payload.parseValue("{\"must\": [{\"key\": \"n\", \"range\": {\"lt\": 10}}]}"));
        assertNull(c.store().postings().candidates(range));
        assertEquals(10, c.count(range));
    }
}
