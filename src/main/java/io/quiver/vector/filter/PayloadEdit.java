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
        current = Payload.objectOrNull(current); // a vector set's non-JSON attribute: no payload to merge into
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
        current = Payload.objectOrNull(current);
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
     * {"include": ["country.name"]}}); {@code cities[].name} keeps each element's {@code name},
     * {@code cities} the whole array.
     */
    public static String select(String current, List<String> paths) {
        current = Payload.objectOrNull(current);
        Map<String, Object> root = Payload.parse(current);
        Object out = new LinkedHashMap<String, Object>();
        for (String p : paths) {
            List<JsonPath.Step> steps;
            try {
                steps = JsonPath.parse(p).steps();
            } catch (FilterException e) {
                continue;
            }
            Object projected = project(root, steps, 0);
            if (projected != MISSING) {
                out = merge(out, projected);
            }
        }
        return Payload.write(out);
    }

    private static final Object MISSING = new Object();

    /**
     * The part of {@code v} a path reaches, in its place: keys keep their objects around it, {@code []}
     * keeps every element of an array (each projected), {@code [n]} that one element; MISSING when the
     * path finds nothing.
     */
    private static Object project(Object v, List<JsonPath.Step> steps, int i) {
        if (i == steps.size()) {
            return v;
        }
        switch (steps.get(i)) {
            case JsonPath.Key k -> {
                if (!(v instanceof Map<?, ?> m) || !m.containsKey(k.name())) {
                    return MISSING;
                }
                Object sub = project(m.get(k.name()), steps, i + 1);
                if (sub == MISSING) {
                    return MISSING;
                }
                Map<String, Object> o = new LinkedHashMap<>();
                o.put(k.name(), sub);
                return o;
            }
            case JsonPath.Every e -> {
                if (!(v instanceof List<?> l)) {
                    return MISSING;
                }
                List<Object> out = new java.util.ArrayList<>();
                for (Object el : l) {
                    Object sub = project(el, steps, i + 1);
                    if (sub != MISSING) {
                        out.add(sub);
                    }
                }
                return out;
            }
            case JsonPath.Index n -> {
                if (!(v instanceof List<?> l) || n.index() >= l.size()) {
                    return MISSING;
                }
                Object sub = project(l.get(n.index()), steps, i + 1);
                return sub == MISSING ? MISSING : new java.util.ArrayList<>(List.of(sub));
            }
        }
    }

    /** Two projections of one payload together: objects key by key, arrays of one length element by element. */
    @SuppressWarnings("unchecked")
    private static Object merge(Object a, Object b) {
        if (a instanceof Map<?, ?> ma && b instanceof Map<?, ?> mb) {
            Map<String, Object> out = new LinkedHashMap<>((Map<String, Object>) ma);
            ((Map<String, Object>) mb).forEach((k, v) -> out.merge(k, v, PayloadEdit::merge));
            return out;
        }
        if (a instanceof List<?> la && b instanceof List<?> lb && la.size() == lb.size()) {
            List<Object> out = new java.util.ArrayList<>(la.size());
            for (int i = 0; i < la.size(); i++) {
                out.add(merge(la.get(i), lb.get(i)));
            }
            return out;
        }
        return b;
    }
}
