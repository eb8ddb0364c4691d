package io.quiver.vector;

import io.quiver.vector.filter.Payload;
import io.quiver.vector.filter.TextTokenizer;

import java.util.Map;

/** A text index's tokenizer from its schema parameters ({@code tokenizer}, {@code lowercase}, {@code min/max_token_len}). */
final class TextIndexParams {
    private TextIndexParams() {
    }

    static TextTokenizer tokenizer(String params) {
        if (params == null) {
            return TextTokenizer.WORD;
        }
        Map<String, Object> p = Payload.parse(params);
        String kind = p.get("tokenizer") instanceof String s ? s : "word";
        boolean lower = !(p.get("lowercase") instanceof Boolean b) || b;
        int min = p.get("min_token_len") instanceof Long n ? (int) (long) n : 0;
        int max = p.get("max_token_len") instanceof Long n ? (int) (long) n : 0;
        return new TextTokenizer(kind, lower, min, max);
    }
}
