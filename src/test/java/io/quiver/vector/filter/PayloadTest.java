package io.quiver.vector.filter;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The compact parsed form a part caches for its filters holds what the mutable form holds, in order, read-only. */
class PayloadTest {
    private static final String JSON = "{\"a\": 1, \"b\": {\"c\": [1, 2.5, \"x\", null, {\"d\": true}]}, \"e\": null, "
            + "\"f\": \"g\", \"a\": 7, \"h\": [], \"i\": {}}";

    @Test
    void theCompactFormEqualsTheMutableOneKeyForKeyAndInOrder() {
        Map<String, Object> compact = Payload.parseCompact(JSON), plain = Payload.parse(JSON);
        assertEquals(plain, compact);
        assertEquals(List.copyOf(plain.keySet()), List.copyOf(compact.keySet()));
        assertEquals(Payload.write(plain), Payload.write(compact));
    }

    @Test
    void aNullValueIsPresentAndAMissingKeyIsNot() {
        Map<String, Object> compact = Payload.parseCompact(JSON);
        assertTrue(compact.containsKey("e"));
        assertNull(compact.get("e"));
        assertEquals(false, compact.containsKey("zz"));
        assertEquals(7L, compact.get("a"));
    }

    @Test
    void theCompactFormCannotBeChanged() {
        Map<String, Object> compact = Payload.parseCompact(JSON);
        assertThrows(UnsupportedOperationException.class, () -> compact.put("x", 1));
        @SuppressWarnings("unchecked")
        List<Object> list = (List<Object>) ((Map<String, Object>) compact.get("b")).get("c");
        assertThrows(UnsupportedOperationException.class, () -> list.add(1));
    }
}
