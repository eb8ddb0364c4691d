package io.quiver.resp;

import io.quiver.config.ConfigKeys;
import io.quiver.testing.ClientScripts;
import io.quiver.testing.TestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * COMMAND, COMMAND COUNT/LIST/INFO/DOCS/GETKEYS as Redis 7 shapes them, read by real clients:
 * redis-py with its default options (src/test/python/redis_py_command.py) and redis-cli.
 */
class CommandIntrospectionTest {
    static TestServer server;

    @BeforeAll
    static void start() {
        server = TestServer.start(TestServer.base(ConfigKeys.SHARDS, 2));
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static void redisPy(String mode, String expected) throws Exception {
        assertTrue(Files.isExecutable(Path.of(ClientScripts.DEBIAN_PYTHON)), "Debian's python3 is needed");
        ClientScripts.Result r = ClientScripts.run(ClientScripts.PYTHON_DIR, List.of(ClientScripts.DEBIAN_PYTHON,
                "redis_py_command.py", Integer.toString(server.respPort()), mode), 120);
        assertEquals(0, r.code(), r.output());
        assertTrue(r.output().contains(expected), r.output());
    }

    private static String redisCli(String... args) throws Exception {
        List<String> argv = new java.util.ArrayList<>(List.of("redis-cli", "-p", Integer.toString(server.respPort())));
        argv.addAll(List.of(args));
        ClientScripts.Result r = ClientScripts.run(Path.of("."), argv, 30);
        assertEquals(0, r.code(), r.output());
        return r.output();
    }

    @Test
    void everyTableCommandIsDocumented() {
        for (CommandSpec s : CommandTable.standard().all()) {
            assertNotNull(CommandDocs.of(s.name()), "no COMMAND DOCS entry for '" + s.name() + "': add one to CommandDocs");
        }
    }

    @Test
    void redisPyReadsTheCommandTable() throws Exception {
        redisPy("table", "redis-py COMMAND table ok");
    }

    @Test
    void commandListFiltersByModuleCategoryAndPattern() throws Exception {
        redisPy("list", "redis-py COMMAND LIST ok");
    }

    @Test
    void commandGetKeysFindsTheKeysByTheRowsKeyPositions() throws Exception {
        redisPy("getkeys", "redis-py COMMAND GETKEYS ok");
    }

    @Test
    void commandDocsGivesEveryCommandASummaryAndItsGroup() throws Exception {
        redisPy("docs", "redis-py COMMAND DOCS ok");
    }

    @Test
    void redisCliShowsCommandDocsAndInfo() throws Exception {
        String docs = redisCli("COMMAND", "DOCS", "vrange");
        assertTrue(docs.contains("vrange") && docs.contains("summary") && docs.contains("vectorset"), docs);
        String info = redisCli("COMMAND", "INFO", "vrange");
        assertTrue(info.contains("vrange") && info.contains("-4") && info.contains("readonly"), info);
        assertEquals(redisCli("COMMAND", "COUNT").trim(), Integer.toString(CommandTable.standard().all().size()));
    }
}
