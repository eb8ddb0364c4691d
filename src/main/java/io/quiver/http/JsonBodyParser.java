package io.quiver.http;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadFeature;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;

/**
 * Parses a JSON request body into Vert.x's {@link JsonObject}/{@link JsonArray}, like
 * {@code Json.decodeValue}, but with Jackson's fast floating-point parser: a search body is mostly
 * a vector of hundreds of decimal numbers, and parsing them was as costly as the search itself.
 * Numbers become Integer/Long/BigInteger or Double exactly as Vert.x's own decoder gives them.
 */
final class JsonBodyParser {
    private static final JsonFactory FACTORY = JsonFactory.builder()
            .enable(StreamReadFeature.USE_FAST_DOUBLE_PARSER)
            .enable(StreamReadFeature.USE_FAST_BIG_NUMBER_PARSER)
            .build();

    private JsonBodyParser() {
    }

    /** The body's JSON value (object, array, string, number, boolean or null). */
    static Object parse(Buffer body) {
        try (JsonParser p = FACTORY.createParser(body.getBytes())) {
            JsonToken first = p.nextToken();
            if (first == null) {
                throw new DecodeException("empty body");
            }
            Object value = value(p, first, 0);
            if (p.nextToken() != null) {
                throw new DecodeException("unexpected content after the JSON value");
            }
            return value;
        } catch (IOException e) {
            throw new DecodeException(e.getMessage());
        }
    }

    private static Object value(JsonParser p, JsonToken t, int depth) throws IOException {
        if (depth > 512) {
            throw new DecodeException("JSON nested too deeply");
        }
        switch (t) {
            case START_OBJECT -> {
                LinkedHashMap<String, Object> map = new LinkedHashMap<>();
                JsonToken k;
                while ((k = p.nextToken()) == JsonToken.FIELD_NAME) {
                    String name = p.currentName();
                    map.put(name, value(p, p.nextToken(), depth + 1));
                }
                if (k != JsonToken.END_OBJECT) {
                    throw new DecodeException("malformed object");
                }
                return new JsonObject(map);
            }
            case START_ARRAY -> {
                ArrayList<Object> list = new ArrayList<>();
                JsonToken e;
                while ((e = p.nextToken()) != JsonToken.END_ARRAY) {
                    if (e == null) {
                        throw new DecodeException("unterminated array");
                    }
                    list.add(value(p, e, depth + 1));
                }
                return new JsonArray(list);
            }
            case VALUE_STRING -> {
                return p.getText();
            }
            case VALUE_NUMBER_INT -> {
                return switch (p.getNumberType()) {
                    case INT -> p.getIntValue();
                    case LONG -> p.getLongValue();
                    default -> p.getBigIntegerValue();
                };
            }
            case VALUE_NUMBER_FLOAT -> {
                return p.getDoubleValue();
            }
            case VALUE_TRUE -> {
                return Boolean.TRUE;
            }
            case VALUE_FALSE -> {
                return Boolean.FALSE;
            }
            case VALUE_NULL -> {
                return null;
            }
            default -> throw new DecodeException("unexpected JSON token " + t);
        }
    }
}
