package io.quiver.kv;

/** EXPIRE's NX|XX|GT|LT; a key without a TTL counts as one that never expires (so GT fails and LT applies). */
public enum ExpireCondition {
    ALWAYS, IF_NO_TTL, IF_TTL, IF_LATER, IF_EARLIER,
    /** XX with LT: only a key that has a TTL, and only to an earlier one. */
    IF_EARLIER_WITH_TTL;

    /** Whether a key whose expiry is {@code current} (0: none) may get {@code proposed}. */
    public boolean allows(long current, long proposed) {
        return switch (this) {
            case ALWAYS -> true;
            case IF_NO_TTL -> current == 0;
            case IF_TTL -> current != 0;
            case IF_LATER -> current != 0 && proposed > current;
            case IF_EARLIER -> current == 0 || proposed < current;
            case IF_EARLIER_WITH_TTL -> current != 0 && proposed < current;
        };
    }
}
