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
        assertTrue(error(call("VADD", "s7", "VALUES", "2", "0", "0", "a")).contains("zero vector"));
        assertTrue(error(call("VADD", "s7", "VALUES", "1", "1", "a", "SETATTR", "not json")).contains("JSON"));
        assertTrue(error(call("VADD", "s7")).contains("wrong number of arguments"));
        assertTrue(error(call("VSIM", "s7", "VALUES", "1", "1", "COUNT", "0")).startsWith("ERR"));
        assertTrue(error(call("VSIM", "s7", "VALUES", "1", "1", "BOGUS")).startsWith("ERR syntax"));
        assertTrue(error(call("VDIM", "s7")).contains("does not exist"));
        assertEquals(0L, call("VCARD", "s7"));
        assertInstanceOf(RespClient.Status.class, call("PING"));
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
    void q8IsTheDefaultNoquantKeepsFloatsAndBinIsRefusedByName() throws IOException {
        assertEquals(1L, call("VADD", "q-default", "VALUES", "2", "1", "0", "a"));
        assertEquals(1L, call("VADD", "q-none", "VALUES", "2", "1", "0", "a", "NOQUANT"));
        List<String> byDefault = texts(call("VINFO", "q-default")), none = texts(call("VINFO", "q-none"));
        assertEquals("int8", byDefault.get(byDefault.indexOf("quant-type") + 1), "Redis creates a set with Q8 unless told otherwise");
        assertEquals("f32", none.get(none.indexOf("quant-type") + 1));
        assertTrue(error(call("VADD", "q-none", "VALUES", "2", "0", "1", "b", "Q8")).contains("quantization mismatch"));
        assertTrue(error(call("VADD", "q-bin", "VALUES", "2", "0", "1", "b", "BIN")).contains("BIN"));
        assertEquals(0L, call("EXISTS", "q-bin"), "a refused VADD creates nothing");
    }
}
