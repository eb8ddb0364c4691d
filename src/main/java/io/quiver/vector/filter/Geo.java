package io.quiver.vector.filter;

import java.util.Map;

/** Geo points ({@code {"lon", "lat"}} in degrees) and the tests of Qdrant's geo conditions. */
final class Geo {
    private static final double EARTH_RADIUS_M = 6371008.8;

    private Geo() {
    }

    /** {lon, lat} of a payload value that is a geo point, else null. */
    static double[] point(Object v) {
        if (v instanceof Map<?, ?> m && m.get("lon") instanceof Number lon && m.get("lat") instanceof Number lat) {
            return new double[]{lon.doubleValue(), lat.doubleValue()};
        }
        return null;
    }

    static boolean inBox(double[] p, Condition.GeoBox b) {
        double lon = p[0], lat = p[1];
        if (lat > b.topLeftLat() || lat < b.bottomRightLat()) {
            return false;
        }
        if (b.topLeftLon() <= b.bottomRightLon()) {
            return lon >= b.topLeftLon() && lon <= b.bottomRightLon();
        }
        return lon >= b.topLeftLon() || lon <= b.bottomRightLon(); // the box crosses the antimeridian
    }

    /** Great-circle distance in metres (haversine). */
    static double distance(double lon1, double lat1, double lon2, double lat2) {
        double dLat = Math.toRadians(lat2 - lat1), dLon = Math.toRadians(lon2 - lon1);
        double a = Math.sin(dLat / 2) * Math.sin(dLat / 2)
                + Math.cos(Math.toRadians(lat1)) * Math.cos(Math.toRadians(lat2)) * Math.sin(dLon / 2) * Math.sin(dLon / 2);
        return 2 * EARTH_RADIUS_M * Math.asin(Math.min(1, Math.sqrt(a)));
    }

    /** Ray casting over a ring of {lon, lat} points (closed or not). */
    static boolean inRing(double[] p, double[][] ring) {
        boolean inside = false;
        for (int i = 0, j = ring.length - 1; i < ring.length; j = i++) {
            double xi = ring[i][0], yi = ring[i][1], xj = ring[j][0], yj = ring[j][1];
            if ((yi > p[1]) != (yj > p[1]) && p[0] < (xj - xi) * (p[1] - yi) / (yj - yi) + xi) {
                inside = !inside;
            }
        }
        return inside;
    }
}
