package io.quiver.service.vector;

import io.quiver.shard.ShardBatch;
import io.quiver.shard.ShardOp;
import io.quiver.shard.VectorOp;
import io.quiver.testing.TestServer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static io.quiver.testing.Json.vector;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Watches the event bus of a real 3-shard server while searching over HTTP: a batch search is one
 * Search message per shard whatever the number of queries, and payloads are fetched afterwards for
 * the final points only.
 */
class SearchAggregatorTest {
    private static JsonObject search(float[] v, int limit, boolean payload) {
        return new JsonObject().put("vector", vector(v)).put("limit", limit).put("with_payload", payload);
    }

    @Test
    void batchSearchSendsOneSearchPerShardAndFetchesOnlyTheWinners() {
        try (TestServer server = TestServer.start(3)) {
            server.ok("PUT", "/collections/agg", new JsonObject().put("vectors", new JsonObject().put("size", 2).put("distance", "Dot")));
            JsonArray points = new JsonArray();
            for (int i = 0; i < 60; i++) {
                points.add(new JsonObject().put("id", i).put("vector", vector(i, 60 - i)).put("payload", new JsonObject().put("i", i)));
            }
            server.ok("PUT", "/collections/agg/points", new JsonObject().put("points", points));

            List<ShardOp> seen = new CopyOnWriteArrayList<>();
            server.quiver().vertx().eventBus().addOutboundInterceptor(ctx -> {
                if (ctx.message().address().startsWith("quiver.shard.") && ctx.message().body() instanceof ShardBatch b) {
                    seen.addAll(List.of(b.ops()));
                }
                ctx.next();
            });

            JsonArray searches = new JsonArray();
            for (int q = 0; q < 7; q++) {
                searches.add(search(new float[]{1, q}, 2, false));
            }
            server.ok("POST", "/collections/agg/points/search/batch", new JsonObject().put("searches", searches));
            assertEquals(3, seen.stream().filter(op -> op instanceof VectorOp.Search).count(), "one Search per shard for 7 queries");
            assertEquals(0, seen.stream().filter(op -> op instanceof VectorOp.Retrieve).count(), "nothing fetched without payloads");

            seen.clear();
            JsonArray withPayload = new JsonArray().add(search(new float[]{1, 0}, 3, true)).add(search(new float[]{0, 1}, 3, true));
            JsonArray results = server.ok("POST", "/collections/agg/points/search/batch", new JsonObject().put("searches", withPayload))
                    .json().getJsonArray("result");
            assertEquals(3, seen.stream().filter(op -> op instanceof VectorOp.Search).count());
            long fetchedIds = seen.stream().filter(op -> op instanceof VectorOp.Retrieve)
                    .mapToLong(op -> ((VectorOp.Retrieve) op).ids().length).sum();
            assertTrue(fetchedIds <= 6, "fetched " + fetchedIds + " ids for 2 x 3 results");
            assertEquals(59, results.getJsonArray(0).getJsonObject(0).getJsonObject("payload").getInteger("i"));
            assertEquals(0, results.getJsonArray(1).getJsonObject(0).getJsonObject("payload").getInteger("i"));
        }
    }
}
