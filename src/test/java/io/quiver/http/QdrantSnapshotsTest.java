package io.quiver.http;

import io.quiver.config.ConfigKeys;
import io.quiver.testing.QdrantSnapshots;
import io.quiver.testing.TestServer;
import io.quiver.testing.Tools;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Qdrant's snapshot API (POST/GET/DELETE /collections/{c}/snapshots, recover, upload, full
 * snapshots) over a real server with two shards, through its HTTP port.
 */
class QdrantSnapshotsTest {
    private static Path dataDir;
    private static TestServer server;

    @BeforeAll
    static void start() {
        dataDir = TestServer.newDataDir();
        server = TestServer.start(2, ConfigKeys.DATA_DIR, dataDir.toString());
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static void collection(String name, int points) {
        server.deleteJson("/collections/" + name);
        server.ok("PUT", "/collections/" + name, new JsonObject().put("vectors",
                new JsonObject().put("size", 4).put("distance", "Cosine")));
        QdrantSnapshots.fill(server, name, points);
    }

    private static String sha256(byte[] b) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(b));
    }

    private static String fileUri(String collection, JsonObject snapshot) {
        return QdrantSnapshots.file(dataDir, collection, snapshot.getString("name")).toUri().toString();
    }

    @Test
    void aNewSnapshotIsListedWithItsSizeChecksumAndCreationTime() {
        collection("snap-list", 10);
        JsonObject made = QdrantSnapshots.create(server, "snap-list");
        JsonArray listed = (JsonArray) server.ok("GET", "/collections/snap-list/snapshots", null).result();
        assertEquals(1, listed.size());
        assertEquals(made, listed.getJsonObject(0));
        assertTrue(made.getString("name").startsWith("snap-list-") && made.getString("name").endsWith(".snapshot"), made.encode());
        assertTrue(made.getString("checksum").matches("[0-9a-f]{64}"), made.encode());
        assertTrue(made.getString("creation_time").matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d"), made.encode());
        assertTrue(made.getLong("size") > 0);
    }

    @Test
    void theDownloadedFileHasTheListedChecksumAndIsATarOfEveryShardsPart() throws Exception {
        collection("snap-download", 10);
        JsonObject made = QdrantSnapshots.create(server, "snap-download");
        HttpResponse<byte[]> r = server.sendBytes(HttpRequest.newBuilder(
                server.uri("/collections/snap-download/snapshots/" + made.getString("name"))).GET().build());
        assertEquals(200, r.statusCode());
        assertEquals(made.getLong("size"), r.body().length);
        assertEquals(made.getString("checksum"), sha256(r.body()));
        Path tar = Files.createTempFile("snapshot", ".tar");
        Files.write(tar, r.body());
        Tools.Result listing = Tools.run(30, null, "tar", "tf", tar.toString());
        assertEquals(0, listing.exitCode(), listing.stderr());
        assertEquals("quiver-snapshot.json\nshard-0.qops\nshard-1.qops\n", listing.stdout());
        Files.delete(tar);
    }

    @Test
    void aRecoveryIntoANewCollectionHasThePointsPayloadsVectorsAndPayloadIndexes() {
        collection("snap-source", 50);
        server.ok("PUT", "/collections/snap-source/index", new JsonObject().put("field_name", "tag").put("field_schema", "keyword"));
        JsonObject made = QdrantSnapshots.create(server, "snap-source");
        server.deleteJson("/collections/snap-copy");
        assertEquals(200, QdrantSnapshots.recover(server, "snap-copy", fileUri("snap-source", made), made.getString("checksum")).status());
        assertEquals(QdrantSnapshots.points(server, "snap-source"), QdrantSnapshots.points(server, "snap-copy"));
        JsonObject schema = server.ok("GET", "/collections/snap-copy", null).json().getJsonObject("result").getJsonObject("payload_schema");
        assertEquals("keyword", schema.getJsonObject("tag").getString("data_type"), schema.encode());
        assertEquals(50, schema.getJsonObject("tag").getInteger("points"), schema.encode());
    }

    @Test
    void aRecoveryReplacesWhatTheCollectionHeldAfterTheSnapshot() {
        collection("snap-replace", 20);
        JsonArray before = QdrantSnapshots.points(server, "snap-replace");
        JsonObject made = QdrantSnapshots.create(server, "snap-replace");
        server.ok("POST", "/collections/snap-replace/points/delete?wait=true", new JsonObject().put("points", new JsonArray().add(1).add(2)));
        server.ok("PUT", "/collections/snap-replace/points?wait=true", new JsonObject().put("points", new JsonArray()
                .add(new JsonObject().put("id", 999).put("vector", new JsonArray().add(1).add(1).add(1).add(1)))));
        assertEquals(200, QdrantSnapshots.recover(server, "snap-replace", fileUri("snap-replace", made), null).status());
        assertEquals(before, QdrantSnapshots.points(server, "snap-replace"));
    }

    @Test
    void aSearchAfterARecoveryFindsWhatItFoundBefore() {
        collection("snap-search", 200);
        JsonObject query = new JsonObject().put("vector", new JsonArray().add(3).add(2).add(1).add(0)).put("limit", 5);
        Object before = server.ok("POST", "/collections/snap-search/points/search", query).result();
        JsonObject made = QdrantSnapshots.create(server, "snap-search");
        server.deleteJson("/collections/snap-search-copy");
        assertEquals(200, QdrantSnapshots.recover(server, "snap-search-copy", fileUri("snap-search", made), null).status());
        assertEquals(before, server.ok("POST", "/collections/snap-search-copy/points/search", query).result());
    }

    @Test
    void aWrongChecksumRefusesTheRecoveryAndCreatesNothing() {
        collection("snap-checksum", 5);
        JsonObject made = QdrantSnapshots.create(server, "snap-checksum");
        server.deleteJson("/collections/snap-checksum-copy");
        TestServer.Reply r = QdrantSnapshots.recover(server, "snap-checksum-copy", fileUri("snap-checksum", made), "3".repeat(64));
        assertEquals(400, r.status(), r.text());
        assertTrue(r.error().startsWith("Bad request: Snapshot checksum mismatch: expected 333"), r.error());
        assertEquals(404, server.getJson("/collections/snap-checksum-copy").status());
    }

    @Test
    void aMalformedChecksumIsAValidationError() {
        TestServer.Reply r = QdrantSnapshots.recover(server, "snap-malformed", "file:///x.snapshot", "abc");
        assertEquals(422, r.status(), r.text());
        assertTrue(r.error().contains("invalid_sha256_hash"), r.error());
    }

    @Test
    void aFileOutsideTheSnapshotsDirectoryIsForbidden() {
        TestServer.Reply r = QdrantSnapshots.recover(server, "snap-outside", "file:///etc/passwd", null);
        assertEquals(403, r.status(), r.text());
        assertTrue(r.error().startsWith("Forbidden: Snapshot file path must be inside the snapshots directory"), r.error());
    }

    @Test
    void aFileUriWithAnotherHostIsRefusedInQdrantsWords() {
        TestServer.Reply r = QdrantSnapshots.recover(server, "snap-host", "file://./etc/passwd", null);
        assertEquals(400, r.status(), r.text());
        assertEquals("Bad request: Invalid snapshot URI, file path must be absolute or on localhost", r.error());
    }

    @Test
    void aMissingFileIsRefusedByItsPath() {
        TestServer.Reply r = QdrantSnapshots.recover(server, "snap-missing", "file://localhost/no/such.snapshot", null);
        assertEquals(400, r.status(), r.text());
        assertEquals("Bad request: Snapshot file \"/no/such.snapshot\" does not exist", r.error());
    }

    @Test
    void aUrlOnAnotherHostIsRefusedWithoutBeingFetched() {
        TestServer.Reply r = QdrantSnapshots.recover(server, "snap-remote", "http://example.com/a.snapshot", null);
        assertEquals(400, r.status(), r.text());
        assertTrue(r.error().contains("not from example.com"), r.error());
    }

    @Test
    void aSnapshotIsRecoveredFromAUrlOnThisHost() {
        collection("snap-url", 12);
        JsonObject made = QdrantSnapshots.create(server, "snap-url");
        server.deleteJson("/collections/snap-url-copy");
        String url = "http://localhost:" + server.httpPort() + "/collections/snap-url/snapshots/" + made.getString("name");
        assertEquals(200, QdrantSnapshots.recover(server, "snap-url-copy", url, made.getString("checksum")).status());
        assertEquals(QdrantSnapshots.points(server, "snap-url"), QdrantSnapshots.points(server, "snap-url-copy"));
    }

    @Test
    void anUploadedSnapshotIsRecoveredWithCurl() throws Exception {
        collection("snap-upload", 15);
        JsonObject made = QdrantSnapshots.create(server, "snap-upload");
        Path file = QdrantSnapshots.file(dataDir, "snap-upload", made.getString("name"));
        server.deleteJson("/collections/snap-uploaded");
        Tools.Result r = Tools.run(60, null, "curl", "-s", "-w", "\n%{http_code}", "-X", "POST",
                "-F", "snapshot=@" + file, server.uri("/collections/snap-uploaded/snapshots/upload?checksum="
                        + made.getString("checksum")).toString());
        assertTrue(r.stdout().endsWith("\n200"), r.stdout());
        assertEquals(QdrantSnapshots.points(server, "snap-upload"), QdrantSnapshots.points(server, "snap-uploaded"));
        try (var left = Files.list(dataDir.resolve("snapshots").resolve(".tmp"))) {
            assertEquals(0, left.count(), "the upload is deleted once recovered");
        }
    }

    @Test
    void anUploadWithAMalformedChecksumIsRefusedBeforeItIsRead() {
        Tools.Result r = Tools.run(60, "not a snapshot", "curl", "-s", "-w", "\n%{http_code}", "-X", "POST",
                "-F", "snapshot=@-", server.uri("/collections/snap-upload-bad/snapshots/upload?checksum=abc").toString());
        assertTrue(r.stdout().endsWith("\n422"), r.stdout());
        assertTrue(r.stdout().contains("invalid_sha256_hash"), r.stdout());
    }

    @Test
    void aFileThatIsNotASnapshotIsRefusedAndCreatesNothing() throws Exception {
        Path junk = dataDir.resolve("snapshots").resolve("junk.snapshot");
        Files.createDirectories(junk.getParent());
        Files.writeString(junk, "not a tar archive at all, but long enough to be read as a header ".repeat(10));
        server.deleteJson("/collections/snap-junk");
        TestServer.Reply r = QdrantSnapshots.recover(server, "snap-junk", junk.toUri().toString(), null);
        assertEquals(400, r.status(), r.text());
        assertTrue(r.error().startsWith("Bad request: the snapshot cannot be read"), r.error());
        assertEquals(404, server.getJson("/collections/snap-junk").status());
        Files.delete(junk);
    }

    @Test
    void waitFalseAnswers202AndTheSnapshotAppears() throws Exception {
        collection("snap-nowait", 5);
        TestServer.Reply r = server.postJson("/collections/snap-nowait/snapshots?wait=false", null);
        assertEquals(202, r.status(), r.text());
        assertEquals("accepted", r.json().getString("status"));
        long deadline = System.currentTimeMillis() + 10_000;
        while (((JsonArray) server.ok("GET", "/collections/snap-nowait/snapshots", null).result()).isEmpty()) {
            assertTrue(System.currentTimeMillis() < deadline, "the snapshot never appeared");
            Thread.sleep(20);
        }
    }

    @Test
    void aDeletedSnapshotIsGoneFromTheListAndTheDisk() {
        collection("snap-delete", 5);
        JsonObject made = QdrantSnapshots.create(server, "snap-delete");
        assertEquals(Boolean.TRUE, server.ok("DELETE", "/collections/snap-delete/snapshots/" + made.getString("name"), null).result());
        assertTrue(((JsonArray) server.ok("GET", "/collections/snap-delete/snapshots", null).result()).isEmpty());
        assertTrue(Files.notExists(QdrantSnapshots.file(dataDir, "snap-delete", made.getString("name"))));
        assertEquals(404, server.deleteJson("/collections/snap-delete/snapshots/" + made.getString("name")).status());
    }

    @Test
    void aNameThatLeadsOutOfTheSnapshotsDirectoryIsNotFound() {
        collection("snap-traversal", 1);
        assertEquals(404, server.getJson("/collections/snap-traversal/snapshots/..%2F..%2F..%2Fetc%2Fpasswd").status());
        assertEquals(404, server.getJson("/snapshots/..%2F..%2Fetc%2Fpasswd").status());
    }

    @Test
    void snapshotsOfAnUnknownCollectionAreNotFound() {
        TestServer.Reply r = server.postJson("/collections/snap-nobody/snapshots", null);
        assertEquals(404, r.status(), r.text());
        assertEquals("Collection `snap-nobody` doesn't exist!", r.error());
    }

    @Test
    void aCollectionWithNamedAndSparseVectorsIsRecoveredWhole() {
        server.deleteJson("/collections/snap-named");
        server.ok("PUT", "/collections/snap-named", new JsonObject()
                .put("vectors", new JsonObject().put("image", new JsonObject().put("size", 2).put("distance", "Dot")))
                .put("sparse_vectors", new JsonObject().put("text", new JsonObject())));
        server.ok("PUT", "/collections/snap-named/points?wait=true", new JsonObject().put("points", new JsonArray()
                .add(new JsonObject().put("id", 1).put("vector", new JsonObject().put("image", new JsonArray().add(1).add(2))
                        .put("text", new JsonObject().put("indices", new JsonArray().add(3)).put("values", new JsonArray().add(0.5)))))
                .add(new JsonObject().put("id", 2).put("vector", new JsonObject().put("image", new JsonArray().add(3).add(4)))
                        .put("payload", new JsonObject().put("k", "v")))));
        JsonObject made = QdrantSnapshots.create(server, "snap-named");
        server.deleteJson("/collections/snap-named-copy");
        assertEquals(200, QdrantSnapshots.recover(server, "snap-named-copy", fileUri("snap-named", made), null).status());
        assertEquals(QdrantSnapshots.points(server, "snap-named"), QdrantSnapshots.points(server, "snap-named-copy"));
        assertEquals(server.ok("GET", "/collections/snap-named", null).json().getJsonObject("result").getJsonObject("config")
                        .getJsonObject("params"),
                server.ok("GET", "/collections/snap-named-copy", null).json().getJsonObject("result").getJsonObject("config")
                        .getJsonObject("params"));
    }

    @Test
    void aFullSnapshotIsCreatedListedDownloadedAndDeleted() throws Exception {
        collection("snap-full", 3);
        JsonObject made = (JsonObject) server.ok("POST", "/snapshots", null).result();
        JsonArray listed = (JsonArray) server.ok("GET", "/snapshots", null).result();
        assertTrue(listed.contains(made), listed.encode());
        HttpResponse<byte[]> r = server.sendBytes(HttpRequest.newBuilder(server.uri("/snapshots/" + made.getString("name"))).GET().build());
        assertEquals(200, r.statusCode());
        assertEquals(made.getString("checksum"), sha256(r.body()));
        assertEquals(Boolean.TRUE, server.ok("DELETE", "/snapshots/" + made.getString("name"), null).result());
        assertNotEquals(true, ((JsonArray) server.ok("GET", "/snapshots", null).result()).contains(made));
    }

    @Test
    void shardSnapshotsAreRefusedByName() {
        collection("snap-shard", 1);
        TestServer.Reply r = server.postJson("/collections/snap-shard/shards/0/snapshots", null);
        assertEquals(400, r.status(), r.text());
        assertTrue(r.error().contains("shard snapshots are not supported by Quiver"), r.error());
    }
}
