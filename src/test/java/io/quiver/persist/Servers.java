package io.quiver.persist;

import io.quiver.cli.RespClient;
import io.quiver.config.ConfigKeys;
import io.quiver.config.QuiverConfig;
import io.quiver.testing.TestServer;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;

/** Starting servers on one data directory, again and again, and talking to them. */
final class Servers {
    private Servers() {
    }

    /** A server on {@code dir} with {@code shards} shards; no snapshot at shutdown unless asked. */
    static QuiverConfig config(Path dir, int shards) {
        return TestServer.base().with(ConfigKeys.DATA_DIR, dir.toString()).with(ConfigKeys.SHARDS, shards)
                .with(ConfigKeys.SNAPSHOT_ON_SHUTDOWN, false);
    }

    static TestServer start(Path dir, int shards) {
        return TestServer.start(config(dir, shards));
    }

    static Object call(TestServer s, String... argv) {
        try (RespClient c = s.resp()) {
            return c.call(argv);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    static String get(TestServer s, String key) {
        Object r = call(s, "GET", key);
        return r == null ? null : new String((byte[]) r, StandardCharsets.UTF_8);
    }

    static void setAll(TestServer s, Map<String, String> pairs) {
        try (RespClient c = s.resp()) {
            for (Map.Entry<String, String> e : pairs.entrySet()) {
                Object r = c.call("SET", e.getKey(), e.getValue());
                if (!(r instanceof RespClient.Status st) || !st.text().equals("OK")) {
                    throw new IllegalStateException("SET " + e.getKey() + " answered " + r);
                }
            }
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    static long dbsize(TestServer s) {
        return (Long) call(s, "DBSIZE");
    }
}
