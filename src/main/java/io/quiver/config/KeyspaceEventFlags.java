package io.quiver.config;

/**
 * Redis's {@code notify-keyspace-events} classes as letters and as the bit set the shards test
 * (Redis's {@code keyspaceEventsStringToFlags} / {@code FlagsToString}): {@code K} keyspace
 * channel, {@code E} keyevent channel, {@code g} generic, {@code $} string, {@code h} hash,
 * {@code x} expired, {@code e} evicted, {@code n} new keys, {@code m} key misses (reads of a key
 * that is not there), {@code A} = {@code g$lshzxetd}; the classes of types Quiver does not have
 * ({@code l s z t d}) are taken (no such event happens).
 */
public final class KeyspaceEventFlags {
    public static final int KEYSPACE = 1;
    public static final int KEYEVENT = 1 << 1;
    public static final int GENERIC = 1 << 2;
    public static final int STRING = 1 << 3;
    public static final int LIST = 1 << 4;
    public static final int SET = 1 << 5;
    public static final int HASH = 1 << 6;
    public static final int ZSET = 1 << 7;
    public static final int EXPIRED = 1 << 8;
    public static final int EVICTED = 1 << 9;
    public static final int STREAM = 1 << 10;
    public static final int MODULE = 1 << 11;
    public static final int NEW = 1 << 12;
    public static final int KEY_MISS = 1 << 13;
    /** Redis's {@code A}: every class of key event but key-miss and new-key events. */
    public static final int ALL = GENERIC | STRING | LIST | SET | HASH | ZSET | EXPIRED | EVICTED | STREAM | MODULE;

    private KeyspaceEventFlags() {
    }

    /** The flags {@code letters} name; IllegalArgumentException with Redis's words for a letter it does not know. */
    public static int parse(String letters) {
        int flags = 0;
        for (int i = 0; i < letters.length(); i++) {
            flags |= switch (letters.charAt(i)) {
                case 'A' -> ALL;
                case 'g' -> GENERIC;
                case '$' -> STRING;
                case 'l' -> LIST;
                case 's' -> SET;
                case 'h' -> HASH;
                case 'z' -> ZSET;
                case 'x' -> EXPIRED;
                case 'e' -> EVICTED;
                case 'K' -> KEYSPACE;
                case 'E' -> KEYEVENT;
                case 't' -> STREAM;
                case 'd' -> MODULE;
                case 'n' -> NEW;
                case 'm' -> KEY_MISS;
                default -> throw new IllegalArgumentException("Invalid event class character. Use 'Ag$lshzxeKEtmdn'.");
            };
        }
        return flags;
    }

    /** Redis's spelling of {@code flags}: {@code A} when every class is on (else the letters, then {@code n}), then {@code K}, {@code E}, {@code m}. */
    public static String format(int flags) {
        StringBuilder sb = new StringBuilder();
        if ((flags & ALL) == ALL) {
            sb.append('A');
        } else {
            char[] letters = {'g', '$', 'l', 's', 'h', 'z', 'x', 'e', 't', 'd'};
            int[] bits = {GENERIC, STRING, LIST, SET, HASH, ZSET, EXPIRED, EVICTED, STREAM, MODULE};
            for (int i = 0; i < bits.length; i++) {
                if ((flags & bits[i]) != 0) {
                    sb.append(letters[i]);
                }
            }
            if ((flags & NEW) != 0) { // as Redis prints it: not after an A (the flag is kept all the same)
                sb.append('n');
            }
        }
        if ((flags & KEYSPACE) != 0) {
            sb.append('K');
        }
        if ((flags & KEYEVENT) != 0) {
            sb.append('E');
        }
        if ((flags & KEY_MISS) != 0) {
            sb.append('m');
        }
        return sb.toString();
    }

    /** The configuration key's parser: the letters in Redis's canonical order, or a ConfigException. */
    static String canonical(String name, Object raw) {
        try {
            return format(parse(raw == null ? "" : raw.toString()));
        } catch (IllegalArgumentException e) {
            throw new ConfigException(name, e.getMessage());
        }
    }
}
