package io.quiver.testing;

import io.vertx.core.json.JsonArray;

/** Small JSON helpers for tests. */
public final class Json {
    private Json() {
    }

    public static JsonArray vector(float... v) {
        JsonArray a = new JsonArray();
        for (float f : v) {
            a.add(f);
        }
        return a;
    }

    public static float[] floats(JsonArray a) {
        float[] v = new float[a.size()];
        for (int i = 0; i < v.length; i++) {
            v[i] = ((Number) a.getValue(i)).floatValue();
        }
        return v;
    }
}
