package io.quiver.testing;

import io.quiver.app.Quiver;
import io.quiver.cli.RespClient;
import io.quiver.config.ConfigKey;
import io.quiver.config.ConfigKeys;
import io.quiver.config.QuiverConfig;

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

    @Override
    public void close() {
        try {
            quiver.close().await(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
