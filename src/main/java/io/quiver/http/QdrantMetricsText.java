package io.quiver.http;

import io.quiver.error.QuiverException;
import io.quiver.metrics.RestResponses;
import io.quiver.service.Services;
import io.vertx.core.Future;
import io.vertx.ext.web.RoutingContext;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The part of Qdrant's {@code /metrics} that Quiver measures, appended to the Micrometer text in
 * Prometheus's exposition format (each family once, with HELP and TYPE):
 * {@code app_info{name="quiver",version}} 1, {@code collections_total}, {@code collection_points{id}},
 * and per REST endpoint and status {@code rest_responses_total} and
 * {@code rest_responses_duration_seconds_total} (labels {@code method}, {@code endpoint},
 * {@code status}; with {@code per_collection=true} the series of collection routes are split by a
 * {@code collection} label instead, the others stay as they are, so a sum over the series is the
 * same either way).
 */
final class QdrantMetricsText {
    private QdrantMetricsText() {
    }

    static boolean flag(RoutingContext ctx, String name) {
        String v = ctx.request().getParam(name);
        if (v == null) {
            return false;
        }
        return switch (v) {
            case "true" -> true;
            case "false" -> false;
            default -> throw QuiverException.badRequest(name + " must be true or false, not `" + v + "`");
        };
    }

    static Future<String> render(Services services, RestResponses responses, boolean perCollection, String version) {
        List<String> names = services.vectors().names();
        List<Future<Long>> counts = new ArrayList<>();
        for (String n : names) {
            counts.add(services.vectors().count(n));
        }
        return Future.join(counts).transform(done -> {
            StringBuilder b = new StringBuilder();
            family(b, "app_info", "gauge", "information about the server (Quiver, speaking Qdrant's API)");
            b.append("app_info{name=\"quiver\",version=\"").append(escape(version)).append("\"} 1\n");
            family(b, "collections_total", "gauge", "number of collections");
            b.append("collections_total ").append(names.size()).append('\n');
            family(b, "collection_points", "gauge", "approximate amount of points per collection");
            for (int i = 0; i < names.size(); i++) {
                if (counts.get(i).succeeded()) { // a collection dropped meanwhile has no series
                    b.append("collection_points{id=\"").append(escape(names.get(i))).append("\"} ")
                            .append(counts.get(i).result()).append('\n');
                }
            }
            List<String[]> series = new ArrayList<>(); // labels, count, seconds
            if (perCollection) {
                responses.byEndpoint().forEach((endpoint, byStatus) -> {
                    if (!endpoint.contains("{collection_name}")) {
                        add(series, endpoint, byStatus, null);
                    }
                });
                responses.byCollection().forEach((c, m) -> m.forEach((endpoint, byStatus) -> add(series, endpoint, byStatus, c)));
            } else {
                responses.byEndpoint().forEach((endpoint, byStatus) -> add(series, endpoint, byStatus, null));
            }
            family(b, "rest_responses_total", "counter", "total number of responses");
            for (String[] s : series) {
                b.append("rest_responses_total{").append(s[0]).append("} ").append(s[1]).append('\n');
            }
            family(b, "rest_responses_duration_seconds_total", "counter", "total time spent answering, in seconds");
            for (String[] s : series) {
                b.append("rest_responses_duration_seconds_total{").append(s[0]).append("} ").append(s[2]).append('\n');
            }
            return Future.succeededFuture(b.toString());
        });
    }

    private static void add(List<String[]> series, String endpoint, Map<Integer, RestResponses.Snapshot> byStatus, String collection) {
        int space = endpoint.indexOf(' ');
        String method = endpoint.substring(0, space);
        String path = endpoint.substring(space + 1);
        byStatus.forEach((status, s) -> {
            String labels = "method=\"" + method + "\",endpoint=\"" + escape(path) + "\",status=\"" + status + "\""
                    + (collection == null ? "" : ",collection=\"" + escape(collection) + "\"");
            series.add(new String[]{labels, Long.toString(s.count()), Double.toString(s.totalNanos() / 1e9)});
        });
    }

    private static void family(StringBuilder b, String name, String type, String help) {
        b.append("# HELP ").append(name).append(' ').append(help).append('\n');
        b.append("# TYPE ").append(name).append(' ').append(type).append('\n');
    }

    /** Prometheus label values: backslash, double quote and newline escaped. */
    static String escape(String v) {
        return v.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n");
    }
}
