package io.quiver.vector;

/**
 * A payload index of a collection (Qdrant's {@code PUT /collections/{c}/index}): the field and its
 * schema type ({@code keyword}, {@code integer}, {@code float}, {@code bool}, {@code geo},
 * {@code datetime}, {@code text}, {@code uuid}) with the schema's parameters as given (JSON object
 * text, or null for the plain form). A text index makes {@code match: {text}} tokenized; integer,
 * float and datetime indexes allow {@code order_by}.
 */
public record PayloadIndexSpec(String field, String type, String params) {
    public static final java.util.Set<String> TYPES =
            java.util.Set.of("keyword", "integer", "float", "bool", "geo", "datetime", "text", "uuid");

    public PayloadIndexSpec {
        if (!TYPES.contains(type)) {
            throw new IllegalArgumentException("unknown payload schema type " + type);
        }
    }

    /** Whether {@code order_by} may use this index (Qdrant: a range index). */
    public boolean ordered() {
        return type.equals("integer") || type.equals("float") || type.equals("datetime");
    }
}
