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

    /**
     * An array. Arrays that hold only decimal numbers (vectors) are kept as a {@link NumberList}
     * over a {@code double[]} instead of a list of boxed Doubles; anything else falls back to a
     * plain list as soon as a non-decimal element appears.
     */
    private static JsonArray array(JsonParser p, int depth) throws IOException {
        double[] numbers = new double[16];
        int n = 0;
        JsonToken e;
        while ((e = p.nextToken()) == JsonToken.VALUE_NUMBER_FLOAT) {
            if (n == numbers.length) {
                numbers = java.util.Arrays.copyOf(numbers, n * 2);
            }
            numbers[n++] = p.getDoubleValue();
        }
        if (e == JsonToken.END_ARRAY && n > 0) {
            return new JsonArray(new NumberList(numbers, n));
        }
        ArrayList<Object> list = new ArrayList<>(Math.max(10, n + 8));
        for (int i = 0; i < n; i++) {
            list.add(numbers[i]);
        }
        for (; e != JsonToken.END_ARRAY; e = p.nextToken()) {
            if (e == null) {
                throw new DecodeException("unterminated array");
            }
            list.add(value(p, e, depth + 1));
        }
        return new JsonArray(list);
    }

    /**
     * A list of Doubles backed by a {@code double[]}: what a vector in a request body becomes. It is
     * a modifiable list (as JsonArray's own lists are): the first change copies it into a plain one.
     */
    static final class NumberList extends java.util.AbstractList<Object> {
        private double[] values;
        private int size;
        private ArrayList<Object> boxed;

        NumberList(double[] values, int size) {
            this.values = values;
            this.size = size;
        }

        /** The numbers, or null once the list has been changed into a general one. */
        double[] doubles() {
            return boxed == null ? values : null;
        }

        @Override
        public Object get(int index) {
            if (boxed != null) {
                return boxed.get(index);
            }
            java.util.Objects.checkIndex(index, size);
            return values[index];
        }

        @Override
        public int size() {
            return boxed != null ? boxed.size() : size;
        }

        private ArrayList<Object> general() {
            if (boxed == null) {
                boxed = new ArrayList<>(size + 8);
                for (int i = 0; i < size; i++) {
                    boxed.add(values[i]);
                }
                values = null;
            }
            return boxed;
        }

        @Override
        public Object set(int index, Object element) {
            return general().set(index, element);
        }

        @Override
        public void add(int index, Object element) {
            general().add(index, element);
        }

        @Override
        public Object remove(int index) {
            return general().remove(index);
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
                return array(p, depth);
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
