package io.quiver.kv;

/**
 * Redis's glob patterns (KEYS, SCAN MATCH): {@code *} any run, {@code ?} one byte, {@code [abc]},
 * {@code [^a]}, {@code [a-z]} sets, {@code \} escapes the next byte. Matching backtracks only to the
 * last {@code *}, so no pattern costs more than length(pattern) x length(text). As in Redis, a
 * pattern of more than {@value #MAX_STARS} stars matches nothing (Redis's guard against runaway
 * matching, kept so that both answer alike).
 */
public final class GlobPattern {
    private final byte[] p;
    /** The pattern is {@code *}: everything matches, nothing need be compared. */
    private final boolean all;
    private final boolean tooManyStars;
    static final int MAX_STARS = 1000;

    private GlobPattern(byte[] pattern) {
        this.p = pattern;
        int stars = 0;
        for (int i = 0; i < pattern.length; i++) {
            if (pattern[i] == '\\') {
                i++;
            } else if (pattern[i] == '*') {
                stars++;
            }
        }
        this.tooManyStars = stars > MAX_STARS;
        boolean onlyStars = pattern.length > 0;
        for (byte b : pattern) {
            onlyStars &= b == '*';
        }
        this.all = onlyStars;
    }

    public static GlobPattern of(byte[] pattern) {
        return new GlobPattern(pattern);
    }

    public byte[] bytes() {
        return p;
    }

    public boolean matchesAll() {
        return all;
    }

    public boolean matches(byte[] s) {
        return matches(s, 0, s.length);
    }

    public boolean matches(byte[] s, int off, int len) {
        if (all) {
            return true;
        }
        if (tooManyStars) {
            return false;
        }
        int pi = 0, si = off, end = off + len;
        int starP = -1, starS = -1;
        while (si < end) {
            if (pi < p.length) {
                byte c = p[pi];
                if (c == '*') {
                    while (pi < p.length && p[pi] == '*') {
                        pi++;
                    }
                    if (pi == p.length) {
                        return true;
                    }
                    starP = pi;
                    starS = si;
                    continue;
                }
                int next = matchOne(pi, s[si]);
                if (next >= 0) {
                    pi = next;
                    si++;
                    continue;
                }
            }
            if (starP < 0) {
                return false;
            }
            pi = starP;
            si = ++starS;
        }
        while (pi < p.length && p[pi] == '*') {
            pi++;
        }
        return pi == p.length;
    }

    /** If the pattern element at {@code pi} matches byte {@code b}: the index after the element; else -1. */
    private int matchOne(int pi, byte b) {
        byte c = p[pi];
        if (c == '?') {
            return pi + 1;
        }
        if (c == '\\' && pi + 1 < p.length) {
            return p[pi + 1] == b ? pi + 2 : -1;
        }
        if (c != '[') {
            return c == b ? pi + 1 : -1;
        }
        int i = pi + 1;
        boolean not = i < p.length && p[i] == '^';
        if (not) {
            i++;
        }
        boolean match = false;
        int u = b & 0xFF;
        while (i < p.length && p[i] != ']') {
            if (p[i] == '\\' && i + 1 < p.length) {
                match |= p[i + 1] == b;
                i += 2;
            } else if (i + 2 < p.length && p[i + 1] == '-' && p[i + 2] != ']') {
                int lo = p[i] & 0xFF, hi = p[i + 2] & 0xFF;
                if (lo > hi) {
                    int t = lo; lo = hi; hi = t;
                }
                match |= u >= lo && u <= hi;
                i += 3;
            } else {
                match |= p[i] == b;
                i++;
            }
        }
        // an unclosed set runs to the pattern's end, as in Redis
        int after = i < p.length ? i + 1 : i;
        return match != not ? after : -1;
    }
}
