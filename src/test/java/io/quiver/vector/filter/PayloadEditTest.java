package io.quiver.vector.filter;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Qdrant's set_payload (with and without key) and delete_payload on JSON text. */
class PayloadEditTest {
    @Test
    void setMergesTopLevelKeys() {
        assertEquals("{\"a\":1,\"b\":3,\"c\":4}", PayloadEdit.set("{\"a\":1,\"b\":2}", "{\"b\":3,\"c\":4}", null));
        assertEquals("{\"x\":true}", PayloadEdit.set(null, "{\"x\":true}", null));
    }

    @Test
    void setWithAKeyMergesIntoTheNestedObjectCreatingIt() {
        assertEquals("{\"a\":{\"b\":{\"c\":1,\"d\":2}}}", PayloadEdit.set("{\"a\":{\"b\":{\"c\":1}}}", "{\"d\":2}", "a.b"));
        assertEquals("{\"z\":0,\"a\":{\"d\":2}}", PayloadEdit.set("{\"z\":0}", "{\"d\":2}", "a"));
        assertEquals("{\"l\":[{\"x\":1,\"y\":0},{\"y\":0}]}", PayloadEdit.set("{\"l\":[{\"x\":1},{}]}", "{\"y\":0}", "l[]"));
    }

    @Test
    void deleteRemovesPathsIntoObjectsAndArrays() {
        assertEquals("{\"b\":2}", PayloadEdit.deleteKeys("{\"a\":1,\"b\":2}", List.of("a")));
        assertEquals("{\"a\":{\"c\":2}}", PayloadEdit.deleteKeys("{\"a\":{\"b\":1,\"c\":2}}", List.of("a.b")));
        assertEquals("{\"l\":[{\"y\":1},{}]}", PayloadEdit.deleteKeys("{\"l\":[{\"x\":1,\"y\":1},{\"x\":2}]}", List.of("l[].x")));
        assertEquals("{\"a\":1}", PayloadEdit.deleteKeys("{\"a\":1}", List.of("missing.key")));
    }

    @Test
    void selectReachesIntoEveryElementOfAnArray() {
        String p = "{\"country\":{\"name\":\"DE\",\"cities\":[{\"name\":\"Berlin\",\"pop\":3.7},{\"name\":\"Bonn\",\"pop\":0.3},{\"x\":1}]}}";
        assertEquals("{\"country\":{\"cities\":[{\"name\":\"Berlin\"},{\"name\":\"Bonn\"}]}}",
                PayloadEdit.select(p, List.of("country.cities[].name")));
        assertEquals("{\"country\":{\"cities\":[{\"pop\":3.7}]}}", PayloadEdit.select(p, List.of("country.cities[0].pop")));
        assertEquals("{\"country\":{\"name\":\"DE\",\"cities\":[{\"name\":\"Berlin\",\"pop\":3.7},{\"name\":\"Bonn\",\"pop\":0.3}]}}",
                PayloadEdit.select(p, List.of("country.name", "country.cities[].name", "country.cities[].pop")));
    }

    @Test
    void selectKeepsOnlyTheNamedPathsInTheirPlaces() {
        String p = "{\"country\":{\"name\":\"Germany\",\"capital\":\"Berlin\",\"cities\":[1]},\"other\":1}";
        assertEquals("{\"country\":{\"name\":\"Germany\",\"capital\":\"Berlin\"}}",
                PayloadEdit.select(p, List.of("country.name", "country.capital")));
        assertEquals("{\"other\":1}", PayloadEdit.select(p, List.of("other", "missing.path")));
    }
}
