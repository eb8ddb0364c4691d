package io.quiver.vector.filter;

import io.quiver.vector.PointId;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Redis 8's VSIM FILTER expressions (the examples of its vector-sets documentation), compiled into a Filter. */
class ExpressionParserTest {
    private static final String MOVIE = "{\"year\": 1984, \"rating\": 8.5, \"genre\": \"action\", \"tags\": [\"classic\", \"80s\"], "
            + "\"director\": \"Cameron\", \"available\": true}";

    private static boolean eval(String expression, String attributes) {
        return ExpressionParser.parse(expression).matches(Payload.parse(attributes), new Candidate() {
            public PointId id() {
                return PointId.of(1);
            }

            public boolean hasVector(String name) {
                return true;
            }
        });
    }

    @Test
    void comparisonsOfNumbersAndStrings() {
        assertTrue(eval(".year > 1950", MOVIE));
        assertFalse(eval(".year < 1950", MOVIE));
        assertTrue(eval(".year >= 1984 and .year <= 1984", MOVIE));
        assertTrue(eval(".genre == \"action\"", MOVIE));
        assertTrue(eval(".genre != 'drama'", MOVIE));
    }

    @Test
    void logicalOperatorsInBothSpellings() {
        assertTrue(eval(".year >= 1980 and .rating > 7", MOVIE));
        assertTrue(eval(".year >= 1980 && .rating > 7", MOVIE));
        assertTrue(eval(".year < 1900 or .rating > 8", MOVIE));
        assertTrue(eval(".year < 1900 || .rating > 8", MOVIE));
        assertTrue(eval("not (.year < 1900)", MOVIE));
        assertTrue(eval("!(.year < 1900)", MOVIE));
    }

    @Test
    void inTestsMembershipOfALiteralArrayOrOfAnAttributeArray() {
        assertTrue(eval(".director in [\"Spielberg\", \"Cameron\"]", MOVIE));
        assertFalse(eval(".director in [\"Spielberg\", \"Nolan\"]", MOVIE));
        assertTrue(eval("\"classic\" in .tags", MOVIE));
        assertTrue(eval(".year in [1984, 1985]", MOVIE));
    }

    @Test
    void arithmeticWithPrecedenceAndParentheses() {
        assertTrue(eval("(.year - 2000) ** 2 < 300", MOVIE));
        assertTrue(eval(".rating * 2 == 17", MOVIE));
        assertTrue(eval(".year % 100 == 84", MOVIE));
        assertTrue(eval("1 + 2 * 3 == 7", MOVIE));
        assertTrue(eval("2 ** 3 ** 2 == 512", MOVIE)); // right to left
        assertTrue(eval("-.rating < 0", MOVIE));
    }

    @Test
    void booleansCountAsOneAndZero() {
        assertTrue(eval(".available", MOVIE));
        assertTrue(eval(".available == 1", MOVIE));
        assertTrue(eval(".available == true", MOVIE));
    }

    @Test
    void aMissingAttributeMakesTheExpressionFalse() {
        assertFalse(eval(".budget > 10", MOVIE));
        assertFalse(eval("not (.budget > 10)", MOVIE));
        assertFalse(eval(".year > 1950", "{}"));
        assertFalse(eval(".year > 1950", null));
        assertTrue(eval(".year > 1950 or .budget > 10", MOVIE));
    }

    @Test
    void syntaxErrorsAreRefusedWithAPosition() {
        assertThrows(FilterException.class, () -> ExpressionParser.parse(".year >"));
        assertThrows(FilterException.class, () -> ExpressionParser.parse("(.year > 1"));
        assertThrows(FilterException.class, () -> ExpressionParser.parse(".year > 1 extra"));
        assertThrows(FilterException.class, () -> ExpressionParser.parse("'unterminated"));
        assertThrows(FilterException.class, () -> ExpressionParser.parse(""));
        FilterException e = assertThrows(FilterException.class, () -> ExpressionParser.parse(".year $ 3"));
        assertTrue(e.getMessage().contains("position"), e.getMessage());
    }
}
