package io.quiver.vector.filter;

import io.quiver.vector.PointId;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Qdrant's score-boosting formulas, parsed from their JSON and evaluated for one point. */
class ScoreFormulaTest {
    private static final String DOC = "{\"price\": 12.5, \"stars\": 4, \"tag\": \"h1\", \"none\": null, \"empty\": [], "
            + "\"where\": {\"lon\": 13.4050, \"lat\": 52.5200}, \"prices\": [1, 2]}";

    /** The formula's score for a point with payload {@link #DOC} and these prefetch scores (null: not found there). */
    private static double eval(String formulaJson, Float... prefetchScores) {
        ScoreFormula f = QdrantFormulaParser.parse(Payload.parseValue(formulaJson), "query");
        Map<String, Object> payload = Payload.parse(DOC);
        return f.score(new ScoreFormula.Point() {
            public Float score(int index) {
                return index < prefetchScores.length ? prefetchScores[index] : null;
            }

            public Map<String, Object> payload() {
                return payload;
            }

            public Candidate candidate() {
                return new Candidate() {
                    public PointId id() {
                        return PointId.of(7);
                    }

                    public boolean hasVector(String name) {
                        return name.isEmpty();
                    }
                };
            }
        });
    }

    @Test
    void sumsAndProductsOfTheScoreAndPayloadValues() {
        assertEquals(0.4 * 0.5 + 0.6 * 12.5, eval("{\"formula\": {\"sum\": [{\"mult\": [\"$score\", 0.4]}, {\"mult\": [\"price\", 0.6]}]}}", 0.5f), 1e-9);
        assertEquals(0.5 + 12.5 / 13.5, eval("{\"formula\": {\"sum\": [\"$score\", {\"div\": {\"left\": \"price\", "
                + "\"right\": {\"sum\": [1, {\"abs\": \"price\"}]}}}]}}", 0.5f), 1e-6);
    }

    @Test
    void scoreOfANumberedPrefetchAndItsDefault() {
        assertEquals(0.25, eval("{\"formula\": \"$score[1]\"}", 0.5f, 0.25f), 1e-9);
        assertEquals(3.0, eval("{\"formula\": \"$score[1]\", \"defaults\": {\"$score[1]\": 3}}", 0.5f, null), 1e-9);
        assertEquals(0.0, eval("{\"formula\": \"$score[1]\"}", 0.5f, null), 1e-9, "not found, no default: 0 as in Qdrant");
    }

    @Test
    void aConditionCountsOneWhenThePointPassesIt() {
        String formula = "{\"formula\": {\"sum\": [{\"mult\": [0.5, {\"key\": \"tag\", \"match\": {\"any\": [\"h1\", \"h2\"]}}]}, "
                + "{\"mult\": [0.25, {\"key\": \"tag\", \"match\": {\"value\": \"p\"}}]}, {\"has_id\": [7]}]}}";
        assertEquals(1.5, eval(formula), 1e-9);
    }

    @Test
    void aMissingOrNullPayloadValueTakesItsDefault() {
        assertEquals(2.0, eval("{\"formula\": \"absent\", \"defaults\": {\"absent\": 2}}"), 1e-9);
        assertEquals(5.0, eval("{\"formula\": {\"sum\": [\"none\", \"empty\"]}, \"defaults\": {\"none\": 2, \"empty\": 3}}"), 1e-9);
    }

    @Test
    void aMissingValueWithoutDefaultOrAnArrayIsAnError() {
        ScoreFormula.FormulaException e = assertThrows(ScoreFormula.FormulaException.class, () -> eval("{\"formula\": \"absent\"}"));
        assertTrue(e.getMessage().contains("absent") && e.getMessage().contains("No value found"), e.getMessage());
        e = assertThrows(ScoreFormula.FormulaException.class, () -> eval("{\"formula\": \"prices\"}"));
        assertTrue(e.getMessage().contains("not a number"), e.getMessage());
    }

    @Test
    void divisionByZeroTakesByZeroDefaultElseFails() {
        assertEquals(-1.0, eval("{\"formula\": {\"div\": {\"left\": 1, \"right\": 0, \"by_zero_default\": -1}}}"), 1e-9);
        assertEquals(0.0, eval("{\"formula\": {\"div\": {\"left\": 0, \"right\": 0}}}"), 1e-9, "a zero numerator is 0");
        assertThrows(ScoreFormula.FormulaException.class, () -> eval("{\"formula\": {\"div\": {\"left\": 1, \"right\": 0}}}"));
        assertThrows(ScoreFormula.FormulaException.class, () -> eval("{\"formula\": {\"sqrt\": -4}}"));
        assertThrows(ScoreFormula.FormulaException.class, () -> eval("{\"formula\": {\"ln\": 0}}"));
    }

    @Test
    void functionsOfOneAndTwoArguments() {
        assertEquals(-12.5, eval("{\"formula\": {\"neg\": \"price\"}}"), 1e-9);
        assertEquals(2.0, eval("{\"formula\": {\"sqrt\": \"stars\"}}"), 1e-9);
        assertEquals(16.0, eval("{\"formula\": {\"pow\": {\"base\": \"stars\", \"exponent\": 2}}}"), 1e-9);
        assertEquals(Math.E, eval("{\"formula\": {\"exp\": 1}}"), 1e-9);
        assertEquals(2.0, eval("{\"formula\": {\"log10\": 100}}"), 1e-9);
        assertEquals(1.0, eval("{\"formula\": {\"ln\": {\"exp\": 1}}}"), 1e-9);
    }

    @Test
    void decaysAreOneAtTheTargetAndTheMidpointOneScaleAway() {
        for (String kind : new String[]{"lin_decay", "exp_decay", "gauss_decay"}) {
            assertEquals(1.0, eval("{\"formula\": {\"" + kind + "\": {\"x\": \"price\", \"target\": 12.5, \"scale\": 5}}}"), 1e-9, kind);
            assertEquals(0.3, eval("{\"formula\": {\"" + kind + "\": {\"x\": \"price\", \"target\": 7.5, \"scale\": 5, \"midpoint\": 0.3}}}"),
                    1e-9, kind);
        }
        assertEquals(0.0, eval("{\"formula\": {\"lin_decay\": {\"x\": 100, \"scale\": 1}}}"), 1e-9, "linear decay stops at 0");
        assertEquals(Math.exp(Math.log(0.5) * 4), eval("{\"formula\": {\"gauss_decay\": {\"x\": 2}}}"), 1e-9, "target 0, scale 1, midpoint 0.5");
    }

    @Test
    void geoDistanceIsInMetres() {
        // Berlin to Munich: about 504 km
        double d = eval("{\"formula\": {\"geo_distance\": {\"origin\": {\"lon\": 11.5820, \"lat\": 48.1351}, \"to\": \"where\"}}}");
        assertTrue(Math.abs(d - 504_000) < 3_000, "distance " + d);
    }

    @Test
    void badFormulasAreRefusedWithTheirPath() {
        FilterException e = assertThrows(FilterException.class, () -> eval("{\"formula\": {\"exp_decay\": {\"x\": 1, \"midpoint\": 1}}}"));
        assertTrue(e.getMessage().contains("query.formula.exp_decay") && e.getMessage().contains("midpoint"), e.getMessage());
        e = assertThrows(FilterException.class, () -> eval("{\"formula\": \"$scores\"}"));
        assertTrue(e.getMessage().contains("$scores"), e.getMessage());
        e = assertThrows(FilterException.class, () -> eval("{\"formula\": {\"datetime_key\": \"at\"}}"));
        assertTrue(e.getMessage().contains("datetime"), e.getMessage());
        e = assertThrows(FilterException.class, () -> eval("{\"formula\": 1, \"default\": {}}"));
        assertTrue(e.getMessage().contains("unknown field `default`"), e.getMessage());
    }
}
