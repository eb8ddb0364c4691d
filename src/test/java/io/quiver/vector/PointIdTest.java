package io.quiver.vector;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PointIdTest {
    @Test
    void canonicalIntegerStringsAreNumericIds() {
        assertEquals(PointId.of(42), PointId.of("42"));
        assertTrue(PointId.of("18446744073709551615").isNumber());
        assertFalse(PointId.of("042").isNumber());
        assertFalse(PointId.of("18446744073709551616").isNumber());
        assertFalse(PointId.of("-1").isNumber());
    }

    @Test
    void uuidsTakeQdrantsCanonicalForm() {
        assertEquals("550e8400-e29b-41d4-a716-446655440000", PointId.of("550E8400-E29B-41D4-A716-446655440000").toString());
        assertEquals("550e8400-e29b-41d4-a716-446655440000", PointId.of("550e8400e29b41d4a716446655440000").toString());
    }

    @Test
    void numbersOrderBeforeStringsAndUnsigned() {
        List<PointId> ids = new ArrayList<>(List.of(PointId.of("b"), PointId.of(-1L), PointId.of(2), PointId.of("a"), PointId.of(10)));
        Collections.sort(ids);
        assertEquals(List.of(PointId.of(2), PointId.of(10), PointId.of(-1L), PointId.of("a"), PointId.of("b")), ids);
    }

    @Test
    void emptyStringIsNotAnId() {
        assertThrows(IllegalArgumentException.class, () -> PointId.of(""));
    }
}
