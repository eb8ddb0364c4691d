package io.quiver.http;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.Json;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** The fast body parser gives what Vert.x's own decoder gives, and refuses what it refuses. */
class JsonBodyParserTest {
    @Test
    void parsesLikeVertxDecoder() {
        String[] bodies = {
                "{\"vector\":[0.1,2,-3.5e-3,1e39,123456789012345678901234567890],\"limit\":10,\"p\":{\"a\":[true,false,null,\"s\"]}}",
                "[1, 2.5, {\"x\": {}}, []]",
                "[2.5, 1, 3.5]", "[0.5, \"s\", 1.5]", "[[0.1, 0.2], [0.3]]",
                "\"text\"", "42", "1.25"};
        for (String b : bodies) {
            assertEquals(Json.decodeValue(Buffer.buffer(b)), JsonBodyParser.parse(Buffer.buffer(b)), b);
        }
    }

    @Test
    void decimalArraysStayUsableAsOrdinaryJsonArrays() {
        io.vertx.core.json.JsonArray a = ((io.vertx.core.json.JsonObject) JsonBodyParser.parse(Buffer.buffer("{\"v\":[0.5,1.5]}")))
                .getJsonArray("v");
        assertEquals(1.5, a.getDouble(1));
        a.add(2.5).set(0, "x");
        assertEquals(new io.vertx.core.json.JsonArray().add("x").add(1.5).add(2.5), a);
        org.junit.jupiter.api.Assertions.assertArrayEquals(new float[]{0.5f, 1.5f},
                QdrantJson.vector(((io.vertx.core.json.JsonObject) JsonBodyParser.parse(Buffer.buffer("{\"v\":[0.5,1.5]}"))).getValue("v"), "v"));
    }

    @Test
    void refusesMalformedJson() {
        for (String b : new String[]{"{", "{\"a\":}", "[1,2", "{} {}", "", "{\"a\":1,}"}) {
            assertThrows(DecodeException.class, () -> JsonBodyParser.parse(Buffer.buffer(b)), b);
        }
    }
}
