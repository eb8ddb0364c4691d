package io.quiver.resp;

import io.quiver.cli.RespClient;
import io.quiver.config.ConfigKeys;
import io.quiver.testing.TestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Redis 8 vector-set commands over a real RESP connection to a 3-shard server. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class VectorCommandsTest {
    private TestServer server;
    private RespClient client;

    @BeforeAll
    void start() throws IOException {
        server = TestServer.start(3, ConfigKeys.VECTOR_MAX_LIMIT, 100);
        client = new RespClient("127.0.0.1", server.respPort(), 5000);
    }

    @AfterAll
    void stop() throws IOException {
        client.close();
        server.close();
    }

    private Object call(String... argv) throws IOException {
        return client.call(argv);
    }

    private static String text(Object bulk) {
        return new String((byte[]) bulk, StandardCharsets.UTF_8);
    }

    private static List<String> texts(Object array) {
        List<String> out = new ArrayList<>();
        for (Object o : (List<?>) array) {
            out.add(o == null ? null : o instanceof Long l ? l.toString() : text(o));
        }
        return out;
    }

    private static String error(Object reply) {
        return assertInstanceOf(RespClient.Error.class, reply).text();
    }

    @Test
    void vaddCreatesACosineSetAndReportsAddedOrUpdated() throws IOException {
        assertEquals(1L, call("VADD", "s1", "VALUES", "3", "1", "0", "0", "a"));
        assertEquals(0L, call("VADD", "s1", "VALUES", "3", "0", "1", "0", "a"));
        assertEquals(1L, call("VCARD", "s1"));
        assertEquals(3L, call("VDIM", "s1"));
        List<String> info = texts(call("VINFO", "s1"));
        assertEquals("cosine", info.get(info.indexOf("distance") + 1));
    }

    @Test
    void vaddAcceptsAnFp32Blob() throws IOException {
        ByteBuffer b = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putFloat(0.5f).putFloat(2f);
        assertEquals(1L, client.call(List.of("VADD".getBytes(), "blob".getBytes(), "FP32".getBytes(), b.array(), "e".getBytes())));
        List<String> v = texts(call("VEMB", "blob", "e"));
        assertEquals(0.5, Double.parseDouble(v.get(0)), 1e-6);
        assertEquals(2.0, Double.parseDouble(v.get(1)), 1e-6);
    }

    @Test
    void vsimReturnsElementsBestFirstWithRedisScores() throws IOException {
        call("VADD", "s2", "VALUES", "2", "1", "0", "x");
        call("VADD", "s2", "VALUES", "2", "0", "1", "y");
        call("VADD", "s2", "VALUES", "2", "-1", "0", "z");
        List<String> r = texts(call("VSIM", "s2", "VALUES", "2", "1", "0", "WITHSCORES"));
        assertEquals(List.of("x", "1", "y", "0.5", "z", "0"), r);
        assertEquals(List.of("x", "y"), texts(call("VSIM", "s2", "VALUES", "2", "1", "0", "COUNT", "2")));
        assertEquals(List.of("y", "x", "z"), texts(call("VSIM", "s2", "ELE", "y", "EF", "50")));
        assertEquals(List.of("x", "y"), texts(call("VSIM", "s2", "VALUES", "2", "1", "0", "EPSILON", "0.6")));
        assertEquals(List.of("x", "y", "z"), texts(call("VSIM", "s2", "VALUES", "2", "1", "0", "TRUTH")));
    }

    @Test
    void vsimOnAMissingKeyIsEmpty() throws IOException {
        assertEquals(List.of(), call("VSIM", "nokey", "VALUES", "1", "1"));
    }

    @Test
    void vremRemovesAndVismemberSeesIt() throws IOException {
        call("VADD", "s3", "VALUES", "2", "1", "1", "m");
        assertEquals(1L, call("VISMEMBER", "s3", "m"));
        assertEquals(1L, call("VREM", "s3", "m"));
        assertEquals(0L, call("VREM", "s3", "m"));
        assertEquals(0L, call("VISMEMBER", "s3", "m"));
        assertEquals(List.of(), call("VSIM", "s3", "VALUES", "2", "1", "1"));
    }

    @Test
    void attributesAreSetReadAndKeptOnVectorUpdate() throws IOException {
        call("VADD", "s4", "VALUES", "2", "1", "1", "p", "SETATTR", "{\"color\":\"red\"}");
        assertEquals("{\"color\":\"red\"}", text(call("VGETATTR", "s4", "p")));
        call("VADD", "s4", "VALUES", "2", "1", "2", "p");
        assertEquals("{\"color\":\"red\"}", text(call("VGETATTR", "s4", "p")));
        assertEquals(1L, call("VSETATTR", "s4", "p", "{\"n\":1}"));
        assertEquals("{\"n\":1}", text(call("VGETATTR", "s4", "p")));
        assertEquals(0L, call("VSETATTR", "s4", "missing", "{}"));
        assertEquals(1L, call("VSETATTR", "s4", "p", ""));
        assertNull(call("VGETATTR", "s4", "p"));
        List<?> withAttribs = (List<?>) call("VSIM", "s4", "ELE", "p", "WITHATTRIBS");
        assertEquals(2, withAttribs.size());
    }

    @Test
    void vembReturnsTheVectorAsAdded() throws IOException {
        call("VADD", "s5", "VALUES", "2", "3", "4", "v");
        List<String> v = texts(call("VEMB", "s5", "v"));
        assertEquals(3.0, Double.parseDouble(v.get(0)), 1e-5);
        assertEquals(4.0, Double.parseDouble(v.get(1)), 1e-5);
        assertNull(call("VEMB", "s5", "nothere"));
    }

    @Test
    void dimensionMismatchIsAnErrorAndChangesNothing() throws IOException {
        call("VADD", "s6", "VALUES", "2", "1", "1", "a");
        assertTrue(error(call("VADD", "s6", "VALUES", "3", "1", "1", "1", "b")).contains("dimension mismatch"));
        assertTrue(error(call("VSIM", "s6", "VALUES", "3", "1", "1", "1")).startsWith("ERR"));
        assertEquals(1L, call("VCARD", "s6"));
    }

    @Test
    void malformedArgumentsAreErrorsAndTheConnectionSurvives() throws IOException {
        assertTrue(error(call("VADD", "s7", "VALUES", "2", "1", "x", "a")).startsWith("ERR invalid vector"));
        assertTrue(error(call("VADD", "s7", "VALUES", "5", "1", "a")).startsWith("ERR invalid vector"));
        assertTrue(error(call("VADD", "s7", "FP32", "abc", "a")).startsWith("ERR invalid vector"));
        assertTrue(error(call("VADD", "s7", "VALUES", "1", "nan", "a")).startsWith("ERR"));
        assertTrue(error(call("VADD", "s7", "VALUES", "1", "inf", "a")).startsWith("ERR"));
        assertTrue(error(call("VADD", "s7")).contains("wrong number of arguments"));
        assertTrue(error(call("VSIM", "s7", "VALUES", "1", "1", "COUNT", "0")).startsWith("ERR"));
        assertEquals("ERR syntax error in VSIM command", error(call("VSIM", "s7", "VALUES", "1", "1", "BOGUS")));
        assertTrue(error(call("VDIM", "s7")).contains("does not exist"));
        assertEquals(0L, call("VCARD", "s7"));
        assertInstanceOf(RespClient.Status.class, call("PING"));
    }

    @Test
    void removingTheLastElementDeletesTheSet() throws IOException {
        call("VADD", "last", "VALUES", "2", "1", "0", "a");
        call("VADD", "last", "VALUES", "2", "0", "1", "b");
        assertEquals(1L, call("VREM", "last", "a"));
        assertEquals(1L, call("EXISTS", "last"), "one element left: the set stays");
        assertEquals(1L, call("VREM", "last", "b"));
        assertEquals(0L, call("EXISTS", "last"));
        assertTrue(error(call("VDIM", "last")).contains("does not exist"));
        assertEquals(1L, call("VADD", "last", "VALUES", "3", "1", "0", "0", "c"), "the name is free for a set of another dimension");
        assertEquals(3L, call("VDIM", "last"));
    }

    @Test
    void removingTheLastElementInsideATransactionDeletesTheSet() throws IOException {
        call("VADD", "lastmulti", "VALUES", "2", "1", "0", "a");
        assertInstanceOf(RespClient.Status.class, call("MULTI"));
        call("VREM", "lastmulti", "a");
        call("EXISTS", "lastmulti");
        call("VADD", "lastmulti", "VALUES", "2", "0", "1", "b");
        assertEquals(List.of(1L, 0L, 1L), call("EXEC"), "the VREM emptied and dropped the set inside the transaction; the VADD made it anew");
        assertEquals(1L, call("VCARD", "lastmulti"));
    }

    @Test
    void attributesMayBeAnyStringAndFilterSkipsThoseThatAreNotJson() throws IOException {
        call("VADD", "attrs", "VALUES", "2", "1", "0", "json", "SETATTR", "{\"n\": 5}");
        call("VADD", "attrs", "VALUES", "2", "1", "0.1", "text", "SETATTR", "just some words");
        call("VADD", "attrs", "VALUES", "2", "1", "0.2", "later");
        assertEquals(1L, call("VSETATTR", "attrs", "later", "[1, 2"));
        assertEquals("just some words", text(call("VGETATTR", "attrs", "text")));
        assertEquals("[1, 2", text(call("VGETATTR", "attrs", "later")));
        assertEquals("{\"n\": 5}", text(call("VGETATTR", "attrs", "json")), "kept as given, spacing and all");
        assertEquals(List.of("json"), texts(call("VSIM", "attrs", "VALUES", "2", "1", "0", "FILTER", ".n > 1")));
        assertEquals(List.of("json"), texts(call("VSIM", "attrs", "VALUES", "2", "1", "0", "FILTER", "!(.n > 9)")),
                "an element whose attributes are not JSON matches no expression, negated or not");
    }

    @Test
    void aNonJsonAttributeIsNoPayloadForQdrant() throws IOException {
        call("VADD", "attrq", "VALUES", "2", "1", "0", "7", "SETATTR", "plain text");
        var r = server.ok("POST", "/collections/attrq/points", new io.vertx.core.json.JsonObject()
                .put("ids", new io.vertx.core.json.JsonArray().add(7)).put("with_payload", true)).json().getJsonArray("result");
        assertEquals(new io.vertx.core.json.JsonObject(), r.getJsonObject(0).getJsonObject("payload"));
    }

    @Test
    void vrandmemberFollowsRedisCountRules() throws IOException {
        for (String e : List.of("a", "b", "c")) {
            call("VADD", "rand", "VALUES", "2", "1", e.equals("a") ? "0" : "1", e);
        }
        assertTrue(List.of("a", "b", "c").contains(text(call("VRANDMEMBER", "rand"))));
        List<String> two = texts(call("VRANDMEMBER", "rand", "2"));
        assertEquals(2, two.size());
        assertEquals(2, new java.util.HashSet<>(two).size(), "a positive count gives distinct elements");
        assertEquals(java.util.Set.of("a", "b", "c"), new java.util.HashSet<>(texts(call("VRANDMEMBER", "rand", "10"))),
                "more than the set holds: the whole set, once each");
        assertEquals(3, texts(call("VRANDMEMBER", "rand", "10")).size());
        List<String> repeats = texts(call("VRANDMEMBER", "rand", "-7"));
        assertEquals(7, repeats.size(), "a negative count gives that many, repeats allowed");
        assertTrue(List.of("a", "b", "c").containsAll(repeats));
        assertEquals(List.of(), call("VRANDMEMBER", "rand", "0"));
        assertNull(call("VRANDMEMBER", "no-such-set"));
        assertEquals(List.of(), call("VRANDMEMBER", "no-such-set", "3"));
        assertEquals("ERR COUNT value is not an integer", error(call("VRANDMEMBER", "rand", "x")));
    }

    @Test
    void vrangeListsElementNamesInByteOrderBetweenBounds() throws IOException {
        List<String> names = List.of("banana", "apple", "cherry", "apricot", "date", "Zebra");
        for (String n : names) {
            call("VADD", "fruit", "VALUES", "2", "1", "1", n);
        }
        assertEquals(List.of("Zebra", "apple", "apricot", "banana", "cherry", "date"), texts(call("VRANGE", "fruit", "-", "+")),
                "byte order: upper case before lower case");
        assertEquals(List.of("apple", "apricot", "banana"), texts(call("VRANGE", "fruit", "[apple", "+", "3")));
        assertEquals(List.of("apricot", "banana"), texts(call("VRANGE", "fruit", "(apple", "(cherry")));
        assertEquals(List.of("cherry", "date"), texts(call("VRANGE", "fruit", "(banana", "+", "-1")));
        assertEquals(List.of(), texts(call("VRANGE", "fruit", "[e", "+")));
        assertEquals(List.of(), call("VRANGE", "no-such-set", "-", "+"));
        assertTrue(error(call("VRANGE", "fruit", "apple", "+")).startsWith("ERR invalid range"));
    }

    @Test
    void vrangeIteratesASetInPagesWithExclusiveStarts() throws IOException {
        java.util.Set<String> all = new java.util.TreeSet<>();
        for (int i = 0; i < 40; i++) {
            all.add("e" + i);
            call("VADD", "paged", "VALUES", "2", "1", Integer.toString(i), "e" + i);
        }
        List<String> seen = new ArrayList<>();
        String start = "-";
        while (true) {
            List<String> page = texts(call("VRANGE", "paged", start, "+", "7"));
            if (page.isEmpty()) {
                break;
            }
            seen.addAll(page);
            start = "(" + page.get(page.size() - 1);
        }
        assertEquals(new ArrayList<>(all), seen);
    }

    @Test
    void aZeroVectorIsAValidCosineElementSimilarToNothing() throws IOException {
        assertEquals(1L, call("VADD", "zero", "VALUES", "2", "0", "0", "origin"));
        call("VADD", "zero", "VALUES", "2", "1", "0", "x");
        List<String> r = texts(call("VSIM", "zero", "VALUES", "2", "1", "0", "WITHSCORES"));
        assertEquals(List.of("x", "1", "origin", "0.5"), r, "cosine similarity 0: Redis's score (1 + 0) / 2");
        List<String> fromZero = texts(call("VSIM", "zero", "VALUES", "2", "0", "0", "WITHSCORES"));
        assertEquals(List.of("0.5", "0.5"), List.of(fromZero.get(1), fromZero.get(3)), "a zero query is as far from every element");
        assertEquals(List.of("0", "0"), texts(call("VEMB", "zero", "origin")));
    }

    @Test
    void efAndMOutsideRedisBoundsAreRefusedInRedisWords() throws IOException {
        assertEquals("ERR invalid EF", error(call("VADD", "bounds", "VALUES", "1", "1", "a", "EF", "1000001")));
        assertEquals("ERR invalid EF", error(call("VADD", "bounds", "VALUES", "1", "1", "a", "EF", "0")));
        assertEquals("ERR invalid M", error(call("VADD", "bounds", "VALUES", "1", "1", "a", "M", "3")));
        assertEquals("ERR invalid option after element", error(call("VADD", "bounds", "VALUES", "1", "1", "a", "SHINY")));
        assertEquals(0L, call("EXISTS", "bounds"));
        assertTrue(error(call("VADD", "bounds", "VALUES", "1", "1", "a", "EF", "1000000")).contains("4096"),
                "within Redis's bound but beyond the graph's: refused by name");
        assertEquals(1L, call("VADD", "bounds", "VALUES", "1", "1", "a", "EF", "300", "M", "8"));
        assertTrue(error(call("VADD", "bounds", "VALUES", "1", "1", "b", "EF", "200")).contains("Quiver takes EF when a set is created"));
        assertEquals("ERR asked M value mismatch with existing vector set", error(call("VADD", "bounds", "VALUES", "1", "1", "b", "M", "16")));
        assertEquals(0L, call("VADD", "bounds", "VALUES", "1", "1", "a", "EF", "300"), "the same EF again is fine");
        assertEquals("ERR invalid EF", error(call("VSIM", "bounds", "VALUES", "1", "1", "EF", "1000001")));
        assertEquals("ERR invalid COUNT", error(call("VSIM", "bounds", "VALUES", "1", "1", "COUNT", "0")));
        assertEquals("ERR invalid EPSILON", error(call("VSIM", "bounds", "VALUES", "1", "1", "EPSILON", "-1")));
        assertEquals("ERR invalid FILTER-EF", error(call("VSIM", "bounds", "VALUES", "1", "1", "FILTER-EF", "x")));
        assertEquals("ERR Vector dimension mismatch - got 2 but set has 1", error(call("VSIM", "bounds", "VALUES", "2", "1", "1")));
    }

    @Test
    void theDimensionLimitIsVectorMaxDimension() throws IOException {
        try (TestServer own = TestServer.start(1, ConfigKeys.VECTOR_MAX_DIMENSION, 4);
             RespClient c = new RespClient("127.0.0.1", own.respPort(), 5000)) {
            assertEquals(1L, c.call("VADD", "d", "VALUES", "4", "1", "2", "3", "4", "a"));
            assertTrue(error(c.call("VADD", "e", "VALUES", "5", "1", "2", "3", "4", "5", "a")).contains("vector-max-dimension"));
            assertEquals(0L, c.call("EXISTS", "e"));
        }
    }

    @Test
    void configGetShowsRedisVectorSetParameterAndSetIsRefusedByName() throws IOException {
        assertEquals(List.of("vset-force-single-threaded-execution", "no"), texts(call("CONFIG", "GET", "vset-*")));
        assertTrue(error(call("CONFIG", "SET", "vset-force-single-threaded-execution", "yes"))
                .contains("'vset-force-single-threaded-execution' is not supported"));
    }

    @Test
    void vlinksShowsAnElementsGraphNeighboursPerLayerWithRedisScores() throws IOException {
        try (TestServer own = TestServer.start(1, ConfigKeys.VECTOR_INDEX, "graph");
             RespClient c = new RespClient("127.0.0.1", own.respPort(), 5000)) {
            String[][] points = {{"a", "1", "0"}, {"b", "0.9", "0.1"}, {"c", "0", "1"}, {"d", "-1", "0.2"}, {"e", "0.5", "0.5"}};
            for (String[] p : points) {
                c.call("VADD", "g", "VALUES", "2", p[1], p[2], p[0]);
            }
            List<?> layers = (List<?>) c.call("VLINKS", "g", "a");
            assertTrue(layers.size() >= 1);
            List<String> base = texts(layers.get(layers.size() - 1));
            assertTrue(!base.isEmpty() && !base.contains("a") && java.util.Set.of("b", "c", "d", "e").containsAll(base), base.toString());
            List<String> scored = texts(((List<?>) c.call("VLINKS", "g", "a", "WITHSCORES")).get(layers.size() - 1));
            List<String> sims = texts(c.call("VSIM", "g", "ELE", "a", "WITHSCORES", "TRUTH"));
            for (int i = 0; i < scored.size(); i += 2) {
                String neighbour = scored.get(i);
                assertEquals(Double.parseDouble(sims.get(sims.indexOf(neighbour) + 1)), Double.parseDouble(scored.get(i + 1)), 1e-5,
                        "the score VLINKS gives " + neighbour + " is VSIM's");
            }
            assertNull(c.call("VLINKS", "g", "nobody"));
            assertNull(c.call("VLINKS", "nothing", "a"));
            assertEquals("ERR wrong number of arguments for 'vlinks' command", error(c.call("VLINKS", "g", "a", "EXTRA")));
        }
    }

    @Test
    void vlinksOnAnExactPartSaysItHasNoGraph() throws IOException {
        call("VADD", "flatlinks", "VALUES", "2", "1", "0", "a");
        assertTrue(error(call("VLINKS", "flatlinks", "a")).contains("no graph"));
    }

    @Test
    void countOverTheLimitIsRefused() throws IOException {
        call("VADD", "s8", "VALUES", "1", "1", "a");
        assertTrue(error(call("VSIM", "s8", "VALUES", "1", "1", "COUNT", "101")).contains("vector-max-limit"));
    }

    @Test
    void integerElementsAreTheSamePointsAsQdrantIntegerIds() throws IOException {
        call("VADD", "s9", "VALUES", "2", "1", "0", "42");
        var r = server.ok("POST", "/collections/s9/points", new io.vertx.core.json.JsonObject()
                .put("ids", new io.vertx.core.json.JsonArray().add(42))).json().getJsonArray("result");
        assertEquals(42L, r.getJsonObject(0).getLong("id"));
    }

    @Test
    void flushallDropsVectorSets() throws IOException {
        // FLUSHALL would empty the other tests' sets too, so it runs on a server of its own
        try (TestServer own = TestServer.start(2); RespClient c = new RespClient("127.0.0.1", own.respPort(), 5000)) {
            c.call("VADD", "gone", "VALUES", "1", "1", "a");
            c.call("FLUSHALL");
            assertEquals(0L, c.call("VCARD", "gone"));
            assertEquals(1L, c.call("VADD", "gone", "VALUES", "2", "1", "1", "a"));
            assertEquals(2L, c.call("VDIM", "gone"));
        }
    }

    @Test
    void q8IsTheDefaultAndNoquantKeepsFloats() throws IOException {
        assertEquals(1L, call("VADD", "q-default", "VALUES", "2", "1", "0", "a"));
        assertEquals(1L, call("VADD", "q-none", "VALUES", "2", "1", "0", "a", "NOQUANT"));
        List<String> byDefault = texts(call("VINFO", "q-default")), none = texts(call("VINFO", "q-none"));
        assertEquals("int8", byDefault.get(byDefault.indexOf("quant-type") + 1), "Redis creates a set with Q8 unless told otherwise");
        assertEquals("f32", none.get(none.indexOf("quant-type") + 1));
        assertTrue(error(call("VADD", "q-none", "VALUES", "2", "0", "1", "b", "Q8")).contains("quantization mismatch"));
    }

    @Test
    void binCreatesABinaryQuantizedSetThatFindsItsElements() throws IOException {
        assertEquals(1L, call("VADD", "q-bin", "VALUES", "3", "1", "0.2", "-0.5", "a", "BIN"));
        assertEquals(1L, call("VADD", "q-bin", "VALUES", "3", "-1", "0.7", "0.1", "b"));
        List<String> info = texts(call("VINFO", "q-bin"));
        assertEquals("bin", info.get(info.indexOf("quant-type") + 1));
        assertEquals("a", texts(call("VSIM", "q-bin", "VALUES", "3", "0.9", "0.1", "-0.4", "COUNT", "1")).get(0));
        assertTrue(error(call("VADD", "q-bin", "VALUES", "3", "0", "1", "0", "c", "Q8")).contains("quantization mismatch"));
    }
}
