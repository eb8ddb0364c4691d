package io.quiver.app;

import io.quiver.config.ConfigKeys;
import io.vertx.core.json.JsonArray;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * No Docker engine runs here, so the container files are checked against what they must agree with:
 * the launcher's JVM flags (and the pom's copy), the default ports, the configuration keys.
 */
class ContainerFilesTest {
    private static String read(String path) throws IOException {
        return Files.readString(Path.of(path));
    }

    /** The {@code JVM_FLAGS=(...)} array of bin/quiver. */
    private static List<String> launcherFlags() throws IOException {
        Matcher m = Pattern.compile("(?m)^JVM_FLAGS=\\(([^)]*)\\)").matcher(read("bin/quiver"));
        assertTrue(m.find(), "bin/quiver has a JVM_FLAGS=(...) line");
        return Arrays.asList(m.group(1).trim().split("\\s+"));
    }

    /** Dockerfile instructions of one kind, continuation lines joined, from the last stage (the image). */
    private static List<String> instructions(String keyword) throws IOException {
        String dockerfile = read("docker/Dockerfile").replace("\\\n", " ");
        String lastStage = dockerfile.substring(dockerfile.lastIndexOf("\nFROM "));
        List<String> out = new ArrayList<>();
        for (String line : lastStage.split("\n")) {
            if (line.startsWith(keyword + " ")) {
                out.add(line.substring(keyword.length() + 1).trim());
            }
        }
        return out;
    }

    private static List<String> entrypoint() throws IOException {
        List<String> ep = instructions("ENTRYPOINT");
        assertEquals(1, ep.size(), "one ENTRYPOINT, in exec form");
        return new JsonArray(ep.get(0)).stream().map(Object::toString).toList();
    }

    @Test
    void entrypointRunsJavaWithTheLaunchersJvmFlags() throws IOException {
        List<String> ep = entrypoint();
        List<String> flags = launcherFlags();
        assertEquals("java", ep.get(0), ep.toString());
        assertEquals(flags, ep.subList(1, 1 + flags.size()), "the launcher's flags come first, in its order");
    }

    @Test
    void entrypointStartsTheServerFromTheJar() throws IOException {
        List<String> ep = entrypoint();
        int jar = ep.indexOf("-jar");
        assertTrue(jar > 0, ep.toString());
        assertTrue(ep.get(jar + 1).endsWith("quiver.jar"), ep.toString());
        assertEquals("serve", ep.get(jar + 2), ep.toString());
    }

    @Test
    void pomRepeatsTheLaunchersJvmFlags() throws IOException {
        Matcher m = Pattern.compile("<quiver.jvm.flags>([^<]*)</quiver.jvm.flags>").matcher(read("pom.xml"));
        assertTrue(m.find());
        assertEquals(launcherFlags(), Arrays.asList(m.group(1).trim().split("\\s+")));
    }

    @Test
    void exposedPortsAreTheDefaultPorts() throws IOException {
        Set<Integer> exposed = new TreeSet<>();
        for (String e : instructions("EXPOSE")) {
            for (String p : e.split("\\s+")) {
                exposed.add(Integer.parseInt(p.replace("/tcp", "")));
            }
        }
        assertEquals(new TreeSet<>(List.of(ConfigKeys.RESP_PORT.defaultValue(), ConfigKeys.HTTP_PORT.defaultValue())), exposed);
    }

    @Test
    void theImageListensOnEveryInterface() throws IOException {
        assertTrue(instructions("ENV").contains("QUIVER_BIND=0.0.0.0"), instructions("ENV").toString());
    }

    @Test
    void everyQuiverVariableTheContainerFilesSetIsAConfigurationKey() throws IOException {
        // an unknown QUIVER_* variable stops the start, so a typo here would make the image unusable
        Matcher m = Pattern.compile("\\b(QUIVER_[A-Z0-9_]+)\\b").matcher(read("docker/Dockerfile") + read("docker/compose.yml")
                + read("docker/healthcheck.sh"));
        List<String> envNames = ConfigKeys.ALL.stream().map(k -> k.envName()).toList();
        int seen = 0;
        while (m.find()) {
            assertTrue(envNames.contains(m.group(1)), m.group(1) + " is not a configuration key's variable");
            seen++;
        }
        assertTrue(seen > 0);
    }

    @Test
    void theImageRunsAsAnotherUserThanRoot() throws IOException {
        List<String> user = instructions("USER");
        assertFalse(user.isEmpty(), "a USER instruction");
        String last = user.get(user.size() - 1);
        assertFalse(last.equals("root") || last.equals("0") || last.startsWith("0:"), last);
    }

    @Test
    void theImageHasADataVolume() throws IOException {
        assertTrue(instructions("VOLUME").stream().anyMatch(v -> v.contains("/data")), instructions("VOLUME").toString());
    }

    @Test
    void theHealthcheckAsksForHealthOnTheDefaultHttpPort() throws IOException {
        assertEquals(1, instructions("HEALTHCHECK").size());
        String script = read("docker/healthcheck.sh");
        assertTrue(script.contains("/health"), script);
        assertTrue(script.contains("${QUIVER_HTTP_PORT:-" + ConfigKeys.HTTP_PORT.defaultValue() + "}"), script);
        assertTrue(Files.isExecutable(Path.of("docker/healthcheck.sh")));
    }

    @Test
    void bothStagesAreOnJdk25() throws IOException {
        List<String> from = new ArrayList<>();
        for (String line : read("docker/Dockerfile").split("\n")) {
            if (line.startsWith("FROM ")) {
                from.add(line);
            }
        }
        assertEquals(2, from.size(), "multi-stage: build, then run " + from);
        assertTrue(from.get(0).contains("maven") && from.get(0).contains("temurin-25"), from.get(0));
        assertTrue(from.get(1).contains("temurin:25"), from.get(1));
    }

    @Test
    void prometheusScrapesQuiversMetricsOnTheComposeService() throws IOException {
        String prometheus = read("docker/prometheus.yml");
        assertTrue(prometheus.contains("metrics_path: /metrics"), prometheus);
        assertTrue(prometheus.contains("\"quiver:" + ConfigKeys.HTTP_PORT.defaultValue() + "\""), prometheus);
        String compose = read("docker/compose.yml");
        assertTrue(compose.contains("./prometheus.yml:/etc/prometheus/prometheus.yml"), compose);
        assertTrue(compose.contains("dockerfile: docker/Dockerfile"), compose);
    }
}
