package io.quiver.testing;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.nio.file.Path;

/** Qdrant's snapshot routes and what a test compares before and after one: shared by the HTTP and restart tests. */
public final class QdrantSnapshots {
    private QdrantSnapshots() {
    }

    /** POST /collections/{c}/snapshots (waiting): the new snapshot's description. */
    public static JsonObject create(TestServer s, String collection) {
        return (JsonObject) s.ok("POST", "/collections/" + collection + "/snapshots", null).result();
    }

    /** Where the server keeps a collection's snapshot of that name (the default snapshots-dir: data-dir/snapshots). */
    public static Path file(Path dataDir, String collection, String name) {
        return dataDir.resolve("snapshots").resolve(collection).resolve(name).toAbsolutePath();
    }

    /** PUT /collections/{c}/snapshots/recover from {@code location}, with {@code checksum} when not null. */
    public static TestServer.Reply recover(TestServer s, String collection, String location, String checksum) {
        JsonObject body = new JsonObject().put("location", location);
        if (checksum != null) {
            body.put("checksum", checksum);
        }
        return s.putJson("/collections/" + collection + "/snapshots/recover", body);
    }

    /** Every point of a collection, with payload and vector, in id order (one scroll page of up to 1,000). */
    public static JsonArray points(TestServer s, String collection) {
        JsonObject page = (JsonObject) s.ok("POST", "/collections/" + collection + "/points/scroll",
                new JsonObject().put("limit", 1000).put("with_payload", true).put("with_vector", true)).result();
        return page.getJsonArray("points");
    }

    /** Upserts {@code n} points with ids 1..n, 4-d vectors derived from the id and a payload {"n": id, "tag": "t" + id % 3}. */
    public static void fill(TestServer s, String collection, int n) {
        JsonArray points = new JsonArray();
        for (int i = 1; i <= n; i++) {
            points.add(new JsonObject().put("id", i)
                    .put("vector", new JsonArray().add(i).add(1.0 + i % 7).add(0.5 * (i % 5)).add(3.0 - i % 2))
                    .put("payload", new JsonObject().put("n", i).put("tag", "t" + i % 3)));
        }
        s.ok("PUT", "/collections/" + collection + "/points?wait=true", new JsonObject().put("points", points));
    }
}
