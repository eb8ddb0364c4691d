package io.quiver.vector;

import io.quiver.vector.filter.Filter;
import io.quiver.vector.filter.Payload;
import io.quiver.vector.filter.QdrantFilterParser;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.function.Predicate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The property of issue 12: for random payloads and random filters (must / should / must_not,
 * nested, over match value / any / except, range, is_empty, has_id), a part's exact filtered search
 * is the brute force over the points the filter's meaning admits, its count is their number, and
 * the planner's search keeps recall@10 at 0.95 or more. The meaning is this test's own model of
 * each condition, not Quiver's evaluator. Each property holds with payload indexes on every field
 * (the postings give the candidates) and without (every payload is read), after payload changes and
 * deletes.
 */
class FilteredSearchPropertyTest {
    private static final VectorKernels KERNELS = VectorKernels.active();
    private static final int N = 3000, DIM = 16, K = 10, FILTERS = 60;
    private static final String[] COLOURS = {"red", "green", "blue", "black"};

    /** One point's payload as the model sees it: absent keys are missing fields. */
    private record Point(float[] vector, Map<String, Object> payload) {
    }

    /** A filter's JSON and the model's meaning of it. */
    private record Case(String json, Predicate<Integer> admits) {
    }

    private static Map<String, Object> randomPayload(Random r) {
        Map<String, Object> p = new HashMap<>();
        if (r.nextInt(10) > 0) {
            p.put("n", r.nextInt(20));
        }
        if (r.nextInt(10) > 0) {
            p.put("k", r.nextBoolean() ? List.of(colour(r)) : List.of(colour(r), colour(r)));
        }
        if (r.nextInt(10) > 0) {
            p.put("f", r.nextInt(1000) / 1000.0);
        }
        p.put("b", r.nextBoolean());
        return p;
    }

    private static String colour(Random r) {
        return COLOURS[r.nextInt(COLOURS.length)];
    }

    private static String json(Map<String, Object> p) {
        List<String> fields = new ArrayList<>();
        p.forEach((k, v) -> fields.add("\"" + k + "\": " + (v instanceof List<?> l
                ? "[" + String.join(", ", l.stream().map(s -> "\"" + s + "\"").toList()) + "]"
                : v.toString())));
        return "{" + String.join(", ", fields) + "}";
    }

    private static List<?> colours(Map<String, Object> p) {
        return (List<?>) p.getOrDefault("k", List.of());
    }

    private static Case condition(Random r, Map<Integer, Point> points) {
        switch (r.nextInt(8)) {
            case 0 -> {
                int v = r.nextInt(20);
                return new Case("{\"key\": \"n\", \"match\": {\"value\": " + v + "}}",
                        id -> Integer.valueOf(v).equals(points.get(id).payload().get("n")));
            }
            case 1 -> {
                String c = colour(r);
                return new Case("{\"key\": \"k\", \"match\": {\"value\": \"" + c + "\"}}",
                        id -> colours(points.get(id).payload()).contains(c));
            }
            case 2 -> {
                String a = colour(r), b = colour(r);
                return new Case("{\"key\": \"k\", \"match\": {\"any\": [\"" + a + "\", \"" + b + "\"]}}",
                        id -> colours(points.get(id).payload()).stream().anyMatch(c -> c.equals(a) || c.equals(b)));
            }
            case 3 -> {
                String c = colour(r);
                return new Case("{\"key\": \"k\", \"match\": {\"except\": [\"" + c + "\"]}}", id -> {
                    List<?> held = colours(points.get(id).payload());
                    return held.isEmpty() || held.stream().anyMatch(x -> !x.equals(c));
                });
            }
            case 4 -> {
                int from = r.nextInt(1000), to = from + r.nextInt(500);
                double lo = from / 1000.0, hi = to / 1000.0;
                return new Case(String.format(Locale.ROOT, "{\"key\": \"f\", \"range\": {\"gte\": %.3f, \"lt\": %.3f}}", lo, hi),
                        id -> points.get(id).payload().get("f") instanceof Double f && f >= lo && f < hi);
            }
            case 5 -> {
                int v = r.nextInt(20);
                return new Case("{\"key\": \"n\", \"range\": {\"gt\": " + v + "}}",
                        id -> points.get(id).payload().get("n") instanceof Integer n && n > v);
            }
            case 6 -> {
                return new Case("{\"is_empty\": {\"key\": \"f\"}}", id -> !points.get(id).payload().containsKey("f"));
            }
            default -> {
                Set<Integer> ids = new HashSet<>();
                for (int i = 0; i < 300; i++) {
                    ids.add(r.nextInt(N));
                }
                return new Case("{\"has_id\": [" + String.join(", ", ids.stream().map(String::valueOf).toList()) + "]}",
                        ids::contains);
            }
        }
    }

    /** must (all), should (at least one, when any), must_not (none); a clause is a condition or, above depth 0, a filter. */
    private static Case filter(Random r, Map<Integer, Point> points, int depth) {
        List<String> parts = new ArrayList<>();
        List<Predicate<Integer>> must = new ArrayList<>(), should = new ArrayList<>(), mustNot = new ArrayList<>();
        for (String clause : new String[]{"must", "should", "must_not"}) {
            int n = r.nextInt(clause.equals("must") ? 3 : 2);
            List<String> items = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                Case c = depth > 0 && r.nextInt(3) == 0 ? filter(r, points, depth - 1) : condition(r, points);
                items.add(c.json());
                (clause.equals("must") ? must : clause.equals("should") ? should : mustNot).add(c.admits());
            }
            if (n > 0) {
                parts.add("\"" + clause + "\": [" + String.join(", ", items) + "]");
            }
        }
        return new Case("{" + String.join(", ", parts) + "}", id -> must.stream().allMatch(p -> p.test(id))
                && (should.isEmpty() || should.stream().anyMatch(p -> p.test(id)))
                && mustNot.stream().noneMatch(p -> p.test(id)));
    }

    private static VectorCollection part(Map<Integer, Point> points, boolean indexed) {
        VectorCollection c = new VectorCollection(new CollectionConfig("p", DIM, Metric.EUCLIDEAN, IndexKind.GRAPH,
                GraphParams.DEFAULTS.withMaxDegree(16), 0), KERNELS);
        PointId[] ids = new PointId[N];
        float[][] vectors = new float[N][];
        String[] payloads = new String[N];
        for (int i = 0; i < N; i++) {
            ids[i] = PointId.of(i);
            vectors[i] = points.get(i).vector();
            payloads[i] = json(points.get(i).payload());
        }
        c.upsert(ids, vectors, payloads, false);
        if (indexed) {
            c.createPayloadIndex(new PayloadIndexSpec("n", "integer", null));
            c.createPayloadIndex(new PayloadIndexSpec("k", "keyword", null));
            c.createPayloadIndex(new PayloadIndexSpec("f", "float", null));
            c.createPayloadIndex(new PayloadIndexSpec("b", "bool", null));
        }
        return c;
    }

    /** Points 0..N-1 with random vectors and payloads; then a tenth get a new payload and a twentieth are deleted. */
    private static void checkProperty(boolean indexed, long seed) {
        Random r = new Random(seed);
        Map<Integer, Point> points = new HashMap<>();
        for (int i = 0; i < N; i++) {
            float[] v = new float[DIM];
            for (int d = 0; d < DIM; d++) {
                v[d] = r.nextFloat() * 2 - 1;
            }
            points.put(i, new Point(v, randomPayload(r)));
        }
        VectorCollection c = part(points, indexed);
        for (int i = 0; i < N / 10; i++) {
            int id = r.nextInt(N);
            points.put(id, new Point(points.get(id).vector(), randomPayload(r)));
            c.setPayload(PointId.of(id), json(points.get(id).payload()));
        }
        List<PointId> deleted = new ArrayList<>();
        for (int i = 0; i < N / 20; i++) {
            int id = r.nextInt(N);
            if (points.remove(id) != null) {
                deleted.add(PointId.of(id));
            }
        }
        c.delete(deleted.toArray(PointId[]::new));

        int found = 0, wanted = 0;
        for (int t = 0; t < FILTERS; t++) {
            Case f = filter(r, points, 1);
            Filter parsed = QdrantFilterParser.parse(Payload.parseValue(f.json()));
            List<Integer> admitted = points.keySet().stream().filter(f.admits()).sorted().toList();
            assertEquals(admitted.size(), c.count(parsed), f.json());
            float[] q = new float[DIM];
            for (int d = 0; d < DIM; d++) {
                q[d] = r.nextFloat() * 2 - 1;
            }
            List<PointId> truth = admitted.stream()
                    .sorted(Comparator.<Integer>comparingDouble(i -> Metric.EUCLIDEAN.rank(KERNELS, q, points.get(i).vector()))
                            .reversed().thenComparing(i -> i))
                    .limit(K).map(PointId::of).toList();
            assertEquals(truth, List.of(c.search(q, K, new SearchParams(0, true, parsed)).ids()), "exact, " + f.json());
            PointId[] planned = c.search(q, K, new SearchParams(0, false, parsed)).ids();
            for (PointId id : planned) {
                assertTrue(admitted.contains((int) id.number()), "the planner returned " + id + " for " + f.json());
                found += truth.contains(id) ? 1 : 0;
            }
            wanted += truth.size();
        }
        double recall = wanted == 0 ? 1 : (double) found / wanted;
        assertTrue(recall >= 0.95, "planner recall@10 over " + FILTERS + " random filters: " + recall);
        c.close();
    }

    @Test
    void randomFiltersOverUnindexedPayloadsSearchAndCountAsTheirMeaning() {
        checkProperty(false, 21);
    }

    @Test
    void randomFiltersOverIndexedPayloadsSearchAndCountAsTheirMeaning() {
        checkProperty(true, 22);
    }
}
