package io.quiver.config;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ConfigLoaderTest {
    @TempDir
    Path dir;

    private Path file(String json) throws IOException {
        Path f = dir.resolve("quiver.json");
        Files.writeString(f, json);
        return f;
    }

    @Test
    void defaultsApplyWhenNothingIsSet() {
        QuiverConfig c = ConfigLoader.load(null, Map.of(), Map.of());
        assertEquals(6333, c.get(ConfigKeys.HTTP_PORT));
        assertEquals(6379, c.get(ConfigKeys.RESP_PORT));
        assertEquals("127.0.0.1", c.get(ConfigKeys.BIND));
        assertEquals("default", c.sourceOf(ConfigKeys.HTTP_PORT));
    }

    @Test
    void environmentOverridesFileAndFlagOverridesEnvironment() throws IOException {
        Path f = file("{\"http-port\": 7000, \"resp-port\": 7001, \"shards\": 3}");
        QuiverConfig c = ConfigLoader.load(f,
                Map.of("QUIVER_HTTP_PORT", "8000", "QUIVER_RESP_PORT", "8001"),
                Map.of("resp-port", "9001"));
        assertEquals(3, c.get(ConfigKeys.SHARDS), "file only");
        assertEquals(8000, c.get(ConfigKeys.HTTP_PORT), "env over file");
        assertEquals(9001, c.get(ConfigKeys.RESP_PORT), "flag over env");
        assertEquals("flag --resp-port", c.sourceOf(ConfigKeys.RESP_PORT));
        assertEquals("env QUIVER_HTTP_PORT", c.sourceOf(ConfigKeys.HTTP_PORT));
    }

    @Test
    void unknownFileKeyStopsWithItsName() throws IOException {
        Path f = file("{\"htp-port\": 7000}");
        ConfigException e = assertThrows(ConfigException.class, () -> ConfigLoader.load(f, Map.of(), Map.of()));
        assertEquals("htp-port", e.key());
        assertTrue(e.getMessage().contains("htp-port"), e.getMessage());
    }

    @Test
    void unknownEnvironmentVariableStopsWithItsName() {
        ConfigException e = assertThrows(ConfigException.class,
                () -> ConfigLoader.load(null, Map.of("QUIVER_NO_SUCH_THING", "1"), Map.of()));
        assertTrue(e.getMessage().contains("QUIVER_NO_SUCH_THING"), e.getMessage());
    }

    @Test
    void launcherVariablesAreNotConfigurationKeys() {
        QuiverConfig c = ConfigLoader.load(null, Map.of("QUIVER_HOME", "/x", "QUIVER_JAVA_OPTS", "-Xmx1g"), Map.of());
        assertEquals(6333, c.get(ConfigKeys.HTTP_PORT));
    }

    @Test
    void badValueNamesTheKeyAndItsSource() {
        ConfigException e = assertThrows(ConfigException.class,
                () -> ConfigLoader.load(null, Map.of("QUIVER_SHARDS", "many"), Map.of()));
        assertEquals("shards", e.key());
        assertTrue(e.getMessage().contains("QUIVER_SHARDS"), e.getMessage());
    }

    @Test
    void outOfRangeValueIsRefused() {
        ConfigException e = assertThrows(ConfigException.class,
                () -> ConfigLoader.load(null, Map.of(), Map.of("http-port", "70000")));
        assertEquals("http-port", e.key());
        assertTrue(e.getMessage().contains("between 0 and 65535"), e.getMessage());
    }

    @Test
    void sizesAcceptUnits() throws IOException {
        Path f = file("{\"max-http-body\": \"2mb\", \"max-key-size\": 512, \"max-value-size\": \"1kb\"}");
        QuiverConfig c = ConfigLoader.load(f, Map.of("QUIVER_MAX_INLINE_LINE", "1m"), Map.of());
        assertEquals(2L << 20, c.get(ConfigKeys.MAX_HTTP_BODY));
        assertEquals(512L, c.get(ConfigKeys.MAX_KEY_SIZE));
        assertEquals(1024L, c.get(ConfigKeys.MAX_VALUE_SIZE));
        assertEquals(1_000_000L, c.get(ConfigKeys.MAX_INLINE_LINE));
    }

    @Test
    void malformedSizeIsRefused() {
        ConfigException e = assertThrows(ConfigException.class,
                () -> ConfigLoader.load(null, Map.of(), Map.of("max-http-body", "lots")));
        assertEquals("max-http-body", e.key());
    }

    @Test
    void malformedJsonFileIsRefusedWithItsPath() throws IOException {
        Path f = file("{\"http-port\": ");
        ConfigException e = assertThrows(ConfigException.class, () -> ConfigLoader.load(f, Map.of(), Map.of()));
        assertTrue(e.getMessage().contains(f.toString()), e.getMessage());
    }

    @Test
    void everyKeyHasItsEnvironmentName() {
        assertEquals("QUIVER_MAX_HTTP_BODY", ConfigKeys.MAX_HTTP_BODY.envName());
        for (ConfigKey<?> k : ConfigKeys.ALL) {
            assertTrue(k.envName().matches("QUIVER_[A-Z0-9_]+"), k.envName());
        }
    }

    @Test
    void shippedConfigurationFileLoads() {
        QuiverConfig c = ConfigLoader.load(Path.of("conf/quiver.json"), Map.of(), Map.of());
        assertEquals("127.0.0.1", c.get(ConfigKeys.BIND));
    }

    @Test
    void readmeDocumentsEveryKey() throws IOException {
        String readme = Files.readString(Path.of("README.md"));
        for (ConfigKey<?> k : ConfigKeys.ALL) {
            assertTrue(readme.contains("| `" + k.name() + "` |"), "README.md has no row for configuration key " + k.name());
        }
    }
    @Test
    void passwordFollowsTheSamePrecedenceAsEveryKey() throws IOException {
        Path f = file("{\"password\": \"from-file\"}");
        assertEquals("from-file", ConfigLoader.load(f, Map.of(), Map.of()).get(ConfigKeys.PASSWORD));
        assertEquals("from-env", ConfigLoader.load(f, Map.of("QUIVER_PASSWORD", "from-env"), Map.of())
                .get(ConfigKeys.PASSWORD));
        assertEquals("from-flag", ConfigLoader.load(f, Map.of("QUIVER_PASSWORD", "from-env"),
                Map.of("password", "from-flag")).get(ConfigKeys.PASSWORD));
    }

    @Test
    void passwordIsMaskedWhereverTheConfigurationIsShown() {
        QuiverConfig c = ConfigLoader.load(null, Map.of("QUIVER_PASSWORD", "s3cret-value"), Map.of());
        assertEquals("********", c.shown().get("password"));
        assertTrue(!c.describe().contains("s3cret-value"), c.describe());
        assertTrue(c.describe().contains("password = ********  (env QUIVER_PASSWORD)"), c.describe());
    }

    @Test
    void durationsAcceptUnitsAndBareMilliseconds() {
        assertEquals(250L, ConfigLoader.load(null, Map.of(), Map.of("request-timeout", "250")).get(ConfigKeys.REQUEST_TIMEOUT));
        assertEquals(250L, ConfigLoader.load(null, Map.of(), Map.of("request-timeout", "250ms")).get(ConfigKeys.REQUEST_TIMEOUT));
        assertEquals(5000L, ConfigLoader.load(null, Map.of(), Map.of("request-timeout", "5s")).get(ConfigKeys.REQUEST_TIMEOUT));
        assertEquals(120_000L, ConfigLoader.load(null, Map.of(), Map.of("request-timeout", "2m")).get(ConfigKeys.REQUEST_TIMEOUT));
        assertEquals("2m", ConfigLoader.load(null, Map.of(), Map.of("request-timeout", "120000")).shown().get("request-timeout"));
    }

    @Test
    void malformedDurationNamesTheKey() {
        ConfigException e = assertThrows(ConfigException.class,
                () -> ConfigLoader.load(null, Map.of("QUIVER_REQUEST_TIMEOUT", "soon"), Map.of()));
        assertEquals("request-timeout", e.key());
        assertTrue(e.getMessage().contains("QUIVER_REQUEST_TIMEOUT"), e.getMessage());
    }

    @Test
    void negativeShardQueueIsRefused() {
        ConfigException e = assertThrows(ConfigException.class,
                () -> ConfigLoader.load(null, Map.of(), Map.of("shard-queue", "-1")));
        assertEquals("shard-queue", e.key());
    }

    @Test
    void maxMemoryTakesASize() {
        assertEquals(100L << 20, ConfigLoader.load(null, Map.of("QUIVER_MAX_MEMORY", "100mb"), Map.of()).get(ConfigKeys.MAX_MEMORY));
    }

    @Test
    void debugCommandSettingIsOneOfItsChoices() {
        ConfigException e = assertThrows(ConfigException.class,
                () -> ConfigLoader.load(null, Map.of(), Map.of("enable-debug-command", "sometimes")));
        assertEquals("enable-debug-command", e.key());
    }

    @Test
    void tlsKeyWithoutCertificateNamesTheMissingKey() throws IOException {
        Path key = Files.writeString(dir.resolve("key.pem"), "x");
        ConfigException e = assertThrows(ConfigException.class,
                () -> ConfigLoader.load(null, Map.of(), Map.of("tls-key-file", key.toString())));
        assertEquals("tls-cert-file", e.key());
    }

    @Test
    void unreadableTlsFileNamesTheKey() throws IOException {
        Path key = Files.writeString(dir.resolve("key.pem"), "x");
        ConfigException e = assertThrows(ConfigException.class, () -> ConfigLoader.load(null,
                Map.of("QUIVER_TLS_CERT_FILE", dir.resolve("no-such-cert.pem").toString()),
                Map.of("tls-key-file", key.toString())));
        assertEquals("tls-cert-file", e.key());
        assertTrue(e.getMessage().contains("no-such-cert.pem"), e.getMessage());
    }
}
