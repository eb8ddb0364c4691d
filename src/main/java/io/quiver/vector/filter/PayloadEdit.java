package io.quiver.vector.filter;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Qdrant's payload changes on JSON text: set (merge keys in, optionally at a nested {@code key}),
 * delete keys (paths, {@code []} into arrays). Each works on a fresh parse of the text, so the
 * parsed form the stores cache is never changed in place.
 */
public final class PayloadEdit {
    private PayloadEdit() {
    }

    /** {@code current} with {@code patch}'s top-level keys set (at {@code key} when not null). */
    @SuppressWarnings("unchecked")
    public static String set(String current, String patch, String key) {
        Map<String, Object> base = new LinkedHashMap<>(Payload.parse(current));
        Map<String, Object> add = Payload.parse(patch);
        if (key == null) {
            base.putAll(add);
            return Payload.write(base);
        }
        Map<String, Object> root = (Map<String, Object>) Payload.parseValue(current == null ? "{}" : current);
        if (!(root instanceof Map)) {
            root = new LinkedHashMap<>();
        }
        JsonPath path = JsonPath.parse(key);
        setAt(root, path.steps(), 0, add);
        return Payload.write(root);
    }

    @SuppressWarnings("unchecked")
    private static void setAt(Object node, List<JsonPath.Step> steps, int i, Map<String, Object> add) {
        if (i == steps.size()) {
            if (node instanceof Map<?, ?> m) {
                ((Map<String, Object>) m).putAll(add);
            }
            return;
        }
        switch (steps.get(i)) {
            case JsonPath.Key k -> {
                if (!(node instanceof Map<?, ?> raw)) {
                    return;
                }
                Map<String, Object> m = (Map<String, Object>) raw;
                Object next = m.get(k.name());
                if (!(next instanceof Map) && !(next instanceof List)) {
                    next = new LinkedHashMap<String, Object>();
                    m.put(k.name(), next);
                }
                setAt(next, steps, i + 1, add);
            }
            case JsonPath.Index ix -> {
                if (node instanceof List<?> l && ix.index() < l.size()) {
                    setAt(l.get(ix.index()), steps, i + 1, add);
                }
            }
            case JsonPath.Every e -> {
                if (node instanceof List<?> l) {
                    for (Object x : l) {
                        setAt(x, steps, i + 1, add);
                    }
                }
            }
        }
    }

    /** {@code current} without the values at the given paths (null when nothing is left? no: {@code {}}). */
    public static String deleteKeys(String current, List<String> keys) {
        Object root = Payload.parseValue(current == null ? "{}" : current);
        if (!(root instanceof Map)) {
            return current;
        }
        for (String k : keys) {
            JsonPath path = JsonPath.parse(k);
            deleteAt(root, path.steps(), 0);
        }
        return Payload.write(root);
    }

    private static void deleteAt(Object node, List<JsonPath.Step> steps, int i) {
        boolean last = i == steps.size() - 1;
        switch (steps.get(i)) {
            case JsonPath.Key k -> {
                if (node instanceof Map<?, ?> m) {
                    if (last) {
                        m.remove(k.name());
                    } else if (m.containsKey(k.name())) {
                        deleteAt(m.get(k.name()), steps, i + 1);
                    }
                }
            }
            case JsonPath.Index ix -> {
                if (node instanceof List<?> l && ix.index() < l.size()) {
                    if (last) {
                        l.remove(ix.index());
                    } else {
                        deleteAt(l.get(ix.index()), steps, i + 1);
                    }
                }
            }
            case JsonPath.Every e -> {
                if (node instanceof List<?> l) {
                    if (last) {
                        l.clear();
                    } else {
                        for (Object x : l) {
                            deleteAt(x, steps, i + 1);
                        }
                    }
                }
            }
        }
    }

    /**
     * Only the values at the given paths, in their nested places (Qdrant's {@code with_payload:
     * {"include": ["country.name"]}}); a path step into an array keeps the array whole.
     */
    @SuppressWarnings("unchecked")
    public static String select(String current, List<String> paths) {
        Map<String, Object> root = Payload.parse(current);
        Map<String, Object> out = new LinkedHashMap<>();
        for (String p : paths) {
            List<JsonPath.Step> steps;
            try {
                steps = JsonPath.parse(p).steps();
            } catch (FilterException e) {
                continue;
            }
            Object src = root;
            Map<String, Object> dst = out;
            for (int i = 0; i < steps.size(); i++) {
                if (!(steps.get(i) instanceof JsonPath.Key k) || !(src instanceof Map<?, ?> m) || !m.containsKey(k.name())) {
                    break;
                }
                Object v = m.get(k.name());
                boolean last = i == steps.size() - 1 || !(steps.get(i + 1) instanceof JsonPath.Key) || !(v instanceof Map);
                if (last) {
                    dst.put(k.name(), v);
                    break;
                }
                Object next = dst.get(k.name());
                if (!(next instanceof Map)) {
                    next = new LinkedHashMap<String, Object>();
                    dst.put(k.name(), next);
                }
                dst = (Map<String, Object>) next;
                src = v;
            }
        }
        return Payload.write(out);
    }
}
