package io.quiver.http;

import io.quiver.testing.TestServer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.function.ToDoubleFunction;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Recommend, discover, context and groups through Qdrant's REST shapes on a 3-shard server, each
 * against a brute-force reference computed here from the vectors the test inserted (Qdrant's
 * formulas: best_score by the scaled fast sigmoid, discover's pair ranks plus the target's sigmoid,
 * context's summed losses).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class QdrantExploreTest {
    private static final String C = "explore";
    private static final int N = 80, DIM = 4;
    private TestServer server;
    private final Map<Long, float[]> vectors = new LinkedHashMap<>();

    @BeforeAll
    void start() {
        server = TestServer.start(3);
        server.ok("PUT", "/collections/" + C, new JsonObject().put("vectors",
                new JsonObject().put("size", DIM).put("distance", "Dot")));
        Random rnd = new Random(13);
        JsonArray points = new JsonArray();
        for (long id = 1; id <= N; id++) {
            float[] v = new float[DIM];
            JsonArray a = new JsonArray();
            for (int j = 0; j < DIM; j++) {
                v[j] = Math.round((rnd.nextFloat() * 2 - 1) * 100) / 100f;
                a.add(v[j]);
            }
            vectors.put(id, v);
            points.add(new JsonObject().put("id", id).put("vector", a).put("payload", new JsonObject().put("g", id % 7)));
        }
        server.ok("PUT", "/collections/" + C + "/points?wait=true", new JsonObject().put("points", points));
    }

    @AfterAll
    void stop() {
        server.close();
    }

    private JsonArray query(JsonObject body) {
        return server.ok("POST", "/collections/" + C + "/points/query", body).json().getJsonObject("result").getJsonArray("points");
    }

    private static float dot(float[] a, float[] b) {
        float s = 0;
        for (int i = 0; i < a.length; i++) {
            s += a[i] * b[i];
        }
        return s;
    }

    private static float sigmoid(float x) {
        return x / (1 + Math.abs(x));
    }

    private static float scaled(float x) {
        return 0.5f * (sigmoid(x) + 1);
    }

    /** The best {@code limit} points by {@code score} (higher first, ties by id), the examples left out. */
    private List<Long> bruteForce(ToDoubleFunction<float[]> score, Set<Long> exclude, int limit) {
        List<Map.Entry<Long, float[]>> all = new ArrayList<>(vectors.entrySet());
        all.removeIf(e -> exclude.contains(e.getKey()));
        all.sort((x, y) -> {
            int c = Double.compare(score.applyAsDouble(y.getValue()), score.applyAsDouble(x.getValue()));
            return c != 0 ? c : Long.compare(x.getKey(), y.getKey());
        });
        return all.stream().limit(limit).map(Map.Entry::getKey).toList();
    }

    private static List<Long> ids(JsonArray points) {
        List<Long> out = new ArrayList<>();
        for (int i = 0; i < points.size(); i++) {
            out.add(points.getJsonObject(i).getLong("id"));
        }
        return out;
    }

    private static JsonObject recommend(String strategy) {
        return new JsonObject().put("query", new JsonObject().put("recommend", new JsonObject()
                .put("positive", new JsonArray("[3, 17]")).put("negative", new JsonArray("[40]")).put("strategy", strategy)))
                .put("limit", 10).put("params", new JsonObject().put("exact", true));
    }

    @Test
    void averageVectorIsTheNearestSearchOfTwiceThePositivesAverageMinusTheNegatives() {
        float[] p3 = vectors.get(3L), p17 = vectors.get(17L), n40 = vectors.get(40L);
        float[] q = new float[DIM];
        for (int j = 0; j < DIM; j++) {
            float avgPos = (p3[j] + p17[j]) / 2;
            q[j] = avgPos + avgPos - n40[j];
        }
        JsonArray got = query(recommend("average_vector"));
        assertEquals(bruteForce(v -> dot(q, v), Set.of(3L, 17L, 40L), 10), ids(got));
        assertEquals(dot(q, vectors.get(got.getJsonObject(0).getLong("id"))), got.getJsonObject(0).getDouble("score"), 1e-4);
    }

    @Test
    void bestScoreAndSumScoresFollowQdrantsFormulas() {
        float[] p3 = vectors.get(3L), p17 = vectors.get(17L), n40 = vectors.get(40L);
        ToDoubleFunction<float[]> best = v -> {
            float pos = Math.max(dot(p3, v), dot(p17, v)), neg = dot(n40, v);
            return pos > neg ? scaled(pos) : -scaled(neg);
        };
        JsonArray got = query(recommend("best_score"));
        assertEquals(bruteForce(best, Set.of(3L, 17L, 40L), 10), ids(got));
        assertEquals(best.applyAsDouble(vectors.get(got.getJsonObject(0).getLong("id"))), got.getJsonObject(0).getDouble("score"), 1e-5);
        ToDoubleFunction<float[]> sum = v -> dot(p3, v) + dot(p17, v) - dot(n40, v);
        assertEquals(bruteForce(sum, Set.of(3L, 17L, 40L), 10), ids(query(recommend("sum_scores"))));
    }

    @Test
    void discoverRanksByContextPairsThenByTheTarget() {
        float[] t = vectors.get(5L), pos = vectors.get(8L), neg = vectors.get(9L);
        JsonArray got = query(new JsonObject().put("query", new JsonObject().put("discover", new JsonObject()
                .put("target", 5).put("context", new JsonArray().add(new JsonObject().put("positive", 8).put("negative", 9)))))
                .put("limit", 10));
        ToDoubleFunction<float[]> score = v -> Integer.signum(Float.compare(dot(pos, v), dot(neg, v))) + scaled(dot(t, v));
        assertEquals(bruteForce(score, Set.of(5L, 8L, 9L), 10), ids(got));
    }

    @Test
    void contextSumsEachPairsLossAndIsZeroInsideEveryPositiveZone() {
        float[] pos = vectors.get(8L), neg = vectors.get(9L);
        JsonArray got = query(new JsonObject().put("query", new JsonObject().put("context",
                new JsonArray().add(new JsonObject().put("positive", new JsonArray().add(pos[0]).add(pos[1]).add(pos[2]).add(pos[3]))
                        .put("negative", 9)))).put("limit", N));
        ToDoubleFunction<float[]> loss = v -> sigmoid(Math.min(dot(pos, v) - dot(neg, v) - Math.ulp(1f), 0));
        List<Long> expected = new ArrayList<>();
        vectors.forEach((id, v) -> {
            if (id != 9L) {
                expected.add(id);
            }
        });
        assertEquals(N - 1, got.size(), "a raw vector is no point to leave out; point 9 is");
        for (int i = 0; i < got.size(); i++) {
            JsonObject p = got.getJsonObject(i);
            assertEquals(loss.applyAsDouble(vectors.get(p.getLong("id"))), p.getDouble("score"), 1e-5);
        }
        assertEquals(bruteForce(loss, Set.of(9L), N), ids(got));
    }

    @Test
    void aMissingExampleOrLookupCollectionIsQdrantsNotFound() {
        TestServer.Reply r = server.postJson("/collections/" + C + "/points/query", new JsonObject().put("query",
                new JsonObject().put("recommend", new JsonObject().put("positive", new JsonArray("[1, 9999]")))));
        assertEquals(404, r.status(), r.text());
        assertEquals("Not found: No point with id 9999 found", r.error());
        r = server.postJson("/collections/" + C + "/points/query", new JsonObject().put("query",
                new JsonObject().put("recommend", new JsonObject().put("positive", new JsonArray("[1]"))))
                .put("lookup_from", new JsonObject().put("collection", "nowhere")));
        assertEquals(404, r.status(), r.text());
        assertEquals("Not found: Collection nowhere not found", r.error());
        r = server.postJson("/collections/" + C + "/points/query", new JsonObject().put("query",
                new JsonObject().put("recommend", new JsonObject().put("positive", new JsonArray()))));
        assertEquals(422, r.status(), "no examples at all breaks a validation rule");
    }

    @Test
    void examplesAreLookedUpInLookupFromAndMayThenBeResults() {
        server.ok("PUT", "/collections/lookup", new JsonObject().put("vectors", new JsonObject()
                .put("other", new JsonObject().put("size", DIM).put("distance", "Dot"))));
        server.ok("PUT", "/collections/lookup/points?wait=true", new JsonObject().put("points", new JsonArray()
                .add(new JsonObject().put("id", 3).put("vector", new JsonObject().put("other", new JsonArray("[1, 0, 0, 0]"))))));
        JsonArray got = query(new JsonObject().put("query", new JsonObject().put("recommend", new JsonObject()
                .put("positive", new JsonArray("[3]")))).put("limit", 5)
                .put("lookup_from", new JsonObject().put("collection", "lookup").put("vector", "other")));
        assertEquals(bruteForce(v -> v[0], Set.of(), 5), ids(got), "point 3 of the lookup collection is [1, 0, 0, 0]");
    }

    @Test
    void groupsHoldTheBestPointsOfTheFirstDistinctValuesAndTheirLookups() {
        server.ok("PUT", "/collections/docs", new JsonObject().put("vectors", new JsonObject().put("size", 1).put("distance", "Dot")));
        JsonArray docs = new JsonArray();
        for (long g = 0; g < 7; g++) {
            docs.add(new JsonObject().put("id", g).put("vector", new JsonArray("[1]")).put("payload", new JsonObject().put("title", "doc " + g)));
        }
        server.ok("PUT", "/collections/docs/points?wait=true", new JsonObject().put("points", docs));
        float[] q = {0.3f, -0.2f, 0.9f, 0.1f};
        JsonArray qa = new JsonArray().add(q[0]).add(q[1]).add(q[2]).add(q[3]);
        JsonObject result = server.ok("POST", "/collections/" + C + "/points/query/groups", new JsonObject()
                .put("query", qa).put("group_by", "g").put("group_size", 3).put("limit", 4).put("with_lookup", "docs")
                .put("params", new JsonObject().put("exact", true))).json().getJsonObject("result");
        // reference: walk the exact ranking, the first 4 distinct values are the groups, 3 best points each
        Map<Long, List<Long>> expected = new LinkedHashMap<>();
        for (long id : bruteForce(v -> dot(q, v), Set.of(), N)) {
            long g = id % 7;
            if (!expected.containsKey(g) && expected.size() == 4) {
                continue;
            }
            List<Long> hits = expected.computeIfAbsent(g, k -> new ArrayList<>());
            if (hits.size() < 3) {
                hits.add(id);
            }
        }
        JsonArray groups = result.getJsonArray("groups");
        Map<Long, List<Long>> got = new LinkedHashMap<>();
        for (int i = 0; i < groups.size(); i++) {
            JsonObject g = groups.getJsonObject(i);
            got.put(g.getLong("id"), ids(g.getJsonArray("hits")));
            assertEquals("doc " + g.getLong("id"), g.getJsonObject("lookup").getJsonObject("payload").getString("title"));
        }
        assertEquals(expected, got);
        TestServer.Reply r = server.postJson("/collections/" + C + "/points/query/groups", new JsonObject()
                .put("query", qa).put("group_by", "g").put("with_lookup", "nowhere"));
        assertEquals(404, r.status());
        assertTrue(r.error().contains("Collection nowhere not found"), r.text());
    }

    @Test
    void mmrPicksTheMostRelevantThenTradesRelevanceAgainstSimilarityToThoseChosen() {
        float[] q = {0.5f, 0.1f, -0.3f, 0.8f};
        JsonArray qa = new JsonArray().add(q[0]).add(q[1]).add(q[2]).add(q[3]);
        JsonArray got = query(new JsonObject().put("query", new JsonObject().put("nearest", qa)
                .put("mmr", new JsonObject().put("diversity", 0.7).put("candidates_limit", 30)))
                .put("limit", 6).put("params", new JsonObject().put("exact", true)));
        // reference: the 30 nearest, then greedy by 0.3 * dot(q, c) - 0.7 * max dot(c, chosen)
        List<Long> cands = new ArrayList<>(bruteForce(v -> dot(q, v), Set.of(), 30));
        List<Long> chosen = new ArrayList<>();
        chosen.add(cands.remove(0));
        while (chosen.size() < 6) {
            long best = -1;
            double bestScore = Double.NEGATIVE_INFINITY;
            for (long c : cands) {
                double maxSim = Double.NEGATIVE_INFINITY;
                for (long s : chosen) {
                    maxSim = Math.max(maxSim, dot(vectors.get(s), vectors.get(c)));
                }
                double score = 0.3 * dot(q, vectors.get(c)) - 0.7 * maxSim;
                if (score > bestScore) {
                    best = c;
                    bestScore = score;
                }
            }
            chosen.add(best);
            cands.remove(best);
        }
        assertEquals(chosen, ids(got));
        for (int i = 0; i < got.size(); i++) {
            assertEquals(dot(q, vectors.get(got.getJsonObject(i).getLong("id"))), got.getJsonObject(i).getDouble("score"), 1e-4,
                    "points keep their query scores");
        }
        assertTrue(!ids(got).equals(bruteForce(v -> dot(q, v), Set.of(), 6)), "diversity changed the order here");
    }

    @Test
    void orderByAndRandomSampleRankByPayloadAndByChance() {
        server.ok("PUT", "/collections/" + C + "/index?wait=true", new JsonObject().put("field_name", "g").put("field_schema", "integer"));
        JsonObject filter = new JsonObject().put("must", new JsonArray().add(new JsonObject().put("has_id", new JsonArray("[1, 2, 3, 4, 5, 6, 7, 8]"))));
        JsonArray root = query(new JsonObject().put("query", new JsonObject().put("order_by",
                new JsonObject().put("key", "g").put("direction", "desc"))).put("filter", filter).put("limit", 4));
        // g = id % 7 on ids 1..8: 6 (id 6), 5 (5), 4 (4), 3 (3)
        assertEquals(List.of(6L, 5L, 4L, 3L), ids(root));
        JsonArray rescored = query(new JsonObject().put("prefetch", new JsonObject().put("filter", filter).put("limit", 8))
                .put("query", new JsonObject().put("order_by", "g")).put("limit", 3));
        assertEquals(List.of(7L, 1L, 8L), ids(rescored), "g: 0 (id 7), then 1 for ids 1 and 8 by id");
        Set<String> orders = new java.util.HashSet<>();
        for (int i = 0; i < 20 && orders.size() < 2; i++) {
            JsonArray sample = query(new JsonObject().put("query", new JsonObject().put("sample", "random")).put("filter", filter).put("limit", 8));
            assertEquals(Set.of(1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L), new java.util.HashSet<>(ids(sample)));
            orders.add(ids(sample).toString());
        }
        assertTrue(orders.size() > 1, "random order changes between queries");
        TestServer.Reply r = server.postJson("/collections/" + C + "/points/query", new JsonObject()
                .put("query", new JsonObject().put("order_by", "g")).put("score_threshold", 1));
        assertEquals(400, r.status());
        assertEquals("Bad request: Can't use score_threshold with an order_by query.", r.error());
    }

    @Test
    void theDistanceMatrixOfTheWholeSampleIsEachPointsExactNearestAmongTheOthers() {
        JsonObject pairs = server.ok("POST", "/collections/" + C + "/points/search/matrix/pairs",
                new JsonObject().put("sample", N).put("limit", 2)).json().getJsonObject("result");
        JsonArray got = pairs.getJsonArray("pairs");
        List<String> expected = new ArrayList<>();
        for (long a = 1; a <= N; a++) {
            float[] va = vectors.get(a);
            for (long b : bruteForce(v -> dot(va, v), Set.of(a), 2)) {
                expected.add(a + "-" + b);
            }
        }
        List<String> actual = new ArrayList<>();
        for (int i = 0; i < got.size(); i++) {
            JsonObject p = got.getJsonObject(i);
            actual.add(p.getLong("a") + "-" + p.getLong("b"));
            assertEquals(dot(vectors.get(p.getLong("a")), vectors.get(p.getLong("b"))), p.getDouble("score"), 1e-4);
        }
        assertEquals(expected, actual);
        JsonObject offsets = server.ok("POST", "/collections/" + C + "/points/search/matrix/offsets",
                new JsonObject().put("sample", 5).put("limit", 1)).json().getJsonObject("result");
        assertEquals(5, offsets.getJsonArray("ids").size(), "a random sample of 5");
        assertEquals(5, offsets.getJsonArray("offsets_col").size());
        assertEquals(400, server.postJson("/collections/" + C + "/points/search/matrix/pairs",
                new JsonObject().put("using", "nope")).status());
    }

    @Test
    void theOlderRecommendAndDiscoverEndpointsAnswerAsTheQueryApiDoes() {
        JsonObject examples = new JsonObject().put("positive", new JsonArray("[3, 17]")).put("negative", new JsonArray("[40]"))
                .put("strategy", "best_score");
        JsonArray viaQuery = query(new JsonObject().put("query", new JsonObject().put("recommend", examples)).put("limit", 5));
        JsonArray old = (JsonArray) server.ok("POST", "/collections/" + C + "/points/recommend", examples.copy().put("limit", 5)).result();
        assertEquals(viaQuery, old);
        JsonArray batch = (JsonArray) server.ok("POST", "/collections/" + C + "/points/recommend/batch", new JsonObject()
                .put("searches", new JsonArray().add(examples.copy().put("limit", 5)).add(examples.copy().put("limit", 2)))).result();
        assertEquals(viaQuery, batch.getJsonArray(0));
        assertEquals(ids(viaQuery).subList(0, 2), ids(batch.getJsonArray(1)));
        JsonObject pair = new JsonObject().put("positive", 8).put("negative", 9);
        JsonArray discover = query(new JsonObject().put("query", new JsonObject().put("discover", new JsonObject().put("target", 5)
                .put("context", new JsonArray().add(pair)))).put("limit", 4));
        assertEquals(discover, server.ok("POST", "/collections/" + C + "/points/discover", new JsonObject().put("target", 5)
                .put("context", new JsonArray().add(pair)).put("limit", 4)).result());
        JsonArray context = query(new JsonObject().put("query", new JsonObject().put("context", new JsonArray().add(pair))).put("limit", 4));
        JsonArray discoverBatch = (JsonArray) server.ok("POST", "/collections/" + C + "/points/discover/batch", new JsonObject()
                .put("searches", new JsonArray().add(new JsonObject().put("context", new JsonArray().add(pair)).put("limit", 4)))).result();
        assertEquals(context, discoverBatch.getJsonArray(0), "without a target, discover is a context search");
        JsonObject groups = server.ok("POST", "/collections/" + C + "/points/recommend/groups", examples.copy()
                .put("group_by", "g").put("group_size", 1).put("limit", 3)).json().getJsonObject("result");
        assertEquals(3, groups.getJsonArray("groups").size());
        assertEquals(viaQuery.getJsonObject(0).getLong("id"),
                groups.getJsonArray("groups").getJsonObject(0).getJsonArray("hits").getJsonObject(0).getLong("id"));
    }
}
