package io.quiver.vector.filter;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Qdrant's formula query, {@code {"formula": expression, "defaults": {...}}}, from JSON in
 * {@link Payload}'s parsed form, into a {@link ScoreFormula}. An expression is a number, a string
 * (a variable: {@code $score}, {@code $score[i]}, or a payload key), a condition (any filter
 * condition), or an object of one operator: {@code mult}, {@code sum} (lists), {@code neg},
 * {@code abs}, {@code sqrt}, {@code exp}, {@code log10}, {@code ln}, {@code div} ({@code left},
 * {@code right}, {@code by_zero_default}), {@code pow} ({@code base}, {@code exponent}),
 * {@code geo_distance} ({@code origin}, {@code to}), {@code lin_decay}/{@code exp_decay}/{@code gauss_decay}
 * ({@code x}, {@code target}, {@code scale}, {@code midpoint}). Datetime expressions
 * ({@code datetime}, {@code datetime_key}) are refused by name. Errors are {@link FilterException}s
 * naming the path.
 */
public final class QdrantFormulaParser {
    private static final Pattern SCORE = Pattern.compile("\\$score(?:\\[(\\d+)])?");
    private static final List<String> OPERATORS = List.of("mult", "sum", "neg", "abs", "sqrt", "exp", "log10", "ln", "div",
            "pow", "geo_distance", "lin_decay", "exp_decay", "gauss_decay", "datetime", "datetime_key");

    private QdrantFormulaParser() {
    }

    /** The formula query {@code {"formula", "defaults"?}} at {@code at}. */
    public static ScoreFormula parse(Object json, String at) {
        Map<String, Object> m = object(json, at);
        for (String k : m.keySet()) {
            if (!k.equals("formula") && !k.equals("defaults")) {
                throw new FilterException(at + ": unknown field `" + k + "`, expected `formula` or `defaults`");
            }
        }
        if (!m.containsKey("formula")) {
            throw new FilterException(at + ": missing field `formula`");
        }
        Map<String, Object> defaults = new LinkedHashMap<>();
        if (m.get("defaults") != null) {
            for (Map.Entry<String, Object> e : object(m.get("defaults"), at + ".defaults").entrySet()) {
                if (e.getValue() != null) {
                    defaults.put(variableName(e.getKey(), at + ".defaults"), e.getValue());
                }
            }
        }
        return new ScoreFormula(expression(m.get("formula"), at + ".formula"), defaults);
    }

    /** {@code $score} and {@code $score[i]} as {@code $score[i]}; a payload key as written (checked). */
    private static String variableName(String name, String at) {
        if (name.startsWith("$")) {
            return "$score[" + scoreIndex(name, at) + "]";
        }
        JsonPath.parse(name);
        return name;
    }

    private static int scoreIndex(String name, String at) {
        Matcher sm = SCORE.matcher(name);
        if (!sm.matches()) {
            throw new FilterException(at + ": Invalid reserved variable: " + name + " (only $score and $score[i] are)");
        }
        return sm.group(1) == null ? 0 : Integer.parseInt(sm.group(1));
    }

    private static ScoreFormula.Expression expression(Object json, String at) {
        if (json instanceof Number n && !(json instanceof Boolean)) {
            return new ScoreFormula.Constant(n.doubleValue());
        }
        if (json instanceof String s) {
            if (s.startsWith("$")) {
                return new ScoreFormula.Score(scoreIndex(s, at));
            }
            if (s.isEmpty()) {
                throw new FilterException(at + ": Invalid payload variable: an empty key");
            }
            return new ScoreFormula.Variable(s, JsonPath.parse(s));
        }
        Map<String, Object> m = object(json, at);
        String op = m.size() == 1 ? m.keySet().iterator().next() : null;
        if (op == null || !OPERATORS.contains(op)) {
            // not an operator: a condition (field condition, has_id, nested, a filter of its own, ...)
            return new ScoreFormula.Matches(QdrantFilterParser.conditionFilter(json, at));
        }
        Object v = m.get(op);
        String here = at + "." + op;
        return switch (op) {
            case "mult" -> new ScoreFormula.Mult(list(v, here));
            case "sum" -> new ScoreFormula.Sum(list(v, here));
            case "neg", "abs", "sqrt", "exp", "log10", "ln" -> new ScoreFormula.Unary(op, expression(v, here));
            case "div" -> {
                Map<String, Object> d = fields(v, here, List.of("left", "right"), List.of("by_zero_default"));
                Object byZero = d.get("by_zero_default");
                if (byZero != null && !(byZero instanceof Number)) {
                    throw new FilterException(here + ".by_zero_default: expected a number");
                }
                yield new ScoreFormula.Div(expression(d.get("left"), here + ".left"), expression(d.get("right"), here + ".right"),
                        byZero == null ? null : ((Number) byZero).doubleValue());
            }
            case "pow" -> {
                Map<String, Object> d = fields(v, here, List.of("base", "exponent"), List.of());
                yield new ScoreFormula.Pow(expression(d.get("base"), here + ".base"), expression(d.get("exponent"), here + ".exponent"));
            }
            case "geo_distance" -> {
                Map<String, Object> d = fields(v, here, List.of("origin", "to"), List.of());
                double[] origin = Geo.point(d.get("origin"));
                if (origin == null) {
                    throw new FilterException(here + ".origin: expected a geo point {\"lon\", \"lat\"}");
                }
                if (!(d.get("to") instanceof String to)) {
                    throw new FilterException(here + ".to: expected a payload key");
                }
                yield new ScoreFormula.GeoDistance(origin[0], origin[1], to, JsonPath.parse(to));
            }
            case "lin_decay", "exp_decay", "gauss_decay" -> {
                Map<String, Object> d = fields(v, here, List.of("x"), List.of("target", "scale", "midpoint"));
                ScoreFormula.DecayKind kind = switch (op) {
                    case "lin_decay" -> ScoreFormula.DecayKind.LIN;
                    case "exp_decay" -> ScoreFormula.DecayKind.EXP;
                    default -> ScoreFormula.DecayKind.GAUSS;
                };
                try {
                    yield new ScoreFormula.Decay(kind, expression(d.get("x"), here + ".x"),
                            d.get("target") == null ? null : expression(d.get("target"), here + ".target"),
                            number(d.get("scale"), 1.0, here + ".scale"), number(d.get("midpoint"), 0.5, here + ".midpoint"));
                } catch (IllegalArgumentException e) {
                    throw new FilterException("Validation error in JSON body: [" + here + ": " + e.getMessage() + "]");
                }
            }
            default -> throw new FilterException(here + ": datetime expressions in formulas are not supported by Quiver yet");
        };
    }

    private static List<ScoreFormula.Expression> list(Object json, String at) {
        if (!(json instanceof List<?> l)) {
            throw new FilterException(at + ": expected a list of expressions");
        }
        List<ScoreFormula.Expression> out = new ArrayList<>(l.size());
        for (int i = 0; i < l.size(); i++) {
            out.add(expression(l.get(i), at + "[" + i + "]"));
        }
        return out;
    }

    private static Map<String, Object> fields(Object json, String at, List<String> required, List<String> optional) {
        Map<String, Object> m = object(json, at);
        for (String k : m.keySet()) {
            if (!required.contains(k) && !optional.contains(k)) {
                throw new FilterException(at + ": unknown field `" + k + "`");
            }
        }
        for (String k : required) {
            if (m.get(k) == null) {
                throw new FilterException(at + ": missing field `" + k + "`");
            }
        }
        return m;
    }

    private static double number(Object v, double absent, String at) {
        if (v == null) {
            return absent;
        }
        if (!(v instanceof Number n)) {
            throw new FilterException(at + ": expected a number");
        }
        return n.doubleValue();
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> object(Object json, String at) {
        if (!(json instanceof Map<?, ?> m)) {
            throw new FilterException(at + ": expected an object");
        }
        return (Map<String, Object>) m;
    }
}
