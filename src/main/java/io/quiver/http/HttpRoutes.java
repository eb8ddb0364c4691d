package io.quiver.http;

import io.quiver.console.ConsoleApi;

import java.util.List;

import static io.quiver.http.ErrorStyle.QDRANT;
import static io.quiver.http.ErrorStyle.QUIVER;
import static io.vertx.core.http.HttpMethod.DELETE;
import static io.vertx.core.http.HttpMethod.GET;
import static io.vertx.core.http.HttpMethod.PATCH;
import static io.vertx.core.http.HttpMethod.POST;
import static io.vertx.core.http.HttpMethod.PUT;

/**
 * Every HTTP route, one row each: name (for metrics), method, path, whether the body is read, error
 * style, handler. Specific paths come before the wildcard ones they would otherwise match.
 */
final class HttpRoutes {
    private HttpRoutes() {
    }

    /** The one route whose body is a multipart upload (a file, received into the snapshots directory). */
    static final String UPLOAD = "collections.snapshots.upload";

    static List<RouteSpec> table(KvHttpApi kv, SystemHttpApi system, QdrantApi q, ConsoleApi console) {
        String c = "/collections/:collection";
        QdrantPointsApi qp = new QdrantPointsApi();
        QdrantSnapshotApi snap = new QdrantSnapshotApi();
        QdrantTelemetryApi telemetry = new QdrantTelemetryApi(system.metrics() == null ? null : system.metrics().restResponses(),
                q.version());
        return List.of(
                new RouteSpec("root", GET, "/", false, QUIVER, q::root),
                new RouteSpec("health", GET, "/health", false, QUIVER, system::health),
                new RouteSpec("healthz", GET, "/healthz", false, QUIVER, system::livez),
                new RouteSpec("livez", GET, "/livez", false, QUIVER, system::livez),
                new RouteSpec("readyz", GET, "/readyz", false, QUIVER, system::readyz),
                new RouteSpec("metrics", GET, "/metrics", false, QUIVER, system::metrics),
                new RouteSpec("admin.config", GET, "/admin/config", false, QUIVER, system::config),
                new RouteSpec("admin.snapshot", POST, "/admin/snapshot", false, QUIVER, system::snapshot),
                new RouteSpec("cluster", GET, "/cluster", false, QDRANT, system::cluster),
                new RouteSpec("cluster.leave", POST, "/cluster/leave", false, QDRANT, system::clusterLeave),

                new RouteSpec("kv.mget", POST, "/kv/_mget", true, QUIVER, kv::mget),
                new RouteSpec("kv.mset", POST, "/kv/_mset", true, QUIVER, kv::mset),
                new RouteSpec("kv.get", GET, "/kv/*", false, QUIVER, kv::get),
                new RouteSpec("kv.put", PUT, "/kv/*", true, QUIVER, kv::put),
                new RouteSpec("kv.delete", DELETE, "/kv/*", false, QUIVER, kv::delete),

                // Qdrant-compatible vector API (its paths, bodies, envelope and error shape)
                new RouteSpec("collections.list", GET, "/collections", false, QDRANT, q::listCollections),
                new RouteSpec("aliases.update", POST, "/collections/aliases", true, QDRANT, q::updateAliases),
                new RouteSpec("aliases.list", GET, "/aliases", false, QDRANT, q::listAliases),
                new RouteSpec("collections.aliases", GET, c + "/aliases", false, QDRANT, q::collectionAliases),
                new RouteSpec("collections.vector.create", PUT, c + "/vectors/:vector", true, QDRANT, q::createVector),
                new RouteSpec("collections.vector.delete", DELETE, c + "/vectors/:vector", false, QDRANT, q::deleteVector),
                new RouteSpec("collections.create", PUT, c, true, QDRANT, q::createCollection),
                new RouteSpec("collections.info", GET, c, false, QDRANT, q::collectionInfo),
                new RouteSpec("collections.delete", DELETE, c, false, QDRANT, q::deleteCollection),
                new RouteSpec("collections.update", PATCH, c, true, QDRANT, q::updateCollection),
                new RouteSpec("collections.exists", GET, c + "/exists", false, QDRANT, q::collectionExists),
                new RouteSpec("points.upsert", PUT, c + "/points", true, QDRANT, q::upsert),
                new RouteSpec("points.retrieve", POST, c + "/points", true, QDRANT, q::retrieve),
                new RouteSpec("points.delete", POST, c + "/points/delete", true, QDRANT, q::deletePoints),
                new RouteSpec("points.vectors.update", PUT, c + "/points/vectors", true, QDRANT, q::updateVectors),
                new RouteSpec("points.vectors.delete", POST, c + "/points/vectors/delete", true, QDRANT, q::deleteVectors),
                new RouteSpec("points.batch", POST, c + "/points/batch", true, QDRANT, QdrantUpdates::batch),
                new RouteSpec("points.count", POST, c + "/points/count", true, QDRANT, q::count),
                new RouteSpec("points.search.batch", POST, c + "/points/search/batch", true, QDRANT, q::searchBatch),
                new RouteSpec("points.search", POST, c + "/points/search", true, QDRANT, q::search),
                new RouteSpec("points.query.batch", POST, c + "/points/query/batch", true, QDRANT, q::queryBatch),
                new RouteSpec("points.query", POST, c + "/points/query", true, QDRANT, q::query),
                new RouteSpec("points.query.groups", POST, c + "/points/query/groups", true, QDRANT, q::queryGroups),
                new RouteSpec("points.search.matrix.pairs", POST, c + "/points/search/matrix/pairs", true, QDRANT, q::matrixPairs),
                new RouteSpec("points.search.matrix.offsets", POST, c + "/points/search/matrix/offsets", true, QDRANT, q::matrixOffsets),
                new RouteSpec("points.recommend", POST, c + "/points/recommend", true, QDRANT, q::recommendPoints),
                new RouteSpec("points.recommend.batch", POST, c + "/points/recommend/batch", true, QDRANT, q::recommendBatch),
                new RouteSpec("points.recommend.groups", POST, c + "/points/recommend/groups", true, QDRANT, q::recommendGroups),
                new RouteSpec("points.discover", POST, c + "/points/discover", true, QDRANT, q::discoverPoints),
                new RouteSpec("points.discover.batch", POST, c + "/points/discover/batch", true, QDRANT, q::discoverBatch),
                new RouteSpec("points.search.groups", POST, c + "/points/search/groups", true, QDRANT, q::searchGroups),
                new RouteSpec("collections.index.create", PUT, c + "/index", true, QDRANT, qp::createIndex),
                new RouteSpec("collections.index.delete", DELETE, c + "/index/:field", false, QDRANT, qp::deleteIndex),
                new RouteSpec("points.scroll", POST, c + "/points/scroll", true, QDRANT, qp::scroll),
                new RouteSpec("points.payload.set", POST, c + "/points/payload", true, QDRANT, qp::setPayload),
                new RouteSpec("points.payload.overwrite", PUT, c + "/points/payload", true, QDRANT, qp::overwritePayload),
                new RouteSpec("points.payload.delete", POST, c + "/points/payload/delete", true, QDRANT, qp::deletePayload),
                new RouteSpec("points.payload.clear", POST, c + "/points/payload/clear", true, QDRANT, qp::clearPayload),
                new RouteSpec("collections.facet", POST, c + "/facet", true, QDRANT, qp::facet),
                new RouteSpec("points.get", GET, c + "/points/:id", false, QDRANT, q::getPoint),
                // snapshots (Qdrant's): a collection's, and full ones of every collection
                new RouteSpec("collections.snapshots.recover", PUT, c + "/snapshots/recover", true, QDRANT, snap::recover),
                new RouteSpec(UPLOAD, POST, c + "/snapshots/upload", true, QDRANT, snap::upload),
                new RouteSpec("collections.snapshots.create", POST, c + "/snapshots", false, QDRANT, snap::create),
                new RouteSpec("collections.snapshots.list", GET, c + "/snapshots", false, QDRANT, snap::list),
                new RouteSpec("collections.snapshots.get", GET, c + "/snapshots/:snapshot", false, QDRANT, snap::download),
                new RouteSpec("collections.snapshots.delete", DELETE, c + "/snapshots/:snapshot", false, QDRANT, snap::delete),
                // shard snapshots (every Qdrant route under /shards/{id}/ is one): refused by name
                new RouteSpec("collections.shards.snapshots.get", GET, c + "/shards/:shard/*", false, QDRANT, snap::shardSnapshots),
                new RouteSpec("collections.shards.snapshots.post", POST, c + "/shards/:shard/*", false, QDRANT, snap::shardSnapshots),
                new RouteSpec("collections.shards.snapshots.put", PUT, c + "/shards/:shard/*", false, QDRANT, snap::shardSnapshots),
                new RouteSpec("collections.shards.snapshots.delete", DELETE, c + "/shards/:shard/*", false, QDRANT, snap::shardSnapshots),
                new RouteSpec("telemetry", GET, "/telemetry", false, QDRANT, telemetry::telemetry),
                new RouteSpec("issues", GET, "/issues", false, QDRANT, telemetry::issues),
                new RouteSpec("issues.clear", DELETE, "/issues", false, QDRANT, telemetry::clearIssues),
                new RouteSpec("snapshots.create", POST, "/snapshots", false, QDRANT, snap::createFull),
                new RouteSpec("snapshots.list", GET, "/snapshots", false, QDRANT, snap::listFull),
                new RouteSpec("snapshots.get", GET, "/snapshots/:snapshot", false, QDRANT, snap::downloadFull),
                new RouteSpec("snapshots.delete", DELETE, "/snapshots/:snapshot", false, QDRANT, snap::deleteFull),
                // Quiver's extension: load a .fvecs/.npy/.jsonl file or URL
                new RouteSpec("collections.import", POST, c + "/import", true, QDRANT, q::importFile),

                // the web console's own endpoints (its files are mounted by ConsolePage, before authentication)
                new RouteSpec("console.overview", GET, "/dashboard/api/overview", false, QUIVER, console::overview),
                new RouteSpec("console.meters", GET, "/dashboard/api/meters", false, QUIVER, console::meters),
                new RouteSpec("console.collections", GET, "/dashboard/api/collections", false, QUIVER, console::collections),
                new RouteSpec("console.keys", GET, "/dashboard/api/keys", false, QUIVER, console::keys),
                new RouteSpec("console.key", GET, "/dashboard/api/key", false, QUIVER, console::key),
                new RouteSpec("console.command", POST, "/dashboard/api/command", true, QUIVER, console::command)
        );
    }
}
