package io.quiver.vector.io;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.StringWriter;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;

/**
 * Streams JSON Lines: one object per line, {@code {"id": 7 | "a", "vector": [...], "payload": {...}}}
 * ({@code id} and {@code payload} optional). Blank lines are skipped. Uses Jackson's streaming
 * parser, so the payload is copied out as JSON text without building a tree.
 */
public final class JsonlReader implements VectorReader {
    private static final JsonFactory JSON = new JsonFactory();
    private final BufferedReader in;
    private long line;
    private int dimension;

    public JsonlReader(InputStream input) {
        this.in = new BufferedReader(new InputStreamReader(input, StandardCharsets.UTF_8), 1 << 16);
    }

    @Override
    public VectorRow next() throws IOException {
        String text;
        do {
            text = in.readLine();
            line++;
            if (text == null) {
                return null;
            }
        } while (text.isBlank());
        try (JsonParser p = JSON.createParser(text)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                throw bad("is not a JSON object");
            }
            Object id = null;
            float[] vector = null;
            String payload = null;
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String field = p.currentName();
                JsonToken t = p.nextToken();
                switch (field) {
                    case "id" -> id = switch (t) {
                        case VALUE_NUMBER_INT -> {
                            BigInteger b = p.getBigIntegerValue();
                            if (b.signum() < 0 || b.bitLength() > 64) {
                                throw bad("has an id outside 0..2^64-1");
                            }
                            yield b.longValue();
                        }
                        case VALUE_STRING -> p.getText();
                        default -> throw bad("has an id that is neither an unsigned integer nor a string");
                    };
                    case "vector" -> vector = readVector(p, t);
                    case "payload" -> {
                        if (t == JsonToken.VALUE_NULL) {
                            payload = null;
                        } else if (t != JsonToken.START_OBJECT) {
                            throw bad("has a payload that is not a JSON object");
                        } else {
                            StringWriter w = new StringWriter();
                            try (JsonGenerator g = JSON.createGenerator(w)) {
                                g.copyCurrentStructure(p);
                            }
                            payload = w.toString();
                        }
                    }
                    default -> p.skipChildren();
                }
            }
            if (vector == null) {
                throw bad("has no \"vector\"");
            }
            if (dimension == 0) {
                dimension = vector.length;
            }
            return new VectorRow(id, vector, payload);
        } catch (JsonProcessingException e) {
            throw bad("is malformed JSON: " + e.getOriginalMessage());
        }
    }

    private float[] readVector(JsonParser p, JsonToken t) throws IOException {
        if (t != JsonToken.START_ARRAY) {
            throw bad("has a vector that is not an array");
        }
        float[] buf = new float[dimension > 0 ? dimension : 64];
        int n = 0;
        JsonToken e;
        while ((e = p.nextToken()) != JsonToken.END_ARRAY) {
            if (e != JsonToken.VALUE_NUMBER_INT && e != JsonToken.VALUE_NUMBER_FLOAT) {
                throw bad("has a non-number in its vector");
            }
            if (n == buf.length) {
                buf = java.util.Arrays.copyOf(buf, n * 2);
            }
            buf[n++] = p.getFloatValue();
        }
        return n == buf.length ? buf : java.util.Arrays.copyOf(buf, n);
    }

    private VectorFormatException bad(String what) {
        return new VectorFormatException("jsonl line " + line + " " + what);
    }

    @Override
    public int dimension() {
        return dimension;
    }
}
