package io.quiver.testing;

import io.quiver.app.Quiver;
import io.quiver.config.ConfigKey;
import io.quiver.config.ConfigKeys;
import io.quiver.config.QuiverConfig;
import io.vertx.core.json.JsonObject;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * A real Quiver server in this JVM on ephemeral ports, and a small JSON-over-HTTP client for it.
 * Tests talk to it over real sockets only.
 */
public final class TestServer implements AutoCloseable {
    private final Quiver quiver;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private TestServer(Quiver quiver) {
        this.quiver = quiver;
    }

    /** Starts a server with {@code shards} shards and extra settings given as key, value pairs. */
    public static TestServer start(int shards, Object... settings) {
        QuiverConfig config = QuiverConfig.defaults()
                .with(ConfigKeys.RESP_PORT, 0)
                .with(ConfigKeys.HTTP_PORT, 0)
                .with(ConfigKeys.SHARDS, shards)
                .with(ConfigKeys.EVENT_LOOPS, 1)
                .with(ConfigKeys.METRICS, false);
        for (int i = 0; i < settings.length; i += 2) {
            config = config.with((ConfigKey<?>) settings[i], settings[i + 1]);
        }
        try {
            return new TestServer(Quiver.start(config).await(120, TimeUnit.SECONDS));
        } catch (Exception e) {
            throw new IllegalStateException("server did not start: " + e, e);
        }
    }

    /** The running server, for tests that watch its event bus. */
    public Quiver quiver() {
        return quiver;
    }

    public int httpPort() {
        return quiver.httpPort();
    }

    public int respPort() {
        return quiver.respPort();
    }

    /** An HTTP reply: status and body parsed as a JSON object (or null when it is not one). */
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

    public Reply send(String method, String path, Object body) {
        HttpRequest.BodyPublisher publisher = body == null ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofString(body.toString());
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + httpPort() + path))
                .timeout(Duration.ofSeconds(120))
                .header("Content-Type", "application/json")
                .method(method, publisher).build();
        try {
            HttpResponse<String> r = http.send(request, HttpResponse.BodyHandlers.ofString());
            return new Reply(r.statusCode(), r.body());
        } catch (IOException e) {
            throw new IllegalStateException(method + " " + path + " failed: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    public Reply put(String path, Object body) {
        return send("PUT", path, body);
    }

    public Reply post(String path, Object body) {
        return send("POST", path, body);
    }

    public Reply get(String path) {
        return send("GET", path, null);
    }

    public Reply delete(String path) {
        return send("DELETE", path, null);
    }

    /** Like {@link #send} but fails the test unless the status is 200. */
    public Reply ok(String method, String path, Object body) {
        Reply r = send(method, path, body);
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
