package io.quiver.vector.filter;

/** Equality of payload values as Qdrant's match has it: same JSON type and value (1 and 1.0 differ). */
final class Values {
    private Values() {
    }

    static boolean same(Object stored, Object wanted) {
        if (stored == null || wanted == null) {
            return false;
        }
        if (wanted instanceof Long w) {
            return stored instanceof Long s && s.longValue() == w;
        }
        return stored.getClass() == wanted.getClass() && stored.equals(wanted);
    }
}
