package io.quiver.vector;

/**
 * Qdrant's {@code update_mode} of an upsert: {@code upsert} inserts new points and replaces existing
 * ones, {@code insert_only} leaves existing points as they are, {@code update_only} inserts nothing.
 */
public enum UpdateMode {
    UPSERT, INSERT_ONLY, UPDATE_ONLY;

    /** Qdrant's spelling ({@code upsert}, {@code insert_only}, {@code update_only}), or null. */
    public static UpdateMode parse(String s) {
        return switch (s) {
            case "upsert" -> UPSERT;
            case "insert_only" -> INSERT_ONLY;
            case "update_only" -> UPDATE_ONLY;
            default -> null;
        };
    }

    /**
     * Whether a point is written: a new one unless {@code update_only}; an existing one unless
     * {@code insert_only}, and then only when it passes the update filter.
     */
    public boolean writes(boolean exists, boolean passesFilter) {
        return exists ? this != INSERT_ONLY && passesFilter : this != UPDATE_ONLY;
    }
}
