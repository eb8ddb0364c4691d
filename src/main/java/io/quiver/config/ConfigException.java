package io.quiver.config;

/** A configuration value Quiver cannot start with; the message names the key. */
public final class ConfigException extends RuntimeException {
    private final String key;
    private final String problem;

    public ConfigException(String key, String problem) {
        super("configuration key '" + key + "' " + problem);
        this.key = key;
        this.problem = problem;
    }

    public String key() {
        return key;
    }

    /** The message without the key, so a caller can add where the value came from. */
    public String problem() {
        return problem;
    }
}
