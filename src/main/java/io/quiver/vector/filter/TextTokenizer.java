package io.quiver.vector.filter;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A full-text index's tokenizer (Qdrant's {@code word}, {@code whitespace}, {@code prefix}: word
 * tokens of which a query token matches any it begins; others as word): splits into tokens,
 * lower-cased when asked, dropping tokens outside the length bounds and stopwords (compared after
 * lower-casing when the tokenizer lower-cases, as given otherwise) from documents and queries alike.
 */
public record TextTokenizer(String kind, boolean lowercase, int minTokenLen, int maxTokenLen, java.util.Set<String> stopwords) {
    public static final TextTokenizer WORD = new TextTokenizer("word", true, 0, 0);

    public TextTokenizer {
        stopwords = java.util.Set.copyOf(stopwords);
    }

    public TextTokenizer(String kind, boolean lowercase, int minTokenLen, int maxTokenLen) {
        this(kind, lowercase, minTokenLen, maxTokenLen, java.util.Set.of());
    }

    public List<String> tokens(String text) {
        List<String> out = new ArrayList<>();
        String s = lowercase ? text.toLowerCase(Locale.ROOT) : text;
        int i = 0, n = s.length();
        while (i < n) {
            while (i < n && separator(s.charAt(i))) {
                i++;
            }
            int j = i;
            while (j < n && !separator(s.charAt(j))) {
                j++;
            }
            if (j > i) {
                String t = s.substring(i, j);
                if ((minTokenLen <= 0 || t.length() >= minTokenLen) && (maxTokenLen <= 0 || t.length() <= maxTokenLen)
                        && !stopwords.contains(t)) {
                    out.add(t);
                }
            }
            i = j;
        }
        return out;
    }

    private boolean separator(char c) {
        return kind.equals("whitespace") ? Character.isWhitespace(c) : !Character.isLetterOrDigit(c);
    }

    /** A query's tokens: as a document's, but a prefix index does not cut a query token to its length bounds. */
    public List<String> queryTokens(String text) {
        return kind.equals("prefix") ? new TextTokenizer("word", lowercase, 0, 0, stopwords).tokens(text) : tokens(text);
    }

    private boolean tokenMatches(String docToken, String queryToken) {
        return kind.equals("prefix") ? docToken.startsWith(queryToken) : docToken.equals(queryToken);
    }

    private boolean contains(List<String> doc, String q) {
        for (String d : doc) {
            if (tokenMatches(d, q)) {
                return true;
            }
        }
        return false;
    }

    /** Whether a document holds any of the query tokens. */
    public boolean matchesAny(String document, List<String> query) {
        List<String> doc = tokens(document);
        for (String q : query) {
            if (contains(doc, q)) {
                return true;
            }
        }
        return false;
    }

    /** Whether a document holds every query token (a phrase: consecutively, in order). */
    public boolean matches(String document, List<String> query, boolean phrase) {
        if (query.isEmpty()) {
            return false;
        }
        List<String> doc = tokens(document);
        if (!phrase) {
            for (String q : query) {
                if (!contains(doc, q)) {
                    return false;
                }
            }
            return true;
        }
        outer:
        for (int i = 0; i + query.size() <= doc.size(); i++) {
            for (int j = 0; j < query.size(); j++) {
                if (!tokenMatches(doc.get(i + j), query.get(j))) {
                    continue outer;
                }
            }
            return true;
        }
        return false;
    }
}
