package io.quiver.config;

import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;

/**
 * Builds the effective configuration from its three sources, each overriding the one before:
 * the JSON file ({@code conf/quiver.json} or {@code --conf FILE}), then {@code QUIVER_*}
 * environment variables, then command-line flags. Unknown keys and bad values throw a
 * {@link ConfigException} naming the key and where it came from.
 */
public final class ConfigLoader {
    /** QUIVER_* variables that are not configuration keys (the launcher's own). */
    private static final Set<String> LAUNCHER_VARIABLES = Set.of(
            "QUIVER_HOME", "QUIVER_CONF", "QUIVER_JAVA", "QUIVER_JAVA_OPTS", "QUIVER_NO_BUILD", "QUIVER_JAR");

    private ConfigLoader() {
    }

    public static QuiverConfig load(Path file, Map<String, String> env, Map<String, String> flags) {
        QuiverConfig cfg = QuiverConfig.defaults();
        if (file != null) {
            cfg = applyFile(cfg, file);
        }
        cfg = applyEnv(cfg, env);
        cfg = applyFlags(cfg, flags);
        validate(cfg);
        return cfg;
    }

    /** Checks that need more than one key, or the file system: a TLS key without its certificate, unreadable files. */
    static void validate(QuiverConfig cfg) {
        String cert = cfg.get(ConfigKeys.TLS_CERT_FILE), key = cfg.get(ConfigKeys.TLS_KEY_FILE);
        if (cert.isEmpty() != key.isEmpty()) {
            ConfigKey<?> missing = cert.isEmpty() ? ConfigKeys.TLS_CERT_FILE : ConfigKeys.TLS_KEY_FILE;
            ConfigKey<?> given = cert.isEmpty() ? ConfigKeys.TLS_KEY_FILE : ConfigKeys.TLS_CERT_FILE;
            throw new ConfigException(missing.name(), "must be set too when " + given.name() + " is (from "
                    + cfg.sourceOf(given) + "): TLS needs both the certificate and its key");
        }
        for (ConfigKey<String> k : java.util.List.of(ConfigKeys.TLS_CERT_FILE, ConfigKeys.TLS_KEY_FILE)) {
            String f = cfg.get(k);
            if (!f.isEmpty() && !Files.isReadable(Path.of(f))) {
                throw new ConfigException(k.name(), "names a file that cannot be read: " + Path.of(f).toAbsolutePath()
                        + " (from " + cfg.sourceOf(k) + ")");
            }
        }
    }

    static QuiverConfig applyFile(QuiverConfig cfg, Path file) {
        JsonObject json;
        try {
            json = new JsonObject(Files.readString(file));
        } catch (IOException e) {
            throw new ConfigException("conf", "names a file that cannot be read: " + file + " (" + e.getMessage() + ")");
        } catch (DecodeException e) {
            throw new ConfigException("conf", "names a file that is not valid JSON: " + file + " (" + e.getMessage() + ")");
        }
        for (Map.Entry<String, Object> e : json) {
            if (e.getKey().startsWith("//") || e.getKey().startsWith("_comment")) {
                continue; // JSON has no comments; such keys carry them
            }
            ConfigKey<?> key = known(e.getKey(), "in " + file);
            cfg = withSource(cfg, key, e.getValue(), "file " + file.getFileName());
        }
        return cfg;
    }

    static QuiverConfig applyEnv(QuiverConfig cfg, Map<String, String> env) {
        for (Map.Entry<String, String> e : env.entrySet()) {
            String var = e.getKey();
            if (!var.startsWith("QUIVER_") || LAUNCHER_VARIABLES.contains(var)) {
                continue;
            }
            ConfigKey<?> key = ConfigKeys.ALL.stream().filter(k -> k.envName().equals(var)).findFirst()
                    .orElseThrow(() -> new ConfigException(var, "is not a Quiver setting (environment variable)"));
            cfg = withSource(cfg, key, e.getValue(), "env " + var);
        }
        return cfg;
    }

    static QuiverConfig applyFlags(QuiverConfig cfg, Map<String, String> flags) {
        for (Map.Entry<String, String> e : flags.entrySet()) {
            ConfigKey<?> key = known(e.getKey(), "(flag --" + e.getKey() + ")");
            cfg = withSource(cfg, key, e.getValue(), "flag --" + e.getKey());
        }
        return cfg;
    }

    private static ConfigKey<?> known(String name, String where) {
        ConfigKey<?> key = ConfigKeys.byName(name);
        if (key == null) {
            throw new ConfigException(name, "is unknown " + where + "; known keys: "
                    + String.join(", ", ConfigKeys.ALL.stream().map(ConfigKey::name).toList()));
        }
        return key;
    }

    private static QuiverConfig withSource(QuiverConfig cfg, ConfigKey<?> key, Object raw, String source) {
        try {
            return cfg.with(key, raw, source);
        } catch (ConfigException e) {
            throw new ConfigException(key.name(), e.problem() + " (from " + source + ")");
        }
    }
}
