package io.quiver.vector.filter;

import java.util.AbstractMap;
import java.util.AbstractSet;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.Set;

/**
 * A read-only JSON object as one array of alternating keys and values, in their order: what
 * {@link Payload#parseCompact} gives. Lookups compare keys one by one (payloads have a few fields;
 * the parser hands out the same key strings, so most comparisons are by reference).
 */
final class CompactObject extends AbstractMap<String, Object> {
    private final Object[] kv;

    CompactObject(Object[] kv) {
        this.kv = kv;
    }

    static int indexOf(Object[] kv, int n, Object key) {
        for (int i = 0; i < n; i += 2) {
            if (kv[i] == key) {
                return i;
            }
        }
        for (int i = 0; i < n; i += 2) {
            if (kv[i].equals(key)) {
                return i;
            }
        }
        return -1;
    }

    @Override
    public Object get(Object key) {
        int at = indexOf(kv, kv.length, key);
        return at < 0 ? null : kv[at + 1];
    }

    @Override
    public boolean containsKey(Object key) {
        return indexOf(kv, kv.length, key) >= 0;
    }

    @Override
    public int size() {
        return kv.length / 2;
    }

    @Override
    public Set<Entry<String, Object>> entrySet() {
        return new AbstractSet<>() {
            @Override
            public Iterator<Entry<String, Object>> iterator() {
                return new Iterator<>() {
                    private int i;

                    @Override
                    public boolean hasNext() {
                        return i < kv.length;
                    }

                    @Override
                    public Entry<String, Object> next() {
                        if (i >= kv.length) {
                            throw new NoSuchElementException();
                        }
                        Entry<String, Object> e = new SimpleImmutableEntry<>((String) kv[i], kv[i + 1]);
                        i += 2;
                        return e;
                    }
                };
            }

            @Override
            public int size() {
                return kv.length / 2;
            }
        };
    }
}
