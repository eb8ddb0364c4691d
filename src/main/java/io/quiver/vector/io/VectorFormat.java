package io.quiver.vector.io;

import java.io.IOException;
import java.io.InputStream;
import java.util.Locale;

/** The import file formats, and which one a name or an explicit choice means. */
public enum VectorFormat {
    FVECS, NPY, JSONL;

    public VectorReader open(InputStream in) throws IOException {
        return switch (this) {
            case FVECS -> new FvecsReader(in);
            case NPY -> new NpyReader(in);
            case JSONL -> new JsonlReader(in);
        };
    }

    /** The format named explicitly ({@code explicit}, may be null) or by the source's extension. */
    public static VectorFormat of(String explicit, String source) {
        String s = explicit != null ? explicit.toLowerCase(Locale.ROOT) : extension(source);
        return switch (s) {
            case "fvecs" -> FVECS;
            case "npy" -> NPY;
            case "jsonl", "ndjson" -> JSONL;
            default -> throw new IllegalArgumentException(explicit != null
                    ? "unknown format '" + explicit + "': use fvecs, npy or jsonl"
                    : "cannot tell the format of '" + source + "' from its name: end it in .fvecs, .npy or .jsonl, or give \"format\"");
        };
    }

    private static String extension(String source) {
        String s = source;
        int q = s.indexOf('?');
        if (q >= 0) {
            s = s.substring(0, q);
        }
        int dot = s.lastIndexOf('.');
        return dot < 0 ? "" : s.substring(dot + 1).toLowerCase(Locale.ROOT);
    }
}
