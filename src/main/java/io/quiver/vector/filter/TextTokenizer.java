package io.quiver.vector.filter;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A full-text index's tokenizer (Qdrant's {@code word}, {@code whitespace}, {@code prefix} counted
 * as word): splits into tokens, lower-cased when asked, dropping tokens outside the length bounds.
 */
public record TextTokenizer(String kind, boolean lowercase, int minTokenLen, int maxTokenLen) {
    public static final TextTokenizer WORD = new TextTokenizer("word", true, 0, 0);

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
                if ((minTokenLen <= 0 || t.length() >= minTokenLen) && (maxTokenLen <= 0 || t.length() <= maxTokenLen)) {
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

    /** Whether a document holds every query token (a phrase: consecutively, in order). */
    public boolean matches(String document, List<String> query, boolean phrase) {
        if (query.isEmpty()) {
            return false;
        }
        List<String> doc = tokens(document);
        if (!phrase) {
            return doc.containsAll(query);
        }
        outer:
        for (int i = 0; i + query.size() <= doc.size(); i++) {
            for (int j = 0; j < query.size(); j++) {
                if (!doc.get(i + j).equals(query.get(j))) {
                    continue outer;
                }
            }
            return true;
        }
        return false;
    }
}
