package io.quiver.resp;

import io.quiver.testing.TestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The real {@code redis-cli} drives the vector-set commands end to end. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RedisCliVectorTest {
    private TestServer server;

    @BeforeAll
    void start() {
        server = TestServer.start(2);
    }

    @AfterAll
    void stop() {
        server.close();
    }

    /** Runs redis-cli with the command and returns its output lines (raw mode: one value per line). */
    private List<String> cli(String... command) throws IOException, InterruptedException {
        List<String> argv = new ArrayList<>(List.of("redis-cli", "-h", "127.0.0.1", "-p", Integer.toString(server.respPort())));
        argv.addAll(List.of(command));
        Process p;
        try {
            p = new ProcessBuilder(argv).redirectErrorStream(true).start();
        } catch (IOException e) {
            Assumptions.abort("skipped: redis-cli is not installed (Debian package redis-tools): " + e.getMessage());
            throw e;
        }
        p.getOutputStream().close();
        if (!p.waitFor(30, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("redis-cli did not finish");
        }
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        return out.isEmpty() ? List.of() : List.of(out.split("\n"));
    }

    @Test
    void redisCliAddsSearchesEmbedsAndRemoves() throws Exception {
        assertEquals(List.of("1"), cli("VADD", "cli", "VALUES", "3", "1", "0", "0", "a"));
        assertEquals(List.of("1"), cli("VADD", "cli", "VALUES", "3", "0", "1", "0", "b"));
        assertEquals(List.of("1"), cli("VADD", "cli", "VALUES", "3", "0.9", "0.1", "0", "c"));
        assertEquals(List.of("3"), cli("VCARD", "cli"));
        assertEquals(List.of("a", "c", "b"), cli("VSIM", "cli", "VALUES", "3", "1", "0", "0"));
        List<String> scored = cli("VSIM", "cli", "ELE", "b", "WITHSCORES", "COUNT", "1");
        assertEquals("b", scored.get(0));
        assertEquals(1.0, Double.parseDouble(scored.get(1)), 1e-6);
        List<String> emb = cli("VEMB", "cli", "c");
        assertEquals(3, emb.size());
        assertEquals(0.9, Double.parseDouble(emb.get(0)), 1e-6);
        assertEquals(List.of("1"), cli("VREM", "cli", "a"));
        assertEquals(List.of("2"), cli("VCARD", "cli"));
        assertEquals(List.of("c", "b"), cli("VSIM", "cli", "VALUES", "3", "1", "0", "0"));
    }

    @Test
    void redisCliSeesErrorsAsErrors() throws Exception {
        cli("VADD", "clierr", "VALUES", "2", "1", "0", "a");
        List<String> out = cli("VADD", "clierr", "VALUES", "3", "1", "0", "0", "b");
        assertEquals(1, out.size());
        assertEquals(true, out.get(0).startsWith("ERR Vector dimension mismatch"), out.get(0));
    }

    @Test
    void redisCliFiltersBySetattrAttributes() throws Exception {
        cli("VADD", "films", "VALUES", "3", "1", "0", "0", "m1", "SETATTR", "{\"year\": 1950, \"genre\": \"drama\", \"rating\": 8.1}");
        cli("VADD", "films", "VALUES", "3", "0.9", "0.1", "0", "m2", "SETATTR", "{\"year\": 1985, \"genre\": \"action\", \"rating\": 7.2}");
        cli("VADD", "films", "VALUES", "3", "0", "1", "0", "m3", "SETATTR", "{\"year\": 2001, \"genre\": \"action\", \"rating\": 9}");
        cli("VADD", "films", "VALUES", "3", "0.5", "0.5", "0", "m4");
        assertEquals(List.of("m2", "m3"), cli("VSIM", "films", "VALUES", "3", "1", "0", "0", "FILTER", ".year > 1960"));
        assertEquals(List.of("m3"), cli("VSIM", "films", "VALUES", "3", "1", "0", "0", "FILTER", ".genre == \"action\" and .rating >= 8"));
        assertEquals(List.of("m1", "m3"), cli("VSIM", "films", "VALUES", "3", "1", "0", "0",
                "FILTER", ".genre in [\"drama\", \"x\"] or (.year - 2000) ** 2 < 4", "FILTER-EF", "500"));
        assertEquals(List.of("1"), cli("VSETATTR", "films", "m4", "{\"year\": 1999}"));
        assertEquals(List.of("m2", "m4", "m3"), cli("VSIM", "films", "VALUES", "3", "1", "0", "0", "FILTER", "not (.year < 1980)"));
        List<String> bad = cli("VSIM", "films", "VALUES", "3", "1", "0", "0", "FILTER", ".year >");
        assertEquals(true, bad.get(0).startsWith("ERR syntax error in FILTER expression"), bad.get(0));
    }
}
