package io.quiver.http;

import io.quiver.error.QuiverException;
import io.quiver.service.Services;
import io.quiver.service.snapshot.CollectionSnapshots;
import io.quiver.service.snapshot.SnapshotStore;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.FileUpload;
import io.vertx.ext.web.RoutingContext;

import java.nio.file.Path;
import java.util.List;
import java.util.Set;

/**
 * Qdrant's snapshot routes over {@link CollectionSnapshots}: a collection's snapshots (create, list,
 * download, delete, recover from a location, recover from an upload) and full snapshots (create,
 * list, download, delete). {@code ?wait=false} answers 202 at once and lets the work finish in
 * the background (a failure then is logged, as Qdrant has it); the default waits. Shard snapshots
 * ({@code /collections/{c}/shards/{id}/snapshots...}) are refused by name.
 */
final class QdrantSnapshotApi {
    private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(QdrantSnapshotApi.class);
    private static final Set<String> RECOVER_FIELDS = Set.of("location", "priority", "checksum", "api_key", "wait");
    private static final Set<String> PRIORITIES = Set.of("no_sync", "snapshot", "replica");

    /** POST /collections/{c}/snapshots */
    void create(RoutingContext ctx, Services services) {
        boolean wait = waitParam(ctx, null);
        answer(ctx, wait, services.snapshots().create(ctx.pathParam("collection")).map(QdrantSnapshotApi::json));
    }

    /** GET /collections/{c}/snapshots */
    void list(RoutingContext ctx, Services services) {
        QdrantReply.whenDone(ctx, services.snapshots().list(ctx.pathParam("collection")).map(QdrantSnapshotApi::json));
    }

    /** GET /collections/{c}/snapshots/{name}: the file itself. */
    void download(RoutingContext ctx, Services services) {
        send(ctx, services.snapshots().file(ctx.pathParam("collection"), ctx.pathParam("snapshot")));
    }

    /** DELETE /collections/{c}/snapshots/{name} */
    void delete(RoutingContext ctx, Services services) {
        boolean wait = waitParam(ctx, null);
        answer(ctx, wait, services.snapshots().delete(ctx.pathParam("collection"), ctx.pathParam("snapshot")).map(b -> (Object) b));
    }

    /**
     * PUT /collections/{c}/snapshots/recover: {@code {"location", "checksum"?, "priority"?, "api_key"?}}.
     * {@code priority} decides between a snapshot and other replicas; every Quiver collection has one
     * copy, so each of Qdrant's three values recovers the snapshot as it is. {@code wait} may also come
     * in the body (as Qdrant's own tests send it), with the query parameter's meaning.
     */
    void recover(RoutingContext ctx, Services services) {
        JsonObject body = QdrantJson.body(ctx);
        for (String field : body.fieldNames()) {
            if (!RECOVER_FIELDS.contains(field)) {
                throw QuiverException.badRequest("Format error in JSON body: unknown field `" + field
                        + "`, expected one of `location`, `priority`, `checksum`, `api_key`");
            }
        }
        if (!(body.getValue("location") instanceof String location)) {
            throw QuiverException.badRequest("Format error in JSON body: " + (body.getValue("location") == null
                    ? "missing field `location`" : "location: invalid type, expected a string"));
        }
        Object priority = body.getValue("priority");
        if (priority != null && !(priority instanceof String p && PRIORITIES.contains(p))) {
            throw QuiverException.badRequest("Format error in JSON body: priority: unknown variant `" + priority
                    + "`, expected one of `no_sync`, `snapshot`, `replica`");
        }
        String checksum = optionalString(body, "checksum");
        String apiKey = optionalString(body, "api_key");
        boolean wait = waitParam(ctx, body.getValue("wait"));
        answer(ctx, wait, services.snapshots().recover(ctx.pathParam("collection"), location, checksum, apiKey)
                .map(b -> (Object) b));
    }

    /** POST /collections/{c}/snapshots/upload?checksum=&priority=&wait=: multipart, the file in part {@code snapshot}. */
    void upload(RoutingContext ctx, Services services) {
        String checksum = ctx.request().getParam("checksum");
        String priority = ctx.request().getParam("priority");
        boolean wait;
        try {
            SnapshotStore.checkChecksumShape(checksum, "query parameters");
            if (priority != null && !PRIORITIES.contains(priority)) {
                throw QuiverException.badRequest("Query deserialize error: priority: unknown variant `" + priority
                        + "`, expected one of `no_sync`, `snapshot`, `replica`");
            }
            wait = waitParam(ctx, null);
        } catch (QuiverException e) {
            deleteUploads(ctx.fileUploads());
            throw e;
        }
        List<FileUpload> files = ctx.fileUploads();
        FileUpload snapshot = null;
        for (FileUpload f : files) {
            if (f.name().equals("snapshot") && snapshot == null) {
                snapshot = f;
            }
        }
        if (snapshot == null || files.size() != 1) {
            deleteUploads(files);
            throw QuiverException.badRequest("Bad request: the upload must be multipart/form-data with one file, in the part `snapshot`");
        }
        CollectionSnapshots snapshots = services.snapshots();
        String name = ctx.pathParam("collection");
        // the upload is renamed first, so that the end of this response (202 with wait=false) does not delete it
        snapshots.takeOver(Path.of(snapshot.uploadedFileName())).onComplete(taken -> {
            if (taken.failed()) {
                ctx.fail(taken.cause());
                return;
            }
            answer(ctx, wait, snapshots.recoverUploaded(name, taken.result(), checksum).map(b -> (Object) b));
        });
    }

    /** Checks the checksum query parameter of an upload before its body is read: a malformed one refuses it at once. */
    static void checkUploadChecksum(RoutingContext ctx) {
        SnapshotStore.checkChecksumShape(ctx.request().getParam("checksum"), "query parameters");
    }

    // ---- full snapshots ----

    /** POST /snapshots */
    void createFull(RoutingContext ctx, Services services) {
        boolean wait = waitParam(ctx, null);
        answer(ctx, wait, services.snapshots().createFull().map(QdrantSnapshotApi::json));
    }

    /** GET /snapshots */
    void listFull(RoutingContext ctx, Services services) {
        QdrantReply.whenDone(ctx, services.snapshots().listFull().map(QdrantSnapshotApi::json));
    }

    /** GET /snapshots/{name} */
    void downloadFull(RoutingContext ctx, Services services) {
        send(ctx, services.snapshots().fullFile(ctx.pathParam("snapshot")));
    }

    /** DELETE /snapshots/{name} */
    void deleteFull(RoutingContext ctx, Services services) {
        boolean wait = waitParam(ctx, null);
        answer(ctx, wait, services.snapshots().deleteFull(ctx.pathParam("snapshot")).map(b -> (Object) b));
    }

    /** Every route under /collections/{c}/shards/{id}/snapshot(s): refused by name. */
    void shardSnapshots(RoutingContext ctx, Services services) {
        SnapshotStore.checkChecksumShape(ctx.request().getParam("checksum"), "query parameters");
        if (services.vectors().configOf(ctx.pathParam("collection")) == null) {
            throw QuiverException.notFound("Collection `" + ctx.pathParam("collection") + "` doesn't exist!");
        }
        String rest = ctx.pathParam("*");
        if (rest != null && rest.startsWith("snapshots/") && !rest.equals("snapshots/recover") && !rest.equals("snapshots/upload")
                && (ctx.request().method() == io.vertx.core.http.HttpMethod.GET
                || ctx.request().method() == io.vertx.core.http.HttpMethod.DELETE)) {
            // no shard snapshot can be made, so none of any name exists
            throw QuiverException.notFound("Snapshot " + rest.substring("snapshots/".length()) + " not found");
        }
        throw QuiverException.badRequest("Bad request: shard snapshots are not supported by Quiver: a collection's parts "
                + "are not Qdrant shards; use the collection's snapshots (/collections/{collection_name}/snapshots)");
    }

    // ---- helpers ----

    private static void send(RoutingContext ctx, Future<Path> file) {
        file.onComplete(ar -> {
            if (ar.failed()) {
                ctx.fail(ar.cause());
                return;
            }
            ctx.response().putHeader("Content-Type", "application/octet-stream")
                    .putHeader("Content-Disposition", "attachment; filename=\"" + ar.result().getFileName() + "\"")
                    .sendFile(ar.result().toString());
        });
    }

    /** Waits for {@code work} and answers its result, or (wait=false) answers 202 at once. */
    private static void answer(RoutingContext ctx, boolean wait, Future<Object> work) {
        if (wait) {
            QdrantReply.whenDone(ctx, work);
            return;
        }
        work.onFailure(e -> log.warn("{} {} failed in the background: {}", ctx.request().method(), ctx.request().path(),
                e.getMessage()));
        JsonObject body = new JsonObject().put("status", "accepted").put("time", QdrantTime.since(ctx));
        ctx.response().setStatusCode(202).putHeader("Content-Type", "application/json").end(body.toBuffer());
    }

    /** {@code ?wait=true|false} (default true), or the body's {@code wait} when the query has none. */
    private static boolean waitParam(RoutingContext ctx, Object bodyWait) {
        String q = ctx.request().getParam("wait");
        if (q == null && bodyWait != null) {
            if (bodyWait instanceof Boolean b) {
                return b;
            }
            q = bodyWait.toString();
            if (!q.equals("true") && !q.equals("false")) {
                throw QuiverException.badRequest("Format error in JSON body: wait: expected true or false, not `" + q + "`");
            }
        }
        if (q == null) {
            return true;
        }
        return switch (q) {
            case "true" -> true;
            case "false" -> false;
            default -> throw QuiverException.badRequest("Query deserialize error: wait: provided string was not `true` or `false`");
        };
    }

    private static String optionalString(JsonObject body, String field) {
        Object v = body.getValue(field);
        if (v != null && !(v instanceof String)) {
            throw QuiverException.badRequest("Format error in JSON body: " + field + ": invalid type, expected a string");
        }
        return (String) v;
    }

    private static void deleteUploads(List<FileUpload> files) {
        for (FileUpload f : files) {
            try {
                java.nio.file.Files.deleteIfExists(Path.of(f.uploadedFileName()));
            } catch (java.io.IOException e) {
                log.warn("could not delete upload {}: {}", f.uploadedFileName(), e.toString());
            }
        }
    }

    private static Object json(SnapshotStore.Description d) {
        return new JsonObject().put("name", d.name()).put("creation_time", d.creationTime()).put("size", d.size())
                .put("checksum", d.checksum());
    }

    private static Object json(List<SnapshotStore.Description> list) {
        JsonArray a = new JsonArray();
        for (SnapshotStore.Description d : list) {
            a.add(json(d));
        }
        return a;
    }
}
