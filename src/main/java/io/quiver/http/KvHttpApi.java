package io.quiver.http;

import io.quiver.error.QuiverException;
import io.quiver.kv.SetCondition;
import io.quiver.kv.Value;
import io.quiver.service.KeyValueService;
import io.quiver.service.Services;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;

/**
 * The key-value part of the HTTP API. Keys travel percent-encoded in the path, so any byte string is
 * a key; values are raw bodies. The JSON batch forms carry keys and values as UTF-8 strings, or as
 * base64 with {@code ?encoding=base64} for binary data.
 */
final class KvHttpApi {
    private static final String PREFIX = "/kv/";

    /** GET /kv/{key}: the raw value, or 404. */
    void get(RoutingContext ctx, Services services) {
        byte[] key = keyOf(ctx);
        services.kv().get(key).onComplete(ar -> {
            if (ar.failed()) {
                ctx.fail(ar.cause());
            } else if (ar.result() == null) {
                ctx.fail(QuiverException.notFound("no such key"));
            } else {
                Value v = ar.result();
                ctx.response().putHeader("Content-Type", "application/octet-stream")
                        .end(Buffer.buffer(v.length()).appendBytes(v.array(), v.offset(), v.length()));
            }
        });
    }

    /** PUT /kv/{key}: stores the body; {@code ?nx=true} only if absent (else 409), {@code ?xx=true} only if present (else 404). */
    void put(RoutingContext ctx, Services services) {
        byte[] key = keyOf(ctx);
        boolean nx = flag(ctx, "nx"), xx = flag(ctx, "xx");
        if (nx && xx) {
            throw QuiverException.badRequest("nx and xx cannot both be set");
        }
        SetCondition condition = nx ? SetCondition.IF_ABSENT : xx ? SetCondition.IF_PRESENT : SetCondition.ALWAYS;
        byte[] value = ctx.body().buffer() == null ? new byte[0] : ctx.body().buffer().getBytes();
        services.kv().set(key, value, condition).onComplete(ar -> {
            if (ar.failed()) {
                ctx.fail(ar.cause());
            } else if (!ar.result()) {
                ctx.fail(nx ? new QuiverException(io.quiver.error.ErrorCode.CONFLICT, "key exists (nx)")
                        : QuiverException.notFound("no such key (xx)"));
            } else {
                Json.ok(ctx, new JsonObject().put("stored", true));
            }
        });
    }

    /** DELETE /kv/{key}: {@code {"deleted": 0|1}}. */
    void delete(RoutingContext ctx, Services services) {
        byte[] key = keyOf(ctx);
        services.kv().delete(new byte[][]{key}).onComplete(ar -> {
            if (ar.failed()) {
                ctx.fail(ar.cause());
            } else {
                Json.ok(ctx, new JsonObject().put("deleted", ar.result()));
            }
        });
    }

    /** POST /kv/_mget {@code {"keys": [...]}} → {@code {"values": [... or null]}}. */
    void mget(RoutingContext ctx, Services services) {
        KeyValueService kv = services.kv();
        kv.refuseIfEveryShardIsFull(); // before parsing the body: under overload a refusal costs little
        Codec codec = Codec.of(ctx);
        JsonArray keys = Json.body(ctx).getJsonArray("keys");
        if (keys == null || keys.isEmpty()) {
            throw QuiverException.badRequest("body needs \"keys\": a non-empty array of strings");
        }
        byte[][] k = new byte[keys.size()][];
        for (int i = 0; i < k.length; i++) {
            k[i] = codec.decode(keys.getValue(i), "keys[" + i + "]");
        }
        kv.multiGet(k).onComplete(ar -> {
            if (ar.failed()) {
                ctx.fail(ar.cause());
                return;
            }
            JsonArray values = new JsonArray();
            for (Value v : ar.result()) {
                values.add(v == null ? null : codec.encode(v.bytes()));
            }
            Json.ok(ctx, new JsonObject().put("values", values));
        });
    }

    /** POST /kv/_mset {@code {"entries": {"k": "v", ...}}} → {@code {"stored": n}}. */
    void mset(RoutingContext ctx, Services services) {
        KeyValueService kv = services.kv();
        kv.refuseIfEveryShardIsFull();
        Codec codec = Codec.of(ctx);
        Object raw = Json.body(ctx).getValue("entries");
        if (!(raw instanceof JsonObject entries) || entries.isEmpty()) {
            throw QuiverException.badRequest("body needs \"entries\": a non-empty object of key: value strings");
        }
        byte[][] keys = new byte[entries.size()][];
        byte[][] values = new byte[entries.size()][];
        int i = 0;
        for (Map.Entry<String, Object> e : entries) {
            keys[i] = codec.decode(e.getKey(), "entries key");
            values[i] = codec.decode(e.getValue(), "entries[" + e.getKey() + "]");
            i++;
        }
        kv.multiSet(keys, values).onComplete(ar -> {
            if (ar.failed()) {
                ctx.fail(ar.cause());
            } else {
                Json.ok(ctx, new JsonObject().put("stored", keys.length));
            }
        });
    }

    private static boolean flag(RoutingContext ctx, String name) {
        String v = ctx.request().getParam(name);
        return v != null && (v.isEmpty() || v.equalsIgnoreCase("true") || v.equals("1"));
    }

    /** The key: the raw path after {@code /kv/}, percent-decoded to bytes (not to a string). */
    static byte[] keyOf(RoutingContext ctx) {
        String path = ctx.request().path();
        if (!path.startsWith(PREFIX) || path.length() == PREFIX.length()) {
            throw QuiverException.badRequest("the key is missing: use /kv/{key}");
        }
        return percentDecode(path, PREFIX.length());
    }

    static byte[] percentDecode(String s, int from) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(s.length() - from);
        for (int i = from; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '%') {
                int hi = i + 2 < s.length() ? Character.digit(s.charAt(i + 1), 16) : -1;
                int lo = i + 2 < s.length() ? Character.digit(s.charAt(i + 2), 16) : -1;
                if (hi < 0 || lo < 0) {
                    throw QuiverException.badRequest("malformed percent-encoding in the key at position " + (i - from));
                }
                out.write(hi * 16 + lo);
                i += 2;
            } else if (c < 0x80) {
                out.write(c);
            } else {
                byte[] utf8 = String.valueOf(c).getBytes(StandardCharsets.UTF_8);
                out.write(utf8, 0, utf8.length);
            }
        }
        return out.toByteArray();
    }

    /** How the JSON batch forms carry byte strings. */
    private enum Codec {
        UTF8, BASE64;

        static Codec of(RoutingContext ctx) {
            String e = ctx.request().getParam("encoding");
            if (e == null || e.equalsIgnoreCase("utf8") || e.equalsIgnoreCase("utf-8")) {
                return UTF8;
            }
            if (e.equalsIgnoreCase("base64")) {
                return BASE64;
            }
            throw QuiverException.badRequest("encoding must be utf8 or base64, not '" + e + "'");
        }

        byte[] decode(Object v, String what) {
            if (!(v instanceof String s)) {
                throw QuiverException.badRequest(what + " must be a string");
            }
            if (this == UTF8) {
                return s.getBytes(StandardCharsets.UTF_8);
            }
            try {
                return Base64.getDecoder().decode(s);
            } catch (IllegalArgumentException e) {
                throw QuiverException.badRequest(what + " is not valid base64");
            }
        }

        String encode(byte[] b) {
            return this == UTF8 ? new String(b, StandardCharsets.UTF_8) : Base64.getEncoder().encodeToString(b);
        }
    }
}
