package io.quiver.http;

import io.quiver.error.QuiverException;
import io.quiver.vector.Quantization;
import io.quiver.vector.QuantizedSearch;
import io.vertx.core.json.JsonObject;

import java.util.Set;

/**
 * Qdrant's quantization JSON: a collection's {@code quantization_config} ({@code scalar} with
 * {@code type: int8}, {@code quantile} and {@code always_ram}; {@code product} with {@code compression}
 * and {@code always_ram}; {@code binary} with {@code always_ram}, {@code encoding} (one_bit only) and
 * {@code query_encoding}; {@code turbo} with {@code bits} and {@code always_ram}) and a search's {@code params.quantization} ({@code ignore}, {@code rescore},
 * {@code oversampling}).
 */
final class QdrantQuantizationJson {
    private QdrantQuantizationJson() {
    }

    /** The collection's quantization from a create body ({@link Quantization#NONE} when absent or null). */
    static Quantization config(JsonObject body) {
        Object raw = body.getValue("quantization_config");
        return raw == null ? Quantization.NONE : config(raw, "quantization_config");
    }

    /** A {@code quantization_config} object (the collection's, or a vector's at {@code field}). */
    static Quantization config(Object raw, String field) {
        if (!(raw instanceof JsonObject q) || q.size() != 1) {
            throw QuiverException.badRequest(field + " must be an object with one of scalar, product, binary, turbo");
        }
        if (q.getValue("product") instanceof JsonObject product) {
            return product(product);
        }
        if (q.containsKey("turbo")) {
            if (!(q.getValue("turbo") instanceof JsonObject turbo)) {
                throw QuiverException.badRequest("quantization_config.turbo must be an object");
            }
            return turbo(turbo);
        }
        if (q.containsKey("binary")) {
            if (!(q.getValue("binary") instanceof JsonObject binary)) {
                throw QuiverException.badRequest("quantization_config.binary must be an object");
            }
            return binary(binary);
        }
        if (!(q.getValue("scalar") instanceof JsonObject scalar)) {
            throw QuiverException.badRequest("quantization_config: unknown variant `" + q.fieldNames().iterator().next()
                    + "`, expected one of `scalar`, `product`, `binary`, `turbo`");
        }
        for (String key : scalar.fieldNames()) {
            if (!Set.of("type", "quantile", "always_ram").contains(key)) {
                throw QuiverException.badRequest("quantization_config.scalar: unknown field `" + key
                        + "`, expected one of `type`, `quantile`, `always_ram`");
            }
        }
        if (!"int8".equals(scalar.getValue("type"))) {
            throw QuiverException.badRequest("quantization_config.scalar.type must be \"int8\"");
        }
        Float quantile = QdrantJson.number(scalar, "quantile");
        if (quantile != null && !(quantile >= 0.5f && quantile <= 1f)) {
            throw QuiverException.badRequest("Validation error in JSON body: [quantization_config.scalar.quantile: value "
                    + quantile + " invalid, must be from 0.5 to 1]");
        }
        Object alwaysRam = scalar.getValue("always_ram");
        return Quantization.scalarAsGiven(quantile == null ? 1f : quantile, alwaysRam == null ? null : QdrantJson.bool(scalar, "always_ram", false));
    }

    private static Quantization product(JsonObject product) {
        for (String key : product.fieldNames()) {
            if (!Set.of("compression", "always_ram").contains(key)) {
                throw QuiverException.badRequest("quantization_config.product: unknown field `" + key
                        + "`, expected `compression` or `always_ram`");
            }
        }
        Object compression = product.getValue("compression");
        if (compression == null) {
            throw QuiverException.badRequest("quantization_config.product: missing field `compression`");
        }
        int ratio = switch (String.valueOf(compression)) {
            case "x4" -> 4;
            case "x8" -> 8;
            case "x16" -> 16;
            case "x32" -> 32;
            case "x64" -> 64;
            default -> throw QuiverException.badRequest("quantization_config.product.compression: unknown variant `" + compression
                    + "`, expected one of `x4`, `x8`, `x16`, `x32`, `x64`");
        };
        return Quantization.product(ratio, QdrantJson.bool(product, "always_ram", false));
    }

    private static Quantization binary(JsonObject binary) {
        for (String key : binary.fieldNames()) {
            if (key.equals("memory")) {
                throw QuiverException.badRequest("quantization_config.binary.memory is not supported by Quiver: "
                        + "the codes are always on the heap (use always_ram)");
            }
            if (!Set.of("always_ram", "encoding", "query_encoding").contains(key)) {
                throw QuiverException.badRequest("quantization_config.binary: unknown field `" + key
                        + "`, expected one of `always_ram`, `memory`, `encoding`, `query_encoding`");
            }
        }
        Object encoding = binary.getValue("encoding");
        if (encoding != null) {
            switch (String.valueOf(encoding)) {
                case "one_bit" -> { }
                case "two_bits", "one_and_half_bits" -> throw QuiverException.badRequest("quantization_config.binary.encoding `"
                        + encoding + "` is not supported by Quiver; use `one_bit`");
                default -> throw QuiverException.badRequest("quantization_config.binary.encoding: unknown variant `" + encoding
                        + "`, expected one of `one_bit`, `two_bits`, `one_and_half_bits`");
            }
        }
        Object query = binary.getValue("query_encoding");
        Quantization.QueryEncoding queryEncoding = query == null ? Quantization.QueryEncoding.UNSET
                : variant(Quantization.QueryEncoding.values(), e -> e.qdrantName, query, "quantization_config.binary.query_encoding",
                        "`default`, `binary`, `scalar4bits`, `scalar8bits`");
        Object alwaysRam = binary.getValue("always_ram");
        return Quantization.binary(encoding != null, queryEncoding,
                alwaysRam == null ? null : QdrantJson.bool(binary, "always_ram", false));
    }

    private static Quantization turbo(JsonObject turbo) {
        for (String key : turbo.fieldNames()) {
            if (key.equals("memory")) {
                throw QuiverException.badRequest("quantization_config.turbo.memory is not supported by Quiver: "
                        + "the codes are always on the heap (use always_ram)");
            }
            if (!Set.of("always_ram", "bits").contains(key)) {
                throw QuiverException.badRequest("quantization_config.turbo: unknown field `" + key
                        + "`, expected one of `always_ram`, `memory`, `bits`");
            }
        }
        Object bits = turbo.getValue("bits");
        Quantization.TurboBits size = bits == null ? Quantization.TurboBits.UNSET
                : variant(Quantization.TurboBits.values(), b -> b.qdrantName, bits, "quantization_config.turbo.bits",
                        "`bits1`, `bits1_5`, `bits2`, `bits4`");
        Object alwaysRam = turbo.getValue("always_ram");
        return Quantization.turbo(size, alwaysRam == null ? null : QdrantJson.bool(turbo, "always_ram", false));
    }

    /**
     * A PATCH's {@code quantization_config} ({@code QuantizationConfigDiff}: a whole config, or the
     * string {@code "Disabled"}): the new quantization, null for {@code "Disabled"}.
     */
    static Quantization diff(Object raw, String field) {
        if ("Disabled".equals(raw)) {
            return null;
        }
        if (raw instanceof String other) {
            throw QuiverException.badRequest("Format error in JSON body: " + field + ": unknown variant `" + other + "`, expected `Disabled`");
        }
        return config(raw, field);
    }

    /** A collection's {@code quantization_config} as Qdrant reports it, or null. */
    static JsonObject json(Quantization q) {
        if (!q.enabled()) {
            return null;
        }
        if (q.kind() == Quantization.Kind.PRODUCT) {
            return new JsonObject().put("product", new JsonObject().put("compression", "x" + q.compression())
                    .put("always_ram", q.alwaysRam()));
        }
        if (q.kind() == Quantization.Kind.BINARY) {
            JsonObject binary = new JsonObject();
            if (q.alwaysRamGiven()) {
                binary.put("always_ram", q.alwaysRam());
            }
            if (q.encodingGiven()) {
                binary.put("encoding", "one_bit");
            }
            if (q.queryEncoding() != Quantization.QueryEncoding.UNSET) {
                binary.put("query_encoding", q.queryEncoding().qdrantName);
            }
            return new JsonObject().put("binary", binary);
        }
        if (q.kind() == Quantization.Kind.TURBO) {
            JsonObject turbo = new JsonObject();
            if (q.alwaysRamGiven()) {
                turbo.put("always_ram", q.alwaysRam());
            }
            if (q.turboBits() != Quantization.TurboBits.UNSET) {
                turbo.put("bits", q.turboBits().qdrantName);
            }
            return new JsonObject().put("turbo", turbo);
        }
        JsonObject scalar = new JsonObject().put("type", "int8");
        if (q.quantile() < 1f) {
            scalar.put("quantile", q.quantile());
        }
        if (q.alwaysRamGiven()) {
            scalar.put("always_ram", q.alwaysRam());
        }
        return new JsonObject().put("scalar", scalar);
    }

    /** A search's {@code params.quantization}, or the defaults. */
    static QuantizedSearch search(JsonObject params, String prefix) {
        Object raw = params == null ? null : params.getValue("quantization");
        if (raw == null) {
            return QuantizedSearch.DEFAULT;
        }
        if (!(raw instanceof JsonObject q)) {
            throw QuiverException.badRequest(prefix + "params.quantization must be an object");
        }
        for (String key : q.fieldNames()) {
            if (!Set.of("ignore", "rescore", "oversampling").contains(key)) {
                throw QuiverException.badRequest(prefix + "params.quantization: unknown field `" + key
                        + "`, expected one of `ignore`, `rescore`, `oversampling`");
            }
        }
        Float oversampling = QdrantJson.number(q, "oversampling");
        if (oversampling != null && !(oversampling >= 1f && oversampling <= 1000f)) {
            throw QuiverException.badRequest("Validation error in JSON body: [" + prefix
                    + "params.quantization.oversampling: value " + oversampling + " invalid, must be from 1 to 1000]");
        }
        return new QuantizedSearch(QdrantJson.bool(q, "ignore", false), QdrantJson.bool(q, "rescore", true),
                oversampling == null ? 1f : oversampling);
    }

    /** The constant Qdrant names {@code given}, or serde's unknown-variant error for {@code field}. */
    private static <E> E variant(E[] values, java.util.function.Function<E, String> qdrantName, Object given, String field,
                                 String expected) {
        for (E e : values) {
            if (String.valueOf(given).equals(qdrantName.apply(e))) {
                return e;
            }
        }
        throw QuiverException.badRequest(field + ": unknown variant `" + given + "`, expected one of " + expected);
    }
}
