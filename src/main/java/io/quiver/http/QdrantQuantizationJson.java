package io.quiver.http;

import io.quiver.error.QuiverException;
import io.quiver.vector.Quantization;
import io.quiver.vector.QuantizedSearch;
import io.vertx.core.json.JsonObject;

import java.util.Set;

/**
 * Qdrant's quantization JSON: a collection's {@code quantization_config} (only {@code scalar} with
 * {@code type: int8}, {@code quantile} and {@code always_ram}; {@code product} and {@code binary}
 * are refused by name) and a search's {@code params.quantization} ({@code ignore}, {@code rescore},
 * {@code oversampling}).
 */
final class QdrantQuantizationJson {
    private QdrantQuantizationJson() {
    }

    /** The collection's quantization from a create body ({@link Quantization#NONE} when absent or null). */
    static Quantization config(JsonObject body) {
        Object raw = body.getValue("quantization_config");
        if (raw == null) {
            return Quantization.NONE;
        }
        if (!(raw instanceof JsonObject q) || q.size() != 1) {
            throw QuiverException.badRequest("quantization_config must be an object with one of scalar, product, binary");
        }
        if (q.containsKey("product")) {
            throw QuiverException.badRequest("quantization_config.product (product quantization) is not supported by Quiver yet; "
                    + "use scalar (int8)");
        }
        if (q.containsKey("binary")) {
            throw QuiverException.badRequest("quantization_config.binary (binary quantization) is not supported by Quiver yet; "
                    + "use scalar (int8)");
        }
        if (!(q.getValue("scalar") instanceof JsonObject scalar)) {
            throw QuiverException.badRequest("quantization_config: unknown variant `" + q.fieldNames().iterator().next()
                    + "`, expected one of `scalar`, `product`, `binary`");
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
        return Quantization.scalar(quantile == null ? 1f : quantile, QdrantJson.bool(scalar, "always_ram", false));
    }

    /** A collection's {@code quantization_config} as Qdrant reports it, or null. */
    static JsonObject json(Quantization q) {
        if (!q.enabled()) {
            return null;
        }
        JsonObject scalar = new JsonObject().put("type", "int8");
        if (q.quantile() < 1f) {
            scalar.put("quantile", q.quantile());
        }
        return new JsonObject().put("scalar", scalar.put("always_ram", q.alwaysRam()));
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
}
