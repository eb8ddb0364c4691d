package io.quiver.testing;

import io.quiver.app.Quiver;
import io.quiver.cli.RespClient;
import io.quiver.config.ConfigKey;
import io.quiver.config.ConfigKeys;
import io.quiver.config.QuiverConfig;
import io.vertx.core.json.JsonObject;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * The real Quiver server, started in this JVM on ephemeral ports, with real sockets to talk to it.
 * Nothing is mocked: tests go through the same front ends, event bus and shards as production.
 * Two HTTP styles: {@link #get}/{@link #send} return the raw {@link HttpResponse}; the JSON verbs
 * ({@link #getJson}, {@link #postJson}, ..., {@link #ok}) return a {@link Reply} for Qdrant-shaped APIs.
 */
public final class TestServer implements AutoCloseable {
    private final Quiver quiver;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private TestServer(Quiver quiver) {
        this.quiver = quiver;
    }

    public static TestServer start() {
        return start(base());
    }

    /** Default configuration with both ports set to 0 (any free port) and a data directory of its own. */
    public static QuiverConfig base() {
        return QuiverConfig.defaults().with(ConfigKeys.RESP_PORT, 0).with(ConfigKeys.HTTP_PORT, 0)
                .with(ConfigKeys.DATA_DIR, newDataDir().toString());
    }

    /** A fresh, empty data directory under target/ (mvn clean removes them all). */
    public static Path newDataDir() {
        try {
            Path parent = Path.of("target", "test-data");
            Files.createDirectories(parent);
            return Files.createTempDirectory(parent.toAbsolutePath(), "data-");
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    public static QuiverConfig base(ConfigKey<?> key, Object value) {
        return base().with(key, value);
    }

    public static TestServer start(QuiverConfig config) {
        try {
            return new TestServer(Quiver.start(config).await(60, TimeUnit.SECONDS));
        } catch (Exception e) {
            throw new IllegalStateException("Quiver did not start: " + e.getMessage(), e);
        }
    }

    /**
     * A server with {@code shards} shards, one event loop and no metrics, plus settings given as
     * key, value pairs.
     */
    public static TestServer start(int shards, Object... settings) {
        QuiverConfig config = base()
                .with(ConfigKeys.SHARDS, shards)
                .with(ConfigKeys.EVENT_LOOPS, 1)
                .with(ConfigKeys.METRICS, false);
        for (int i = 0; i < settings.length; i += 2) {
            config = config.with((ConfigKey<?>) settings[i], settings[i + 1]);
        }
        return start(config);
    }

    public int respPort() {
        return quiver.respPort();
    }

    public int httpPort() {
        return quiver.httpPort();
    }

    public Quiver quiver() {
        return quiver;
    }

    /** A new RESP connection; close it when done. */
    public RespClient resp() {
        try {
            return new RespClient("127.0.0.1", respPort(), 5000);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    public URI uri(String pathAndQuery) {
        return URI.create("http://127.0.0.1:" + httpPort() + pathAndQuery);
    }

    public HttpResponse<String> get(String path) {
        return send(HttpRequest.newBuilder(uri(path)).GET().build());
    }

    public HttpResponse<String> send(String method, String path, String body) {
        HttpRequest.BodyPublisher publisher = body == null ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofString(body);
        return send(HttpRequest.newBuilder(uri(path)).method(method, publisher)
                .header("Content-Type", "application/json").build());
    }

    public HttpResponse<String> send(HttpRequest request) {
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException | InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }

    public HttpResponse<byte[]> sendBytes(HttpRequest request) {
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException | InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }

    // ---- JSON over HTTP (Qdrant-shaped replies) ----

    /** An HTTP reply: status and body. */
    public record Reply(int status, String text) {
        public JsonObject json() {
            return new JsonObject(text);
        }

        /** Qdrant's {@code result}, as whatever JSON type it is. */
        public Object result() {
            return json().getValue("result");
        }

        public String error() {
            JsonObject status = json().getJsonObject("status");
            return status == null ? null : status.getString("error");
        }
    }

    public Reply sendJson(String method, String path, Object body) {
        HttpRequest.BodyPublisher publisher = body == null ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofString(body.toString());
        HttpResponse<String> r = send(HttpRequest.newBuilder(uri(path))
                .timeout(Duration.ofSeconds(120))
                .header("Content-Type", "application/json")
                .method(method, publisher).build());
        return new Reply(r.statusCode(), r.body());
    }

    public Reply putJson(String path, Object body) {
        return sendJson("PUT", path, body);
    }

    public Reply postJson(String path, Object body) {
        return sendJson("POST", path, body);
    }

    public Reply getJson(String path) {
        return sendJson("GET", path, null);
    }

    public Reply deleteJson(String path) {
        return sendJson("DELETE", path, null);
    }

    /** Like {@link #sendJson} but fails the test unless the status is 200. */
    public Reply ok(String method, String path, Object body) {
        Reply r = sendJson(method, path, body);
        if (r.status() != 200) {
            throw new AssertionError(method + " " + path + " answered " + r.status() + ": " + r.text());
        }
        return r;
    }

    @Override
    public void close() {
        try {
            quiver.close().await(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
