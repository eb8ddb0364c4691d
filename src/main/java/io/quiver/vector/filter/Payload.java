package io.quiver.vector.filter;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A payload in the parsed form filters evaluate: a JSON object as {@code Map<String, Object>} whose
 * values are {@link String}, {@link Long} (integers that fit), {@link Double}, {@link Boolean},
 * {@code null}, {@code List<Object>} and nested maps. Parsed once per stored payload (the stores keep
 * it beside the text), never per candidate.
 */
public final class Payload {
    public static final Map<String, Object> EMPTY = Collections.emptyMap();
    private static final JsonFactory JSON = new JsonFactory();

    private Payload() {
    }

    /** The parsed form of a payload's JSON object text; null or non-object text gives {@link #EMPTY}. */
    public static Map<String, Object> parse(String json) {
        return parseObject(json, false);
    }

    /**
     * As {@link #parse}, into a read-only form that costs less memory (what a part keeps cached for its
     * filters: a {@link java.util.LinkedHashMap} of three fields is about 250 bytes before its values, this one 56).
     */
    public static Map<String, Object> parseCompact(String json) {
        return parseObject(json, true);
    }

    private static Map<String, Object> parseObject(String json, boolean compact) {
        if (json == null || json.isEmpty()) {
            return EMPTY;
        }
        try (JsonParser p = JSON.createParser(json)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                return EMPTY;
            }
            return compact ? readCompactObject(p) : readObject(p);
        } catch (IOException e) {
            throw new IllegalArgumentException("payload is not a JSON object: " + e.getMessage());
        }
    }

    private static Map<String, Object> readCompactObject(JsonParser p) throws IOException {
        Object[] kv = new Object[8];
        int n = 0;
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String key = p.currentName();
            p.nextToken();
            Object value = readCompactValue(p);
            int at = CompactObject.indexOf(kv, n, key);
            if (at >= 0) { // a repeated key: the last one wins, as in the mutable form
                kv[at + 1] = value;
                continue;
            }
            if (n == kv.length) {
                kv = java.util.Arrays.copyOf(kv, n * 2);
            }
            kv[n++] = key;
            kv[n++] = value;
        }
        return n == 0 ? EMPTY : new CompactObject(n == kv.length ? kv : java.util.Arrays.copyOf(kv, n));
    }

    private static Object readCompactValue(JsonParser p) throws IOException {
        return switch (p.currentToken()) {
            case START_OBJECT -> readCompactObject(p);
            case START_ARRAY -> {
                List<Object> l = new ArrayList<>();
                while (p.nextToken() != JsonToken.END_ARRAY) {
                    l.add(readCompactValue(p));
                }
                yield Collections.unmodifiableList(java.util.Arrays.asList(l.toArray()));
            }
            case null -> throw new IOException("no value");
            default -> readValue(p);
        };
    }

    /**
     * The text when it is a JSON object, else null: a vector set's attribute may be any string
     * (Redis keeps what VSETATTR is given), and for Qdrant's API a point has a JSON object or none.
     */
    public static String objectOrNull(String text) {
        if (text == null || text.isEmpty()) {
            return null;
        }
        try (JsonParser p = JSON.createParser(text)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                return null;
            }
            p.skipChildren();
            return p.nextToken() == null ? text : null;
        } catch (IOException e) {
            return null;
        }
    }

    /** Any JSON value's text, parsed ({@code Map}, {@code List}, scalars, null). */
    public static Object parseValue(String json) {
        try (JsonParser p = JSON.createParser(json)) {
            p.nextToken();
            Object v = readValue(p);
            if (p.nextToken() != null) {
                throw new IllegalArgumentException("trailing characters after the JSON value");
            }
            return v;
        } catch (IOException e) {
            throw new IllegalArgumentException("not JSON: " + e.getMessage());
        }
    }

    private static Map<String, Object> readObject(JsonParser p) throws IOException {
        Map<String, Object> m = new LinkedHashMap<>();
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String key = p.currentName();
            p.nextToken();
            m.put(key, readValue(p));
        }
        return m;
    }

    private static Object readValue(JsonParser p) throws IOException {
        JsonToken t = p.currentToken();
        if (t == null) {
            throw new IOException("no value");
        }
        return switch (t) {
            case START_OBJECT -> readObject(p);
            case START_ARRAY -> {
                List<Object> l = new ArrayList<>();
                while (p.nextToken() != JsonToken.END_ARRAY) {
                    l.add(readValue(p));
                }
                yield l;
            }
            case VALUE_STRING -> p.getText();
            case VALUE_NUMBER_INT -> p.getNumberType() == JsonParser.NumberType.BIG_INTEGER ? (Object) p.getDoubleValue() : (Object) p.getLongValue();
            case VALUE_NUMBER_FLOAT -> p.getDoubleValue();
            case VALUE_TRUE -> Boolean.TRUE;
            case VALUE_FALSE -> Boolean.FALSE;
            case VALUE_NULL -> null;
            default -> throw new IOException("unexpected " + t);
        };
    }

    /** JSON text of a parsed value (for payloads changed in place by set/delete payload). */
    public static String write(Object v) {
        StringBuilder sb = new StringBuilder();
        write(v, sb);
        return sb.toString();
    }

    @SuppressWarnings("unchecked")
    private static void write(Object v, StringBuilder sb) {
        if (v == null) {
            sb.append("null");
        } else if (v instanceof String s) {
            quote(s, sb);
        } else if (v instanceof Double d) {
            if (d.isNaN() || d.isInfinite()) {
                sb.append("null");
            } else if (d == Math.rint(d) && Math.abs(d) < 1e15) {
                sb.append(d.longValue()).append(".0");
            } else {
                sb.append(d);
            }
        } else if (v instanceof Number || v instanceof Boolean) {
            sb.append(v);
        } else if (v instanceof Map<?, ?> m) {
            sb.append('{');
            boolean first = true;
            for (Map.Entry<String, Object> e : ((Map<String, Object>) m).entrySet()) {
                if (!first) {
                    sb.append(',');
                }
                first = false;
                quote(e.getKey(), sb);
                sb.append(':');
                write(e.getValue(), sb);
            }
            sb.append('}');
        } else if (v instanceof List<?> l) {
            sb.append('[');
            for (int i = 0; i < l.size(); i++) {
                if (i > 0) {
                    sb.append(',');
                }
                write(l.get(i), sb);
            }
            sb.append(']');
        } else {
            quote(v.toString(), sb);
        }
    }

    private static void quote(String s, StringBuilder sb) {
        sb.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                case '\t' -> sb.append("\\t");
                default -> {
                    if (c < 0x20) {
                        sb.append(String.format("\\u%04x", (int) c));
                    } else {
                        sb.append(c);
                    }
                }
            }
        }
        sb.append('"');
    }
}
