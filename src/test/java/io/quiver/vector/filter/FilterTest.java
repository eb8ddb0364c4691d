package io.quiver.vector.filter;

import io.quiver.vector.PointId;
import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Qdrant's filter language, condition by condition, evaluated against parsed payloads. */
class FilterTest {
    private static final Candidate POINT_7 = new Candidate() {
        public PointId id() {
            return PointId.of(7);
        }

        public boolean hasVector(String name) {
            return name.equals("image");
        }
    };

    private static boolean matches(String filterJson, String payloadJson) {
        Filter f = QdrantFilterParser.parse(Payload.parseValue(filterJson));
        return f.matches(Payload.parse(payloadJson), POINT_7);
    }

    private static boolean cond(String conditionJson, String payloadJson) {
        return matches("{\"must\": [" + conditionJson + "]}", payloadJson);
    }

    @Test
    void matchValueComparesKeywordsIntegersAndBools() {
        assertTrue(cond("{\"key\": \"city\", \"match\": {\"value\": \"London\"}}", "{\"city\": \"London\"}"));
        assertFalse(cond("{\"key\": \"city\", \"match\": {\"value\": \"London\"}}", "{\"city\": \"london\"}"));
        assertTrue(cond("{\"key\": \"n\", \"match\": {\"value\": 3}}", "{\"n\": 3}"));
        assertTrue(cond("{\"key\": \"ok\", \"match\": {\"value\": true}}", "{\"ok\": true}"));
    }

    @Test
    void matchPrefixTakesStringsBeginningWithItAndNothingElse() {
        String c = "{\"key\": \"url\", \"match\": {\"prefix\": \"https://\"}}";
        assertTrue(cond(c, "{\"url\": \"https://qdrant.tech\"}"));
        assertTrue(cond(c, "{\"url\": [\"ftp://x\", \"https://y\"]}"));
        assertFalse(cond(c, "{\"url\": \"http://qdrant.tech\"}"));
        assertFalse(cond(c, "{\"url\": 5}"));
        assertFalse(cond(c, "{}"));
        assertTrue(cond("{\"key\": \"url\", \"match\": {\"prefix\": \"\"}}", "{\"url\": \"\"}"), "an empty prefix: any string");
        assertThrows(FilterException.class, () -> cond("{\"key\": \"url\", \"match\": {\"prefix\": 3}}", "{}"));
    }

    @Test
    void slicesPartitionPointsByTheirIds() {
        int[] hits = new int[3];
        for (long id = 0; id < 300; id++) {
            PointId pid = PointId.of(id);
            Candidate c = new Candidate() {
                public PointId id() {
                    return pid;
                }

                public boolean hasVector(String name) {
                    return false;
                }
            };
            int in = 0;
            for (int i = 0; i < 3; i++) {
                Filter f = QdrantFilterParser.parse(Payload.parseValue("{\"must\": [{\"slice\": {\"total\": 3, \"index\": " + i + "}}]}"));
                if (f.matches(Payload.EMPTY, c)) {
                    in++;
                    hits[i]++;
                }
            }
            assertEquals(1, in, "point " + id + " is in exactly one slice");
        }
        for (int h : hits) {
            assertTrue(h > 50, "slices are not lopsided: " + java.util.Arrays.toString(hits));
        }
        FilterException e = assertThrows(FilterException.class, () -> cond("{\"slice\": {\"total\": 4, \"index\": 4}}", "{}"));
        assertTrue(e.getMessage().startsWith("Validation error"), e.getMessage());
        assertThrows(FilterException.class, () -> cond("{\"slice\": {\"total\": 0, \"index\": 0}}", "{}"));
    }

    @Test
    void anIntegerMatchDoesNotMatchAFloatOrAString() {
        assertFalse(cond("{\"key\": \"n\", \"match\": {\"value\": 3}}", "{\"n\": 3.0}"));
        assertFalse(cond("{\"key\": \"n\", \"match\": {\"value\": 3}}", "{\"n\": \"3\"}"));
    }

    @Test
    void anArrayMatchesWhenAnyElementDoes() {
        assertTrue(cond("{\"key\": \"tags\", \"match\": {\"value\": \"b\"}}", "{\"tags\": [\"a\", \"b\"]}"));
        assertFalse(cond("{\"key\": \"tags\", \"match\": {\"value\": \"c\"}}", "{\"tags\": [\"a\", \"b\"]}"));
    }

    @Test
    void aMissingFieldFailsAMatch() {
        assertFalse(cond("{\"key\": \"city\", \"match\": {\"value\": \"London\"}}", "{}"));
        assertFalse(cond("{\"key\": \"city\", \"match\": {\"value\": \"London\"}}", null));
    }

    @Test
    void matchAnyAndExcept() {
        assertTrue(cond("{\"key\": \"c\", \"match\": {\"any\": [\"x\", \"y\"]}}", "{\"c\": \"y\"}"));
        assertFalse(cond("{\"key\": \"c\", \"match\": {\"any\": []}}", "{\"c\": \"y\"}"));
        assertTrue(cond("{\"key\": \"c\", \"match\": {\"except\": [\"x\"]}}", "{\"c\": \"y\"}"));
        assertFalse(cond("{\"key\": \"c\", \"match\": {\"except\": [\"x\", \"y\"]}}", "{\"c\": \"y\"}"));
        assertTrue(cond("{\"key\": \"c\", \"match\": {\"except\": []}}", "{\"c\": \"y\"}"));
    }

    @Test
    void exceptPassesAMissingFieldAndAnArrayWithAnotherValue() {
        assertTrue(cond("{\"key\": \"c\", \"match\": {\"except\": [\"x\"]}}", "{}"));
        assertTrue(cond("{\"key\": \"c\", \"match\": {\"except\": [\"x\"]}}", "{\"c\": [\"x\", \"z\"]}"));
        assertFalse(cond("{\"key\": \"c\", \"match\": {\"except\": [\"x\"]}}", "{\"c\": [\"x\"]}"));
    }

    @Test
    void textMatchWithoutAnIndexIsASubstring() {
        assertTrue(cond("{\"key\": \"d\", \"match\": {\"text\": \"quick br\"}}", "{\"d\": \"the quick brown fox\"}"));
        assertFalse(cond("{\"key\": \"d\", \"match\": {\"text\": \"brown quick\"}}", "{\"d\": \"the quick brown fox\"}"));
    }

    @Test
    void textMatchWithATokenizerNeedsEveryTokenAndAPhraseNeedsThemInOrder() {
        JsonPath d = JsonPath.parse("d");
        Map<String, Object> p = Payload.parse("{\"d\": \"The quick, brown fox\"}");
        assertTrue(new Condition.MatchText(d, "brown QUICK", false, TextTokenizer.WORD).test(p, POINT_7));
        assertFalse(new Condition.MatchText(d, "brown quick", true, TextTokenizer.WORD).test(p, POINT_7));
        assertTrue(new Condition.MatchText(d, "quick brown", true, TextTokenizer.WORD).test(p, POINT_7));
    }

    @Test
    void textAnyNeedsOneTokenAndAPrefixIndexMatchesTheStartOfAWord() {
        assertTrue(cond("{\"key\": \"d\", \"match\": {\"text_any\": \"cat fox\"}}", "{\"d\": \"the quick brown fox\"}"));
        assertFalse(cond("{\"key\": \"d\", \"match\": {\"text_any\": \"cat dog\"}}", "{\"d\": \"the quick brown fox\"}"));
        Map<String, Object> p = Payload.parse("{\"d\": \"Robots of the stars\"}");
        TextTokenizer prefix = new TextTokenizer("prefix", true, 0, 0);
        assertTrue(new Condition.MatchText(JsonPath.parse("d"), "ROBO sta", false, prefix).test(p, POINT_7));
        assertFalse(new Condition.MatchText(JsonPath.parse("d"), "bots", false, prefix).test(p, POINT_7));
    }

    @Test
    void rangeOnNumbersHonoursEachBound() {
        String p = "{\"price\": 10}";
        assertTrue(cond("{\"key\": \"price\", \"range\": {\"gte\": 10, \"lt\": 11}}", p));
        assertFalse(cond("{\"key\": \"price\", \"range\": {\"gt\": 10}}", p));
        assertFalse(cond("{\"key\": \"price\", \"range\": {\"lte\": 9.5}}", p));
        assertTrue(cond("{\"key\": \"price\", \"range\": {\"lt\": 10.5}}", "{\"price\": 10.25}"));
    }

    @Test
    void datetimeRangeReadsRfc3339WithOffsetsAndDatesAlone() {
        String c = "{\"key\": \"at\", \"range\": {\"gte\": \"2024-01-01T00:00:00Z\", \"lt\": \"2024-02-01\"}}";
        assertTrue(cond(c, "{\"at\": \"2024-01-15T10:00:00+02:00\"}"));
        assertTrue(cond(c, "{\"at\": \"2024-01-01 00:00:00\"}"));
        assertFalse(cond(c, "{\"at\": \"2024-02-01T00:00:00Z\"}"));
        assertFalse(cond(c, "{\"at\": \"not a date\"}"));
    }

    @Test
    void geoRadiusBoxAndPolygon() {
        String london = "{\"loc\": {\"lon\": -0.1276, \"lat\": 51.5072}}";
        assertTrue(cond("{\"key\": \"loc\", \"geo_radius\": {\"center\": {\"lon\": -0.12, \"lat\": 51.5}, \"radius\": 2000}}", london));
        assertFalse(cond("{\"key\": \"loc\", \"geo_radius\": {\"center\": {\"lon\": 2.35, \"lat\": 48.85}, \"radius\": 100000}}", london));
        assertTrue(cond("{\"key\": \"loc\", \"geo_bounding_box\": {\"top_left\": {\"lon\": -1, \"lat\": 52}, "
                + "\"bottom_right\": {\"lon\": 1, \"lat\": 51}}}", london));
        String square = "{\"key\": \"loc\", \"geo_polygon\": {\"exterior\": {\"points\": [{\"lon\": -1, \"lat\": 51}, "
                + "{\"lon\": 1, \"lat\": 51}, {\"lon\": 1, \"lat\": 52}, {\"lon\": -1, \"lat\": 52}, {\"lon\": -1, \"lat\": 51}]}";
        assertTrue(cond(square + "}}", london));
        String hole = ", \"interiors\": [{\"points\": [{\"lon\": -0.5, \"lat\": 51.3}, {\"lon\": 0.5, \"lat\": 51.3}, "
                + "{\"lon\": 0.5, \"lat\": 51.7}, {\"lon\": -0.5, \"lat\": 51.7}, {\"lon\": -0.5, \"lat\": 51.3}]}]";
        assertFalse(cond(square + hole + "}}", london));
    }

    @Test
    void valuesCountCountsArrayElementsAndAMissingFieldAsZero() {
        assertTrue(cond("{\"key\": \"t\", \"values_count\": {\"gt\": 2}}", "{\"t\": [1, 2, 3]}"));
        assertFalse(cond("{\"key\": \"t\", \"values_count\": {\"gt\": 2}}", "{\"t\": [1, 2]}"));
        assertTrue(cond("{\"key\": \"t\", \"values_count\": {\"lt\": 1}}", "{}"));
    }

    @Test
    void isEmptyAndIsNull() {
        assertTrue(cond("{\"is_empty\": {\"key\": \"t\"}}", "{}"));
        assertTrue(cond("{\"is_empty\": {\"key\": \"t\"}}", "{\"t\": []}"));
        assertTrue(cond("{\"is_empty\": {\"key\": \"t\"}}", "{\"t\": null}"));
        assertFalse(cond("{\"is_empty\": {\"key\": \"t\"}}", "{\"t\": [1]}"));
        assertTrue(cond("{\"is_null\": {\"key\": \"t\"}}", "{\"t\": null}"));
        assertFalse(cond("{\"is_null\": {\"key\": \"t\"}}", "{}"));
        assertFalse(cond("{\"is_null\": {\"key\": \"t\"}}", "{\"t\": []}"));
    }

    @Test
    void hasIdAndHasVectorLookAtThePoint() {
        assertTrue(cond("{\"has_id\": [1, 7]}", "{}"));
        assertFalse(cond("{\"has_id\": [1, 2]}", "{}"));
        assertTrue(cond("{\"has_vector\": \"image\"}", "{}"));
        assertFalse(cond("{\"has_vector\": \"text\"}", "{}"));
    }

    @Test
    void dotsAndBracketsReachIntoNestedObjectsAndArrays() {
        String p = "{\"country\": {\"name\": \"DE\", \"cities\": [{\"name\": \"Berlin\", \"pop\": 3.7}, {\"name\": \"Bonn\", \"pop\": 0.3}]}}";
        assertTrue(cond("{\"key\": \"country.name\", \"match\": {\"value\": \"DE\"}}", p));
        assertTrue(cond("{\"key\": \"country.cities[].name\", \"match\": {\"value\": \"Bonn\"}}", p));
        assertTrue(cond("{\"key\": \"country.cities[0].name\", \"match\": {\"value\": \"Berlin\"}}", p));
        assertFalse(cond("{\"key\": \"country.cities[0].name\", \"match\": {\"value\": \"Bonn\"}}", p));
        assertFalse(cond("{\"key\": \"country.cities.name\", \"match\": {\"value\": \"Bonn\"}}", p)); // a key step on an array finds nothing
    }

    @Test
    void nestedTestsTheWholeFilterOnOneArrayElement() {
        String p = "{\"diet\": [{\"food\": \"meat\", \"likes\": false}, {\"food\": \"leaves\", \"likes\": true}]}";
        String both = "{\"nested\": {\"key\": \"diet\", \"filter\": {\"must\": [{\"key\": \"food\", \"match\": {\"value\": \"meat\"}}, "
                + "{\"key\": \"likes\", \"match\": {\"value\": true}}]}}}";
        assertFalse(cond(both, p));
        assertTrue(cond("{\"key\": \"diet[].food\", \"match\": {\"value\": \"meat\"}}", p));
        String one = "{\"nested\": {\"key\": \"diet\", \"filter\": {\"must\": [{\"key\": \"food\", \"match\": {\"value\": \"leaves\"}}, "
                + "{\"key\": \"likes\", \"match\": {\"value\": true}}]}}}";
        assertTrue(cond(one, p));
    }

    @Test
    void mustShouldMustNotAndMinShouldCombine() {
        String p = "{\"a\": 1, \"b\": 2}";
        assertTrue(matches("{\"should\": [{\"key\": \"a\", \"match\": {\"value\": 9}}, {\"key\": \"b\", \"match\": {\"value\": 2}}]}", p));
        assertFalse(matches("{\"should\": [{\"key\": \"a\", \"match\": {\"value\": 9}}]}", p));
        assertFalse(matches("{\"must_not\": [{\"key\": \"a\", \"match\": {\"value\": 1}}]}", p));
        String two = "{\"min_should\": {\"conditions\": [{\"key\": \"a\", \"match\": {\"value\": 1}}, "
                + "{\"key\": \"b\", \"match\": {\"value\": 2}}, {\"key\": \"c\", \"match\": {\"value\": 3}}], \"min_count\": 2}}";
        assertTrue(matches(two, p));
        assertFalse(matches(two.replace("\"min_count\": 2", "\"min_count\": 3"), p));
        assertTrue(matches("{}", p));
    }

    @Test
    void aClauseMayHoldOneConditionInsteadOfAList() {
        assertTrue(matches("{\"must\": {\"key\": \"a\", \"match\": {\"value\": 1}}}", "{\"a\": 1}"));
    }

    @Test
    void filtersNestAsConditions() {
        assertTrue(matches("{\"must\": [{\"should\": [{\"key\": \"a\", \"match\": {\"value\": 1}}]}]}", "{\"a\": 1}"));
    }

    @Test
    void badFiltersAreRefusedWithWhatIsWrong() {
        assertThrows(FilterException.class, () -> matches("{\"must\": [{\"key\": \"a\"}]}", "{}"));
        assertThrows(FilterException.class, () -> matches("{\"must\": [{\"key\": \"a\", \"match\": {\"valu\": 1}}]}", "{}"));
        assertThrows(FilterException.class, () -> matches("{\"must\": [{\"foo\": 1}]}", "{}"));
        assertThrows(FilterException.class, () -> matches("{\"mus\": []}", "{}"));
        assertThrows(FilterException.class, () -> matches("{\"must\": [{\"key\": \"a\", \"match\": {\"any\": [1, \"x\"]}}]}", "{}"));
        assertThrows(FilterException.class, () -> matches("{\"must\": [{\"key\": \"a\", \"range\": {\"gt\": \"yesterday\"}}]}", "{}"));
        FilterException e = assertThrows(FilterException.class, () -> matches("{\"must\": [{\"key\": \"a\"}]}", "{}"));
        assertTrue(e.getMessage().contains("At least one field condition must be specified"), e.getMessage());
    }

    @Test
    void payloadsKeepIntegersApartFromFloats() {
        Map<String, Object> p = Payload.parse("{\"i\": 1, \"f\": 1.0, \"big\": 18446744073709551615}");
        assertEquals(1L, p.get("i"));
        assertEquals(1.0, p.get("f"));
        assertTrue(p.get("big") instanceof Double);
        assertEquals(Set.of("i", "f", "big"), p.keySet());
    }
}
