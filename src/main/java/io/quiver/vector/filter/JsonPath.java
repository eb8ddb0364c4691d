package io.quiver.vector.filter;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A payload key as Qdrant writes it: {@code a.b} into nested objects, {@code a[]} into every element
 * of an array, {@code a[2]} into one, {@code "a.b"} for a key holding a dot. A key step on an array
 * finds nothing (as in Qdrant: {@code cities[].name}, not {@code cities.name}).
 */
public record JsonPath(String text, List<Step> steps) {

    public sealed interface Step {
    }

    public record Key(String name) implements Step {
    }

    public record Index(int index) implements Step {
    }

    public record Every() implements Step {
    }

    /** Parses a key; throws {@link FilterException} for a malformed one. */
    public static JsonPath parse(String text) {
        List<Step> steps = new ArrayList<>();
        int i = 0, n = text.length();
        if (n == 0) {
            throw new FilterException("Failed to parse json path: empty key");
        }
        boolean expectKey = true;
        while (i < n) {
            char c = text.charAt(i);
            if (c == '[') {
                int close = text.indexOf(']', i);
                if (close < 0 || steps.isEmpty() && expectKey) {
                    throw bad(text);
                }
                String inside = text.substring(i + 1, close);
                if (inside.isEmpty()) {
                    steps.add(new Every());
                } else {
                    try {
                        int idx = Integer.parseInt(inside);
                        if (idx < 0) {
                            throw bad(text);
                        }
                        steps.add(new Index(idx));
                    } catch (NumberFormatException e) {
                        throw bad(text);
                    }
                }
                i = close + 1;
                expectKey = false;
            } else if (c == '.') {
                if (expectKey) {
                    throw bad(text);
                }
                i++;
                expectKey = true;
                if (i == n) {
                    throw bad(text);
                }
            } else {
                if (!expectKey) {
                    throw bad(text);
                }
                if (c == '"') {
                    int close = text.indexOf('"', i + 1);
                    if (close < 0) {
                        throw bad(text);
                    }
                    steps.add(new Key(text.substring(i + 1, close)));
                    i = close + 1;
                } else {
                    int j = i;
                    while (j < n && text.charAt(j) != '.' && text.charAt(j) != '[') {
                        j++;
                    }
                    steps.add(new Key(text.substring(i, j)));
                    i = j;
                }
                expectKey = false;
            }
        }
        return new JsonPath(text, List.copyOf(steps));
    }

    private static FilterException bad(String text) {
        return new FilterException("Failed to parse json path: " + text);
    }

    /** The values the path reaches in {@code root} (arrays at the end are NOT flattened here). */
    public void collect(Object root, List<Object> out) {
        collect(root, 0, out);
    }

    private void collect(Object v, int step, List<Object> out) {
        if (step == steps.size()) {
            out.add(v);
            return;
        }
        switch (steps.get(step)) {
            case Key k -> {
                if (v instanceof Map<?, ?> m && m.containsKey(k.name())) {
                    collect(m.get(k.name()), step + 1, out);
                }
            }
            case Index ix -> {
                if (v instanceof List<?> l && ix.index() < l.size()) {
                    collect(l.get(ix.index()), step + 1, out);
                }
            }
            case Every e -> {
                if (v instanceof List<?> l) {
                    for (Object x : l) {
                        collect(x, step + 1, out);
                    }
                }
            }
        }
    }

    /** The values reached, arrays flattened one level: what a field condition tests. */
    public List<Object> values(Object root) {
        List<Object> raw = new ArrayList<>(2);
        collect(root, raw);
        if (raw.size() == 1 && !(raw.get(0) instanceof List<?>)) {
            return raw;
        }
        List<Object> out = new ArrayList<>(raw.size());
        for (Object o : raw) {
            if (o instanceof List<?> l) {
                out.addAll(l);
            } else {
                out.add(o);
            }
        }
        return out;
    }

    /** The first key step (what a payload index on a top-level field is for). */
    public String head() {
        return steps.get(0) instanceof Key k ? k.name() : "";
    }

    @Override
    public String toString() {
        return text;
    }
}
