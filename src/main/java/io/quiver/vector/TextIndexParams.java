package io.quiver.vector;

import io.quiver.vector.filter.Payload;
import io.quiver.vector.filter.TextTokenizer;

import java.util.Map;

/**
 * A text index's tokenizer from its schema parameters ({@code tokenizer}, {@code lowercase},
 * {@code min/max_token_len}, {@code stopwords}: a language, or {@code {"languages": [...], "custom":
 * [...]}}; the languages Quiver has lists for are {@link #LANGUAGES}).
 */
public final class TextIndexParams {
    /** Stopword languages with a built-in list (resources/stopwords/NAME.txt: NLTK's English list). */
    public static final java.util.Set<String> LANGUAGES = java.util.Set.of("english");
    private static final java.util.Map<String, java.util.Set<String>> LISTS = new java.util.concurrent.ConcurrentHashMap<>();

    private TextIndexParams() {
    }

    /** Qdrant's language name ({@code english}, or its code {@code en}) as Quiver's list name, or null when Quiver has none. */
    public static String language(String name) {
        String n = name.toLowerCase(java.util.Locale.ROOT);
        if (n.equals("en")) {
            n = "english";
        }
        return LANGUAGES.contains(n) ? n : null;
    }

    private static java.util.Set<String> list(String language) {
        return LISTS.computeIfAbsent(language, l -> {
            try (java.io.InputStream in = TextIndexParams.class.getResourceAsStream("/stopwords/" + l + ".txt")) {
                if (in == null) {
                    throw new IllegalStateException("no stopword list for " + l);
                }
                java.util.Set<String> out = new java.util.HashSet<>();
                for (String w : new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8).split("\n")) {
                    if (!w.isBlank()) {
                        out.add(w.strip());
                    }
                }
                return java.util.Set.copyOf(out);
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
    }

    /** The stopwords a {@code stopwords} parameter names (languages unknown to Quiver are refused before an index is made). */
    @SuppressWarnings("unchecked")
    static java.util.Set<String> stopwords(Object spec, boolean lowercase) {
        java.util.Set<String> out = new java.util.HashSet<>();
        if (spec instanceof String lang) {
            String l = language(lang);
            if (l != null) {
                out.addAll(list(l));
            }
        } else if (spec instanceof Map<?, ?> m) {
            if (m.get("languages") instanceof java.util.List<?> langs) {
                for (Object o : langs) {
                    String l = o instanceof String s ? language(s) : null;
                    if (l != null) {
                        out.addAll(list(l));
                    }
                }
            }
            if (m.get("custom") instanceof java.util.List<?> custom) {
                for (Object o : custom) {
                    if (o instanceof String w) {
                        out.add(lowercase ? w.toLowerCase(java.util.Locale.ROOT) : w);
                    }
                }
            }
        }
        return out;
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
        return new TextTokenizer(kind, lower, min, max, stopwords(p.get("stopwords"), lower));
    }
}
