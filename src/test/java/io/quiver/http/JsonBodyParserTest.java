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
                "\"text\"", "42", "1.25"};
        for (String b : bodies) {
            assertEquals(Json.decodeValue(Buffer.buffer(b)), JsonBodyParser.parse(Buffer.buffer(b)), b);
        }
    }

    @Test
    void refusesMalformedJson() {
        for (String b : new String[]{"{", "{\"a\":}", "[1,2", "{} {}", "", "{\"a\":1,}"}) {
            assertThrows(DecodeException.class, () -> JsonBodyParser.parse(Buffer.buffer(b)), b);
        }
    }
}
