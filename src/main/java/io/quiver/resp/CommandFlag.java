package io.quiver.resp;

/** Properties of a command that the dispatcher and COMMAND read from its table row (as in Redis). */
public enum CommandFlag {
    /** Changes data. */
    WRITE,
    /** Only reads data. */
    READONLY,
    /** Constant or near-constant time. */
    FAST,
    /** Server administration. */
    ADMIN,
    /** Allowed before AUTH. */
    NO_AUTH,
    /** Refused when memory is over its limit. */
    DENY_OOM,
    /** Refused inside MULTI. */
    NO_MULTI;

    /** The name COMMAND shows, as Redis spells it. */
    public String wireName() {
        return switch (this) {
            case DENY_OOM -> "denyoom";
            case NO_MULTI -> "no_multi";
            default -> name().toLowerCase();
        };
    }
}
